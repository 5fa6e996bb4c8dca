import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { nowDefault } from '../src/core/dialect';

export class CreateAccount1795392000001 implements MigrationInterface {
  name = 'CreateAccount1795392000001';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'account',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'username', type: 'varchar', length: '64' },
          { name: 'passwordHash', type: 'varchar', length: '255' },
          { name: 'role', type: 'varchar', length: '20' },
          { name: 'scopeId', type: 'integer', isNullable: true },
          { name: 'disabledAt', type: 'datetime', precision: 3, isNullable: true },
          { name: 'disabledReason', type: 'varchar', length: '500', isNullable: true },
          { name: 'createdById', type: 'integer', isNullable: true },
          { name: 'createdAt', type: 'datetime', precision: 3, default: nowDefault(q) },
          { name: 'updatedAt', type: 'datetime', precision: 3, default: nowDefault(q) },
        ],
        indices: [
          { name: 'uq_account_username', columnNames: ['username'], isUnique: true },
          { name: 'ix_account_scope', columnNames: ['scopeId'] },
          { name: 'ix_account_role', columnNames: ['role'] },
        ],
        foreignKeys: [
          { name: 'fk_account_scope', columnNames: ['scopeId'], referencedTableName: 'region', referencedColumnNames: ['id'], onDelete: 'RESTRICT' },
          { name: 'fk_account_creator', columnNames: ['createdById'], referencedTableName: 'account', referencedColumnNames: ['id'], onDelete: 'SET NULL' },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('account');
  }
}
