import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import express from 'express';
import { consoleRoutes } from '../../src/server/console';

/** The /console route on its own, over a directory the test fills (or leaves empty): not Vite's output. */
describe('/console route', () => {
  let dir: string;
  let server: Server;
  let base: string;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-console-'));
    const app = express().use(consoleRoutes(dir));
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 with what to run while the console is not built', async () => {
    const res = await fetch(`${base}/console/`);
    expect(res.status).to.equal(503);
    expect(res.headers.get('content-type')).to.match(/^text\/plain/);
    expect(await res.text()).to.include('npm run build:console');
  });

  it('serves the built page under a policy that allows nothing from other hosts; hashed assets are cached for good', async () => {
    // given a build
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>console</title>');
    fs.writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    // then /console leads to the page
    const bare = await fetch(`${base}/console`, { redirect: 'manual' });
    expect(bare.status).to.equal(301);
    expect(bare.headers.get('location')).to.equal('/console/');
    const page = await fetch(`${base}/console/`);
    expect(page.status).to.equal(200);
    expect(await page.text()).to.include('<title>console</title>');
    expect(page.headers.get('cache-control')).to.equal('no-cache');
    const policy = page.headers.get('content-security-policy') ?? '';
    expect(policy).to.include("default-src 'self'");
    expect(policy).to.include("script-src 'self'");
    expect(policy).to.include(`connect-src 'self' ws://${new URL(base).host} wss://${new URL(base).host}`);
    expect(policy).to.include("frame-ancestors 'none'");
    // and its assets are cached as immutable
    const asset = await fetch(`${base}/console/assets/index-abc123.js`);
    expect(asset.status).to.equal(200);
    expect(asset.headers.get('cache-control')).to.equal('public, max-age=31536000, immutable');
    // and nothing outside the directory is served
    expect((await fetch(`${base}/console/../package.json`)).status).to.not.equal(200);
    expect((await fetch(`${base}/console/missing.js`)).status).to.equal(404);
  });
});
