import type { DataSource, EntityManager } from 'typeorm';
import { isMysql } from './database';

/**
 * Embedded SQLite has one connection, so TypeORM would nest concurrent transactions as savepoints
 * of each other. Write transactions are queued there; MySQL gets a pooled connection each.
 */
const sqliteQueues = new WeakMap<DataSource, Promise<unknown>>();

export async function runInTransaction<T>(dataSource: DataSource, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  if (isMysql(dataSource)) return dataSource.transaction(work);
  const previous = sqliteQueues.get(dataSource) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => dataSource.transaction(work));
  sqliteQueues.set(dataSource, next);
  return next;
}
