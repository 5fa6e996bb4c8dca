import type { QueryRunner } from 'typeorm';

/**
 * The few places where MySQL and SQLite need different SQL. Migrations otherwise use TypeORM's
 * Table API so the same files run on both.
 */
export function isMysqlRunner(q: QueryRunner): boolean {
  return q.connection.options.type === 'mysql';
}

/** Default for a millisecond-precision "created at" column. */
export function nowDefault(q: QueryRunner): string {
  return isMysqlRunner(q) ? 'CURRENT_TIMESTAMP(3)' : "(strftime('%Y-%m-%d %H:%M:%f', 'now'))";
}
