import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';

export interface OwnDatabase {
  url: string;
  /** A directory of its own (DATA_DIR for a child process). */
  dir: string;
  /** The names of the tables it holds now. */
  tables(): Promise<string[]>;
  drop(): Promise<void>;
}

// better-sqlite3 ships no types; only these calls are needed to list the tables of a file.
const Sqlite: new (file: string, options?: { readonly?: boolean; fileMustExist?: boolean }) => {
  prepare(sql: string): { all(): { name: string }[] };
  close(): void;
} = require('better-sqlite3');

/**
 * An empty database beside the suite's, for child processes whose rows must not mix with the shared
 * world (a test that writes thousands of rows): a sibling `<name>_<suffix>` on the MySQL/MariaDB
 * under test, or a temporary SQLite file.
 */
export async function ownDatabase(suffix: string): Promise<OwnDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `vg-${suffix}-`));
  const parent = process.env.DATABASE_URL;
  if (!parent || !/^(mysql|mariadb):/.test(parent)) {
    const file = path.join(dir, `${suffix}.sqlite`);
    return {
      url: `sqlite:${file}`,
      dir,
      async tables() {
        const db = new Sqlite(file, { readonly: true, fileMustExist: true });
        try {
          return db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all().map((r) => r.name);
        } finally {
          db.close();
        }
      },
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const url = new URL(parent);
  url.protocol = 'mysql:';
  const name = `${decodeURIComponent(url.pathname.slice(1))}_${suffix}`;
  url.pathname = '/';
  const admin = await mysql.createConnection(url.toString());
  await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dir,
    async tables() {
      const [rows] = await admin.query<mysql.RowDataPacket[]>('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ?', [name]);
      return rows.map((r) => String(r.name));
    },
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.end();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
