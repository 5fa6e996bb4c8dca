import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { nowDefault } from '../src/core/dialect';

/**
 * Personal notices (a waitlist place came free, a record was approved ...): a second gapless log,
 * its position from its own event_sequence row, so the same feed engine replays it from a cursor.
 */
export class CreateNotice1795392000011 implements MigrationInterface {
  name = 'CreateNotice1795392000011';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'notice',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true },
          { name: 'accountId', type: 'integer' },
          { name: 'kind', type: 'varchar', length: '24' },
          { name: 'refId', type: 'integer', isNullable: true },
          { name: 'message', type: 'varchar', length: '500' },
          { name: 'at', type: 'datetime', precision: 3, default: nowDefault(q) },
        ],
        indices: [{ name: 'ix_notice_account', columnNames: ['accountId', 'id'] }],
        foreignKeys: [{ name: 'fk_notice_account', columnNames: ['accountId'], referencedTableName: 'account', referencedColumnNames: ['id'] }],
      }),
    );
    await q.query('INSERT INTO event_sequence (name, value) VALUES (?, ?)', ['notice', 0]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DELETE FROM event_sequence WHERE name = ?', ['notice']);
    await q.dropTable('notice');
  }
}
