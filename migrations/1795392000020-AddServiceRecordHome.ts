import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dropPlainColumn } from '../src/core/dialect';

/**
 * A service record carries its volunteer's home community (kept when they move), so a region's
 * service figures read the records of its communities straight from one covering index instead of
 * joining every record of the period to its volunteer (a district-month is ~100,000 records at
 * full scale). The volunteer figures get a covering index of their own.
 */
export class AddServiceRecordHome1795392000020 implements MigrationInterface {
  name = 'AddServiceRecordHome1795392000020';

  async up(q: QueryRunner): Promise<void> {
    const nullable = new TableColumn({ name: 'homeCommunityId', type: 'integer', isNullable: true });
    await q.addColumn('service_record', nullable);
    await q.query('UPDATE service_record SET homeCommunityId = (SELECT v.communityId FROM volunteer v WHERE v.id = service_record.volunteerId)');
    await q.changeColumn('service_record', nullable, new TableColumn({ name: 'homeCommunityId', type: 'integer', isNullable: false }));
    await q.createIndex('service_record', new TableIndex({ name: 'ix_service_record_home', columnNames: ['homeCommunityId', 'status', 'startedAt', 'categoryId', 'minutes', 'volunteerId'] }));
    await q.createIndex('volunteer', new TableIndex({ name: 'ix_volunteer_home_figures', columnNames: ['communityId', 'status', 'createdAt', 'birthDate', 'gender', 'partyMember'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('volunteer', 'ix_volunteer_home_figures');
    await q.dropIndex('service_record', 'ix_service_record_home');
    await dropPlainColumn(q, 'service_record', 'homeCommunityId');
  }
}
