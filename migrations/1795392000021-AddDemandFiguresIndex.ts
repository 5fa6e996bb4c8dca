import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Every column a region's demand figures read (the cube, the response times), behind (gridId,
 * createdAt): a district's demands of a period are then one index range per grid, with no row
 * lookups (a district-year is ~250,000 demands at full scale). It supersedes (gridId, createdAt).
 */
export class AddDemandFiguresIndex1795392000021 implements MigrationInterface {
  name = 'AddDemandFiguresIndex1795392000021';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex(
      'demand',
      new TableIndex({
        name: 'ix_demand_figures',
        columnNames: ['gridId', 'createdAt', 'status', 'categoryId', 'channel', 'urgency', 'overdueAt', 'rating', 'firstEscalatedAt', 'firstAcceptedAt', 'firstAssignedAt', 'firstCompletedAt'],
      }),
    );
    await q.dropIndex('demand', 'ix_demand_grid_created');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.createIndex('demand', new TableIndex({ name: 'ix_demand_grid_created', columnNames: ['gridId', 'createdAt'] }));
    await q.dropIndex('demand', 'ix_demand_figures');
  }
}
