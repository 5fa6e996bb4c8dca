import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { nowDefault } from '../src/core/dialect';

export class CreateTeam1795392000006 implements MigrationInterface {
  name = 'CreateTeam1795392000006';

  async up(q: QueryRunner): Promise<void> {
    const created = { type: 'datetime', precision: 3, default: nowDefault(q) };
    await q.createTable(
      new Table({
        name: 'team',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'kind', type: 'varchar', length: '24' },
          { name: 'parentId', type: 'integer', isNullable: true },
          { name: 'regionId', type: 'integer' },
          { name: 'organisationId', type: 'integer', isNullable: true },
          { name: 'description', type: 'text', isNullable: true },
          { name: 'leaderId', type: 'integer', isNullable: true },
          { name: 'liaisonId', type: 'integer', isNullable: true },
          { name: 'active', type: 'boolean', default: true },
          { name: 'createdById', type: 'integer', isNullable: true },
          { name: 'createdAt', ...created },
          { name: 'updatedAt', ...created },
        ],
        indices: [
          { name: 'uq_team_region_name', columnNames: ['regionId', 'name'], isUnique: true },
          { name: 'ix_team_parent', columnNames: ['parentId'] },
          { name: 'ix_team_leader', columnNames: ['leaderId'] },
          { name: 'ix_team_liaison', columnNames: ['liaisonId'] },
          { name: 'ix_team_organisation', columnNames: ['organisationId'] },
        ],
        foreignKeys: [
          { name: 'fk_team_parent', columnNames: ['parentId'], referencedTableName: 'team', referencedColumnNames: ['id'] },
          { name: 'fk_team_region', columnNames: ['regionId'], referencedTableName: 'region', referencedColumnNames: ['id'] },
          { name: 'fk_team_organisation', columnNames: ['organisationId'], referencedTableName: 'organisation', referencedColumnNames: ['id'] },
          { name: 'fk_team_leader', columnNames: ['leaderId'], referencedTableName: 'volunteer', referencedColumnNames: ['id'] },
          { name: 'fk_team_liaison', columnNames: ['liaisonId'], referencedTableName: 'volunteer', referencedColumnNames: ['id'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'team_specialty',
        columns: [
          { name: 'teamId', type: 'integer', isPrimary: true },
          { name: 'categoryId', type: 'integer', isPrimary: true },
        ],
        indices: [{ name: 'ix_team_specialty_category', columnNames: ['categoryId'] }],
        foreignKeys: [
          { name: 'fk_team_specialty_team', columnNames: ['teamId'], referencedTableName: 'team', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { name: 'fk_team_specialty_category', columnNames: ['categoryId'], referencedTableName: 'service_category', referencedColumnNames: ['id'] },
        ],
      }),
    );
    // One row per (team, volunteer): a new request after leaving or a rejection reuses it.
    await q.createTable(
      new Table({
        name: 'team_member',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'teamId', type: 'integer' },
          { name: 'volunteerId', type: 'integer' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'note', type: 'varchar', length: '500', isNullable: true },
          { name: 'decisionNote', type: 'varchar', length: '500', isNullable: true },
          { name: 'requestedAt', type: 'datetime', precision: 3 },
          { name: 'decidedAt', type: 'datetime', precision: 3, isNullable: true },
          { name: 'decidedById', type: 'integer', isNullable: true },
          { name: 'leftAt', type: 'datetime', precision: 3, isNullable: true },
          { name: 'version', type: 'integer', default: 0 },
        ],
        indices: [
          { name: 'uq_team_member', columnNames: ['teamId', 'volunteerId'], isUnique: true },
          { name: 'ix_team_member_team_status', columnNames: ['teamId', 'status', 'id'] },
          { name: 'ix_team_member_volunteer', columnNames: ['volunteerId', 'status'] },
        ],
        foreignKeys: [
          { name: 'fk_team_member_team', columnNames: ['teamId'], referencedTableName: 'team', referencedColumnNames: ['id'] },
          { name: 'fk_team_member_volunteer', columnNames: ['volunteerId'], referencedTableName: 'volunteer', referencedColumnNames: ['id'] },
          { name: 'fk_team_member_decider', columnNames: ['decidedById'], referencedTableName: 'account', referencedColumnNames: ['id'] },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('team_member');
    await q.dropTable('team_specialty');
    await q.dropTable('team');
  }
}
