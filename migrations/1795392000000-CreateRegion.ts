import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { nowDefault } from '../src/core/dialect';

export class CreateRegion1795392000000 implements MigrationInterface {
  name = 'CreateRegion1795392000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'region',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'level', type: 'varchar', length: '16' },
          { name: 'code', type: 'varchar', length: '32' },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'parentId', type: 'integer', isNullable: true },
          { name: 'path', type: 'varchar', length: '255' },
          { name: 'population', type: 'integer', isNullable: true },
          { name: 'createdAt', type: 'datetime', precision: 3, default: nowDefault(q) },
          { name: 'updatedAt', type: 'datetime', precision: 3, default: nowDefault(q) },
        ],
        indices: [
          { name: 'uq_region_code', columnNames: ['code'], isUnique: true },
          { name: 'ix_region_path', columnNames: ['path'] },
          { name: 'ix_region_parent', columnNames: ['parentId', 'id'] },
        ],
        foreignKeys: [
          { name: 'fk_region_parent', columnNames: ['parentId'], referencedTableName: 'region', referencedColumnNames: ['id'], onDelete: 'RESTRICT' },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('region');
  }
}
