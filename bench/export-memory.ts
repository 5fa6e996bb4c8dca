/**
 * Does a CSV export's memory stay flat however many rows it streams?
 *
 *   npm run bench:export                 20,000 then 200,000 demands (a few minutes)
 *   npm run bench:export -- --scale full 100,000 then 1,000,000 demands
 *
 * Seeds two districts straight into a fresh database (the embedded SQLite in a temporary folder, or
 * DATABASE_URL when set: give it an empty database), downloads each district's export over HTTP
 * from a server in this process, and samples the heap while it streams. The target is a ratio in
 * the same run: the larger export (10× the rows) may grow the heap at most 1.5× as much as the
 * smaller one. Writes bench/results/export-memory.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/core/database';
import { Account } from '../src/modules/account/account.entity';
import { Role } from '../src/modules/account/role';
import { ServiceCategory } from '../src/modules/category/category.entity';
import { ExportKind } from '../src/modules/export/export.columns';
import { ExportLinks } from '../src/modules/export/export.link';
import { loadJwtKey } from '../src/server/auth';
import { startApp } from '../src/server/app';
import { discardLogs, report, round, seedRegionChain } from './support';

const TARGET_RATIO = 1.5;
const PERIOD = { from: '2026-01-01', to: '2026-12-31', timeZone: 'Asia/Shanghai' };

async function main(): Promise<void> {
  const full = process.argv.includes('--scale') && process.argv[process.argv.indexOf('--scale') + 1] === 'full';
  const sizes = full ? [100_000, 1_000_000] : [20_000, 200_000];
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-bench-'));
  const config = loadConfig({ NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', DATA_DIR: tmpDir, DATABASE_URL: process.env.DATABASE_URL ?? '', SWEEP_INTERVAL_MS: '3600000' }, []);
  const db = await openDatabase(config.database);
  sqlite = config.database.kind === 'sqlite';
  discardLogs();
  const app = await startApp(config, db);
  try {
    const admin = await db.getRepository(Account).save({ username: `bench-${Date.now()}`, passwordHash: 'x', role: Role.PLATFORM_ADMIN });
    const category = (await db.getRepository(ServiceCategory).findOneByOrFail({ code: 'ELDER_CARE' })).id;
    const links = new ExportLinks(loadJwtKey(config), 3600);
    const base = app.url.replace(/\/graphql$/, '');
    const results = [];
    for (const rows of sizes) {
      const district = await seedDistrict(db, rows, category, admin.id);
      const { path: url } = await links.sign({ accountId: admin.id, kind: ExportKind.DEMANDS, regionId: district, ...PERIOD });
      results.push({ rows, ...(await measure(base + url)) });
    }
    // Growth below 1 MB is noise: the smaller run counts as 1 MB.
    const ratio = results[1].heapGrowthMb / Math.max(results[0].heapGrowthMb, 1);
    console.log('\n| rows | lines read | seconds | rows/s | peak heap growth (MB) | peak RSS growth (MB) |');
    console.log('| ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const r of results) console.log(`| ${r.rows} | ${r.lines} | ${r.seconds.toFixed(1)} | ${Math.round(r.rows / r.seconds)} | ${r.heapGrowthMb.toFixed(1)} | ${r.rssGrowthMb.toFixed(1)} |`);
    report(
      'export-memory',
      [
        ...results.map((r) => ({ scenario: 'export', measure: `CSV of ${r.rows.toLocaleString('en')} demands: rows per second`, value: Math.round(r.rows / r.seconds), unit: '', target: '', met: null })),
        { scenario: 'export', measure: `heap growth, ${sizes[1] / sizes[0]}× the rows`, value: round(ratio), unit: '×', target: `≤ ${TARGET_RATIO}×`, met: ratio <= TARGET_RATIO },
      ],
      { database: config.database.kind, results, ratio, target: TARGET_RATIO },
    );
    if (ratio > TARGET_RATIO) process.exitCode = 1;
  } finally {
    await app.close();
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
}

/** A district with one grid holding `rows` demands placed in 2026, written in multi-row INSERTs. */
async function seedDistrict(db: DataSource, rows: number, categoryId: number, createdById: number): Promise<number> {
  const tag = `B${Date.now().toString(36)}`;
  const chain = await seedRegionChain(db, tag);
  const grid = chain.at(-1)!;
  const perStatement = 400;
  const columns = ['number', 'title', 'categoryId', 'urgency', 'channel', 'status', 'handlingLevel', 'gridId', 'createdById', 'contactName', 'contactPhone', 'acceptDueAt', 'dueAt', 'createdAt'];
  const started = Date.now();
  for (let done = 0; done < rows; ) {
    await db.transaction(async (tx) => {
      for (let s = 0; s < 25 && done < rows; s++) {
        const n = Math.min(perStatement, rows - done);
        const values: unknown[] = [];
        for (let i = 0; i < n; i++) {
          const at = new Date(Date.UTC(2026, 0, 1) + ((done + i) % 300) * 86_400_000);
          values.push(`${tag}-${done + i}`, '帮老人买菜、取药', categoryId, 'ROUTINE', 'HOTLINE', 'CLOSED', 'COMMUNITY', grid.id, createdById, '王秀英', '13812345678', at, at, at);
        }
        const row = `(${columns.map(() => '?').join(', ')})`;
        await tx.query(`INSERT INTO demand (${columns.join(', ')}) VALUES ${Array.from({ length: n }, () => row).join(', ')}`, values.map(bindable));
        done += n;
      }
    });
    if (done % 100_000 < perStatement * 25) process.stdout.write(`\rseeding ${tag}: ${done.toLocaleString('en')} / ${rows.toLocaleString('en')} demands (${Math.round((Date.now() - started) / 1000)} s)`);
  }
  process.stdout.write('\n');
  return chain[0].id;
}

/** better-sqlite3 binds no Date: it gets the text TypeORM stores; mysql2 formats Dates itself. */
let sqlite = true;
function bindable(v: unknown): unknown {
  return v instanceof Date && sqlite ? v.toISOString().replace('T', ' ').replace('Z', '') : v;
}

/**
 * Downloads the export, discarding the bytes, and samples memory every 100 ms while it streams:
 * the heap after a full collection (what is really held, not garbage waiting for the collector)
 * and the resident set.
 */
async function measure(url: string): Promise<{ lines: number; seconds: number; heapGrowthMb: number; rssGrowthMb: number }> {
  global.gc?.();
  const before = process.memoryUsage();
  let peakHeap = before.heapUsed;
  let peakRss = before.rss;
  if (!global.gc) throw new Error('run with --expose-gc (npm run bench:export does)');
  const sampler = setInterval(() => {
    global.gc!();
    const now = process.memoryUsage();
    peakHeap = Math.max(peakHeap, now.heapUsed);
    peakRss = Math.max(peakRss, now.rss);
  }, 100);
  const started = Date.now();
  let lines = 0;
  const res = await fetch(url);
  if (res.status !== 200) throw new Error(`export answered ${res.status}: ${await res.text()}`);
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) for (const byte of chunk) if (byte === 10) lines += 1;
  clearInterval(sampler);
  const mb = (n: number) => n / 1024 / 1024;
  return { lines: lines - 1, seconds: (Date.now() - started) / 1000, heapGrowthMb: mb(peakHeap - before.heapUsed), rssGrowthMb: mb(peakRss - before.rss) };
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
