import type { EntityManager } from 'typeorm';

/** Bound parameters per statement: under SQLite's limit (32,766) and far under MariaDB's packet size. */
const MAX_PARAMS = 20_000;

type Value = string | number | null;

/** Many rows in as few INSERT statements as the parameter limit allows (the same SQL on both databases). */
export async function insertRows(tx: EntityManager, table: string, columns: readonly string[], rows: Value[][]): Promise<void> {
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += perStatement) {
    const slice = rows.slice(i, i + perStatement);
    await tx.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${slice.map(() => tuple).join(', ')}`, slice.flat());
  }
}

/** `SELECT <columns> FROM <table> WHERE <key> IN (...)` for any number of keys. */
export async function selectWhereIn<T>(tx: EntityManager, select: string, key: string, values: Value[]): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < values.length; i += 1000) {
    const slice = values.slice(i, i + 1000);
    out.push(...((await tx.query(`${select} WHERE ${key} IN (${slice.map(() => '?').join(', ')})`, slice)) as T[]));
  }
  return out;
}
