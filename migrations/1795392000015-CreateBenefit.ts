import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { nowDefault } from '../src/core/dialect';

/** Incentives: a catalogue of benefits for volunteers of some star level, and their redemptions. */
export class CreateBenefit1795392000015 implements MigrationInterface {
  name = 'CreateBenefit1795392000015';

  async up(q: QueryRunner): Promise<void> {
    const created = { type: 'datetime', precision: 3, default: nowDefault(q) };
    await q.createTable(
      new Table({
        name: 'benefit',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'description', type: 'varchar', length: '1000', isNullable: true },
          { name: 'providerOrganisationId', type: 'integer', isNullable: true },
          { name: 'minStars', type: 'integer', default: 0 },
          { name: 'quota', type: 'integer' },
          { name: 'redeemedCount', type: 'integer', default: 0 },
          { name: 'perPersonLimit', type: 'integer', default: 1 },
          { name: 'validFrom', type: 'date' },
          { name: 'validUntil', type: 'date' },
          { name: 'active', type: 'boolean', default: true },
          { name: 'createdById', type: 'integer' },
          { name: 'createdAt', ...created },
          { name: 'updatedAt', ...created },
        ],
        indices: [{ name: 'ix_benefit_provider', columnNames: ['providerOrganisationId'] }],
        foreignKeys: [
          { name: 'fk_benefit_provider', columnNames: ['providerOrganisationId'], referencedTableName: 'organisation', referencedColumnNames: ['id'] },
          { name: 'fk_benefit_creator', columnNames: ['createdById'], referencedTableName: 'account', referencedColumnNames: ['id'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'benefit_redemption',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'benefitId', type: 'integer' },
          { name: 'volunteerId', type: 'integer' },
          // The voucher the volunteer shows the provider.
          { name: 'code', type: 'varchar', length: '16' },
          { name: 'redeemedAt', ...created },
          { name: 'usedAt', type: 'datetime', precision: 3, isNullable: true },
        ],
        indices: [
          { name: 'uq_benefit_redemption_code', columnNames: ['code'], isUnique: true },
          { name: 'ix_benefit_redemption_benefit', columnNames: ['benefitId', 'volunteerId'] },
          { name: 'ix_benefit_redemption_volunteer', columnNames: ['volunteerId', 'id'] },
        ],
        foreignKeys: [
          { name: 'fk_benefit_redemption_benefit', columnNames: ['benefitId'], referencedTableName: 'benefit', referencedColumnNames: ['id'] },
          { name: 'fk_benefit_redemption_volunteer', columnNames: ['volunteerId'], referencedTableName: 'volunteer', referencedColumnNames: ['id'] },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('benefit_redemption');
    await q.dropTable('benefit');
  }
}
