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

/**
 * Drops a plain column (no index, key or constraint on it). TypeORM drops a column on SQLite by
 * rebuilding the table (copy, DROP TABLE, rename), and with foreign keys on, that DROP fails while
 * other tables' rows point at the table. SQLite 3.35+ drops such a column in place.
 */
export async function dropPlainColumn(q: QueryRunner, table: string, column: string): Promise<void> {
  if (isMysqlRunner(q)) await q.dropColumn(table, column);
  else await q.query(`ALTER TABLE "${table}" DROP COLUMN "${column}"`);
}

/** A binary column for pieces of up to a few megabytes: MySQL's BLOB stops at 64 KB, MEDIUMBLOB at 16 MB. */
export function binaryType(q: QueryRunner): string {
  return isMysqlRunner(q) ? 'mediumblob' : 'blob';
}
