import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { loadConfig, type Config } from '../../src/config';
import { openDatabase } from '../../src/core/database';
import { setLogLevel } from '../../src/core/logger';
import { AccountService } from '../../src/modules/account/account.service';
import { startApp, type RunningApp } from '../../src/server/app';

export const ADMIN = { username: 'admin', password: 'admin-password-for-tests' };
export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';
export const TEST_ID_HASH_KEY = 'test-id-hash-key-that-is-long-enough-0123456789';

export interface Harness {
  app: RunningApp;
  db: DataSource;
  config: Config;
  url: string;
  wsUrl: string;
  tmpDir: string;
}

let current: Harness | undefined;

/** The server under test: started once per run, in this process, on a free port and a freshly migrated database. */
export function harness(): Harness {
  if (!current) throw new Error('test server not started (test/support/hooks.ts)');
  return current;
}

/** Test configuration: the embedded default unless DATABASE_URL points at MySQL/MariaDB. */
export function testEnv(tmpDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: tmpDir,
    JWT_SECRET: TEST_JWT_SECRET,
    ID_HASH_KEY: TEST_ID_HASH_KEY,
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    LOGIN_MAX_FAILURES: '5',
    LOGIN_LOCK_SECONDS: '60',
    // The suite sends thousands of requests from one address in a few minutes; limits.spec tests the budgets.
    RATE_LIMIT_PER_ACCOUNT: '1000000',
    RATE_LIMIT_PER_API_KEY: '1000000',
    RATE_LIMIT_PER_ADDRESS: '1000000',
    // The N+1 guards walk whole hierarchies with `first: 100` at every level (a cost of millions).
    QUERY_MAX_COST: '10000000',
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    ...extra,
  };
}

export async function startHarness(): Promise<Harness> {
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-test-'));
  const config = loadConfig(testEnv(tmpDir), []);
  // One access line per request would drown mocha's report: warnings and errors only, unless LOG_LEVEL says otherwise.
  setLogLevel(loadConfig({ LOG_LEVEL: process.env.LOG_LEVEL || 'warn' }, []).logLevel);
  await resetDatabase(config);
  const db = await openDatabase(config.database);
  await AccountService.ensureAdmin(db, config.admin);
  const app = await startApp(config, db);
  current = { app, db, config, url: app.url, wsUrl: app.url.replace(/^http/, 'ws'), tmpDir };
  return current;
}

export async function stopHarness(): Promise<void> {
  if (!current) return;
  await current.app.close();
  fs.rmSync(current.tmpDir, { recursive: true, force: true });
  current = undefined;
}

/** Drops every table of a MySQL test database so each run starts from the migrations (SQLite starts from a new file). */
async function resetDatabase(config: Config): Promise<void> {
  if (config.database.kind !== 'mysql') return;
  const db = await openDatabase(config.database, { migrate: false });
  await db.dropDatabase();
  await db.destroy();
}
