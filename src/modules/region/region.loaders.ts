import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import type { Page } from '../../core/relay';
import { Region } from './region.entity';

export interface ChildPageKey {
  parentId: number;
  page: Page;
}

/** Per-request batching for the hierarchy: one query per level of a nested query, however many regions it spans. */
export function createRegionLoaders(db: DataSource) {
  const repo = db.getRepository(Region);
  const byId = new DataLoader<number, Region | null>(async (ids) => {
    const rows = await repo.findBy({ id: In([...ids]) });
    const map = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => map.get(id) ?? null);
  });

  const childPage = new DataLoader<ChildPageKey, Region[], string>(
    async (keys) => {
      // Keys sharing a page window are fetched together; ROW_NUMBER keeps each parent's page separate.
      const groups = new Map<string, ChildPageKey[]>();
      for (const key of keys) {
        const group = `${key.page.limit}:${key.page.afterKey ?? ''}`;
        groups.set(group, [...(groups.get(group) ?? []), key]);
      }
      const byParent = new Map<string, Region[]>();
      for (const [group, members] of groups) {
        const { limit, afterKey } = members[0].page;
        const parentIds = [...new Set(members.map((k) => k.parentId))];
        const rows = await repo
          .createQueryBuilder('r')
          .where(
            `r.id IN (SELECT w.id FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY parentId ORDER BY id) AS rn
               FROM region WHERE parentId IN (:...parentIds) AND id > :afterKey) w WHERE w.rn <= :take)`,
            { parentIds, afterKey: afterKey ?? 0, take: limit + 1 },
          )
          .orderBy('r.id', 'ASC')
          .getMany();
        for (const parentId of parentIds) byParent.set(`${group}/${parentId}`, []);
        for (const row of rows) byParent.get(`${group}/${row.parentId}`)!.push(row);
      }
      return keys.map((k) => byParent.get(`${k.page.limit}:${k.page.afterKey ?? ''}/${k.parentId}`) ?? []);
    },
    { cacheKeyFn: (k) => `${k.parentId}:${k.page.limit}:${k.page.afterKey ?? ''}` },
  );

  const childCount = new DataLoader<number, number>(async (parentIds) => {
    const rows: { parentId: number; n: string | number }[] = await repo
      .createQueryBuilder('r')
      .select('r.parentId', 'parentId')
      .addSelect('COUNT(*)', 'n')
      .where('r.parentId IN (:...parentIds)', { parentIds: [...parentIds] })
      .groupBy('r.parentId')
      .getRawMany();
    const map = new Map(rows.map((r) => [Number(r.parentId), Number(r.n)]));
    return parentIds.map((id) => map.get(id) ?? 0);
  });

  return { byId, childPage, childCount };
}

export type RegionLoaders = ReturnType<typeof createRegionLoaders>;
