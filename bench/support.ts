/**
 * What every benchmark scenario shares: a server in this process on a fresh database, percentiles,
 * the Markdown table and the JSON report. Scenarios report ratios against a baseline measured in
 * the same run: absolute timings on a shared 2-core machine are noise, ratios are not.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { loadConfig, type Config } from '../src/config';
import { openDatabase } from '../src/core/database';
import { redirectLogs } from '../src/core/logger';
import { Account } from '../src/modules/account/account.entity';
import type { Role } from '../src/modules/account/role';
import { Region, RegionLevel } from '../src/modules/region/region.entity';
import { TokenService, loadJwtKey } from '../src/server/auth';
import { startApp, type RunningApp } from '../src/server/app';

export const RESULTS_DIR = path.join(__dirname, 'results');

/**
 * The in-process server logs as in production (info: an access line per request), but to /dev/null:
 * the benchmark pays what a server pays for its logs, and its report on stdout stays readable.
 */
export function discardLogs(): void {
  redirectLogs(pino.destination({ dest: '/dev/null', sync: true }));
}

/** One measured figure against its target. */
export interface Row {
  scenario: string;
  measure: string;
  value: number | string;
  unit: string;
  /** e.g. "≤ 2×", "< 10 ms"; empty when the row is context, not a target. */
  target: string;
  met: boolean | null;
}

export interface BenchServer {
  app: RunningApp;
  db: DataSource;
  config: Config;
  /** An account of the role (and scope region id), with a token, written straight to the database. */
  account(role: Role, scopeId?: number | null): Promise<{ id: number; token: string }>;
  close(): Promise<void>;
}

/**
 * The real server (startApp) in this process on a fresh database: a temporary embedded SQLite, or
 * DATABASE_URL (give it a database the benchmark may fill). The sweeper and polls are slowed so that
 * they do not land in the middle of a measurement. SQL statements are counted only when asked
 * (`COUNT_SQL_STATEMENTS: '1'`): counting costs every promise.
 */
export async function startBenchServer(extraEnv: Record<string, string> = {}): Promise<BenchServer> {
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-bench-'));
  // Production mode, as operators run it (graphql-js skips its development checks); fixed secrets
  // so that a database the benchmarks filled before opens again.
  const env = {
    NODE_ENV: 'production',
    JWT_SECRET: 'bench-secret-that-is-long-enough-for-hs256-0123456789',
    ID_HASH_KEY: 'bench-id-hash-key-that-is-long-enough-0123456789',
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: tmpDir,
    DATABASE_URL: process.env.DATABASE_URL ?? '',
    REDIS_URL: process.env.REDIS_URL ?? '',
    SWEEP_INTERVAL_MS: '3600000',
    FEED_POLL_MS: '3600000',
    TOKEN_TTL_SECONDS: String(24 * 3600),
    // Load generators send far more than any caller may; nested walks ask for whole hierarchies.
    RATE_LIMIT_PER_ACCOUNT: '0',
    RATE_LIMIT_PER_API_KEY: '0',
    RATE_LIMIT_PER_ADDRESS: '0',
    QUERY_MAX_COST: '1000000000',
    ...extraEnv,
  };
  const config = loadConfig(env, []);
  const db = await openDatabase(config.database);
  discardLogs();
  const app = await startApp(config, db);
  const tokens = new TokenService(loadJwtKey(config), config.tokenTtlSeconds);
  let n = 0;
  return {
    app,
    db,
    config,
    async account(role, scopeId = null) {
      const username = `bench-${process.pid}-${Date.now().toString(36)}-${n++}`;
      const saved = await db.getRepository(Account).save({ username, passwordHash: 'x', role, scopeId });
      const { token } = await tokens.sign(saved);
      return { id: saved.id, token };
    },
    async close() {
      await app.close();
      fs.rmSync(tmpDir, { recursive: true, force: true });
    },
  };
}

/** Nearest-rank percentile of unsorted numbers (p in 0..100). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** `--name value` from the command line. */
export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i !== -1 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

export function markdown(rows: Row[]): string {
  const lines = ['| scenario | measure | value | target | met |', '| --- | --- | ---: | --- | --- |'];
  for (const r of rows) {
    const value = typeof r.value === 'number' ? `${r.value.toLocaleString('en', { maximumFractionDigits: 2 })}${r.unit ? ` ${r.unit}` : ''}` : r.value;
    lines.push(`| ${r.scenario} | ${r.measure} | ${value} | ${r.target} | ${r.met === null ? '' : r.met ? 'met' : 'MISSED'} |`);
  }
  return lines.join('\n');
}

/** Prints the table and writes bench/results/<name>.json with the machine it ran on. */
export function report(name: string, rows: Row[], details: Record<string, unknown> = {}): void {
  console.log(`\n${markdown(rows)}\n`);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const machine = { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGb: round(os.totalmem() / 2 ** 30, 1), node: process.version, platform: `${os.type()} ${os.release()}` };
  const file = path.join(RESULTS_DIR, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), database: process.env.DATABASE_URL ? 'mysql' : 'sqlite', machine, rows, details }, null, 2));
  console.log(`written ${path.relative(process.cwd(), file)}`);
}

/** A progress line on stderr, rewritten in place. */
export function progress(label: string, done: number, total: number): void {
  if (!process.stderr.isTTY && done !== total && done % Math.max(1, Math.floor(total / 20)) !== 0) return;
  const width = 30;
  const filled = Math.round((done / Math.max(total, 1)) * width);
  process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done.toLocaleString('en')}/${total.toLocaleString('en')}${done === total ? '\n' : ''}`);
}

/** District → street → community → grid written directly (codes `<tag>-<LEVEL>`), top down. */
export async function seedRegionChain(db: DataSource, tag: string): Promise<Region[]> {
  const chain: Region[] = [];
  for (const level of [RegionLevel.DISTRICT, RegionLevel.STREET, RegionLevel.COMMUNITY, RegionLevel.GRID]) {
    const parent = chain.at(-1);
    const region: Region = await db.getRepository(Region).save({ code: `${tag}-${level}`, name: `${tag} ${level}`, level, parentId: parent?.id ?? null, path: 'pending' });
    region.path = `${parent?.path ?? '/'}${region.id}/`;
    await db.getRepository(Region).update({ id: region.id }, { path: region.path });
    chain.push(region);
  }
  return chain;
}

/** The MariaDB server's process when it runs on this machine (its CPU is read around a phase); null otherwise. */
export function mariadbPid(): number | null {
  const host = new URL(process.env.DATABASE_URL!).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) return null;
  for (const name of ['mariadbd', 'mysqld']) {
    try {
      const pid = Number(execFileSync('pidof', ['-s', name], { encoding: 'utf8' }).trim());
      if (pid > 0) return pid;
    } catch {
      // not running under this name
    }
  }
  return null;
}

/** user + system CPU of a process in ms (Linux /proc; clock ticks are 10 ms). */
export function processCpuMs(pid: number | null): number | null {
  if (pid === null) return null;
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}
