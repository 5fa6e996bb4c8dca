import { Table, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dropPlainColumn, nowDefault } from '../src/core/dialect';

/**
 * The community service bank (时间银行): an account per person, an append-only ledger with running
 * balances, verified family links for transfers, and a list of services bought with credits.
 * Amounts are in hundredths of a credit, so sums are exact.
 */
export class CreateTimebank1795392000014 implements MigrationInterface {
  name = 'CreateTimebank1795392000014';

  async up(q: QueryRunner): Promise<void> {
    const created = { type: 'datetime', precision: 3, default: nowDefault(q) };
    // Credits an approved hour of this category earns, in hundredths (default 1 credit an hour).
    await q.addColumn('service_category', new TableColumn({ name: 'creditCentsPerHour', type: 'integer', default: 100 }));
    await q.createTable(
      new Table({
        name: 'timebank_account',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'accountId', type: 'integer' },
          { name: 'balance', type: 'integer', default: 0 },
          { name: 'createdAt', ...created },
        ],
        indices: [{ name: 'uq_timebank_account', columnNames: ['accountId'], isUnique: true }],
        foreignKeys: [{ name: 'fk_timebank_account_account', columnNames: ['accountId'], referencedTableName: 'account', referencedColumnNames: ['id'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'timebank_entry',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'timebankAccountId', type: 'integer' },
          { name: 'kind', type: 'varchar', length: '16' },
          { name: 'amount', type: 'integer' },
          { name: 'balanceAfter', type: 'integer' },
          { name: 'serviceRecordId', type: 'integer', isNullable: true },
          { name: 'demandId', type: 'integer', isNullable: true },
          { name: 'listedServiceId', type: 'integer', isNullable: true },
          { name: 'counterpartyAccountId', type: 'integer', isNullable: true },
          { name: 'note', type: 'varchar', length: '500', isNullable: true },
          { name: 'createdById', type: 'integer', isNullable: true },
          { name: 'createdAt', ...created },
        ],
        indices: [
          { name: 'ix_timebank_entry_account', columnNames: ['timebankAccountId', 'id'] },
          // A demand is paid for once: one PAYMENT_OUT per demand.
          { name: 'ix_timebank_entry_demand', columnNames: ['demandId', 'kind'] },
        ],
        foreignKeys: [
          { name: 'fk_timebank_entry_account', columnNames: ['timebankAccountId'], referencedTableName: 'timebank_account', referencedColumnNames: ['id'] },
          { name: 'fk_timebank_entry_record', columnNames: ['serviceRecordId'], referencedTableName: 'service_record', referencedColumnNames: ['id'] },
          { name: 'fk_timebank_entry_demand', columnNames: ['demandId'], referencedTableName: 'demand', referencedColumnNames: ['id'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'family_link',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'accountId', type: 'integer' },
          { name: 'memberAccountId', type: 'integer' },
          { name: 'relation', type: 'varchar', length: '32' },
          { name: 'createdById', type: 'integer' },
          { name: 'createdAt', ...created },
        ],
        indices: [{ name: 'uq_family_link', columnNames: ['accountId', 'memberAccountId'], isUnique: true }],
        foreignKeys: [
          { name: 'fk_family_link_account', columnNames: ['accountId'], referencedTableName: 'account', referencedColumnNames: ['id'] },
          { name: 'fk_family_link_member', columnNames: ['memberAccountId'], referencedTableName: 'account', referencedColumnNames: ['id'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'listed_service',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'description', type: 'varchar', length: '1000', isNullable: true },
          { name: 'priceCents', type: 'integer' },
          { name: 'regionId', type: 'integer' },
          { name: 'organisationId', type: 'integer', isNullable: true },
          { name: 'active', type: 'boolean', default: true },
          { name: 'createdById', type: 'integer' },
          { name: 'createdAt', ...created },
        ],
        indices: [{ name: 'ix_listed_service_region', columnNames: ['regionId', 'id'] }],
        foreignKeys: [
          { name: 'fk_listed_service_region', columnNames: ['regionId'], referencedTableName: 'region', referencedColumnNames: ['id'] },
          { name: 'fk_listed_service_organisation', columnNames: ['organisationId'], referencedTableName: 'organisation', referencedColumnNames: ['id'] },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('listed_service');
    await q.dropTable('family_link');
    await q.dropTable('timebank_entry');
    await q.dropTable('timebank_account');
    await dropPlainColumn(q, 'service_category', 'creditCentsPerHour');
  }
}
