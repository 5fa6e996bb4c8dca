import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * For the leaderboards (record/leaderboard.rollup.ts): certified minutes per volunteer and
 * calendar period (W2026-10-12, M2026-10, Y2026), and an index on each volunteer's minutes in all.
 * The table is left empty here: periods are cut in the city's time zone, which is configuration,
 * so the server fills it from the certified records on its first start (and if the zone changes).
 */
export class CreateVolunteerMinutes1795392000019 implements MigrationInterface {
  name = 'CreateVolunteerMinutes1795392000019';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'volunteer_minutes',
        columns: [
          { name: 'period', type: 'varchar', length: '12', isPrimary: true },
          { name: 'volunteerId', type: 'integer', isPrimary: true },
          { name: 'minutes', type: 'integer', default: 0 },
        ],
        // The top of a period read from the index, highest first.
        indices: [{ name: 'ix_volunteer_minutes_rank', columnNames: ['period', 'minutes'] }],
        foreignKeys: [{ name: 'fk_volunteer_minutes_volunteer', columnNames: ['volunteerId'], referencedTableName: 'volunteer', referencedColumnNames: ['id'] }],
      }),
    );
    // The all-time board: the top of every volunteer's certified minutes, from the index.
    await q.createIndex('volunteer', new TableIndex({ name: 'ix_volunteer_certified', columnNames: ['certifiedMinutes'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    // Forget that it was filled, so that running this again fills it again.
    await q.query("DELETE FROM app_setting WHERE name = 'volunteer_minutes_zone'");
    await q.dropIndex('volunteer', 'ix_volunteer_certified');
    await q.dropTable('volunteer_minutes');
  }
}
