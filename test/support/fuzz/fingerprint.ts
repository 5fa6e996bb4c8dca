import crypto from 'node:crypto';
import type { DataSource } from 'typeorm';

/**
 * A digest of every row of every table, to prove that a rejected request changed nothing. MariaDB
 * computes it itself (CHECKSUM TABLE); SQLite's rows are read and hashed here. Tables whose purpose
 * is to record rejections (the audit trail) are left out by name.
 */
export async function databaseFingerprint(db: DataSource, ignore: RegExp = /audit/i): Promise<string> {
  const mysql = db.options.type === 'mysql' || db.options.type === 'mariadb';
  const tables = (
    mysql
      ? await db.query(`SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME`)
      : await db.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
  )
    .map((r: { name: string }) => r.name)
    .filter((name: string) => !ignore.test(name));
  const hash = crypto.createHash('sha256');
  if (mysql) {
    const rows: { Table: string; Checksum: string | number | null }[] = await db.query(`CHECKSUM TABLE ${tables.map((t: string) => `\`${t}\``).join(', ')} EXTENDED`);
    for (const r of rows) hash.update(`${r.Table}=${r.Checksum}\n`);
  } else {
    for (const table of tables) {
      hash.update(`${table}\n`);
      for (const row of await db.query(`SELECT * FROM "${table}" ORDER BY rowid`)) hash.update(JSON.stringify(row, (_k, v) => (Buffer.isBuffer(v) ? v.toString('hex') : v)));
    }
  }
  return hash.digest('hex');
}
