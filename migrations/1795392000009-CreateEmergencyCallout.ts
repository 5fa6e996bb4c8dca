import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { nowDefault } from '../src/core/dialect';

export class CreateEmergencyCallout1795392000009 implements MigrationInterface {
  name = 'CreateEmergencyCallout1795392000009';

  async up(q: QueryRunner): Promise<void> {
    const created = { type: 'datetime', precision: 3, default: nowDefault(q) };
    await q.createTable(
      new Table({
        name: 'emergency_callout',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'demandId', type: 'integer' },
          { name: 'message', type: 'varchar', length: '500' },
          { name: 'createdById', type: 'integer' },
          { name: 'createdAt', ...created },
        ],
        indices: [{ name: 'ix_emergency_callout_demand', columnNames: ['demandId', 'id'] }],
        foreignKeys: [
          { name: 'fk_emergency_callout_demand', columnNames: ['demandId'], referencedTableName: 'demand', referencedColumnNames: ['id'] },
          { name: 'fk_emergency_callout_creator', columnNames: ['createdById'], referencedTableName: 'account', referencedColumnNames: ['id'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'emergency_callout_team',
        columns: [
          { name: 'calloutId', type: 'integer', isPrimary: true },
          { name: 'teamId', type: 'integer', isPrimary: true },
        ],
        foreignKeys: [
          { name: 'fk_emergency_callout_team_callout', columnNames: ['calloutId'], referencedTableName: 'emergency_callout', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { name: 'fk_emergency_callout_team_team', columnNames: ['teamId'], referencedTableName: 'team', referencedColumnNames: ['id'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'emergency_callout_member',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'calloutId', type: 'integer' },
          { name: 'volunteerId', type: 'integer' },
          { name: 'accountId', type: 'integer' },
          { name: 'teamId', type: 'integer' },
          { name: 'answer', type: 'varchar', length: '16' },
          { name: 'note', type: 'varchar', length: '500', isNullable: true },
          { name: 'answeredAt', type: 'datetime', precision: 3, isNullable: true },
        ],
        indices: [
          { name: 'uq_emergency_callout_member', columnNames: ['calloutId', 'volunteerId'], isUnique: true },
          { name: 'ix_emergency_callout_member_account', columnNames: ['accountId', 'id'] },
        ],
        foreignKeys: [
          { name: 'fk_emergency_callout_member_callout', columnNames: ['calloutId'], referencedTableName: 'emergency_callout', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { name: 'fk_emergency_callout_member_volunteer', columnNames: ['volunteerId'], referencedTableName: 'volunteer', referencedColumnNames: ['id'] },
          { name: 'fk_emergency_callout_member_account', columnNames: ['accountId'], referencedTableName: 'account', referencedColumnNames: ['id'] },
          { name: 'fk_emergency_callout_member_team', columnNames: ['teamId'], referencedTableName: 'team', referencedColumnNames: ['id'] },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('emergency_callout_member');
    await q.dropTable('emergency_callout_team');
    await q.dropTable('emergency_callout');
  }
}
