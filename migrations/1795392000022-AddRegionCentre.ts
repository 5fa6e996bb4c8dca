import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dropPlainColumn } from '../src/core/dialect';

/**
 * A region's centre point (WGS84), optional. The hierarchy had no geometry; Open311 reports come
 * with coordinates, and a report is placed in the grid whose centre is nearest (open311.location.ts).
 */
export class AddRegionCentre1795392000022 implements MigrationInterface {
  name = 'AddRegionCentre1795392000022';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('region', [
      new TableColumn({ name: 'latitude', type: 'double', isNullable: true }),
      new TableColumn({ name: 'longitude', type: 'double', isNullable: true }),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropPlainColumn(q, 'region', 'longitude');
    await dropPlainColumn(q, 'region', 'latitude');
  }
}
