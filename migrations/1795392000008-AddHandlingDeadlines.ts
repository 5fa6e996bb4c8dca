import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dropPlainColumn } from '../src/core/dialect';

/**
 * Handling deadlines per level: how long a demand may stay unassigned at the community and at the
 * street before it escalates by itself. Defaults: a third of the time to complete at each level, so
 * a demand nobody takes reaches the district with a third of its time left.
 */
export class AddHandlingDeadlines1795392000008 implements MigrationInterface {
  name = 'AddHandlingDeadlines1795392000008';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('service_level', new TableColumn({ name: 'communityMinutes', type: 'integer', default: 0 }));
    await q.addColumn('service_level', new TableColumn({ name: 'streetMinutes', type: 'integer', default: 0 }));
    const levels: { categoryId: number; urgency: string; completeMinutes: number }[] = await q.query('SELECT categoryId, urgency, completeMinutes FROM service_level');
    for (const l of levels) {
      const third = Math.max(1, Math.round(Number(l.completeMinutes) / 3));
      await q.query('UPDATE service_level SET communityMinutes = ?, streetMinutes = ? WHERE categoryId = ? AND urgency = ?', [third, third, l.categoryId, l.urgency]);
    }
    // When the demand escalates by itself if still unassigned; null at the district (nothing above).
    await q.addColumn('demand', new TableColumn({ name: 'escalateAt', type: 'datetime', precision: 3, isNullable: true }));
    await q.createIndex('demand', new TableIndex({ name: 'ix_demand_escalate', columnNames: ['escalateAt'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('demand', 'ix_demand_escalate');
    await dropPlainColumn(q, 'demand', 'escalateAt');
    await dropPlainColumn(q, 'service_level', 'streetMinutes');
    await dropPlainColumn(q, 'service_level', 'communityMinutes');
  }
}
