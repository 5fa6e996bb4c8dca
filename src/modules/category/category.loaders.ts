import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { byIdLoader } from '../../core/loaders';
import { ServiceCategory, ServiceLevel } from './category.entity';

export function createCategoryLoaders(db: DataSource) {
  const byId = byIdLoader(db, ServiceCategory);
  const levels = new DataLoader<number, ServiceLevel[]>(async (categoryIds) => {
    const rows = await db.getRepository(ServiceLevel).find({ where: { categoryId: In([...categoryIds]) } });
    const order = ['ROUTINE', 'URGENT', 'EMERGENCY'];
    rows.sort((a, b) => order.indexOf(a.urgency) - order.indexOf(b.urgency));
    return categoryIds.map((id) => rows.filter((r) => r.categoryId === id));
  });
  return { byId, levels };
}

export type CategoryLoaders = ReturnType<typeof createCategoryLoaders>;
