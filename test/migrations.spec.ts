import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { DataSource } from 'typeorm';

const run = promisify(execFile);
const root = path.join(__dirname, '..');
const migrationFiles = fs.readdirSync(path.join(root, 'migrations')).filter((f) => /\.(ts|js)$/.test(f));

/** A database of its own for the CLI: a temporary SQLite file, or a sibling database on the MySQL under test. */
async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const parent = process.env.DATABASE_URL;
  if (parent?.startsWith('mysql')) {
    const url = new URL(parent);
    const name = `${url.pathname.slice(1)}_cli`;
    const admin = new DataSource({ type: 'mysql', url: parent });
    await admin.initialize();
    await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin.query(`CREATE DATABASE \`${name}\``);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      async drop() {
        await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
        await admin.destroy();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-cli-'));
  return { url: `sqlite:${path.join(dir, 'cli.sqlite')}`, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

async function tables(url: string): Promise<string[]> {
  const ds = new DataSource(url.startsWith('sqlite:') ? { type: 'better-sqlite3', database: url.slice('sqlite:'.length) } : { type: 'mysql', url });
  await ds.initialize();
  try {
    const rows: Record<string, string>[] = url.startsWith('sqlite:') ? await ds.query(`SELECT name FROM sqlite_master WHERE type = 'table'`) : await ds.query('SHOW TABLES');
    return rows.map((r) => Object.values(r)[0]);
  } finally {
    await ds.destroy();
  }
}

/** The TypeORM CLI through ormconfig.ts, as `npm run migration:*` runs it. */
function cli(command: string, url: string) {
  return run(process.execPath, [path.join(root, 'node_modules', 'typeorm', 'cli-ts-node-commonjs.js'), command, '-d', 'ormconfig.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: url, TS_NODE_TRANSPILE_ONLY: 'true' },
    timeout: 120_000,
  });
}

describe('migrations through the TypeORM CLI', function () {
  this.timeout(300_000);

  it('run every file, show them applied, revert them all, and run again', async () => {
    const db = await freshDatabase();
    try {
      await cli('migration:run', db.url);
      expect(await tables(db.url)).to.include.members(['region', 'account', 'service_category', 'demand', 'demand_event']);
      const shown = (await cli('migration:show', db.url)).stdout;
      expect(shown.match(/\[X\]/g) ?? []).to.have.length(migrationFiles.length);
      for (let i = 0; i < migrationFiles.length; i++) await cli('migration:revert', db.url);
      const left = await tables(db.url);
      for (const table of ['region', 'account', 'service_category', 'demand', 'demand_event', 'event_sequence']) expect(left).not.to.include(table);
      await cli('migration:run', db.url);
      expect(await tables(db.url)).to.include('demand_event');
    } finally {
      await db.drop();
    }
  });
});
