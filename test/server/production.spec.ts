import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import WebSocket from 'ws';
import { EXIT_WITHIN_MS, freePort, listening, running, start, stop, within, type Started } from '../support/processes';

const ALLOWED = 'https://console.example.org';
const FOREIGN = 'https://evil.example.net';
const SECRETS = { JWT_SECRET: 'p'.repeat(40), ID_HASH_KEY: 'k'.repeat(40) };

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'vg-prod-'));

/** A real server process with NODE_ENV=production on a fresh embedded database. */
async function productionServer(extra: Record<string, string> = {}): Promise<{ server: Started; base: string; dataDir: string }> {
  const dataDir = tempDir();
  const port = await freePort();
  const env = { NODE_ENV: 'production', DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: String(port), CORS_ORIGINS: ALLOWED, ...SECRETS, ...extra };
  const server = start('src/index.ts', env);
  await within(listening(server), EXIT_WITHIN_MS, 'the production server to listen', server);
  return { server, base: `http://127.0.0.1:${port}`, dataDir };
}

const INTROSPECTION = '{ __schema { queryType { name } } }';

function post(base: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

/** Opens a graphql-ws socket and resolves with the upgrade's outcome: 'open' or the refusing HTTP status. */
function upgrade(base: string, origin?: string): Promise<'open' | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', origin ? { origin } : {});
    ws.once('open', () => {
      ws.close();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => resolve(0));
  });
}

describe('production mode (NODE_ENV=production, a real server process)', function () {
  this.timeout(90_000);
  let prod: Awaited<ReturnType<typeof productionServer>>;

  before(async () => {
    prod = await productionServer();
  });
  after(async () => {
    await stop(prod.server, 'SIGTERM').catch(() => undefined);
    for (const child of running) child.kill('SIGKILL');
    fs.rmSync(prod.dataDir, { recursive: true, force: true });
  });

  it('answers ordinary queries but refuses introspection and shows no landing page', async () => {
    const ok = await post(prod.base, { query: '{ __typename }' });
    expect(await ok.json()).to.deep.equal({ data: { __typename: 'Query' } });
    const introspection = (await (await post(prod.base, { query: INTROSPECTION })).json()) as any;
    expect(introspection.data).to.equal(undefined);
    expect(introspection.errors[0].extensions.code).to.equal('GRAPHQL_VALIDATION_FAILED');
    expect(introspection.errors[0].message).to.match(/introspection/i);
    const page = await fetch(`${prod.base}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type') ?? '').not.to.match(/text\/html/);
  });

  it('refuses requests a foreign page could forge (CSRF): text/plain posts and GETs without a preflight header', async () => {
    const plain = await fetch(`${prod.base}/graphql`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(plain.status).to.equal(400);
    expect(await plain.text()).to.match(/CSRF/);
    const get = await fetch(`${prod.base}/graphql?query=${encodeURIComponent('{ __typename }')}`);
    expect(get.status).to.equal(400);
    // a client that says so (a header no HTML form can set) may use GET
    const preflighted = await fetch(`${prod.base}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(await preflighted.json()).to.deep.equal({ data: { __typename: 'Query' } });
  });

  it('lets allowlisted origins read answers and preflight; other origins get no CORS grant', async () => {
    const allowed = await post(prod.base, { query: '{ __typename }' }, { origin: ALLOWED });
    expect(allowed.headers.get('access-control-allow-origin')).to.equal(ALLOWED);
    const foreign = await post(prod.base, { query: '{ __typename }' }, { origin: FOREIGN });
    expect(foreign.headers.get('access-control-allow-origin')).to.equal(null);
    const preflight = (origin: string) =>
      fetch(`${prod.base}/graphql`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } });
    const good = await preflight(ALLOWED);
    expect(good.status).to.equal(204);
    expect(good.headers.get('access-control-allow-headers')).to.match(/authorization/);
    const bad = await preflight(FOREIGN);
    expect(bad.status).to.equal(403);
    expect(((await bad.json()) as any).errors[0].extensions.code).to.equal('ORIGIN_NOT_ALLOWED');
  });

  it('accepts WebSockets from allowlisted origins, the same origin and non-browser clients, and refuses foreign pages', async () => {
    expect(await upgrade(prod.base, ALLOWED)).to.equal('open');
    expect(await upgrade(prod.base, prod.base)).to.equal('open');
    expect(await upgrade(prod.base)).to.equal('open');
    expect(await upgrade(prod.base, FOREIGN)).to.equal(403);
  });

  it('introspection can be switched back on explicitly', async () => {
    const open = await productionServer({ GRAPHQL_INTROSPECTION: '1' });
    try {
      const res = await (await post(open.base, { query: INTROSPECTION })).json();
      expect(res).to.deep.equal({ data: { __schema: { queryType: { name: 'Query' } } } });
    } finally {
      await stop(open.server, 'SIGTERM').catch(() => undefined);
      fs.rmSync(open.dataDir, { recursive: true, force: true });
    }
  });

  it('refuses to start on a database that holds the demo city, whose accounts share a published password', async () => {
    // given a database seeded with the demo city in development
    const dataDir = tempDir();
    try {
      const seed = start('src/cli/seed-demo.ts', { DATA_DIR: dataDir });
      expect(await within(seed.exited, EXIT_WITHIN_MS * 2, 'seed:demo to finish', seed)).to.deep.equal({ code: 0, signal: null });
      // when a production server starts on it
      const server = start('src/index.ts', { NODE_ENV: 'production', DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: String(await freePort()), ...SECRETS });
      const exit = await within(server.exited, EXIT_WITHIN_MS, 'the production server to refuse', server);
      // then it stops with one clear line
      expect(exit.code).to.equal(1);
      expect(server.out.stderr.trim()).to.match(/^volunteer-grid: the database holds the demo city or demo accounts \(published password\); refused when NODE_ENV=production$/);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
