import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { EXIT_WITHIN_MS, ROOT as root, freePort, listening, running, start, stop, within, type Exit } from '../support/processes';

const migrationFiles = fs.readdirSync(path.join(root, 'migrations')).filter((f) => /\.(ts|js)$/.test(f));

// better-sqlite3 ships no types; only these two calls are needed to look inside the file the server wrote.
const Sqlite: new (file: string, options?: { readonly?: boolean; fileMustExist?: boolean }) => {
  prepare(sql: string): { all(): Record<string, unknown>[] };
  close(): void;
} = require('better-sqlite3');

interface Run extends Exit {
  stdout: string;
  stderr: string;
}

/** Runs an entry point that is expected to stop on its own; killed if it does not within the bound. */
async function runToExit(entry: string, env: Record<string, string>, args: string[] = []): Promise<Run> {
  const s = start(entry, env, args);
  try {
    const exit = await within(s.exited, EXIT_WITHIN_MS, `${entry} to exit`, s);
    return { ...exit, ...s.out };
  } finally {
    await stop(s).catch(() => undefined);
  }
}

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'vg-start-'));

/** Exit code 1 and stderr exactly one non-empty line, matching `pattern`, without a stack trace. */
function expectOneLine(run: Run, pattern: RegExp) {
  expect(run.code, `exit code; stderr: ${run.stderr}`).to.equal(1);
  expect(run.stderr).not.to.match(/^\s+at /m);
  const lines = run.stderr.replace(/\n$/, '').split('\n');
  expect(lines, run.stderr).to.have.length(1);
  expect(lines[0].trim()).not.to.equal('');
  expect(lines[0]).to.match(pattern);
}

describe('start-up (the real server process)', function () {
  this.timeout(60_000);

  afterEach(() => {
    for (const child of running) child.kill('SIGKILL');
  });

  it('on a fresh data directory: migrates the embedded SQLite, keeps a JWT secret, serves /healthz and GraphQL, stops on SIGTERM', async () => {
    // given an empty DATA_DIR and no DATABASE_URL
    const dataDir = tempDir();
    const port = await freePort();
    const server = start('src/index.ts', { DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' });
    try {
      // when
      await within(listening(server), EXIT_WITHIN_MS, 'the server to listen', server);
      // then it answers on the port it was given
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).to.equal(200);
      expect(await health.json()).to.deep.equal({ status: 'ok' });
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(res.status).to.equal(200);
      expect(await res.json()).to.deep.equal({ data: { __typename: 'Query' } });
      expect(fs.readFileSync(path.join(dataDir, 'jwt-secret'), 'utf8').trim().length).to.be.at.least(32);
      // and it stops cleanly on SIGTERM
      expect(await stop(server, 'SIGTERM')).to.deep.equal({ code: 0, signal: null });
      expect(server.out.stderr).to.equal('');
      // and the embedded database under DATA_DIR has every migration applied
      const db = new Sqlite(path.join(dataDir, 'volunteer-grid.sqlite'), { readonly: true, fileMustExist: true });
      try {
        expect(db.prepare('SELECT name FROM schema_migration').all()).to.have.length(migrationFiles.length);
        const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all().map((r) => r.name);
        expect(tables).to.include.members(['region', 'account']);
      } finally {
        db.close();
      }
    } finally {
      await stop(server).catch(() => undefined);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  const refusals: [string, Record<string, string>, string[], RegExp][] = [
    ['a malformed DATABASE_URL', { DATABASE_URL: 'not a url' }, [], /^volunteer-grid: DATABASE_URL is not a valid URL/],
    ['an unsupported DATABASE_URL', { DATABASE_URL: 'postgres://x@y/z' }, [], /^volunteer-grid: DATABASE_URL scheme "postgres:" is not supported/],
    ['an unreachable database', { DATABASE_URL: 'mysql://root@127.0.0.1:1/nope' }, [], /^volunteer-grid: cannot connect to database mysql:\/\/root@127\.0\.0\.1:1\/nope: .*ECONNREFUSED/],
    ['an unreachable Redis', { REDIS_URL: 'redis://127.0.0.1:1' }, [], /^volunteer-grid: cannot reach Redis at redis:\/\/127\.0\.0\.1:1/],
    ['production without JWT_SECRET', { NODE_ENV: 'production' }, [], /^volunteer-grid: JWT_SECRET must be set when NODE_ENV=production$/],
    ['production without ID_HASH_KEY', { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }, [], /^volunteer-grid: ID_HASH_KEY must be set when NODE_ENV=production/],
    ['a TIME_ZONE that does not exist', { TIME_ZONE: 'Mars/Olympus' }, [], /^volunteer-grid: TIME_ZONE "Mars\/Olympus" is not an IANA time zone/],
  ];
  for (const [what, env, args, pattern] of refusals) {
    it(`stops with exit code 1 and one clear line on ${what}`, async () => {
      const dataDir = tempDir();
      try {
        expectOneLine(await runToExit('src/index.ts', { DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: String(await freePort()), ...env }, args), pattern);
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });
  }

  it('keeps a generated ID hash key, and refuses to start on a database registered under another key', async () => {
    // given a server that started once on a fresh data directory (so the database records its key)
    const dataDir = tempDir();
    try {
      const first = start('src/index.ts', { DATA_DIR: dataDir, PORT: String(await freePort()), HOST: '127.0.0.1' });
      await within(listening(first), EXIT_WITHIN_MS, 'the server to listen', first);
      expect(await stop(first, 'SIGTERM')).to.deep.equal({ code: 0, signal: null });
      expect(fs.readFileSync(path.join(dataDir, 'id-hash-key'), 'utf8').trim().length).to.be.at.least(32);
      // when it starts again with a different ID_HASH_KEY
      const run = await runToExit('src/index.ts', { DATA_DIR: dataDir, PORT: String(await freePort()), HOST: '127.0.0.1', ID_HASH_KEY: 'another-key-of-at-least-32-characters!!' });
      // then it refuses, because duplicates of ID numbers would silently go unnoticed
      expectOneLine(run, /^volunteer-grid: ID_HASH_KEY is not the key this database registered volunteers with/);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses --demo in production with one line, before touching the database', async () => {
    const dataDir = tempDir();
    try {
      const env = { DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: String(await freePort()), NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), ID_HASH_KEY: 'k'.repeat(40) };
      expectOneLine(await runToExit('src/index.ts', env, ['--demo']), /^volunteer-grid: --demo is refused when NODE_ENV=production$/);
      expect(fs.readdirSync(dataDir)).to.deep.equal([]);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('npm run seed:demo is refused in production with one line and writes nothing', async () => {
    const dataDir = tempDir();
    try {
      const run = await runToExit('src/cli/seed-demo.ts', { DATA_DIR: dataDir, NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), ID_HASH_KEY: 'k'.repeat(40) });
      expectOneLine(run, /^seed:demo: the demo city is refused when NODE_ENV=production$/);
      expect(run.stdout).to.equal('');
      expect(fs.readdirSync(dataDir)).to.deep.equal([]);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
