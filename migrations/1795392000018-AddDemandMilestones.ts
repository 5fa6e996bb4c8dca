import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dropPlainColumn } from '../src/core/dialect';

/** Demand columns holding when it first reached a step, and the event type that sets each (as of this migration). */
const MILESTONES = [
  { column: 'firstAcceptedAt', type: 'ACCEPTED' },
  { column: 'firstAssignedAt', type: 'CLAIMED' },
  { column: 'firstCompletedAt', type: 'COMPLETED' },
  { column: 'firstEscalatedAt', type: 'ESCALATED' },
] as const;

/**
 * When each demand first reached a step, stored on the demand as the event is written. The
 * analytics' response times and escalation counts then read the demand row alone instead of
 * looking up events per demand (at full scale the correlated lookups were most of a district's
 * figures). Existing demands are filled from their events. The (gridId, createdAt) index lets a
 * region's figures for a period range-scan each grid's demands of that period.
 */
export class AddDemandMilestones1795392000018 implements MigrationInterface {
  name = 'AddDemandMilestones1795392000018';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('demand', MILESTONES.map(({ column }) => new TableColumn({ name: column, type: 'datetime', precision: 3, isNullable: true })));
    const sets = MILESTONES.map(({ column, type }) => `${column} = (SELECT MIN(e.at) FROM demand_event e WHERE e.demandId = demand.id AND e.type = '${type}')`);
    await q.query(`UPDATE demand SET ${sets.join(', ')}`);
    await q.createIndex('demand', new TableIndex({ name: 'ix_demand_grid_created', columnNames: ['gridId', 'createdAt'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('demand', 'ix_demand_grid_created');
    for (const { column } of [...MILESTONES].reverse()) await dropPlainColumn(q, 'demand', column);
  }
}
