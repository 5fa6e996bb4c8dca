import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dropPlainColumn, nowDefault } from '../src/core/dialect';

/**
 * Pushed offers replace the plain list of dispatch targets: each target becomes an offer, PENDING
 * while its demand is still DISPATCHED and WITHDRAWN otherwise. The event log gains an audience
 * (who besides the region's consoles hears of an event) and a reason.
 */
export class CreateDemandOffer1795392000007 implements MigrationInterface {
  name = 'CreateDemandOffer1795392000007';

  async up(q: QueryRunner): Promise<void> {
    const created = { type: 'datetime', precision: 3, default: nowDefault(q) };
    await q.createTable(
      new Table({
        name: 'demand_offer',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'demandId', type: 'integer' },
          { name: 'accountId', type: 'integer' },
          // Null only for targets carried over from before real-name registration.
          { name: 'volunteerId', type: 'integer', isNullable: true },
          { name: 'teamId', type: 'integer', isNullable: true },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'round', type: 'integer', default: 1 },
          { name: 'offeredById', type: 'integer', isNullable: true },
          { name: 'createdAt', ...created },
          { name: 'expiresAt', type: 'datetime', precision: 3 },
          { name: 'respondedAt', type: 'datetime', precision: 3, isNullable: true },
          { name: 'declineReason', type: 'varchar', length: '500', isNullable: true },
        ],
        indices: [
          { name: 'ix_demand_offer_demand', columnNames: ['demandId', 'status'] },
          { name: 'ix_demand_offer_account', columnNames: ['accountId', 'status', 'id'] },
          { name: 'ix_demand_offer_volunteer', columnNames: ['volunteerId', 'status'] },
          { name: 'ix_demand_offer_expiry', columnNames: ['status', 'expiresAt'] },
        ],
        foreignKeys: [
          { name: 'fk_demand_offer_demand', columnNames: ['demandId'], referencedTableName: 'demand', referencedColumnNames: ['id'] },
          { name: 'fk_demand_offer_account', columnNames: ['accountId'], referencedTableName: 'account', referencedColumnNames: ['id'] },
          { name: 'fk_demand_offer_volunteer', columnNames: ['volunteerId'], referencedTableName: 'volunteer', referencedColumnNames: ['id'] },
          { name: 'fk_demand_offer_team', columnNames: ['teamId'], referencedTableName: 'team', referencedColumnNames: ['id'] },
        ],
      }),
    );
    await q.query(
      `INSERT INTO demand_offer (demandId, accountId, status, round, expiresAt)
       SELECT t.demandId, t.accountId, CASE WHEN d.status = 'DISPATCHED' THEN 'PENDING' ELSE 'WITHDRAWN' END, 1, d.dueAt
       FROM demand_dispatch_target t JOIN demand d ON d.id = t.demandId`,
    );
    await q.dropTable('demand_dispatch_target');

    // Routing keys beyond the region path: "offer:<account>", "callout:<id>", ... with the object they concern.
    await q.createTable(
      new Table({
        name: 'demand_event_audience',
        columns: [
          { name: 'eventId', type: 'integer', isPrimary: true },
          { name: 'topic', type: 'varchar', length: '48', isPrimary: true },
          { name: 'refId', type: 'integer', isNullable: true },
        ],
        indices: [{ name: 'ix_demand_event_audience_topic', columnNames: ['topic', 'eventId'] }],
        foreignKeys: [{ name: 'fk_demand_event_audience_event', columnNames: ['eventId'], referencedTableName: 'demand_event', referencedColumnNames: ['id'] }],
      }),
    );
    await q.addColumn('demand_event', new TableColumn({ name: 'reason', type: 'varchar', length: '16', isNullable: true }));
    await q.addColumn('demand', new TableColumn({ name: 'autoDispatch', type: 'boolean', default: false }));
    await q.addColumn('demand', new TableColumn({ name: 'offerRound', type: 'integer', default: 0 }));
    await q.createIndex('demand', new TableIndex({ name: 'ix_demand_team', columnNames: ['dispatchTeamId', 'status'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('demand', 'ix_demand_team');
    await dropPlainColumn(q, 'demand', 'offerRound');
    await dropPlainColumn(q, 'demand', 'autoDispatch');
    await dropPlainColumn(q, 'demand_event', 'reason');
    await q.dropTable('demand_event_audience');
    await q.createTable(
      new Table({
        name: 'demand_dispatch_target',
        columns: [
          { name: 'demandId', type: 'integer', isPrimary: true },
          { name: 'accountId', type: 'integer', isPrimary: true },
        ],
        indices: [{ name: 'ix_demand_target_account', columnNames: ['accountId'] }],
        foreignKeys: [
          { name: 'fk_demand_target_demand', columnNames: ['demandId'], referencedTableName: 'demand', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { name: 'fk_demand_target_account', columnNames: ['accountId'], referencedTableName: 'account', referencedColumnNames: ['id'] },
        ],
      }),
    );
    await q.query('INSERT INTO demand_dispatch_target (demandId, accountId) SELECT DISTINCT demandId, accountId FROM demand_offer');
    await q.dropTable('demand_offer');
  }
}
