import DataLoader from 'dataloader';
import { In, type DataSource, type EntityTarget, type ObjectLiteral } from 'typeorm';
import type { Page } from './relay';

/** Rows by primary key, one `IN (...)` query per batch. */
export function byIdLoader<T extends ObjectLiteral & { id: number }>(db: DataSource, entity: EntityTarget<T>) {
  return new DataLoader<number, T | null>(async (ids) => {
    const rows = await db.getRepository(entity).findBy({ id: In([...ids]) } as never);
    const map = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => map.get(id) ?? null);
  });
}

/** A fixed condition on the child rows, e.g. `{ sql: 'status IN (:...statuses)', params: { statuses } }` (unqualified column names). */
export interface Filter {
  sql: string;
  params: Record<string, unknown>;
}

export interface ChildPageKey {
  parentId: number;
  page: Page;
}

/**
 * One page of children for each of many parents in one statement (a nested connection's N+1
 * guard): ROW_NUMBER() per parent, keyset on id. Keys that ask for the same window share a query.
 */
export function childPageLoader<T extends ObjectLiteral & { id: number }>(
  db: DataSource,
  entity: EntityTarget<T>,
  table: string,
  parentColumn: string,
  filter?: Filter,
) {
  const groupOf = (k: ChildPageKey) => `${k.page.limit}:${k.page.afterKey ?? 0}`;
  return new DataLoader<ChildPageKey, T[], string>(
    async (keys) => {
      const byKey = new Map<string, T[]>();
      const groups = new Map<string, ChildPageKey[]>();
      for (const key of keys) groups.set(groupOf(key), [...(groups.get(groupOf(key)) ?? []), key]);
      for (const [group, members] of groups) {
        const { limit, afterKey } = members[0].page;
        const parentIds = [...new Set(members.map((k) => k.parentId))];
        const rows = await db
          .getRepository(entity)
          .createQueryBuilder('r')
          .where(
            `r.id IN (SELECT w.id FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY ${parentColumn} ORDER BY id) AS rn
               FROM ${table} WHERE ${parentColumn} IN (:...parentIds) AND id > :afterKey${filter ? ` AND ${filter.sql}` : ''}) w WHERE w.rn <= :take)`,
            { ...filter?.params, parentIds, afterKey: afterKey ?? 0, take: limit + 1 },
          )
          .orderBy('r.id', 'ASC')
          .getMany();
        for (const parentId of parentIds) byKey.set(`${group}/${parentId}`, []);
        for (const row of rows) byKey.get(`${group}/${row[parentColumn]}`)!.push(row);
      }
      return keys.map((k) => byKey.get(`${groupOf(k)}/${k.parentId}`) ?? []);
    },
    { cacheKeyFn: (k) => `${k.parentId}/${groupOf(k)}` },
  );
}

/** How many children each parent has, one GROUP BY per batch. */
export function childCountLoader<T extends ObjectLiteral>(db: DataSource, entity: EntityTarget<T>, parentColumn: string, filter?: Filter) {
  return new DataLoader<number, number>(async (parentIds) => {
    const rows: { parentId: number | string; n: number | string }[] = await db
      .getRepository(entity)
      .createQueryBuilder('r')
      .select(`r.${parentColumn}`, 'parentId')
      .addSelect('COUNT(*)', 'n')
      .where(`r.${parentColumn} IN (:...parentIds)${filter ? ` AND ${filter.sql}` : ''}`, { ...filter?.params, parentIds: [...parentIds] })
      .groupBy(`r.${parentColumn}`)
      .getRawMany();
    const map = new Map(rows.map((r) => [Number(r.parentId), Number(r.n)]));
    return parentIds.map((id) => map.get(id) ?? 0);
  });
}
