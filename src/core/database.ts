import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import path from 'node:path';
import { DataSource, type DataSourceOptions, type EntityManager, type EntityTarget, type Logger, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { StartupError, describeDatabase, type DatabaseConfig } from '../config';
import { entities } from './entities';
import { logger } from './logger';

/** Marks the async work of serving one HTTP request, so that its statements can be told apart. */
export const requestScope = new AsyncLocalStorage<true>();

/**
 * Counts the SQL statements sent while serving HTTP requests; tests read it to guard against N+1
 * queries. Background work (the feed's poll, the sweeper) runs outside any request and is not
 * counted, so it cannot make such a test flaky.
 */
export const queryStats = { count: 0 };

class CountingLogger implements Logger {
  /** The options this logger serves; the TypeORM CLI switches on "schema" logging there (setOptions). */
  private options: { logging?: unknown } = {};
  serve<T extends { logging?: unknown }>(options: T): T {
    this.options = options;
    return options;
  }
  logQuery(): void {
    if (requestScope.getStore()) queryStats.count += 1;
  }
  logQueryError(error: string | Error, query: string): void {
    // Debug only: the error is scrubbed of values (core/log-scrub.ts); the SQL has placeholders, parameters are never logged.
    logger.debug({ component: 'sql', err: typeof error === 'string' ? new Error(error) : error, sql: query }, 'sql error');
  }
  logQuerySlow(): void {}
  /** Migration progress and `migration:show`'s [X] list: printed only when "schema" logging is on (the CLI). */
  logSchemaBuild(message: string): void {
    const logging = this.options.logging;
    if (logging === true || logging === 'all' || (Array.isArray(logging) && logging.includes('schema'))) process.stdout.write(`${message}\n`);
  }
  logMigration(message: string): void {
    logger.debug({ component: 'migrations' }, message);
  }
  log(): void {}
}

export function dataSourceOptions(db: DatabaseConfig): DataSourceOptions {
  const logger = new CountingLogger();
  const common = {
    entities,
    migrations: [path.join(__dirname, '..', '..', 'migrations', '*.{ts,js}')],
    migrationsTableName: 'schema_migration',
    synchronize: false,
    logging: ['query', 'error'] as ('query' | 'error')[],
    logger,
  };
  if (db.kind === 'sqlite') {
    return logger.serve({
      ...common,
      type: 'better-sqlite3',
      database: db.file,
      enableWAL: true,
      prepareDatabase: (conn: { pragma(s: string): unknown }) => {
        conn.pragma('busy_timeout = 5000');
        conn.pragma('foreign_keys = ON');
      },
    });
  }
  return logger.serve({
    ...common,
    type: 'mysql',
    url: db.url,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    connectTimeout: 5000,
    // trace off: mysql2 captures a stack trace per query otherwise (measured ~3 % of a write's CPU).
    extra: { connectionLimit: 20, trace: false },
  });
}

/** Opens the database and runs pending migrations; any failure becomes one clear StartupError. */
export async function openDatabase(db: DatabaseConfig, { migrate = true } = {}): Promise<DataSource> {
  if (db.kind === 'sqlite') fs.mkdirSync(path.dirname(db.file), { recursive: true });
  const dataSource = new DataSource(dataSourceOptions(db));
  try {
    await dataSource.initialize();
  } catch (err) {
    throw new StartupError(`cannot connect to database ${describeDatabase(db)}: ${reason(err)}`);
  }
  if (db.kind === 'sqlite') beginImmediately(dataSource);
  if (migrate) {
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } catch (err) {
      await dataSource.destroy().catch(() => undefined);
      throw new StartupError(`database migration failed on ${describeDatabase(db)}: ${reason(err)}`);
    }
  }
  return dataSource;
}

/**
 * SQLite: a deferred BEGIN that later writes fails at once with SQLITE_BUSY when another
 * connection (another process, the CLI) wrote meanwhile; the busy timeout never applies to that
 * upgrade. Taking the write lock at BEGIN makes concurrent writers queue for up to busy_timeout.
 */
function beginImmediately(dataSource: DataSource): void {
  const runner = dataSource.driver.createQueryRunner('master');
  const query = runner.query.bind(runner);
  runner.query = ((sql: string, ...rest: unknown[]) =>
    (query as (...args: unknown[]) => Promise<unknown>)(sql === 'BEGIN TRANSACTION' ? 'BEGIN IMMEDIATE TRANSACTION' : sql, ...rest)) as typeof runner.query;
}

function reason(err: unknown): string {
  const e = err as { code?: string; message?: string; errors?: unknown[] };
  // mysql2 reports an unreachable host as an AggregateError with an empty message.
  if (e?.errors?.length) return reason(e.errors[0]);
  return [e?.code, e?.message].filter(Boolean).join(' ') || String(err);
}

export function isMysql(dataSource: DataSource): boolean {
  return dataSource.options.type === 'mysql';
}

/** True when the error is a unique-key violation, on either database. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string } };
  const code = e?.driverError?.code ?? e?.code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * A read that sees the latest committed row and locks it until commit (FOR UPDATE on MySQL).
 * Under REPEATABLE READ a plain read returns the transaction's snapshot, which may predate the
 * lock it waited for; SQLite runs one writer at a time, so its plain read is already current.
 */
export function current<T extends ObjectLiteral>(query: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
  return isMysql(query.connection) ? query.setLock('pessimistic_write') : query;
}

/** One row by id, locked and current (see `current`); null when missing. */
export function lockRow<T extends ObjectLiteral>(tx: EntityManager, entity: EntityTarget<T>, id: number): Promise<T | null> {
  return current(tx.getRepository(entity).createQueryBuilder('locked').where('locked.id = :id', { id })).getOne();
}
