import { Table, TableColumn, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { nowDefault } from '../src/core/dialect';

export class CreateOrganisation1795392000004 implements MigrationInterface {
  name = 'CreateOrganisation1795392000004';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'organisation',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'kind', type: 'varchar', length: '20' },
          { name: 'regionId', type: 'integer', isNullable: true },
          { name: 'createdAt', type: 'datetime', precision: 3, default: nowDefault(q) },
          { name: 'updatedAt', type: 'datetime', precision: 3, default: nowDefault(q) },
        ],
        indices: [{ name: 'uq_organisation_name', columnNames: ['name'], isUnique: true }],
        foreignKeys: [{ name: 'fk_organisation_region', columnNames: ['regionId'], referencedTableName: 'region', referencedColumnNames: ['id'] }],
      }),
    );
    await q.addColumn('account', new TableColumn({ name: 'organisationId', type: 'integer', isNullable: true }));
    await q.createIndex('account', new TableIndex({ name: 'ix_account_organisation', columnNames: ['organisationId'] }));
    await q.createForeignKey('account', new TableForeignKey({ name: 'fk_account_organisation', columnNames: ['organisationId'], referencedTableName: 'organisation', referencedColumnNames: ['id'] }));
    // The organisation that filed a demand: a fact of its filing, so partner visibility needs no join.
    await q.addColumn('demand', new TableColumn({ name: 'organisationId', type: 'integer', isNullable: true }));
    await q.createIndex('demand', new TableIndex({ name: 'ix_demand_organisation', columnNames: ['organisationId', 'id'] }));
    await q.createTable(
      new Table({
        name: 'api_key',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'accountId', type: 'integer' },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'prefix', type: 'varchar', length: '16' },
          { name: 'secretHash', type: 'varchar', length: '64' },
          { name: 'createdById', type: 'integer', isNullable: true },
          { name: 'createdAt', type: 'datetime', precision: 3, default: nowDefault(q) },
          { name: 'revokedAt', type: 'datetime', precision: 3, isNullable: true },
        ],
        indices: [
          { name: 'uq_api_key_hash', columnNames: ['secretHash'], isUnique: true },
          { name: 'ix_api_key_account', columnNames: ['accountId'] },
        ],
        foreignKeys: [
          { name: 'fk_api_key_account', columnNames: ['accountId'], referencedTableName: 'account', referencedColumnNames: ['id'] },
          { name: 'fk_api_key_creator', columnNames: ['createdById'], referencedTableName: 'account', referencedColumnNames: ['id'], onDelete: 'SET NULL' },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('api_key');
    await q.dropIndex('demand', 'ix_demand_organisation');
    await q.dropColumn('demand', 'organisationId');
    await q.dropForeignKey('account', 'fk_account_organisation');
    await q.dropIndex('account', 'ix_account_organisation');
    await q.dropColumn('account', 'organisationId');
    await q.dropTable('organisation');
  }
}
