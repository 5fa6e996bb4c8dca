import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { loadConfig, type Config } from '../../src/config';
import { startApp, type RunningApp } from '../../src/server/app';
import { harness, testEnv } from './harness';

/**
 * A second server in this process with its own limits, on the harness's database (so the
 * harness's accounts and tokens work there). Stopping it leaves that database open.
 */
export interface LimitedApp {
  app: RunningApp;
  config: Config;
  url: string;
  wsUrl: string;
  stop(): Promise<void>;
}

export async function startLimitedApp(limits: Record<string, string>): Promise<LimitedApp> {
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-limits-'));
  const config = loadConfig(testEnv(tmpDir, { SWEEP_INTERVAL_MS: '3600000', FEED_POLL_MS: '3600000', ...limits }), []);
  const app = await startApp(config, harness().db);
  return {
    app,
    config,
    url: app.url,
    wsUrl: app.url.replace(/^http/, 'ws'),
    async stop() {
      await app.apollo.stop();
      await app.services.stop();
      fs.rmSync(tmpDir, { recursive: true, force: true });
    },
  };
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: any;
}

/**
 * A POST from a chosen loopback address (127.0.0.0/8 all reach this host), so that each test
 * draws on its own per-address budget.
 */
export function postFrom(from: string, url: string, body: unknown, authorization?: string, extraHeaders: Record<string, string> = {}): Promise<RawResponse> {
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        localAddress: from,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...(authorization ? { authorization } : {}), ...extraHeaders },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON: the test sees the text
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** A graphql-ws client connecting from a chosen loopback address; `closed` records the close code and reason. */
export function wsClientFrom(from: string, url: string, token: string | null, closed: { code?: number; reason?: string } = {}): Client {
  class FromAddress extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { localAddress: from });
    }
  }
  return createClient({
    url,
    webSocketImpl: FromAddress,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: true,
    // Stays connected between operations (until disposed), as a console does.
    lazyCloseTimeout: 60_000,
    on: {
      closed: (event) => {
        closed.code = (event as { code: number }).code;
        closed.reason = (event as { reason: string }).reason;
      },
    },
  });
}
