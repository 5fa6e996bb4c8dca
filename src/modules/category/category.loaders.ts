import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { ServiceCategory, ServiceLevel } from './category.entity';

export function createCategoryLoaders(db: DataSource) {
  const byId = new DataLoader<number, ServiceCategory | null>(async (ids) => {
    const rows = await db.getRepository(ServiceCategory).findBy({ id: In([...ids]) });
    const map = new Map(rows.map((c) => [c.id, c]));
    return ids.map((id) => map.get(id) ?? null);
  });
  const levels = new DataLoader<number, ServiceLevel[]>(async (categoryIds) => {
    const rows = await db.getRepository(ServiceLevel).find({ where: { categoryId: In([...categoryIds]) } });
    const order = ['ROUTINE', 'URGENT', 'EMERGENCY'];
    rows.sort((a, b) => order.indexOf(a.urgency) - order.indexOf(b.urgency));
    return categoryIds.map((id) => rows.filter((r) => r.categoryId === id));
  });
  return { byId, levels };
}

export type CategoryLoaders = ReturnType<typeof createCategoryLoaders>;
