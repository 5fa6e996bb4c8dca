import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

/** Real server processes for tests that need more than the in-process harness: start-up, several processes. */
export const ROOT = path.join(__dirname, '..', '..');

/** Bounds on every wait, so a broken start-up fails the test instead of hanging it. */
export const EXIT_WITHIN_MS = 45_000;
export const STOP_WITHIN_MS = 15_000;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Started {
  child: ChildProcess;
  out: { stdout: string; stderr: string };
  exited: Promise<Exit>;
}

/** Every child still running; `afterEach` kills whatever a failed test left behind. */
export const running = new Set<ChildProcess>();

/**
 * Starts an entry point the way `npm start` does (`node -r ./src/register.js <entry>`, cwd = repo root)
 * with exactly the given environment plus PATH and HOME: nothing of this process's DATABASE_URL,
 * REDIS_URL, JWT_SECRET or NODE_ENV leaks in.
 */
export function start(entry: string, env: Record<string, string>, args: string[] = []): Started {
  const child = spawn(process.execPath, ['-r', './src/register.js', entry, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const out = { stdout: '', stderr: '' };
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out.stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (out.stderr += chunk));
  const exited = new Promise<Exit>((resolve) => {
    child.once('error', (err) => {
      out.stderr += `spawn failed: ${err.message}\n`;
      running.delete(child);
      resolve({ code: null, signal: null });
    });
    child.once('close', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  return { child, out, exited };
}

export async function within<T>(promise: Promise<T>, ms: number, what: string, s: Started): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}; stdout: ${s.out.stdout} stderr: ${s.out.stderr}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Stops the child if it still runs (SIGKILL unless told otherwise) and waits, bounded, for it to go. */
export async function stop(s: Started, signal: NodeJS.Signals = 'SIGKILL'): Promise<Exit> {
  if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill(signal);
  return within(s.exited, STOP_WITHIN_MS, `the process to stop on ${signal}`, s);
}

/** Resolves once the server printed its "listening on" line; rejects if it exits first. */
export function listening(s: Started): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => /listening on/.test(s.out.stdout) && resolve();
    s.child.stdout!.on('data', check);
    check();
    void s.exited.then(({ code, signal }) => reject(new Error(`server exited (${code ?? signal}) before listening; stderr: ${s.out.stderr}`)));
  });
}
