/**
 * The load generator of bench/query-path.ts, in a process of its own so that autocannon's CPU is
 * not taken from the server being measured (on 2 cores: one for the server, one for the client).
 * Driven over IPC, one run at a time:
 *   { url, body, connections, seconds } → { rps, requests, seconds, latencyP50, latencyP99, latencyMean, errors, timeouts, non2xx, bytesPerRequest }
 */
interface Run {
  url: string;
  body: string;
  connections: number;
  seconds: number;
}

/** The part of autocannon's result this uses (the package ships no types). */
interface AutocannonResult {
  requests: { total: number; average: number };
  latency: { p50: number; p99: number; average: number };
  throughput: { total: number };
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
}

type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = require('autocannon') as Autocannon;

process.on('message', (message: Run) => {
  autocannon({
    url: message.url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: message.body,
    connections: message.connections,
    pipelining: 1,
    duration: message.seconds,
  }).then(
    (r) =>
      process.send!({
        rps: r['2xx'] / r.duration,
        requests: r['2xx'],
        seconds: r.duration,
        latencyP50: r.latency.p50,
        latencyP99: r.latency.p99,
        latencyMean: r.latency.average,
        errors: r.errors,
        timeouts: r.timeouts,
        non2xx: r.non2xx,
        bytesPerRequest: r.requests.total ? r.throughput.total / r.requests.total : 0,
      }),
    (err: unknown) => process.send!({ error: String((err as Error)?.stack ?? err) }),
  );
});
process.on('disconnect', () => process.exit(0));
