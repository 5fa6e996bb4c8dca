import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { nowDefault } from '../src/core/dialect';

export class CreateDemand1795392000003 implements MigrationInterface {
  name = 'CreateDemand1795392000003';

  async up(q: QueryRunner): Promise<void> {
    const created = { type: 'datetime', precision: 3, default: nowDefault(q) };
    await q.createTable(
      new Table({
        name: 'demand',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'number', type: 'varchar', length: '32' },
          { name: 'title', type: 'varchar', length: '200' },
          { name: 'description', type: 'text', isNullable: true },
          { name: 'categoryId', type: 'integer' },
          { name: 'urgency', type: 'varchar', length: '16' },
          { name: 'channel', type: 'varchar', length: '16' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'handlingLevel', type: 'varchar', length: '16' },
          { name: 'gridId', type: 'integer' },
          { name: 'requesterId', type: 'integer', isNullable: true },
          { name: 'contactName', type: 'varchar', length: '100', isNullable: true },
          { name: 'contactPhone', type: 'varchar', length: '32', isNullable: true },
          { name: 'address', type: 'varchar', length: '300', isNullable: true },
          { name: 'latitude', type: 'double', isNullable: true },
          { name: 'longitude', type: 'double', isNullable: true },
          { name: 'photos', type: 'text', isNullable: true },
          { name: 'createdById', type: 'integer' },
          { name: 'idempotencyKey', type: 'varchar', length: '100', isNullable: true },
          { name: 'acceptDueAt', type: 'datetime', precision: 3 },
          { name: 'dueAt', type: 'datetime', precision: 3 },
          { name: 'responderId', type: 'integer', isNullable: true },
          { name: 'dispatchOpen', type: 'boolean', default: false },
          { name: 'dispatchTeamId', type: 'integer', isNullable: true },
          { name: 'rejectionReason', type: 'varchar', length: '1000', isNullable: true },
          { name: 'completionNote', type: 'text', isNullable: true },
          { name: 'completionPhotos', type: 'text', isNullable: true },
          { name: 'rating', type: 'integer', isNullable: true },
          { name: 'feedback', type: 'varchar', length: '2000', isNullable: true },
          { name: 'completedAt', type: 'datetime', precision: 3, isNullable: true },
          { name: 'closedAt', type: 'datetime', precision: 3, isNullable: true },
          { name: 'overdueAt', type: 'datetime', precision: 3, isNullable: true },
          { name: 'version', type: 'integer', default: 0 },
          { name: 'createdAt', ...created },
          { name: 'updatedAt', ...created },
        ],
        indices: [
          { name: 'uq_demand_number', columnNames: ['number'], isUnique: true },
          { name: 'uq_demand_idempotency', columnNames: ['createdById', 'idempotencyKey'], isUnique: true },
          { name: 'ix_demand_grid', columnNames: ['gridId', 'id'] },
          { name: 'ix_demand_requester', columnNames: ['requesterId', 'id'] },
          { name: 'ix_demand_responder', columnNames: ['responderId', 'id'] },
          { name: 'ix_demand_due', columnNames: ['status', 'dueAt'] },
          { name: 'ix_demand_completed', columnNames: ['status', 'completedAt'] },
        ],
        foreignKeys: [
          { name: 'fk_demand_category', columnNames: ['categoryId'], referencedTableName: 'service_category', referencedColumnNames: ['id'] },
          { name: 'fk_demand_grid', columnNames: ['gridId'], referencedTableName: 'region', referencedColumnNames: ['id'] },
          { name: 'fk_demand_requester', columnNames: ['requesterId'], referencedTableName: 'account', referencedColumnNames: ['id'] },
          { name: 'fk_demand_creator', columnNames: ['createdById'], referencedTableName: 'account', referencedColumnNames: ['id'] },
          { name: 'fk_demand_responder', columnNames: ['responderId'], referencedTableName: 'account', referencedColumnNames: ['id'] },
        ],
      }),
    );
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
    // The id is the event's position in the log, taken from event_sequence inside the writing
    // transaction: gapless and in commit order, so a cursor is a safe resume point.
    await q.createTable(
      new Table({
        name: 'demand_event',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true },
          { name: 'demandId', type: 'integer' },
          { name: 'type', type: 'varchar', length: '16' },
          { name: 'fromStatus', type: 'varchar', length: '16', isNullable: true },
          { name: 'toStatus', type: 'varchar', length: '16' },
          { name: 'actorId', type: 'integer', isNullable: true },
          { name: 'note', type: 'varchar', length: '2000', isNullable: true },
          { name: 'data', type: 'text', isNullable: true },
          { name: 'at', ...created },
        ],
        indices: [{ name: 'ix_demand_event_demand', columnNames: ['demandId', 'id'] }],
        foreignKeys: [
          { name: 'fk_demand_event_demand', columnNames: ['demandId'], referencedTableName: 'demand', referencedColumnNames: ['id'] },
          { name: 'fk_demand_event_actor', columnNames: ['actorId'], referencedTableName: 'account', referencedColumnNames: ['id'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'event_sequence',
        columns: [
          { name: 'name', type: 'varchar', length: '64', isPrimary: true },
          { name: 'value', type: 'integer', default: 0 },
        ],
      }),
    );
    await q.manager.insert('event_sequence', { name: 'demand_event', value: 0 });
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('event_sequence');
    await q.dropTable('demand_event');
    await q.dropTable('demand_dispatch_target');
    await q.dropTable('demand');
  }
}
