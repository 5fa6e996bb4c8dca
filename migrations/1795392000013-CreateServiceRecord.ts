import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { nowDefault } from '../src/core/dialect';

/**
 * Service records: hours served, from activities, demands, pairing visits or entered by hand,
 * certified by whoever organised the service. They belong to the volunteer, not to a community,
 * so they stay with the person across moves. One record per source row (unique indexes).
 */
export class CreateServiceRecord1795392000013 implements MigrationInterface {
  name = 'CreateServiceRecord1795392000013';

  async up(q: QueryRunner): Promise<void> {
    const created = { type: 'datetime', precision: 3, default: nowDefault(q) };
    await q.createTable(
      new Table({
        name: 'service_record',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'volunteerId', type: 'integer' },
          { name: 'source', type: 'varchar', length: '16' },
          { name: 'activitySignupId', type: 'integer', isNullable: true },
          { name: 'demandId', type: 'integer', isNullable: true },
          { name: 'pairingVisitId', type: 'integer', isNullable: true },
          { name: 'categoryId', type: 'integer' },
          // Where the service happened, and the team that organised it: who may certify it.
          { name: 'regionId', type: 'integer' },
          { name: 'teamId', type: 'integer', isNullable: true },
          { name: 'startedAt', type: 'datetime', precision: 3 },
          { name: 'endedAt', type: 'datetime', precision: 3 },
          { name: 'minutes', type: 'integer' },
          { name: 'description', type: 'varchar', length: '2000', isNullable: true },
          { name: 'photos', type: 'text', isNullable: true },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'needsReview', type: 'boolean', default: false },
          { name: 'declineReason', type: 'varchar', length: '500', isNullable: true },
          { name: 'certifiedById', type: 'integer', isNullable: true },
          { name: 'certifiedAt', type: 'datetime', precision: 3, isNullable: true },
          { name: 'certifierTeamId', type: 'integer', isNullable: true },
          { name: 'certifierOrganisationId', type: 'integer', isNullable: true },
          { name: 'certifierRegionId', type: 'integer', isNullable: true },
          { name: 'correctionStatus', type: 'varchar', length: '16', isNullable: true },
          { name: 'correctionMinutes', type: 'integer', isNullable: true },
          { name: 'correctionReason', type: 'varchar', length: '500', isNullable: true },
          { name: 'correctionNote', type: 'varchar', length: '500', isNullable: true },
          { name: 'createdById', type: 'integer', isNullable: true },
          { name: 'version', type: 'integer', default: 0 },
          { name: 'createdAt', ...created },
          { name: 'updatedAt', ...created },
        ],
        indices: [
          { name: 'uq_service_record_signup', columnNames: ['activitySignupId'], isUnique: true },
          { name: 'uq_service_record_demand', columnNames: ['demandId'], isUnique: true },
          { name: 'uq_service_record_visit', columnNames: ['pairingVisitId'], isUnique: true },
          { name: 'ix_service_record_volunteer', columnNames: ['volunteerId', 'id'] },
          { name: 'ix_service_record_period', columnNames: ['status', 'startedAt', 'volunteerId'] },
          { name: 'ix_service_record_region', columnNames: ['regionId', 'status'] },
          { name: 'ix_service_record_team', columnNames: ['teamId', 'status'] },
        ],
        foreignKeys: [
          { name: 'fk_service_record_volunteer', columnNames: ['volunteerId'], referencedTableName: 'volunteer', referencedColumnNames: ['id'] },
          { name: 'fk_service_record_signup', columnNames: ['activitySignupId'], referencedTableName: 'activity_signup', referencedColumnNames: ['id'] },
          { name: 'fk_service_record_demand', columnNames: ['demandId'], referencedTableName: 'demand', referencedColumnNames: ['id'] },
          { name: 'fk_service_record_visit', columnNames: ['pairingVisitId'], referencedTableName: 'pairing_visit', referencedColumnNames: ['id'] },
          { name: 'fk_service_record_category', columnNames: ['categoryId'], referencedTableName: 'service_category', referencedColumnNames: ['id'] },
          { name: 'fk_service_record_region', columnNames: ['regionId'], referencedTableName: 'region', referencedColumnNames: ['id'] },
          { name: 'fk_service_record_team', columnNames: ['teamId'], referencedTableName: 'team', referencedColumnNames: ['id'] },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('service_record');
  }
}
