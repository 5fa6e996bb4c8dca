import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { nowDefault } from '../src/core/dialect';

/** Projects (published services with a schedule), their activities (occurrences), sign-ups and attendance. */
export class CreateProject1795392000012 implements MigrationInterface {
  name = 'CreateProject1795392000012';

  async up(q: QueryRunner): Promise<void> {
    const created = { type: 'datetime', precision: 3, default: nowDefault(q) };
    await q.createTable(
      new Table({
        name: 'project',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'title', type: 'varchar', length: '200' },
          { name: 'content', type: 'text', isNullable: true },
          { name: 'categoryId', type: 'integer' },
          { name: 'regionId', type: 'integer' },
          { name: 'publishedById', type: 'integer' },
          { name: 'publisherTeamId', type: 'integer', isNullable: true },
          { name: 'organiserTeamId', type: 'integer', isNullable: true },
          { name: 'address', type: 'varchar', length: '300' },
          { name: 'latitude', type: 'double', isNullable: true },
          { name: 'longitude', type: 'double', isNullable: true },
          { name: 'checkInRadiusMeters', type: 'integer', isNullable: true },
          { name: 'contactName', type: 'varchar', length: '100' },
          { name: 'contactPhone', type: 'varchar', length: '32' },
          { name: 'scheduleKind', type: 'varchar', length: '16' },
          { name: 'startsOn', type: 'date' },
          { name: 'endsOn', type: 'date', isNullable: true },
          { name: 'weekday', type: 'integer', isNullable: true },
          { name: 'nth', type: 'integer', isNullable: true },
          { name: 'monthDay', type: 'integer', isNullable: true },
          { name: 'month', type: 'integer', isNullable: true },
          { name: 'startMinute', type: 'integer' },
          { name: 'endMinute', type: 'integer' },
          { name: 'capacity', type: 'integer' },
          { name: 'recruitmentOpen', type: 'boolean', default: true },
          { name: 'status', type: 'varchar', length: '16' },
          // Activities exist up to this local date; the sweeper extends open-ended schedules.
          { name: 'generatedUntil', type: 'date', isNullable: true },
          { name: 'version', type: 'integer', default: 0 },
          { name: 'createdAt', ...created },
          { name: 'updatedAt', ...created },
        ],
        indices: [
          { name: 'ix_project_region', columnNames: ['regionId', 'id'] },
          { name: 'ix_project_category', columnNames: ['categoryId'] },
          { name: 'ix_project_organiser', columnNames: ['organiserTeamId'] },
        ],
        foreignKeys: [
          { name: 'fk_project_category', columnNames: ['categoryId'], referencedTableName: 'service_category', referencedColumnNames: ['id'] },
          { name: 'fk_project_region', columnNames: ['regionId'], referencedTableName: 'region', referencedColumnNames: ['id'] },
          { name: 'fk_project_publisher', columnNames: ['publishedById'], referencedTableName: 'account', referencedColumnNames: ['id'] },
          { name: 'fk_project_publisher_team', columnNames: ['publisherTeamId'], referencedTableName: 'team', referencedColumnNames: ['id'] },
          { name: 'fk_project_organiser_team', columnNames: ['organiserTeamId'], referencedTableName: 'team', referencedColumnNames: ['id'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'project_skill',
        columns: [
          { name: 'projectId', type: 'integer', isPrimary: true },
          { name: 'skillId', type: 'integer', isPrimary: true },
        ],
        foreignKeys: [
          { name: 'fk_project_skill_project', columnNames: ['projectId'], referencedTableName: 'project', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { name: 'fk_project_skill_skill', columnNames: ['skillId'], referencedTableName: 'skill', referencedColumnNames: ['id'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'activity',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'projectId', type: 'integer' },
          { name: 'startsAt', type: 'datetime', precision: 3 },
          { name: 'endsAt', type: 'datetime', precision: 3 },
          { name: 'capacity', type: 'integer' },
          { name: 'confirmedCount', type: 'integer', default: 0 },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'cancelReason', type: 'varchar', length: '500', isNullable: true },
          // Seed of the rotating check-in code shown by the organiser.
          { name: 'codeSecret', type: 'varchar', length: '64' },
          { name: 'createdAt', ...created },
        ],
        indices: [
          { name: 'uq_activity_occurrence', columnNames: ['projectId', 'startsAt'], isUnique: true },
          { name: 'ix_activity_time', columnNames: ['startsAt'] },
          { name: 'ix_activity_end', columnNames: ['endsAt'] },
        ],
        foreignKeys: [{ name: 'fk_activity_project', columnNames: ['projectId'], referencedTableName: 'project', referencedColumnNames: ['id'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'activity_signup',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'activityId', type: 'integer' },
          { name: 'volunteerId', type: 'integer' },
          { name: 'status', type: 'varchar', length: '16' },
          // Waitlist order: when the volunteer (last) joined the queue, then the id.
          { name: 'queuedAt', type: 'datetime', precision: 3 },
          { name: 'confirmedAt', type: 'datetime', precision: 3, isNullable: true },
          { name: 'cancelledAt', type: 'datetime', precision: 3, isNullable: true },
          { name: 'checkedInAt', type: 'datetime', precision: 3, isNullable: true },
          { name: 'checkedOutAt', type: 'datetime', precision: 3, isNullable: true },
          { name: 'checkInMethod', type: 'varchar', length: '16', isNullable: true },
          { name: 'checkInLatitude', type: 'double', isNullable: true },
          { name: 'checkInLongitude', type: 'double', isNullable: true },
          { name: 'autoCheckedOut', type: 'boolean', default: false },
          { name: 'version', type: 'integer', default: 0 },
        ],
        indices: [
          { name: 'uq_activity_signup', columnNames: ['activityId', 'volunteerId'], isUnique: true },
          { name: 'ix_activity_signup_queue', columnNames: ['activityId', 'status', 'queuedAt'] },
          { name: 'ix_activity_signup_volunteer', columnNames: ['volunteerId', 'id'] },
          { name: 'ix_activity_signup_open', columnNames: ['checkedOutAt', 'checkedInAt'] },
        ],
        foreignKeys: [
          { name: 'fk_activity_signup_activity', columnNames: ['activityId'], referencedTableName: 'activity', referencedColumnNames: ['id'] },
          { name: 'fk_activity_signup_volunteer', columnNames: ['volunteerId'], referencedTableName: 'volunteer', referencedColumnNames: ['id'] },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('activity_signup');
    await q.dropTable('activity');
    await q.dropTable('project_skill');
    await q.dropTable('project');
  }
}
