import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { DEMAND_CREATE, categoryId, createWorld, type World } from '../support/demand-factories';
import { Console } from '../support/feed-client';
import { uniqueCode } from '../support/factories';
import { harness, testEnv } from '../support/harness';
import { EXIT_WITHIN_MS, freePort, listening, running, start, stop, within, type Started } from '../support/processes';
import { redisAnswers, TEST_REDIS_URL } from '../support/redis';
import { TcpProxy } from '../support/tcp-proxy';

interface Server {
  process: Started;
  base: string;
  ws: string;
}

interface Answer {
  status: number;
  retryAfter: string | null;
  demandId: string | null;
  code: string | null;
  retryable: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const run = promisify(execFile);

/**
 * CI (root, MariaDB on this machine) restarts the real mariadbd: FAULTS_RESTART_MARIADB=1. Elsewhere
 * (a developer's database, a managed one) the server reaches MariaDB through a relay that is cut.
 */
const RESTART_MARIADB = process.env.FAULTS_RESTART_MARIADB === '1';

async function until(what: string, check: () => Promise<boolean>, ms = 90_000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(200)) if (await check()) return;
  throw new Error(`timed out waiting for ${what}`);
}
const succeeds = (file: string, args: string[]) => run(file, args).then(() => true, () => false);

/** Stops mariadbd and waits for the process to be gone. */
async function stopMariadb(): Promise<void> {
  await run('mariadb-admin', ['-h127.0.0.1', '-P3306', '-uroot', 'shutdown']);
  await until('mariadbd to exit', async () => !(await succeeds('pidof', ['mariadbd'])));
}

/** Starts mariadbd as .ci/run does (a no-op when it runs) and waits until it answers. */
async function startMariadb(): Promise<void> {
  await run('start-stop-daemon', ['--start', '--oknodo', '--background', '--exec', '/usr/sbin/mariadbd', '--', '--user=mysql']);
  await until('MariaDB to answer', () => succeeds('mariadb', ['-h127.0.0.1', '-P3306', '-uroot', '--connect-timeout=2', '-e', 'SELECT 1']));
}

/**
 * Faults a command center meets in production, on real server processes: MariaDB going away and
 * coming back under a stream of writes, and Redis going away between two processes. CI restarts the
 * real mariadbd (FAULTS_RESTART_MARIADB); otherwise, and always for Redis, the service is reached
 * through a TCP relay the test cuts and restores — from the server's side the same event
 * (connections reset, then refused, then accepted again). MariaDB pass only: the embedded SQLite
 * has no server to lose.
 */
describe('faults: the database and Redis go away and come back', function () {
  this.timeout(240_000);
  let w: World;
  const dirs: string[] = [];
  const proxies: TcpProxy[] = [];

  before(async function () {
    if (harness().config.database.kind !== 'mysql') return this.skip();
    if (!(await redisAnswers())) {
      if (process.env.CI) throw new Error(`CI needs Redis at ${TEST_REDIS_URL}`);
      return this.skip();
    }
    w = await createWorld(0);
  });
  after(async () => {
    if (RESTART_MARIADB) await startMariadb(); // whatever happened in the test, the rest of the suite needs it
    for (const child of running) child.kill('SIGKILL');
    for (const p of proxies) await p.stop();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  const relay = async (url: string, fallbackPort: number): Promise<{ proxy: TcpProxy; url: string }> => {
    const target = new URL(url);
    const proxy = new TcpProxy(target.hostname, Number(target.port || fallbackPort));
    proxies.push(proxy);
    target.port = String(await proxy.start());
    target.hostname = '127.0.0.1';
    return { proxy, url: target.toString() };
  };

  const launch = async (extra: Record<string, string>): Promise<Server> => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-fault-'));
    dirs.push(dir);
    const port = await freePort();
    const s = start('src/index.ts', testEnv(dir, { PORT: String(port), SWEEP_INTERVAL_MS: '3600000', ...extra }));
    await within(listening(s), EXIT_WITHIN_MS, 'the server to listen', s);
    return { process: s, base: `http://127.0.0.1:${port}`, ws: `ws://127.0.0.1:${port}/graphql` };
  };

  /** One demandCreate with an idempotency key; a refused connection counts as an answer with status 0. */
  const place = async (server: Server, key: string): Promise<Answer> => {
    try {
      const res = await fetch(`${server.base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${w.resident.token}` },
        body: JSON.stringify({ query: DEMAND_CREATE, variables: { input: { categoryId: await categoryId(), title: `故障演练 ${key}`, gridId: w.gridA.id, idempotencyKey: key } } }),
        signal: AbortSignal.timeout(30_000),
      });
      const body = (await res.json()) as { data?: { demandCreate: { demand: { id: string } | null } | null }; errors?: { extensions?: { code?: string; retryable?: boolean } }[] };
      const error = body.errors?.[0]?.extensions;
      return { status: res.status, retryAfter: res.headers.get('retry-after'), demandId: body.data?.demandCreate?.demand?.id ?? null, code: error?.code ?? null, retryable: error?.retryable === true };
    } catch {
      return { status: 0, retryAfter: null, demandId: null, code: null, retryable: false };
    }
  };

  const readiness = async (server: Server) => {
    const res = await fetch(`${server.base}/readyz`, { signal: AbortSignal.timeout(10_000) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it(`MariaDB ${RESTART_MARIADB ? 'restarts' : 'goes away (a relay cut) and comes back'} during a stream of demandCreate: clear retryable errors meanwhile, /readyz says so, the server recovers by itself, and every acknowledged demand is there`, async () => {
    // given a server that reaches MariaDB through a relay, and four clients placing demands, each
    // retrying a refused request with the same idempotency key as a careful client does
    const db = RESTART_MARIADB
      ? { url: process.env.DATABASE_URL!, proxy: { cut: stopMariadb, restore: startMariadb } }
      : await relay(process.env.DATABASE_URL!, 3306);
    const server = await launch({ DATABASE_URL: db.url });
    const acknowledged = new Map<string, string>();
    const refusals: Answer[] = [];
    let stopping = false;
    const client = async (n: number) => {
      for (let i = 0; !stopping; i++) {
        const key = uniqueCode(`fault${n}-${i}-`);
        for (;;) {
          const answer = await place(server, key);
          if (answer.demandId) {
            acknowledged.set(key, answer.demandId);
            break;
          }
          refusals.push(answer);
          if (stopping) break;
          await sleep(200);
        }
      }
    };
    const clients = [0, 1, 2, 3].map(client);
    while (acknowledged.size < 20) await sleep(50);

    // when MariaDB goes away for a few seconds
    await db.proxy.cut();
    const down = await readiness(server);
    const ackedBefore = acknowledged.size;
    await sleep(RESTART_MARIADB ? 1000 : 3000);
    const stillDown = await readiness(server);
    await db.proxy.restore();
    // then the server recovers by itself: ready again, and demands are acknowledged again
    let ready = await readiness(server);
    for (let i = 0; i < 100 && ready.status !== 200; i++) {
      await sleep(200);
      ready = await readiness(server);
    }
    const ackedAtRestore = acknowledged.size;
    while (acknowledged.size < ackedAtRestore + 20) await sleep(50);
    stopping = true;
    await Promise.all(clients);

    // /readyz reported the outage while it lasted
    expect(down.status, JSON.stringify(down.body)).to.equal(503);
    expect(stillDown.status).to.equal(503);
    expect(stillDown.body).to.include({ database: 'down' });
    expect(ready.status, JSON.stringify(ready.body)).to.equal(200);
    // callers got a clear retryable error, never a masked internal one
    expect(refusals.length, 'requests refused during the outage').to.be.above(0);
    for (const r of refusals) {
      expect(r, JSON.stringify(r)).to.deep.include({ status: 503, code: 'SERVICE_UNAVAILABLE', retryable: true });
      expect(Number(r.retryAfter)).to.be.above(0);
    }
    expect(acknowledged.size).to.be.at.least(ackedBefore + 20);
    // and every acknowledged demand is in the database, once per idempotency key
    const keys = [...acknowledged.keys()];
    const rows: { id: number; idempotencyKey: string }[] = await harness().db.query(
      `SELECT id, idempotencyKey FROM demand WHERE idempotencyKey IN (${keys.map(() => '?').join(', ')})`,
      keys,
    );
    expect(rows.length).to.equal(keys.length);
    const stored = new Map(rows.map((r) => [r.idempotencyKey, Buffer.from(`Demand:${r.id}`).toString('base64url')]));
    for (const [key, id] of acknowledged) expect(stored.get(key), key).to.equal(id);
    await stop(server.process, 'SIGTERM');
  });

  it('Redis goes away: both processes keep serving, and a console on the other process catches up by its cursor once Redis is back', async () => {
    // given two processes on MariaDB that hear of each other's writes only through Redis (polling off)
    const redis = await relay(TEST_REDIS_URL, 6379);
    const env = { REDIS_URL: redis.url, FEED_POLL_MS: '3600000' };
    const [a, b] = await Promise.all([launch(env), launch(env)]);
    const onB = new Console(w.streetDispatcherA.token, b.ws);
    try {
      await onB.watch(w.A.id, undefined, { registered: false });
      for (let i = 0; i < 50 && onB.events.length === 0; i++) {
        await place(a, uniqueCode('warm'));
        await sleep(100);
      }
      await onB.until(() => onB.events.length >= 1, 'a first event on B');
      const lastCursor = onB.events.at(-1)!.cursor;

      // when Redis goes away
      await redis.proxy.cut();
      // then both processes keep answering, and say Redis is down without calling themselves unready
      const during: string[] = [];
      for (let i = 0; i < 5; i++) {
        const answer = await place(i % 2 ? b : a, uniqueCode('no-redis'));
        expect(answer, JSON.stringify(answer)).to.deep.include({ status: 200 });
        during.push(answer.demandId!);
      }
      const ready = await readiness(a);
      expect(ready.status).to.equal(200);
      expect(ready.body).to.include({ redis: 'down' });

      // and when Redis is back, the console that stayed on B catches up without any new write
      await redis.proxy.restore();
      await onB.until(() => during.every((id) => onB.events.some((e) => e.type === 'CREATED' && e.demand.id === id)), 'B to read the log once Redis is back', 30_000);
      // and a console that reconnects to B with its last cursor from before the outage gets exactly what it missed
      const again = new Console(w.streetDispatcherA.token, b.ws);
      try {
        await again.watch(w.A.id, lastCursor, { registered: false });
        await again.until(() => during.every((id) => again.events.some((e) => e.type === 'CREATED' && e.demand.id === id)), 'the demands placed while Redis was away');
        const ids = again.events.map((e) => e.id);
        expect(new Set(ids).size, 'no duplicate').to.equal(ids.length);
        // and live delivery across processes works again: a demand placed on A reaches B through Redis
        let latest: string | null = null;
        for (let i = 0; i < 50; i++) {
          latest = (await place(a, uniqueCode('after'))).demandId;
          await sleep(200);
          if (onB.events.some((e) => e.demand.id === latest)) break;
        }
        await onB.until(() => onB.events.some((e) => e.demand.id === latest), 'live delivery through Redis again', 30_000);
      } finally {
        await again.close();
      }
    } finally {
      await onB.close();
      await Promise.all([stop(a.process, 'SIGTERM'), stop(b.process, 'SIGTERM')]);
    }
  });
});
