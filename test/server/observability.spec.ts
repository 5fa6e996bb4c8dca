import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import express from 'express';
import { loadConfig } from '../../src/config';
import { openDatabase } from '../../src/core/database';
import { LocalEventBus, RedisEventBus } from '../../src/core/event-bus';
import { logger } from '../../src/core/logger';
import { fromGlobalId } from '../../src/core/relay';
import { Readiness } from '../../src/server/observability/health';
import { Metrics } from '../../src/server/observability/metrics';
import { observabilityRoutes } from '../../src/server/observability/routes';
import { asAdmin, gql } from '../support/client';
import { DEMAND_CREATE, categoryId, createWorld, type World } from '../support/demand-factories';
import { createAccount, uniqueCode } from '../support/factories';
import { Console } from '../support/feed-client';
import { harness, TEST_ID_HASH_KEY, TEST_JWT_SECRET } from '../support/harness';
import { captureLogs, type CapturedLogs } from '../support/logs';
import { redisAnswers, TEST_REDIS_URL } from '../support/redis';
import { VOLUNTEER_REGISTER, uniqueResidentId } from '../support/volunteer-factories';

const base = () => harness().url.replace(/\/graphql$/, '');
const accountNumber = (globalId: string) => fromGlobalId(globalId, ['Account'])!.id;

/** One GraphQL request with the headers a console or a proxy sends. */
async function post(query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await fetch(harness().url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return { res, body: (await res.json()) as any };
}

/** `/metrics` parsed into `name{labels}` → value. */
async function scrape(): Promise<Map<string, number>> {
  const res = await fetch(`${base()}/metrics`);
  expect(res.status).to.equal(200);
  expect(res.headers.get('content-type')).to.match(/^text\/plain/);
  const samples = new Map<string, number>();
  for (const line of (await res.text()).split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (m) samples.set(m[1], Number(m[2]));
  }
  return samples;
}

const sample = (samples: Map<string, number>, key: string) => samples.get(key) ?? 0;

describe('observability', () => {
  describe('/healthz and /readyz', () => {
    it('/healthz says the process is alive; /readyz that the database answers with every migration applied, Redis reported', async () => {
      const health = await fetch(`${base()}/healthz`);
      expect(health.status).to.equal(200);
      expect(await health.json()).to.deep.equal({ status: 'ok' });
      const ready = await fetch(`${base()}/readyz`);
      expect(ready.status).to.equal(200);
      expect(await ready.json()).to.deep.equal({ status: 'ready', database: 'up', migrations: 'applied', redis: 'not configured' });
    });

    it('/readyz answers 503 with the reason while the process drains; /healthz stays 200', async () => {
      const { readiness } = harness().app;
      readiness.draining = true;
      try {
        const ready = await fetch(`${base()}/readyz`);
        expect(ready.status).to.equal(503);
        expect(await ready.json()).to.deep.include({ status: 'unready', reason: 'draining: the process is shutting down' });
        expect((await fetch(`${base()}/healthz`)).status).to.equal(200);
      } finally {
        readiness.draining = false;
      }
    });

    describe('readiness of a database of its own', () => {
      let dir: string;
      beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-ready-'))));
      afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
      const open = () => openDatabase({ kind: 'sqlite', file: path.join(dir, 'ready.sqlite') });

      it('is unready with "database unavailable" once the database is gone', async () => {
        const db = await open();
        await db.destroy();
        const report = await new Readiness(db, new LocalEventBus()).check();
        expect(report).to.deep.equal({ ready: false, body: { status: 'unready', reason: 'database unavailable', database: 'down', redis: 'not configured' } });
      });

      it('is unready while a migration this code knows is not applied', async () => {
        const db = await open();
        try {
          await db.query('DELETE FROM schema_migration WHERE id = (SELECT MAX(id) FROM schema_migration)');
          const report = await new Readiness(db, new LocalEventBus()).check();
          expect(report.ready).to.equal(false);
          expect(report.body).to.deep.include({ reason: 'database migrations pending', migrations: 'pending' });
        } finally {
          await db.destroy();
        }
      });

      it('stays ready when Redis is down, and says so', async () => {
        const db = await open();
        const bus = new RedisEventBus('redis://127.0.0.1:1');
        try {
          const report = await new Readiness(db, bus).check();
          expect(report).to.deep.equal({ ready: true, body: { status: 'ready', database: 'up', migrations: 'applied', redis: 'down' } });
        } finally {
          await bus.close();
          await db.destroy();
        }
      });

      it('reports Redis up when it answers', async function () {
        if (!(await redisAnswers())) return this.skip();
        const db = await open();
        const bus = new RedisEventBus(TEST_REDIS_URL);
        try {
          await bus.ready();
          expect((await new Readiness(db, bus).check()).body.redis).to.equal('up');
        } finally {
          await bus.close();
          await db.destroy();
        }
      });
    });
  });

  describe('request ids', () => {
    it('keeps a well-formed X-Request-Id, replaces a malformed one and makes one when there is none', async () => {
      const kept = await fetch(`${base()}/healthz`, { headers: { 'x-request-id': 'lb-7f3a.42:1' } });
      expect(kept.headers.get('x-request-id')).to.equal('lb-7f3a.42:1');
      for (const malformed of ['has spaces in it', 'x'.repeat(65), '<script>', '']) {
        const res = await fetch(`${base()}/healthz`, { headers: { 'x-request-id': malformed } });
        expect(res.headers.get('x-request-id'), malformed).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      }
      const made = await fetch(harness().url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
      expect(made.headers.get('x-request-id')).to.match(/^[0-9a-f-]{36}$/);
    });
  });

  describe('logs', () => {
    let w: World;
    let logs: CapturedLogs | null = null;
    before(async () => {
      w = await createWorld(0);
    });
    afterEach(() => {
      logs?.stop();
      logs = null;
    });

    it('carry the request id into every line of the request, one access line each, and never a password, token, phone, ID number or address', async () => {
      // given values that travel in headers and variables
      const password = `pw-${uniqueCode()}-horse-battery`;
      const phone = '13912345678';
      const { idNumber } = uniqueResidentId();
      const address = '黑龙江省哈尔滨市香坊区安康小区7栋3单元502室';
      const admin = await asAdmin();
      logs = captureLogs('debug');

      // when an account is created with a password, signs in, and is registered with phone and ID number
      const username = uniqueCode('obs');
      const created = await post(
        `mutation AccountCreate($input: AccountCreateInput!) { accountCreate(input: $input) { account { id } userErrors { code } } }`,
        { input: { username, password, role: 'VOLUNTEER', scopeId: null } },
        { authorization: `Bearer ${admin}`, 'x-request-id': 'obs-account' },
      );
      const accountId = created.body.data.accountCreate.account.id;
      const signedIn = await post(`mutation SignIn($input: LoginInput!) { login(input: $input) { token userErrors { code } } }`, { input: { username, password } }, { 'x-request-id': 'obs-login' });
      const token: string = signedIn.body.data.login.token;
      expect(token).to.be.a('string');
      const registration = { accountId, name: '观测志愿', phone, idNumber, communityId: w.A.children[0].id };
      const registered = await post(VOLUNTEER_REGISTER, { input: registration }, { authorization: `Bearer ${admin}`, 'x-request-id': 'obs-register' });
      expect(registered.body.data.volunteerRegister.userErrors).to.deep.equal([]);
      // and the same ID number is refused for someone else, and a phone arrives with the wrong type
      const other = await createAccount('VOLUNTEER');
      const refused = await post(VOLUNTEER_REGISTER, { input: { ...registration, accountId: other.id } }, { authorization: `Bearer ${admin}`, 'x-request-id': 'obs-register-again' });
      expect(refused.body.data.volunteerRegister.userErrors.map((e: { code: string }) => e.code)).to.deep.equal(['CONFLICT']);
      const mistyped = await post(VOLUNTEER_REGISTER, { input: { ...registration, phone: Number(phone) } }, { authorization: `Bearer ${admin}`, 'x-request-id': 'obs-mistyped' });
      expect(mistyped.body.errors[0].extensions.code).to.equal('BAD_USER_INPUT');
      expect(mistyped.body.errors[0].message).to.include(phone); // the caller is told; the log is not
      // and a resident reports a demand with a contact phone and an exact address
      const demand = await post(
        `mutation DemandCreate($input: DemandCreateInput!) { demandCreate(input: $input) { demand { id } userErrors { code } } }`,
        { input: { categoryId: await categoryId(), title: '帮老人买菜', gridId: w.gridA.id, contactPhone: phone, address } },
        { authorization: `Bearer ${w.resident.token}`, 'x-request-id': 'obs-demand' },
      );
      expect(demand.body.data.demandCreate.userErrors).to.deep.equal([]);
      logs.stop();

      // then none of those values is in the log
      for (const secret of [password, token, admin, w.resident.token, phone, idNumber, idNumber.slice(6, 14), address, '安康小区']) {
        expect(logs.text, `log holds "${secret}"`).not.to.include(secret);
      }
      // and each request wrote exactly one access line, with its id and nothing of the caller's input
      const lines = logs.lines;
      const of = (reqId: string) => lines.filter((l) => l.reqId === reqId);
      const access = (reqId: string) => {
        const found = of(reqId).filter((l) => l.msg === 'request');
        expect(found, `access lines of ${reqId}`).to.have.length(1);
        return found[0];
      };
      expect(access('obs-demand')).to.deep.include({ method: 'POST', path: '/graphql', status: 200, operation: 'DemandCreate', operationType: 'mutation', accountId: accountNumber(w.resident.id) });
      expect(access('obs-login')).to.deep.include({ operation: 'SignIn', accountId: null });
      expect(access('obs-register-again')).to.deep.include({ operation: null, userErrors: ['CONFLICT'] });
      expect(access('obs-mistyped')).to.deep.include({ status: 400, operationType: 'mutation' });
      const accessKeys = new Set(['level', 'time', 'pid', 'hostname', 'reqId', 'method', 'path', 'status', 'durationMs', 'operation', 'operationType', 'accountId', 'userErrors', 'msg']);
      for (const id of ['obs-account', 'obs-login', 'obs-register', 'obs-register-again', 'obs-mistyped', 'obs-demand']) {
        expect(Object.keys(access(id)).filter((k) => !accessKeys.has(k)), id).to.deep.equal([]);
      }
      // and lines written deep inside the request (the mutation boundary, after commit) carry its id too
      expect(of('obs-demand').map((l) => l.msg)).to.include('mutation committed');
      // and no line at all is without a request, connection or component to tell where it came from
      expect(lines.filter((l) => !l.reqId && !l.connId && !l.component)).to.deep.equal([]);
    });

    it('name the graphql-ws connection and operation on their lines, and keep connectionParams out', async () => {
      // given a console that authenticates through connectionParams
      logs = captureLogs('info');
      const watcher = await new Console(w.streetDispatcherA.token).watch(w.A.id);
      // when it closes
      await watcher.close();
      await waitFor(() => logs!.lines.some((l) => l.msg === 'ws closed'), 'the connection to be logged closed');
      logs.stop();
      // then its lines share one connection id and the operation's line has the operation id
      const lines = logs.lines.filter((l) => l.connId);
      const connIds = new Set(lines.map((l) => l.connId));
      expect(connIds.size).to.equal(1);
      expect(lines.map((l) => l.msg)).to.include.members(['ws connected', 'ws operation', 'ws closed']);
      const operation = lines.find((l) => l.msg === 'ws operation')!;
      expect(operation).to.deep.include({ operationType: 'subscription', accountId: accountNumber(w.streetDispatcherA.id) });
      expect(operation.opId).to.be.a('string').and.not.equal('');
      expect(logs.text).not.to.include(w.streetDispatcherA.token);
    });

    it('write an unexpected error with its type and stack, scrubbed of the values it quoted', async () => {
      // given a real driver error whose statement carried a phone number, an ID number and an address
      const { idNumber } = uniqueResidentId();
      let failure: unknown;
      try {
        await harness().db.query(`INSERT INTO no_such_table (phone, id_number, address) VALUES (?, ?, ?)`, ['13912345678', idNumber, '香坊区安康小区7栋']);
      } catch (err) {
        failure = err;
      }
      const quoting = new Error(`Duplicate entry '${idNumber}' for phone 139 1234 5678 at 香坊区安康小区, token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl`);
      // when both are logged
      logs = captureLogs('info');
      logger.error({ component: 'test', err: failure }, 'unexpected error');
      logger.error({ component: 'test', err: quoting }, 'unexpected error');
      logger.error({ component: 'test', err: quoting }); // no message: pino would make the raw one the line's
      logs.stop();
      // then the type and stack survive and no value does
      const [driver, quoted] = logs.lines.map((l) => l.err as { type: string; message: string; stack: string });
      expect(driver.type).to.equal('QueryFailedError');
      expect(driver.stack).to.match(/\n\s+at /);
      expect(driver).not.to.have.property('parameters');
      expect(quoted.stack).to.match(/\n\s+at /);
      expect(quoted.message).to.equal(`Duplicate entry '?' for phone [number] at [text], token [token]`);
      expect(logs.lines[2].msg).to.equal('error');
      for (const secret of ['13912345678', idNumber, '1234 5678', '安康小区', 'eyJhbGciOiJIUzI1NiJ9']) expect(logs.text).not.to.include(secret);
    });
  });

  describe('/metrics', () => {
    let w: World;
    before(async () => {
      w = await createWorld(0);
    });

    it('counts latency by operation, errors by code and userErrors by code, and reports the database pool and the process', async () => {
      const before = await scrape();
      // when an operation succeeds, one is refused for want of a token, and a sign-in is refused
      expect((await post('query Districts { districts { totalCount } }', {}, { authorization: `Bearer ${w.districtDispatcher.token}` })).res.status).to.equal(200);
      expect((await gql('{ districts { totalCount } }')).errors![0].extensions!.code).to.equal('UNAUTHENTICATED');
      const wrong = await post(`mutation SignIn($input: LoginInput!) { login(input: $input) { token } }`, { input: { username: w.resident.username, password: 'not-the-password' } });
      expect(wrong.body.data.login.token).to.equal(null);
      const after = await scrape();
      // then
      const count = 'vg_graphql_request_duration_seconds_count';
      expect(sample(after, `${count}{operation="Districts",type="query"}`)).to.equal(sample(before, `${count}{operation="Districts",type="query"}`) + 1);
      expect(sample(after, `${count}{operation="anonymous",type="query"}`)).to.equal(sample(before, `${count}{operation="anonymous",type="query"}`) + 1);
      expect(sample(after, 'vg_graphql_errors_total{code="UNAUTHENTICATED"}')).to.equal(sample(before, 'vg_graphql_errors_total{code="UNAUTHENTICATED"}') + 1);
      expect(sample(after, 'vg_graphql_user_errors_total{code="INVALID"}')).to.equal(sample(before, 'vg_graphql_user_errors_total{code="INVALID"}') + 1);
      if (harness().config.database.kind === 'mysql') {
        expect(after.get('vg_db_pool_connections')).to.be.at.least(1);
        expect(after.has('vg_db_pool_free_connections')).to.equal(true);
        expect(after.get('vg_db_pool_queued_requests')).to.equal(0);
      } else {
        expect(after.get('vg_db_pool_connections')).to.equal(1);
      }
      expect(after.has('process_cpu_user_seconds_total')).to.equal(true);
      expect(after.has('nodejs_eventloop_lag_seconds')).to.equal(true);
    });

    it('reports live subscriptions and connections, and events published, routed and delivered', async () => {
      // given a console watching street A
      const before = await scrape();
      const watcher = await new Console(w.streetDispatcherA.token).watch(w.A.id);
      try {
        const live = await scrape();
        expect(live.get('vg_subscriptions_active')).to.equal(sample(before, 'vg_subscriptions_active') + 1);
        expect(live.get('vg_websocket_connections_active')).to.equal(sample(before, 'vg_websocket_connections_active') + 1);
        // when a demand is created there and the console hears of it
        const created = await gql(DEMAND_CREATE, { input: { categoryId: await categoryId(), title: '帮老人买菜', gridId: w.gridA.id } }, w.resident.token);
        expect(created.data.demandCreate.userErrors).to.deep.equal([]);
        await watcher.until(() => watcher.events.length >= 1, 'the event');
        // then
        const after = await scrape();
        const feed = '{feed="demand-event"}';
        expect(after.get(`vg_events_published_total${feed}`)).to.be.at.least(sample(before, `vg_events_published_total${feed}`) + 1);
        expect(after.get(`vg_events_routed_total${feed}`)).to.be.at.least(sample(before, `vg_events_routed_total${feed}`) + 1);
        expect(after.get('vg_events_delivered_total')).to.be.at.least(sample(before, 'vg_events_delivered_total') + 1);
        expect(after.get('vg_subscription_executions_total')).to.be.at.least(sample(before, 'vg_subscription_executions_total') + 1);
      } finally {
        await watcher.close();
      }
    });

    describe('access', () => {
      const serve = async (env: Record<string, string>) => {
        const config = loadConfig({ JWT_SECRET: TEST_JWT_SECRET, ID_HASH_KEY: TEST_ID_HASH_KEY, ...env }, []);
        const none = { subscriptions: () => 0, connections: () => 0, pool: () => ({ open: 1, free: null, queued: null }), feeds: () => [], deliveries: () => ({ delivered: 0, executions: 0 }) };
        const app = express().use(observabilityRoutes(config, new Readiness(harness().db, new LocalEventBus()), new Metrics(none, 'sqlite')));
        const server = await new Promise<import('node:http').Server>((resolve) => {
          const s = app.listen(0, '127.0.0.1', () => resolve(s));
        });
        return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`, close: () => new Promise((r) => server.close(r)) };
      };

      it('with METRICS_TOKEN: only for that bearer token', async () => {
        const token = 'metrics-token-0123456789';
        const s = await serve({ METRICS_TOKEN: token });
        try {
          expect((await fetch(s.url)).status).to.equal(401);
          expect((await fetch(s.url, { headers: { authorization: 'Bearer metrics-token-012345678X' } })).status).to.equal(401);
          const ok = await fetch(s.url, { headers: { authorization: `Bearer ${token}` } });
          expect(ok.status).to.equal(200);
          expect(await ok.text()).to.include('vg_subscriptions_active 0');
        } finally {
          await s.close();
        }
      });

      it('without METRICS_TOKEN: open in development, off in production', async () => {
        const dev = await serve({});
        const prod = await serve({ NODE_ENV: 'production' });
        try {
          expect((await fetch(dev.url)).status).to.equal(200);
          expect((await fetch(prod.url)).status).to.equal(404);
        } finally {
          await dev.close();
          await prod.close();
        }
      });

      it('refuses a METRICS_TOKEN too short to be a secret, and an unknown LOG_LEVEL', () => {
        expect(() => loadConfig({ METRICS_TOKEN: 'short' }, [])).to.throw(/METRICS_TOKEN must be at least 16 characters/);
        expect(() => loadConfig({ LOG_LEVEL: 'loud' }, [])).to.throw(/LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got "loud"/);
      });
    });
  });
});

/** Waits (bounded) for a condition the server reaches on its own; the bound only keeps a broken test from hanging. */
async function waitFor(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

