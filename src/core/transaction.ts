import type { DataSource, EntityManager } from 'typeorm';
import { isMysql } from './database';

/**
 * Embedded SQLite has one connection, so TypeORM would nest concurrent transactions on it as
 * savepoints of each other. Write transactions are queued there; MySQL gets a pooled connection each.
 */
const sqliteQueues = new WeakMap<DataSource, Promise<unknown>>();

/** InnoDB picks a victim when transactions wait on each other; the victim's work is safe to run again. */
const RETRYABLE = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);
const ATTEMPTS = 6;
/** Victims wait a random moment before the next attempt, so the same pair does not collide again at once. */
const backoff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));

/** Runs `work` in one transaction. `work` may run again after a deadlock, so it must not keep state across attempts. */
export async function runInTransaction<T>(dataSource: DataSource, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  if (isMysql(dataSource)) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await dataSource.transaction(work);
      } catch (err) {
        const code = (err as { driverError?: { code?: string }; code?: string }).driverError?.code ?? (err as { code?: string }).code;
        if (attempt >= ATTEMPTS || !code || !RETRYABLE.has(code)) throw err;
        await backoff(attempt);
      }
    }
  }
  const previous = sqliteQueues.get(dataSource) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => dataSource.transaction(work));
  sqliteQueues.set(dataSource, next);
  return next;
}
