import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { CONSOLE_DIR } from '../../src/server/console';
import type { AccountRef } from './factories';
import { harness } from './harness';

/** Debian's Chromium, which `.ci/run` installs; playwright-core brings no browser of its own. */
export const CHROMIUM = '/usr/bin/chromium';

const ROOT = path.join(__dirname, '..', '..');
const SOURCES = path.join(ROOT, 'web', 'console');

/**
 * Whether the browser tests can run here. Without Chromium a laptop's `npm test` skips them (with
 * the reason); with REQUIRE_BROWSER=1 (CI) a missing browser is a failure, never a silent skip.
 */
export function browserMissing(): string | null {
  if (fs.existsSync(CHROMIUM)) return null;
  const reason = `${CHROMIUM} is missing (Debian: apt-get install chromium)`;
  if (process.env.REQUIRE_BROWSER === '1') throw new Error(`REQUIRE_BROWSER=1 but ${reason}`);
  return reason;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Builds the console when dist/console is missing or older than its sources, so the tests see the code as it is. */
export function ensureConsoleBuilt(): void {
  const index = path.join(CONSOLE_DIR, 'index.html');
  const built = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
  if (built >= newestMtime(SOURCES)) return;
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/console/vite.config.mts', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
  });
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** The test server's origin, where it serves /console. */
export function serverOrigin(): string {
  return `http://127.0.0.1:${harness().app.port}`;
}

export interface OpenOptions {
  /** Another way to the same server (a TCP relay the test can cut). */
  origin?: string;
  /** Browser language: decides the console's first language. */
  locale?: string;
}

/** Waits until the server counts `count` more live subscriptions than `before` (the server runs in this process). */
export async function subscriptionsAbove(before: number, count: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (harness().app.services.subscriberCount() < before + count) {
    if (Date.now() > deadline) throw new Error(`the console's ${count} subscriptions were not registered within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** One dispatch desk: a browser context signed in to the console as a person would, in its own window. */
export class ConsoleDesk {
  /** Errors the page threw; a test ends by checking there were none. */
  readonly pageErrors: string[] = [];

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
  ) {
    page.on('pageerror', (err) => this.pageErrors.push(err.message));
  }

  /** Opens /console, signs in through the form and waits until the feed and the wall are subscribed. */
  static async open(browser: Browser, account: Pick<AccountRef, 'username' | 'password'>, options: OpenOptions = {}): Promise<ConsoleDesk> {
    return (await ConsoleDesk.openAll(browser, [[account, options]]))[0];
  }

  /** Several desks at once (each signs in in its own window), ready when the server holds all their subscriptions. */
  static async openAll(browser: Browser, people: [Pick<AccountRef, 'username' | 'password'>, OpenOptions?][]): Promise<ConsoleDesk[]> {
    const before = harness().app.services.subscriberCount();
    const desks = await Promise.all(people.map(([account, options]) => ConsoleDesk.signIn(browser, account, options ?? {})));
    await subscriptionsAbove(before, 2 * desks.length); // each desk's feed and wall
    return desks;
  }

  private static async signIn(browser: Browser, account: Pick<AccountRef, 'username' | 'password'>, options: OpenOptions): Promise<ConsoleDesk> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: options.locale ?? 'en-GB' });
    const desk = new ConsoleDesk(context, await context.newPage());
    await desk.page.goto(`${options.origin ?? serverOrigin()}/console/`);
    await desk.page.fill('input[name=username]', account.username);
    await desk.page.fill('input[name=password]', account.password);
    await desk.page.click('[data-testid=sign-in] button[type=submit]');
    await desk.connection('live').waitFor({ timeout: 10_000 });
    await desk.page.locator('[data-testid=feed][data-ready=true]').waitFor({ timeout: 10_000 });
    return desk;
  }

  connection(state: 'live' | 'reconnecting' | 'connecting'): Locator {
    return this.page.locator(`[data-testid=connection][data-state=${state}]`);
  }

  rows(): Locator {
    return this.page.locator('[data-testid=feed-row]');
  }

  row(demandId: string, attributes: Record<string, string> = {}): Locator {
    const extra = Object.entries(attributes).map(([name, value]) => `[data-${name}="${value}"]`).join('');
    return this.page.locator(`[data-testid=feed-row][data-demand-id="${demandId}"]${extra}`);
  }

  /** Clicks the demand in the feed and waits for its detail (history and actions). */
  async openDemand(demandId: string): Promise<Locator> {
    await this.row(demandId).locator('button').click();
    const detail = this.page.locator(`[data-testid=detail][data-demand-id="${demandId}"]`);
    await detail.locator('[data-testid=history-event]').first().waitFor({ timeout: 5_000 });
    return detail;
  }

  async allowedActions(): Promise<string[]> {
    const allowed = await this.page.locator('[data-testid=actions]').getAttribute('data-allowed');
    return (allowed ?? '').split(' ').filter(Boolean);
  }

  /** Closes the window and waits (briefly) until the server let its subscriptions go, so the next desk counts from a settled number. */
  async close(): Promise<void> {
    const before = harness().app.services.subscriberCount();
    await this.context.close();
    const deadline = Date.now() + 3_000;
    while (harness().app.services.subscriberCount() > Math.max(0, before - 2) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }
}
