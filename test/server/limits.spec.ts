import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import express from 'express';
import type { Client } from 'graphql-ws';
import { isMysql } from '../../src/core/database';
import { fromGlobalId } from '../../src/core/relay';
import { runInTransaction } from '../../src/core/transaction';
import { timeLimit } from '../../src/server/limits/http-limits';
import { RequestRateLimiter } from '../../src/server/limits/rate-limits';
import { TOO_MANY_CONNECTIONS } from '../../src/server/limits/ws-limits';
import { asAdmin, gqlOk } from '../support/client';
import { ACCOUNT_CREATE, createAccount, createRegion, uniqueCode } from '../support/factories';
import { harness } from '../support/harness';
import { postFrom, startLimitedApp, wsClientFrom, type LimitedApp } from '../support/limited-app';
import { redisAnswers, TEST_REDIS_URL } from '../support/redis';

const TYPENAME = '{ __typename }';
const PROJECTS = 'query($n: Int) { projects(first: $n) { edges { node { id } } } }';
const NOTICES = 'subscription { notices { id } }';
const VIEWER = '{ viewer { id } }';

/** Each test draws on its own per-address budget. */
let nextAddress = 10;
const freshAddress = () => `127.0.0.${nextAddress++}`;

/** The first error of a refused answer, as the client sees it. */
const firstError = (body: any) => body.errors?.[0] as { message: string; extensions: Record<string, unknown> } | undefined;

/** Runs one operation over graphql-ws: its result, or the errors it was refused with. */
function wsRun(client: Client, query: string, variables: Record<string, unknown> = {}): Promise<{ data?: any; errors?: any[] }> {
  return new Promise((resolve) => {
    let result: { data?: any; errors?: any[] } = {};
    client.subscribe(
      { query, variables },
      {
        next: (value) => (result = value as typeof result),
        error: (err) => resolve({ errors: Array.isArray(err) ? err : [{ message: String((err as Error)?.message ?? err), extensions: {} }] }),
        complete: () => resolve(result),
      },
    );
  });
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 10));
}

describe('limits', function () {
  this.timeout(60_000);

  describe('documents, body size, time and graphql-ws (a server with small limits)', () => {
    let limited: LimitedApp;
    before(async () => {
      limited = await startLimitedApp({
        QUERY_MAX_DEPTH: '6',
        QUERY_MAX_COST: '60',
        QUERY_MAX_ALIASES: '2',
        QUERY_MAX_TOKENS: '100',
        REQUEST_BODY_LIMIT_KB: '2',
        OPERATION_TIMEOUT_MS: '1000',
        WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: '2',
        WS_MAX_CONNECTIONS_PER_ACCOUNT: '2',
      });
    });
    after(async () => limited?.stop());

    const post = (body: unknown, authorization?: string) => postFrom(freshAddress(), limited.url, body, authorization);

    it('refuses a document deeper than QUERY_MAX_DEPTH, fragments included, and accepts one at the limit', async () => {
      // given a document 6 fields deep and one 7 deep (through a fragment)
      const atLimit = '{ __type(name: "Query") { fields { type { ofType { ofType { name } } } } } }';
      const over = '{ ...Deep } fragment Deep on Query { __type(name: "Query") { fields { type { ofType { ofType { ofType { name } } } } } } }';
      // when / then
      const ok = await post({ query: atLimit });
      expect(ok.status).to.equal(200);
      expect(ok.body.errors).to.equal(undefined);
      const refused = await post({ query: over });
      expect(refused.status).to.equal(400);
      expect(firstError(refused.body)).to.deep.include({ message: 'The operation is 7 fields deep; at most 6 are allowed' });
      expect(firstError(refused.body)!.extensions).to.deep.equal({ code: 'LIMIT_EXCEEDED', limit: 'DEPTH', max: 6, actual: 7 });
    });

    it('refuses an operation over QUERY_MAX_COST, counting page sizes from variables and multiplying nested lists', async () => {
      // given: projects(first: n) { edges { node { id } } } costs 2 + 2n
      const ok = await post({ query: PROJECTS, variables: { n: 29 } });
      expect(ok.status).to.equal(200);
      expect(ok.body.errors).to.equal(undefined);
      const refused = await post({ query: PROJECTS, variables: { n: 30 } });
      expect(refused.status).to.equal(400);
      expect(firstError(refused.body)!.extensions).to.deep.equal({ code: 'LIMIT_EXCEEDED', limit: 'COST', max: 60, actual: 62 });
      // and nested lists multiply: 7 projects (16) and 7 activities (9) are each cheap, 7 × 7 is not
      const nested = await post({ query: '{ projects(first: 7) { edges { node { activities(first: 7) { edges { cursor } } } } } }' });
      expect(firstError(nested.body)!.extensions).to.deep.equal({ code: 'LIMIT_EXCEEDED', limit: 'COST', max: 60, actual: 79 });
    });

    it('refuses a page size above the maximum on any list field, nested ones too, before anything runs', async () => {
      for (const query of ['{ districts(first: 101) { totalCount } }', '{ node(id: "VGVhbTox") { ... on Team { members(first: 101) { totalCount } } } }']) {
        const res = await post({ query });
        expect(res.status, query).to.equal(400);
        expect(firstError(res.body), query).to.deep.include({ message: '`first` may be at most 100' });
        expect(firstError(res.body)!.extensions, query).to.deep.equal({ code: 'LIMIT_EXCEEDED', limit: 'PAGE_SIZE', max: 100, actual: 101 });
      }
    });

    it('refuses more aliases than QUERY_MAX_ALIASES', async () => {
      const ok = await post({ query: '{ a: __typename b: __typename }' });
      expect(ok.body).to.deep.equal({ data: { a: 'Query', b: 'Query' } });
      const refused = await post({ query: '{ a: __typename b: __typename c: __typename }' });
      expect(refused.status).to.equal(400);
      expect(firstError(refused.body)!.extensions).to.deep.equal({ code: 'LIMIT_EXCEEDED', limit: 'ALIASES', max: 2, actual: 3 });
    });

    it('refuses a document of more than QUERY_MAX_TOKENS tokens', async () => {
      const withTokens = (n: number) => `{ ${'__typename '.repeat(n - 2)}}`;
      const ok = await post({ query: withTokens(100) });
      expect(ok.body).to.deep.equal({ data: { __typename: 'Query' } });
      const refused = await post({ query: withTokens(101) });
      expect(refused.status).to.equal(400);
      expect(firstError(refused.body)).to.deep.include({ message: 'The document has more than 100 tokens' });
      expect(firstError(refused.body)!.extensions).to.deep.equal({ code: 'LIMIT_EXCEEDED', limit: 'TOKENS', max: 100 });
    });

    it('answers a body over REQUEST_BODY_LIMIT_KB with 413 and LIMIT_EXCEEDED, and accepts one of exactly the limit', async () => {
      const limit = 2048;
      const bodyOf = (bytes: number) => {
        const empty = JSON.stringify({ query: TYPENAME, variables: { pad: '' } });
        return JSON.stringify({ query: TYPENAME, variables: { pad: 'x'.repeat(bytes - empty.length) } });
      };
      const ok = await post(bodyOf(limit));
      expect(ok.body).to.deep.equal({ data: { __typename: 'Query' } });
      const refused = await post(bodyOf(limit + 1));
      expect(refused.status).to.equal(413);
      expect(refused.body).to.deep.equal({
        errors: [{ message: `The request body is larger than ${limit} bytes`, extensions: { code: 'LIMIT_EXCEEDED', limit: 'BODY_SIZE', max: limit, actual: limit + 1 } }],
      });
    });

    it('answers a mutation still running at OPERATION_TIMEOUT_MS with 503 TIMEOUT and rolls it back', async () => {
      // given a region, and its row held by another transaction so that the mutation cannot finish
      const region = await createRegion();
      const db = harness().db;
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let holding!: () => void;
      const held = new Promise<void>((resolve) => (holding = resolve));
      const holder = isMysql(db)
        ? db.transaction(async (tx) => {
            await tx.query('SELECT id FROM region WHERE code = ? FOR UPDATE', [region.code]);
            holding();
            await gate;
          })
        : runInTransaction(db, async () => {
            holding();
            await gate;
          });
      await held;
      const rename = 'mutation($input: RegionUpdateInput!) { regionUpdate(input: $input) { region { name } userErrors { code } } }';
      try {
        // when the mutation runs into the time limit
        const res = await post({ query: rename, variables: { input: { id: region.id, name: 'Renamed too late' } } }, `Bearer ${await asAdmin()}`);
        // then the caller is told at once, with a code
        expect(res.status).to.equal(503);
        expect(firstError(res.body)!.extensions).to.deep.equal({ code: 'TIMEOUT', timeoutMs: 1000 });
      } finally {
        release();
        await holder;
      }
      // and once the mutation got to run, it rolled back instead of committing
      if (isMysql(db)) await db.transaction((tx) => tx.query('SELECT id FROM region WHERE code = ? FOR UPDATE', [region.code]));
      else await runInTransaction(db, async () => undefined);
      const after = await gqlOk('query($code: String!) { regionByCode(code: $code) { name } }', { code: region.code }, await asAdmin());
      expect(after.regionByCode.name).to.equal(region.name);
      // and the server serves the next mutation normally
      const next = await post({ query: rename, variables: { input: { id: region.id, name: 'Renamed in time' } } }, `Bearer ${await asAdmin()}`);
      expect(next.body.data.regionUpdate).to.deep.equal({ region: { name: 'Renamed in time' }, userErrors: [] });
    });

    describe('over graphql-ws', () => {
      let clients: Client[] = [];
      const connect = (token: string | null, closed: { code?: number; reason?: string } = {}) => {
        const client = wsClientFrom(freshAddress(), limited.wsUrl, token, closed);
        clients.push(client);
        return client;
      };
      afterEach(async () => {
        await Promise.all(clients.map((c) => c.dispose()));
        clients = [];
      });

      it('applies the same document limits, validating each distinct document once', async () => {
        const client = connect(null);
        const deep = '{ __type(name: "Query") { fields { type { ofType { ofType { ofType { name } } } } } } }';
        const documents = limited.app.fanout.documents;
        const misses = documents.misses;
        const first = await wsRun(client, deep);
        const again = await wsRun(client, deep);
        expect(first.errors?.[0].extensions).to.deep.equal({ code: 'LIMIT_EXCEEDED', limit: 'DEPTH', max: 6, actual: 7 });
        expect(again.errors?.[0].extensions).to.deep.equal(first.errors?.[0].extensions);
        expect(documents.misses - misses).to.equal(1);
        expect((await wsRun(client, PROJECTS, { n: 30 })).errors?.[0].extensions).to.deep.equal({ code: 'LIMIT_EXCEEDED', limit: 'COST', max: 60, actual: 62 });
        expect((await wsRun(client, '{ a: __typename b: __typename c: __typename }')).errors?.[0].extensions).to.include({ limit: 'ALIASES' });
        expect((await wsRun(client, `{ ${'__typename '.repeat(99)}}`)).errors?.[0].extensions).to.deep.equal({ code: 'LIMIT_EXCEEDED', limit: 'TOKENS', max: 100 });
        const atLimit = await wsRun(client, PROJECTS, { n: 29 });
        expect(atLimit.errors).to.equal(undefined);
        expect(atLimit.data.projects.edges).to.be.an('array');
      });

      it('refuses an operation beyond WS_MAX_SUBSCRIPTIONS_PER_CONNECTION; the others keep running', async () => {
        // given a connection running the maximum of two subscriptions
        const resident = await createAccount('RESIDENT');
        const closed: { code?: number } = {};
        const client = connect(resident.token, closed);
        const live = limited.app.services;
        const before = live.subscriberCount();
        const first = client.subscribe({ query: NOTICES }, { next: () => undefined, error: () => undefined, complete: () => undefined });
        client.subscribe({ query: NOTICES }, { next: () => undefined, error: () => undefined, complete: () => undefined });
        await until(() => live.subscriberCount() === before + 2);
        // when a third one is asked for
        const third = await wsRun(client, NOTICES);
        // then it alone is refused
        expect(third.errors?.[0].extensions).to.deep.equal({ code: 'LIMIT_EXCEEDED', limit: 'SUBSCRIPTIONS', max: 2, actual: 3 });
        expect(live.subscriberCount()).to.equal(before + 2);
        expect(closed.code).to.equal(undefined);
        // and once one completes there is room again
        first();
        await until(() => live.subscriberCount() === before + 1);
        expect(await wsRun(client, VIEWER)).to.deep.equal({ data: { viewer: { id: resident.id } } });
      });

      it('closes a connection beyond WS_MAX_CONNECTIONS_PER_ACCOUNT with 4008; the open ones keep working', async () => {
        // given an account with the maximum of two connections open
        const resident = await createAccount('RESIDENT');
        const [a, b] = [connect(resident.token), connect(resident.token)];
        expect(await wsRun(a, VIEWER)).to.deep.equal({ data: { viewer: { id: resident.id } } });
        expect(await wsRun(b, VIEWER)).to.deep.equal({ data: { viewer: { id: resident.id } } });
        // when a third one connects
        const closed: { code?: number; reason?: string } = {};
        const refused = await wsRun(connect(resident.token, closed), VIEWER);
        // then it is closed with a code and reason of its own
        expect(refused.data).to.equal(undefined);
        expect(closed).to.deep.equal({ code: TOO_MANY_CONNECTIONS, reason: 'Too many connections for this account (at most 2)' });
        expect(await wsRun(a, VIEWER)).to.deep.equal({ data: { viewer: { id: resident.id } } });
        // and another account is not concerned
        const other = await createAccount('RESIDENT');
        expect(await wsRun(connect(other.token), VIEWER)).to.deep.equal({ data: { viewer: { id: other.id } } });
        // and once one closes, the account may connect again
        const open = () => limited.app.limits.ws.openConnections(fromGlobalId(resident.id, ['Account'])!.id);
        expect(open()).to.equal(2);
        await b.dispose();
        await until(() => open() === 1);
        expect(await wsRun(connect(resident.token), VIEWER)).to.deep.equal({ data: { viewer: { id: resident.id } } });
      });
    });
  });

  describe('rate budgets (a server allowing 3 requests per account or key and 6 per address in 2 s)', () => {
    let limited: LimitedApp;
    before(async () => {
      limited = await startLimitedApp({ RATE_LIMIT_PER_ACCOUNT: '3', RATE_LIMIT_PER_API_KEY: '3', RATE_LIMIT_PER_ADDRESS: '6', RATE_LIMIT_WINDOW_SECONDS: '2' });
    });
    after(async () => limited?.stop());

    const expect429 = (res: { status: number; headers: http.IncomingHttpHeaders; body: any }) => {
      expect(res.status).to.equal(429);
      const retryAfter = Number(res.headers['retry-after']);
      expect(retryAfter).to.be.within(1, 2);
      expect(res.body).to.deep.equal({ errors: [{ message: `Too many requests; retry in ${retryAfter} seconds`, extensions: { code: 'RATE_LIMITED', retryAfter } }] });
      return retryAfter;
    };

    it('per address: 429 with Retry-After once the budget is spent, served again after it', async () => {
      const from = freshAddress();
      for (let i = 0; i < 6; i++) expect((await postFrom(from, limited.url, { query: TYPENAME })).status).to.equal(200);
      const retryAfter = expect429(await postFrom(from, limited.url, { query: TYPENAME }));
      // another address is not concerned
      expect((await postFrom(freshAddress(), limited.url, { query: TYPENAME })).status).to.equal(200);
      await new Promise((r) => setTimeout(r, retryAfter * 1000 + 50));
      expect((await postFrom(from, limited.url, { query: TYPENAME })).body).to.deep.equal({ data: { __typename: 'Query' } });
    });

    it('per account: its own budget, whatever address it calls from', async () => {
      const [alice, bob] = [await createAccount('RESIDENT'), await createAccount('RESIDENT')];
      for (let i = 0; i < 3; i++) expect((await postFrom(freshAddress(), limited.url, { query: VIEWER }, `Bearer ${alice.token}`)).status).to.equal(200);
      expect429(await postFrom(freshAddress(), limited.url, { query: VIEWER }, `Bearer ${alice.token}`));
      expect((await postFrom(freshAddress(), limited.url, { query: VIEWER }, `Bearer ${bob.token}`)).body).to.deep.equal({ data: { viewer: { id: bob.id } } });
    });

    it('per API key', async () => {
      // given a partner's key
      const admin = await asAdmin();
      const org = await gqlOk('mutation($input: OrganisationCreateInput!) { organisationCreate(input: $input) { organisation { id } } }', { input: { name: uniqueCode('org'), kind: 'ENTERPRISE' } }, admin);
      const partner = await gqlOk(ACCOUNT_CREATE, { input: { username: uniqueCode('ptnr'), password: 'a-good-password', role: 'PARTNER', organisationId: org.organisationCreate.organisation.id } }, admin);
      const issued = await gqlOk('mutation($input: ApiKeyCreateInput!) { apiKeyCreate(input: $input) { key } }', { input: { accountId: partner.accountCreate.account.id, name: 'gateway' } }, admin);
      const key = `ApiKey ${issued.apiKeyCreate.key}`;
      // when / then
      for (let i = 0; i < 3; i++) {
        expect((await postFrom(freshAddress(), limited.url, { query: VIEWER }, key)).body).to.deep.equal({ data: { viewer: { id: partner.accountCreate.account.id } } });
      }
      expect429(await postFrom(freshAddress(), limited.url, { query: VIEWER }, key));
    });

    it('over graphql-ws: each operation draws on the budgets', async () => {
      const carol = await createAccount('RESIDENT');
      const client = wsClientFrom(freshAddress(), limited.wsUrl, carol.token);
      try {
        for (let i = 0; i < 3; i++) expect(await wsRun(client, VIEWER)).to.deep.equal({ data: { viewer: { id: carol.id } } });
        const refused = await wsRun(client, VIEWER);
        expect(refused.errors?.[0].extensions).to.have.property('code', 'RATE_LIMITED');
        expect(refused.errors?.[0].extensions.retryAfter).to.be.within(1, 2);
      } finally {
        await client.dispose();
      }
    });
  });

  describe('the client behind a proxy (TRUST_PROXY)', () => {
    let trusting: LimitedApp;
    let ignoring: LimitedApp;
    before(async () => {
      const budget = { RATE_LIMIT_PER_ADDRESS: '2', RATE_LIMIT_PER_ACCOUNT: '0', RATE_LIMIT_PER_API_KEY: '0', RATE_LIMIT_WINDOW_SECONDS: '60' };
      [trusting, ignoring] = [await startLimitedApp({ ...budget, TRUST_PROXY: 'loopback' }), await startLimitedApp(budget)];
    });
    after(async () => {
      await trusting?.stop();
      await ignoring?.stop();
    });
    const via = (app: LimitedApp, proxy: string, client: string) => postFrom(proxy, app.url, { query: TYPENAME }, undefined, { 'x-forwarded-for': client });

    it('with the proxy trusted, each client it names has its own budget', async () => {
      const proxy = freshAddress();
      expect((await via(trusting, proxy, '203.0.113.1')).status).to.equal(200);
      expect((await via(trusting, proxy, '203.0.113.1')).status).to.equal(200);
      expect((await via(trusting, proxy, '203.0.113.1')).status).to.equal(429);
      expect((await via(trusting, proxy, '203.0.113.2')).status).to.equal(200);
    });

    it('without it, a caller cannot escape its budget by naming another client', async () => {
      const caller = freshAddress();
      expect((await via(ignoring, caller, '203.0.113.3')).status).to.equal(200);
      expect((await via(ignoring, caller, '203.0.113.4')).status).to.equal(200);
      expect((await via(ignoring, caller, '203.0.113.5')).status).to.equal(429);
    });
  });

  describe('rate budgets shared through Redis', () => {
    const config = (prefix: string) => ({ perAccount: 5, perApiKey: 5, perAddress: 5, windowSeconds: 60, redisPrefix: prefix });

    it('two limiters on one Redis count one budget; two in memory count their own', async function () {
      if (!(await redisAnswers())) {
        if (process.env.CI) throw new Error(`CI needs Redis at ${TEST_REDIS_URL}`);
        return this.skip();
      }
      const prefix = `vg-test-limits:${uniqueCode('rl')}:`;
      const [a, b] = [RequestRateLimiter.create(config(prefix), TEST_REDIS_URL), RequestRateLimiter.create(config(prefix), TEST_REDIS_URL)];
      const [m, n] = [RequestRateLimiter.create(config(prefix), null), RequestRateLimiter.create(config(prefix), null)];
      try {
        await Promise.all([a.ready(), b.ready()]);
        const caller = { address: '203.0.113.7' };
        const answers = [];
        for (const limiter of [a, b, a, b, a, b, a]) answers.push(await limiter.consume(caller));
        expect(answers.slice(0, 5)).to.deep.equal([null, null, null, null, null]);
        expect(answers[5]).to.be.within(59, 60);
        expect(answers[6]).to.be.within(59, 60);
        const memory = [];
        for (const limiter of [m, n, m, n, m, n]) memory.push(await limiter.consume(caller));
        expect(memory).to.deep.equal([null, null, null, null, null, null]);
      } finally {
        for (const limiter of [a, b, m, n]) limiter.close();
      }
    });

    it('keeps limiting from memory while Redis cannot be reached', async () => {
      const unreachable = RequestRateLimiter.create(config('vg-test-limits:down:'), 'redis://127.0.0.1:1');
      try {
        const answers = [];
        for (let i = 0; i < 6; i++) answers.push(await unreachable.consume({ address: '203.0.113.8' }));
        expect(answers.slice(0, 5)).to.deep.equal([null, null, null, null, null]);
        expect(answers[5]).to.be.within(59, 60);
      } finally {
        unreachable.close();
      }
    });
  });

  describe('time limit of a query over HTTP', () => {
    it('answers 503 TIMEOUT at the deadline and drops the late answer', async () => {
      // given a handler that answers only when released, behind the time limit
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let answeredLate!: (sent: boolean) => void;
      const late = new Promise<boolean>((resolve) => (answeredLate = resolve));
      const app = express().use(timeLimit(200), (_req, res) => {
        void released.then(() => {
          res.status(200).json({ data: { late: true } });
          answeredLate(true);
        });
      });
      const server = http.createServer(app).listen(0, '127.0.0.1');
      await new Promise((r) => server.once('listening', r));
      try {
        // when
        const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { method: 'POST' });
        // then
        expect(res.status).to.equal(503);
        expect(await res.json()).to.deep.equal({ errors: [{ message: 'The operation took longer than 200 ms and was stopped; nothing it changed was kept', extensions: { code: 'TIMEOUT', timeoutMs: 200 } }] });
        release();
        expect(await late).to.equal(true);
      } finally {
        server.close();
      }
    });
  });
});
