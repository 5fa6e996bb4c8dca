import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { DEMAND_CREATE, categoryId, createWorld, type World } from '../support/demand-factories';
import { Console } from '../support/feed-client';
import { harness, testEnv } from '../support/harness';
import { EXIT_WITHIN_MS, freePort, listening, running, start, stop, within, type Started } from '../support/processes';
import { redisAnswers, TEST_REDIS_URL } from '../support/redis';

const LOGIN = `mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { token userErrors { code } } }`;
const position = (cursor: string) => Number(Buffer.from(cursor, 'base64url').toString().split(':')[1]);

interface Server {
  process: Started;
  http: string;
  ws: string;
}

/**
 * Two real API processes on one MariaDB and one Redis, as a command center deploys them behind a
 * load balancer. Polling is off (FEED_POLL_MS one hour): whatever crosses processes goes through
 * Redis or through the database on reconnect, nothing else.
 */
describe('several API processes on MariaDB and Redis', function () {
  this.timeout(180_000);
  let w: World;
  let a: Server;
  let b: Server;
  const consoles: Console[] = [];
  const dirs: string[] = [];

  const launch = async (): Promise<Server> => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-proc-'));
    dirs.push(dir);
    const port = await freePort();
    const env = testEnv(dir, { PORT: String(port), REDIS_URL: TEST_REDIS_URL, FEED_POLL_MS: '3600000', SWEEP_INTERVAL_MS: '3600000' });
    const s = start('src/index.ts', env);
    await within(listening(s), EXIT_WITHIN_MS, 'the server to listen', s);
    return { process: s, http: `http://127.0.0.1:${port}/graphql`, ws: `ws://127.0.0.1:${port}/graphql` };
  };

  /** demandCreate against one process; null when that process is gone (connection refused or cut). */
  const placeOn = async (server: Server, token: string, title: string): Promise<string | null> => {
    try {
      const res = await fetch(server.http, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: DEMAND_CREATE, variables: { input: { categoryId: await categoryId(), title, gridId: w.gridA.id } } }),
      });
      const body = (await res.json()) as { data?: { demandCreate: { demand: { id: string } | null } } };
      return body.data?.demandCreate.demand?.id ?? null;
    } catch {
      return null;
    }
  };

  before(async function () {
    if (harness().config.database.kind !== 'mysql') {
      // The embedded SQLite belongs to one process; CI runs this spec in its MariaDB pass.
      return this.skip();
    }
    if (!(await redisAnswers())) {
      if (process.env.CI) throw new Error(`CI needs Redis at ${TEST_REDIS_URL}`);
      return this.skip();
    }
    w = await createWorld(0);
    [a, b] = await Promise.all([launch(), launch()]);
  });
  afterEach(async () => {
    await Promise.all(consoles.splice(0).map((c) => c.close()));
  });
  after(async () => {
    for (const s of [a, b]) if (s) await stop(s.process, 'SIGTERM').catch(() => undefined);
    for (const child of running) child.kill('SIGKILL');
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a console on B hears at once what a mutation on A caused', async () => {
    // given a console on B that has heard one event (so it is live on B's feed)
    const onB = new Console(w.streetDispatcherA.token, b.ws);
    consoles.push(onB);
    await onB.watch(w.A.id, undefined, { registered: false });
    let first: string | null = null;
    // (until B has registered the subscription, an event may pass it by: place again until one arrives)
    for (let i = 0; i < 50 && onB.events.length === 0; i++) {
      first = await placeOn(a, w.resident.token, `first ${i}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await onB.until(() => onB.events.length >= 1, 'a first event on B');
    const heard = onB.events.length;
    // when a demand is placed on A
    const placed = await placeOn(a, w.resident.token, 'placed on A');
    // then B delivers it, with polling off: Redis carried the news
    await onB.until(() => onB.events.length > heard, 'the event on B');
    expect(onB.events.at(-1)!.demand.id).to.equal(placed);
    expect(first).to.not.equal(null);
  });

  it('failed sign-ins count across processes: five on A lock the username on B too', async () => {
    // given an account, and five wrong passwords spread over A and B
    const login = (server: Server, password: string) =>
      fetch(server.http, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: LOGIN, variables: { u: w.resident.username, p: password } }) }).then(
        async (res) => ((await res.json()) as { data: { login: { token: string | null; userErrors: { code: string }[] } } }).data.login,
      );
    for (const server of [a, b, a, b, a]) expect((await login(server, 'wrong password')).userErrors[0].code).to.equal('INVALID');
    // when the right password is tried on B
    const onB = await login(b, w.resident.password);
    // then B refuses it for now, as A would
    expect(onB.token).to.equal(null);
    expect(onB.userErrors[0].code).to.equal('LIMIT_EXCEEDED');
  });

  it('kill -9 of A mid-stream: the console reconnects to B with its last cursor and gets no gap and no duplicate', async () => {
    // given a console on A, live
    const onA = new Console(w.streetDispatcherA.token, a.ws);
    consoles.push(onA);
    await onA.watch(w.A.id, undefined, { registered: false });
    for (let i = 0; i < 50 && onA.events.length === 0; i++) {
      await placeOn(a, w.resident.token, `warm-up ${i}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await onA.until(() => onA.events.length >= 1, 'a first event on A');
    const from = position(onA.events[0].cursor);
    // when demands stream in through both processes and A is killed with SIGKILL in the middle
    const acknowledged: string[] = [];
    const writer = async (server: Server, n: number, tag: string) => {
      for (let i = 0; i < n; i++) {
        const id = await placeOn(server, w.resident.token, `${tag} ${i}`);
        if (id) acknowledged.push(id);
      }
    };
    const streamB = writer(b, 30, 'via B');
    await writer(a, 10, 'via A');
    const streamA = writer(a, 20, 'via A, dying');
    await new Promise((r) => setTimeout(r, 150));
    a.process.child.kill('SIGKILL');
    await Promise.all([streamA, streamB]);
    await onA.until(() => onA.closeCode !== null, 'the console to notice A is gone');
    // and the console reconnects to B with its last cursor while more arrive
    const lastCursor = onA.events.at(-1)!.cursor;
    const onB = new Console(w.streetDispatcherA.token, b.ws);
    consoles.push(onB);
    await onB.watch(w.A.id, lastCursor, { registered: false });
    await writer(b, 10, 'after');
    // then what it heard on A and then on B is exactly the log of street A from its first event on
    const logged = await eventsOfStreetA(from);
    const received = () => [...onA.events, ...onB.events].map((e) => position(e.cursor));
    await onB.until(() => received().length >= logged.length && received().at(-1) === logged.at(-1), 'the whole log', 30_000);
    expect(received()).to.deep.equal(logged);
    // and every acknowledged demand is in it
    const created = new Set([...onA.events, ...onB.events].filter((e) => e.type === 'CREATED').map((e) => e.demand.id));
    expect(acknowledged.filter((id) => !created.has(id))).to.deep.equal([]);
    // 30 through B, 10 through A before the kill and 10 after it were all answered; some of A's last 20 may have been
    expect(acknowledged.length).to.be.at.least(50);
  });

  /** The positions of street A's events from `from` on, straight from the database. */
  async function eventsOfStreetA(from: number): Promise<number[]> {
    const [street] = await harness().db.query('SELECT path FROM region WHERE code = ?', [w.A.code]);
    const rows: { id: number | string }[] = await harness().db.query(
      `SELECT e.id FROM demand_event e JOIN demand d ON d.id = e.demandId JOIN region g ON g.id = d.gridId
       WHERE e.id >= ? AND g.path LIKE ? ORDER BY e.id`,
      [from, `${street.path}%`],
    );
    return rows.map((r) => Number(r.id));
  }
});
