/**
 * The consoles of the fan-out benchmark, in a process of their own so that their CPU is not counted
 * as the server's. Driven over IPC by bench/fanout.ts:
 *   { type: 'open', url, query, consoles: [{ token, regionId, count }] } → { type: 'opened', count }
 *   { type: 'await', demandId, expected, timeoutMs }                     → { type: 'arrivals', demandId, times }
 *   { type: 'close' }                                                     → { type: 'closed', extra, errors }
 * Arrival times are wall-clock milliseconds (performance.timeOrigin + now), comparable across processes.
 */
import { performance } from 'node:perf_hooks';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

interface ConsoleSpec {
  token: string;
  regionId: string;
  count: number;
}

type Message =
  | { type: 'open'; url: string; query: string; consoles: ConsoleSpec[] }
  | { type: 'await'; demandId: string; expected: number; timeoutMs: number }
  | { type: 'close' };

const clients: Client[] = [];
const arrivals = new Map<string, number[]>();
const waiters = new Map<string, { expected: number; done: () => void }>();
const replied = new Set<string>();
let errors = 0;
/** Deliveries after the parent had its answer: more consoles than matching ones heard the event. */
let extra = 0;

const now = () => performance.timeOrigin + performance.now();

function heard(demandId: string): void {
  if (replied.has(demandId)) {
    extra += 1;
    return;
  }
  const list = arrivals.get(demandId) ?? [];
  list.push(now());
  arrivals.set(demandId, list);
  const waiter = waiters.get(demandId);
  if (waiter && list.length >= waiter.expected) waiter.done();
}

async function open(url: string, query: string, specs: ConsoleSpec[]): Promise<number> {
  const jobs: (() => Promise<void>)[] = [];
  for (const spec of specs) {
    for (let i = 0; i < spec.count; i++) {
      jobs.push(
        () =>
          new Promise<void>((resolve) => {
            const client = createClient({ url, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${spec.token}` }, retryAttempts: 0, lazy: false });
            clients.push(client);
            client.on('connected', () => resolve());
            client.on('closed', () => resolve());
            client.subscribe<{ demandEvents: { demand: { id: string } } }>(
              { query, variables: { regionId: spec.regionId } },
              {
                next: (r) => (r.data ? heard(r.data.demandEvents.demand.id) : (errors += 1)),
                error: () => (errors += 1),
                complete: () => undefined,
              },
            );
          }),
      );
    }
  }
  // A few hundred handshakes at a time: the server authenticates each one against the database.
  for (let i = 0; i < jobs.length; i += 200) await Promise.all(jobs.slice(i, i + 200).map((job) => job()));
  return jobs.length;
}

process.on('message', (message: Message) => {
  void (async () => {
    if (message.type === 'open') {
      const count = await open(message.url, message.query, message.consoles);
      process.send!({ type: 'opened', count, errors });
    } else if (message.type === 'await') {
      const { demandId, expected, timeoutMs } = message;
      const reply = () => {
        waiters.delete(demandId);
        replied.add(demandId);
        clearTimeout(timer);
        process.send!({ type: 'arrivals', demandId, times: arrivals.get(demandId) ?? [], errors });
        arrivals.delete(demandId);
      };
      const timer = setTimeout(reply, timeoutMs);
      waiters.set(demandId, { expected, done: reply });
      if ((arrivals.get(demandId)?.length ?? 0) >= expected) reply();
    } else if (message.type === 'close') {
      await Promise.all(clients.splice(0).map((c) => c.dispose()));
      process.send!({ type: 'closed', extra, errors });
    }
  })();
});
