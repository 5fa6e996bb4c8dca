import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { EXIT_WITHIN_MS, freePort, listening, running, start, within, type Started } from '../support/processes';

const ADMIN = { username: 'drain-admin', password: 'drain-admin-password' };
const METRICS_TOKEN = 'drain-metrics-token-0123456789';

/** A POST whose body is held back: in flight from the moment the server answered `100 Continue`. */
function heldRequest(port: number, requestId: string) {
  const body = JSON.stringify({ query: '{ __typename }' });
  const req = http.request({
    host: '127.0.0.1',
    port,
    path: '/graphql',
    method: 'POST',
    agent: false,
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), expect: '100-continue', 'x-request-id': requestId },
  });
  const continued = new Promise<void>((resolve, reject) => {
    req.once('continue', resolve);
    req.once('error', reject);
  });
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.once('response', (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.once('end', () => resolve({ status: res.statusCode!, body: text }));
    });
    req.once('error', reject);
  });
  req.flushHeaders();
  return { continued, response, finish: () => req.end(body) };
}

/** Resolves with the error code of a fresh TCP connection attempt, or 'connected'. */
function connectAttempt(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve('connected')));
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

/** Polls until the predicate holds; the bound only keeps a broken server from hanging the test. */
async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, what: string, s: Started): Promise<T> {
  const deadline = Date.now() + EXIT_WITHIN_MS;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last ${JSON.stringify(value)}; stderr: ${s.out.stderr}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('SIGTERM drain (a real server process)', function () {
  this.timeout(180_000);
  let dataDir: string;
  let live: Client | null = null;

  beforeEach(() => (dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-drain-'))));
  afterEach(async () => {
    await live?.dispose();
    for (const child of running) child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('turns /readyz 503, refuses new connections, lets the in-flight request finish, closes sockets with 1001 and exits 0', async () => {
    // given a server on its own embedded SQLite that keeps its port open 3 s after SIGTERM for the load balancer to notice
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const server = start('src/index.ts', {
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      DRAIN_DELAY_MS: '3000',
      DRAIN_TIMEOUT_MS: '60000',
      METRICS_TOKEN,
    });
    await within(listening(server), EXIT_WITHIN_MS, 'the server to listen', server);
    const signIn = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation($input: LoginInput!) { login(input: $input) { token } }', variables: { input: ADMIN } }),
    });
    const token = ((await signIn.json()) as { data: { login: { token: string } } }).data.login.token;

    // and a live subscription, registered (as /metrics, behind its token, tells)
    let closeCode: number | null = null;
    const closed = new Promise<void>((resolve) => {
      live = createClient({
        url: `ws://127.0.0.1:${port}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${token}` },
        retryAttempts: 0,
        lazy: true,
        on: { closed: (event) => ((closeCode = (event as { code: number }).code), resolve()) },
      });
    });
    live!.subscribe({ query: 'subscription { notices { id } }' }, { next: () => undefined, error: () => undefined, complete: () => undefined });
    expect((await fetch(`${base}/metrics`)).status).to.equal(401);
    const metrics = () => fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }).then((r) => r.text());
    await until(metrics, (text) => /^vg_subscriptions_active 1$/m.test(text), 'the subscription to register', server);

    // and a request in flight: the server has taken it and waits for its body
    const inFlight = heldRequest(port, 'drain-in-flight');
    await inFlight.continued;

    // when the process is told to stop
    server.child.kill('SIGTERM');

    // then /readyz turns 503 while the port is still open
    const readyz = await until(
      () => fetch(`${base}/readyz`).then(async (r) => ({ status: r.status, body: await r.json() })),
      (r) => r.status !== 200,
      '/readyz to leave 200',
      server,
    );
    expect(readyz).to.deep.equal({ status: 503, body: { status: 'unready', reason: 'draining: the process is shutting down', redis: 'not configured' } });
    // and the WebSocket is closed with 1001 "going away", so the client reconnects elsewhere
    await within(closed, EXIT_WITHIN_MS, 'the WebSocket to close', server);
    expect(closeCode).to.equal(1001);
    // and new connections are refused
    expect(await connectAttempt(port)).to.equal('ECONNREFUSED');
    // and the request in flight still completes
    inFlight.finish();
    const answer = await within(inFlight.response, EXIT_WITHIN_MS, 'the in-flight request to complete', server);
    expect(answer).to.deep.equal({ status: 200, body: JSON.stringify({ data: { __typename: 'Query' } }) + '\n' });
    // and the process exits 0, having logged the drain in JSON lines
    expect(await within(server.exited, EXIT_WITHIN_MS, 'the process to exit', server)).to.deep.equal({ code: 0, signal: null });
    expect(server.out.stderr).to.equal('');
    const lines = server.out.stdout.trim().split('\n').map((line) => JSON.parse(line) as { msg: string; reqId?: string; status?: number });
    const messages = lines.map((l) => l.msg);
    expect(messages.indexOf('draining')).to.be.greaterThan(-1).and.lessThan(messages.indexOf('stopped'));
    expect(lines.filter((l) => l.reqId === 'drain-in-flight' && l.msg === 'request').map((l) => l.status)).to.deep.equal([200]);
  });
});
