import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import type { Page } from '../../core/relay';
import { DemandEvent } from './demand-event.entity';
import { Demand, DemandDispatchTarget } from './demand.entity';

export function createDemandLoaders(db: DataSource) {
  const byId = new DataLoader<number, Demand | null>(async (ids) => {
    const rows = await db.getRepository(Demand).findBy({ id: In([...ids]) });
    const map = new Map(rows.map((d) => [d.id, d]));
    return ids.map((id) => map.get(id) ?? null);
  });

  // Pages of several demands' histories in one statement, like the hierarchy's child pages.
  const eventPage = new DataLoader<{ demandId: number; page: Page }, DemandEvent[], string>(
    async (keys) => {
      const results = new Map<string, DemandEvent[]>();
      const groups = new Map<string, number[]>();
      for (const k of keys) {
        const g = `${k.page.limit}:${k.page.afterKey ?? 0}`;
        groups.set(g, [...(groups.get(g) ?? []), k.demandId]);
      }
      for (const [g, demandIds] of groups) {
        const [limit, afterKey] = g.split(':').map(Number);
        const rows = await db
          .getRepository(DemandEvent)
          .createQueryBuilder('e')
          .where(
            `e.id IN (SELECT w.id FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY demandId ORDER BY id) AS rn
               FROM demand_event WHERE demandId IN (:...demandIds) AND id > :afterKey) w WHERE w.rn <= :take)`,
            { demandIds, afterKey, take: limit + 1 },
          )
          .orderBy('e.id', 'ASC')
          .getMany();
        for (const id of demandIds) results.set(`${g}/${id}`, []);
        for (const row of rows) results.get(`${g}/${row.demandId}`)!.push(row);
      }
      return keys.map((k) => results.get(`${k.page.limit}:${k.page.afterKey ?? 0}/${k.demandId}`) ?? []);
    },
    { cacheKeyFn: (k) => `${k.demandId}:${k.page.limit}:${k.page.afterKey ?? 0}` },
  );

  const eventCount = new DataLoader<number, number>(async (demandIds) => {
    const rows: { demandId: number; n: string }[] = await db
      .getRepository(DemandEvent)
      .createQueryBuilder('e')
      .select('e.demandId', 'demandId')
      .addSelect('COUNT(*)', 'n')
      .where('e.demandId IN (:...demandIds)', { demandIds: [...demandIds] })
      .groupBy('e.demandId')
      .getRawMany();
    const map = new Map(rows.map((r) => [Number(r.demandId), Number(r.n)]));
    return demandIds.map((id) => map.get(id) ?? 0);
  });

  const targets = new DataLoader<number, number[]>(async (demandIds) => {
    const rows = await db.getRepository(DemandDispatchTarget).findBy({ demandId: In([...demandIds]) });
    return demandIds.map((id) => rows.filter((r) => r.demandId === id).map((r) => r.accountId));
  });

  return { byId, eventPage, eventCount, targets };
}

export type DemandLoaders = ReturnType<typeof createDemandLoaders>;
