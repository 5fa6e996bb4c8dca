import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { nowDefault } from '../src/core/dialect';

/** One helps one (结对帮扶): a volunteer or a team paired with a household in a grid, and its visits. */
export class CreatePairing1795392000010 implements MigrationInterface {
  name = 'CreatePairing1795392000010';

  async up(q: QueryRunner): Promise<void> {
    const created = { type: 'datetime', precision: 3, default: nowDefault(q) };
    await q.createTable(
      new Table({
        name: 'pairing',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'volunteerId', type: 'integer', isNullable: true },
          { name: 'teamId', type: 'integer', isNullable: true },
          { name: 'gridId', type: 'integer' },
          { name: 'householdName', type: 'varchar', length: '100' },
          { name: 'householdPhone', type: 'varchar', length: '32', isNullable: true },
          { name: 'householdAddress', type: 'varchar', length: '300', isNullable: true },
          { name: 'vulnerability', type: 'varchar', length: '24' },
          { name: 'note', type: 'varchar', length: '1000', isNullable: true },
          { name: 'startedOn', type: 'date' },
          { name: 'endedOn', type: 'date', isNullable: true },
          { name: 'endReason', type: 'varchar', length: '500', isNullable: true },
          { name: 'createdById', type: 'integer' },
          { name: 'createdAt', ...created },
          { name: 'updatedAt', ...created },
        ],
        indices: [
          { name: 'ix_pairing_grid', columnNames: ['gridId', 'id'] },
          { name: 'ix_pairing_volunteer', columnNames: ['volunteerId', 'id'] },
          { name: 'ix_pairing_team', columnNames: ['teamId', 'id'] },
        ],
        foreignKeys: [
          { name: 'fk_pairing_volunteer', columnNames: ['volunteerId'], referencedTableName: 'volunteer', referencedColumnNames: ['id'] },
          { name: 'fk_pairing_team', columnNames: ['teamId'], referencedTableName: 'team', referencedColumnNames: ['id'] },
          { name: 'fk_pairing_grid', columnNames: ['gridId'], referencedTableName: 'region', referencedColumnNames: ['id'] },
          { name: 'fk_pairing_creator', columnNames: ['createdById'], referencedTableName: 'account', referencedColumnNames: ['id'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'pairing_visit',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'pairingId', type: 'integer' },
          { name: 'volunteerId', type: 'integer' },
          { name: 'visitedAt', type: 'datetime', precision: 3 },
          { name: 'minutes', type: 'integer' },
          { name: 'note', type: 'varchar', length: '2000', isNullable: true },
          { name: 'photos', type: 'text', isNullable: true },
          { name: 'recordedById', type: 'integer' },
          { name: 'createdAt', ...created },
        ],
        indices: [
          { name: 'ix_pairing_visit_pairing', columnNames: ['pairingId', 'id'] },
          { name: 'ix_pairing_visit_volunteer', columnNames: ['volunteerId', 'id'] },
        ],
        foreignKeys: [
          { name: 'fk_pairing_visit_pairing', columnNames: ['pairingId'], referencedTableName: 'pairing', referencedColumnNames: ['id'] },
          { name: 'fk_pairing_visit_volunteer', columnNames: ['volunteerId'], referencedTableName: 'volunteer', referencedColumnNames: ['id'] },
          { name: 'fk_pairing_visit_recorder', columnNames: ['recordedById'], referencedTableName: 'account', referencedColumnNames: ['id'] },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('pairing_visit');
    await q.dropTable('pairing');
  }
}
