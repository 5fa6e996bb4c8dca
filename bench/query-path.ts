/**
 * Query path (issue 7): what does our GraphQL stack cost per request, database aside?
 *
 *   node -r ./src/register.js bench/query-path.ts [--seconds 5] [--connections 10] [--rounds 3]
 *
 * --seconds: measured seconds of load per server (split over --rounds), --connections: autocannon
 * connections. About two minutes with the defaults on a busy 2-core machine (a third of it is six
 * processes starting ts-node). Writes bench/results/query-path.json. A missed target is a MISSED
 * row, not a failure (bench/run.ts keeps the rows of scenarios that exit 0); errors, or servers
 * answering differently, exit 1. NODE_ENV defaults to production (bench/query-path/env.ts says why).
 *
 * THE QUERY is the console's region-tree browser: `node(id)` on a district, its first 10 streets
 * (count, page info, each street's parent) and their first 5 communities each (count, page info,
 * each community's breadcrumb of ancestors): 61 regions, ~700 response fields, all from our real
 * resolvers — NodeResolver, RegionResolver (id, parent, ancestors), DistrictResolver and
 * StreetResolver (child connections) — through RegionService, whose only data access is
 * `ctx.loaders.region` (byId, childPage, childCount). That is why it was chosen: the database stub
 * stays small and honest. It is an in-memory tree of real `Region` entities behind DataLoaders with
 * the same keys, batching and keyset paging as the SQL ones (bench/query-path/stub.ts), so the query
 * keeps its real shape of 6 batched loads, what would be 6 SQL statements; `ctx.db` and every other
 * service throw if touched. The viewer (a dispatcher scoped to the district) is given rather than
 * authenticated; the JWT check the real server adds per request is timed on its own, in-process.
 *
 * FOUR SERVERS answer POST /graphql with the same JSON (checked before measuring), each building
 * the same stubbed context (a fresh set of all of createLoaders()' DataLoaders) per request:
 *   a. OURS: startApp itself (Apollo Server 5 + express 5, our type-graphql schema, production
 *      options and plugins) on a throw-away embedded database, its `httpContext` option handing
 *      each request the stubbed context.
 *   b. node:http + graphql-js `execute` over our type-graphql schema: a/b is the Apollo + express cost.
 *   c. node:http + graphql-js `execute` over a hand-written graphql-js schema, same names and
 *      types, resolvers calling the same functions (bench/query-path/handwritten-schema.ts).
 *   d. node:http + graphql-jit over the hand-written schema, compiled once: the ceiling.
 * b, c and d parse and validate a query string once and reuse it, as Apollo's document cache does.
 *
 * TARGETS: a ≥ 25 % of d in requests per second (HTTP); the type-graphql layer ≤ 1.2× plain
 * graphql-js, i.e. execution time of b over c measured in-process, without HTTP: each server's
 * process executes the query on fresh contexts (context creation not timed) after a long warm-up,
 * in interleaved rounds, median of rounds. Timed in CPU time (process.cpuUsage), not wall time: on a
 * shared machine the wall clock also counts the time other processes held the core (the
 * wall-clock ratio is reported beside it). Apollo's executeOperation is timed the same way in (a)'s
 * process: Apollo's request pipeline without express and HTTP.
 *
 * HOW: every server runs in a process of its own (bench/query-path/server.ts), like a deployment:
 * sharing one would let one stack's process-wide costs slow another, and graphql-js would be
 * optimised for a mix of schemas. autocannon runs in another child
 * (bench/query-path/load-client.ts) so that its CPU is not the server's: of 2 cores, one for the
 * server under load, one for the client; the other servers sit idle. Each server is warmed up,
 * then the servers take turns in `--rounds` rounds (order rotated each round) of seconds/rounds
 * each, so that a neighbour's burst on this shared machine hits all of them, not one. The server's
 * CPU time is sampled around each run: near 100 % of a core means the server was the bottleneck;
 * below, the client or another process held it back, and requests per server CPU-second (also
 * reported) is the fairer comparison. The targets are judged on the measures (requests per
 * second; execution time); ratios, not absolute figures, are what carries from this machine.
 */
import './query-path/env';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { lexicographicSortSchema, parse, validate, type ExecutionResult } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import { toGlobalId } from '../src/core/relay';
import { TokenService } from '../src/server/auth';
import { buildAppSchema } from '../src/server/schema';
import { NODE_ENV } from './query-path/env';
import { assertSubsetOf, buildHandwrittenSchema } from './query-path/handwritten-schema';
import type { ServerKind } from './query-path/server';
import type { GraphQLBody } from './query-path/servers';
import { TREE, benchViewer, createWorld, stubContext } from './query-path/stub';
import { arg, report, round, type Row } from './support';

const TARGET_RPS_RATIO = 0.25;
const TARGET_EXECUTION_RATIO = 1.2;
const SCENARIO = 'query-path';
const REGISTER = path.join(__dirname, '..', 'src', 'register.js');

const QUERY = /* GraphQL */ `
  query RegionTree($id: ID!) {
    node(id: $id) {
      id
      ... on District {
        code
        name
        level
        population
        streets(first: 10) {
          totalCount
          pageInfo { hasNextPage hasPreviousPage endCursor }
          edges {
            cursor
            node {
              id
              code
              name
              level
              population
              parent { id code }
              communities(first: 5) {
                totalCount
                pageInfo { hasNextPage endCursor }
                edges {
                  cursor
                  node { id code name level population ancestors { id code name } }
                }
              }
            }
          }
        }
      }
    }
  }
`;

const SERVERS: { kind: ServerKind; label: string }[] = [
  { kind: 'a', label: 'a. OURS: Apollo + express, type-graphql schema' },
  { kind: 'b', label: 'b. node:http + graphql-js, type-graphql schema' },
  { kind: 'c', label: 'c. node:http + graphql-js, hand-written schema' },
  { kind: 'd', label: 'd. node:http + graphql-jit, hand-written schema' },
];

interface LoadResult {
  rps: number;
  requests: number;
  seconds: number;
  latencyP50: number;
  latencyP99: number;
  latencyMean: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  bytesPerRequest: number;
  error?: string;
}

interface HttpSummary {
  label: string;
  rps: number;
  requestsPerCpuSecond: number;
  /** Share of one core the server process used while under load. */
  serverCpu: number;
  requests: number;
  seconds: number;
  latencyP50Median: number;
  latencyP99Max: number;
  bytesPerRequest: number;
  rounds: { rps: number; serverCpu: number; p50: number; p99: number }[];
}

/** The next message from a child (one request at a time per child), or its death. */
function ask<T>(child: ChildProcess, message?: object): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`${child.spawnargs.slice(-2).join(' ')} exited (${code})`));
    child.once('exit', onExit);
    child.once('message', (m) => {
      child.off('exit', onExit);
      resolve(m as T);
    });
    if (message) child.send(message);
  });
}

interface ServerProcess {
  kind: ServerKind;
  label: string;
  url: string;
  child: ChildProcess;
  stats(): Promise<{ cpu: number; statements: number }>;
  exec(body: GraphQLBody, ms: number, expected?: unknown): Promise<{ cpu: number; wall: number }>;
}

async function spawnServer(kind: ServerKind, label: string): Promise<ServerProcess> {
  const child = fork(path.join(__dirname, 'query-path', 'server.ts'), [kind], { execArgv: ['-r', REGISTER] });
  const { url } = await ask<{ url: string }>(child);
  return {
    kind,
    label,
    url,
    child,
    stats: () => ask(child, { type: 'stats' }),
    async exec(body, ms, expected) {
      const reply = await ask<{ cpu: number; wall: number; error?: string }>(child, { type: 'exec', body, ms, expected });
      if (reply.error) throw new Error(reply.error);
      return reply;
    },
  };
}

async function post(url: string, body: string): Promise<unknown> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  assert.equal(res.status, 200, `${url} answered ${res.status}: ${await res.clone().text()}`);
  return res.json();
}

/** CPU µs per call in this process, for about `ms` of CPU time. */
async function microsPerCall(fn: () => unknown, ms: number): Promise<number> {
  const usage = process.cpuUsage();
  let cpu = 0;
  let n = 0;
  while (cpu < ms * 1000) {
    for (let i = 0; i < 16; i++) await fn();
    n += 16;
    const used = process.cpuUsage(usage);
    cpu = used.user + used.system;
  }
  return cpu / n;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function main(): Promise<void> {
  const seconds = Number(arg('seconds', '5'));
  const connections = Number(arg('connections', '10'));
  const rounds = Number(arg('rounds', '3'));
  if (!(seconds > 0) || !(connections >= 1) || !(rounds >= 1)) throw new Error('--seconds, --connections and --rounds must be positive numbers');
  const warmupSeconds = Math.min(2, seconds);
  const runSeconds = seconds / rounds;
  const sliceMs = Math.max(100, seconds * 60);
  const inProcessRounds = 7;

  const processes: ChildProcess[] = [];
  const t0 = performance.now();
  const phase = (what: string) => process.stderr.write(`[${((performance.now() - t0) / 1000).toFixed(1)} s] ${what}\n`);
  try {
    // ---- The children start while this process builds its schemas. ----
    const client = fork(path.join(__dirname, 'query-path', 'load-client.ts'), [], { execArgv: ['-r', REGISTER] });
    processes.push(client);
    const spawning = SERVERS.map(({ kind, label }) => spawnServer(kind, label));
    for (const s of spawning) s.then((p) => processes.push(p.child), () => undefined);

    const appSchema = buildAppSchema();
    const handSchema = buildHandwrittenSchema();
    assertSubsetOf(appSchema, handSchema);
    const world = createWorld();
    const viewer = benchViewer(world);
    const body: GraphQLBody = { query: QUERY, variables: { id: toGlobalId('District', world.district.id) }, operationName: 'RegionTree' };
    const bodyJson = JSON.stringify(body);
    const document = parse(QUERY);
    for (const schema of [appSchema, handSchema]) assert.deepEqual(validate(schema, document), []);

    const servers = await Promise.all(spawning);
    const byKind = Object.fromEntries(servers.map((s) => [s.kind, s])) as Record<ServerKind, ServerProcess>;
    phase('servers up');

    // ---- The answer, from (b); (c) and (d) must give the same. (a) is asked after its in-process run, see below. ----
    const expected = (await post(byKind.b.url, bodyJson)) as ExecutionResult;
    assert.equal(expected.errors, undefined, `(b) answered errors: ${JSON.stringify(expected.errors)}`);
    const streets = (expected.data as { node: { streets: { edges: { node: { communities: { edges: unknown[] } } }[] } } }).node.streets.edges;
    assert.equal(streets.length, 10);
    assert.ok(streets.every((s) => s.node.communities.edges.length === 5));
    for (const s of [byKind.c, byKind.d]) assert.deepStrictEqual(await post(s.url, bodyJson), expected, `${s.label} answers differently from (b)`);
    const responseBytes = Buffer.byteLength(JSON.stringify(expected));

    // ---- In-process: execution without HTTP, each in its server's process, rounds interleaved. ----
    // (a) runs Apollo's executeOperation: a-in-process vs b is Apollo's request pipeline alone.
    // A long warm-up first: V8 keeps optimising (graphql-jit's generated code most of all) for a second or two.
    const warmupMs = Math.max(1500, 4 * sliceMs);
    phase(`in-process: warm-up ${warmupMs} ms of CPU per process, then ${inProcessRounds} rounds of ${sliceMs} ms each`);
    for (const s of servers) await s.exec(body, warmupMs, expected);
    const cpuSamples = new Map<ServerKind, number[]>(servers.map((s) => [s.kind, []]));
    const wallSamples = new Map<ServerKind, number[]>(servers.map((s) => [s.kind, []]));
    for (let r = 0; r < inProcessRounds; r++) {
      for (const s of servers) {
        const micros = await s.exec(body, sliceMs);
        cpuSamples.get(s.kind)!.push(micros.cpu);
        wallSamples.get(s.kind)!.push(micros.wall);
      }
    }
    const inProcess = Object.fromEntries(servers.map((s) => [s.kind, { cpu: median(cpuSamples.get(s.kind)!), wall: median(wallSamples.get(s.kind)!) }])) as Record<ServerKind, { cpu: number; wall: number }>;
    const executionRatio = inProcess.b.cpu / inProcess.c.cpu;
    const wallExecutionRatio = inProcess.b.wall / inProcess.c.wall;

    // Now (a) over HTTP, and how many loads (would-be SQL statements) one request makes.
    const before = await byKind.a.stats();
    assert.deepStrictEqual(await post(byKind.a.url, bodyJson), expected, `${byKind.a.label} answers differently from (b)`);
    const statementsPerRequest = (await byKind.a.stats()).statements - before.statements;

    // Context, in this process: work none of the four servers does per request (parse + validate:
    // all cache it; the JWT check: the stub gives the viewer), and whether graphql-jit could run
    // our type-graphql schema as it is.
    const parseValidateMicros = await microsPerCall(() => validate(appSchema, parse(QUERY)), sliceMs);
    const tokens = new TokenService(randomBytes(32), 3600);
    const { token } = await tokens.sign(viewer.account);
    const jwtMicros = await microsPerCall(() => tokens.verify(token), sliceMs);
    const jitOverOurs = compileQuery(lexicographicSortSchema(appSchema), document, body.operationName);
    const jitOverOursResult = isCompiledQuery(jitOverOurs) ? await jitOverOurs.query(undefined, stubContext(world, viewer), body.variables) : jitOverOurs;
    const jitOverOursErrors = jitOverOursResult.errors?.map((e) => e.message);

    // ---- Over HTTP: requests per second, one server under load at a time. ----
    phase('HTTP');
    const load = async (server: ServerProcess, runFor: number) => {
      const cpuBefore = await server.stats();
      const started = performance.now();
      const result = await ask<LoadResult>(client, { url: server.url, body: bodyJson, connections, seconds: runFor });
      const wallMs = performance.now() - started;
      const cpuAfter = await server.stats();
      if (result.error) throw new Error(`autocannon failed: ${result.error}`);
      if (result.errors || result.non2xx || result.timeouts) throw new Error(`${server.label}: ${result.errors} errors, ${result.non2xx} non-2xx, ${result.timeouts} timeouts`);
      return { ...result, cpuSeconds: (cpuAfter.cpu - cpuBefore.cpu) / 1e6, serverCpu: (cpuAfter.cpu - cpuBefore.cpu) / 1000 / wallMs };
    };
    for (const s of servers) {
      process.stderr.write(`warm-up ${s.label}: ${warmupSeconds} s\n`);
      await load(s, warmupSeconds);
    }
    const runs = new Map<ServerKind, Awaited<ReturnType<typeof load>>[]>(servers.map((s) => [s.kind, []]));
    for (let r = 0; r < rounds; r++) {
      const order = servers.map((_, i) => servers[(i + r) % servers.length]);
      for (const s of order) {
        const result = await load(s, runSeconds);
        runs.get(s.kind)!.push(result);
        process.stderr.write(
          `round ${r + 1}/${rounds} ${s.label}: ${Math.round(result.rps)} req/s, p50 ${result.latencyP50} ms, server CPU ${Math.round(result.serverCpu * 100)} % of a core\n`,
        );
      }
    }
    const http = Object.fromEntries(
      servers.map((s): [ServerKind, HttpSummary] => {
        const list = runs.get(s.kind)!;
        const requests = list.reduce((n, x) => n + x.requests, 0);
        const secs = list.reduce((n, x) => n + x.seconds, 0);
        const cpuSeconds = list.reduce((n, x) => n + x.cpuSeconds, 0);
        return [
          s.kind,
          {
            label: s.label,
            rps: requests / secs,
            requestsPerCpuSecond: requests / cpuSeconds,
            serverCpu: cpuSeconds / secs,
            requests,
            seconds: secs,
            latencyP50Median: median(list.map((x) => x.latencyP50)),
            latencyP99Max: Math.max(...list.map((x) => x.latencyP99)),
            bytesPerRequest: list[0].bytesPerRequest,
            rounds: list.map((x) => ({ rps: round(x.rps, 1), serverCpu: round(x.serverCpu, 2), p50: x.latencyP50, p99: x.latencyP99 })),
          },
        ];
      }),
    ) as Record<ServerKind, HttpSummary>;
    if (!Object.values(http).every((h) => h.serverCpu >= 0.85)) {
      process.stderr.write('warning: some servers used under 85 % of a core; the client or other processes limited them (compare requests per server CPU-second)\n');
    }

    const rpsRatio = http.a.rps / http.d.rps;
    const cpuRatio = http.a.requestsPerCpuSecond / http.d.requestsPerCpuSecond;
    const apolloRatio = http.a.rps / http.b.rps;
    const row = (measure: string, value: number, unit: string, target = '', met: boolean | null = null): Row => ({ scenario: SCENARIO, measure, value, unit, target, met });
    const inProcessLabels: Record<ServerKind, string> = {
      a: 'a: Apollo executeOperation (no express, no HTTP)',
      b: 'b: graphql-js execute, type-graphql schema',
      c: 'c: graphql-js execute, hand-written schema',
      d: 'd: graphql-jit, hand-written schema',
    };
    const rows: Row[] = [
      ...servers.map((s) => row(`${s.label}: HTTP (server CPU ${Math.round(http[s.kind].serverCpu * 100)} %)`, Math.round(http[s.kind].rps), 'req/s')),
      row('a / d requests per second (OURS vs node:http + graphql-jit)', round(rpsRatio, 3), '×', `≥ ${TARGET_RPS_RATIO}×`, rpsRatio >= TARGET_RPS_RATIO),
      row('b / c execution CPU time in-process (type-graphql layer vs plain graphql-js)', round(executionRatio, 3), '×', `≤ ${TARGET_EXECUTION_RATIO}×`, executionRatio <= TARGET_EXECUTION_RATIO),
      row('b / c execution wall time in-process (same; noisier on a shared machine)', round(wallExecutionRatio, 3), '×'),
      row('a / d requests per server CPU-second (as a / d, without the contention)', round(cpuRatio, 3), '×'),
      row('a / b requests per second (what Apollo + express leave)', round(apolloRatio, 3), '×'),
      ...servers.map((s) => row(`${s.kind}: requests per server CPU-second`, Math.round(http[s.kind].requestsPerCpuSecond), 'req/CPU-s')),
      ...servers.map((s) => row(`in-process ${inProcessLabels[s.kind]}`, round(inProcess[s.kind].cpu, 1), 'CPU µs/op')),
      row('in-process: parse + validate the query (every server caches it)', round(parseValidateMicros, 1), 'CPU µs/op'),
      row('in-process: JWT verify (the real server, per request; not in these four)', round(jwtMicros, 1), 'CPU µs/op'),
    ];
    report(SCENARIO, rows, {
      settings: {
        seconds,
        rounds,
        runSeconds,
        warmupSeconds,
        connections,
        nodeEnv: NODE_ENV,
        inProcessRounds,
        inProcessSliceCpuMs: sliceMs,
        inProcessWarmupCpuMs: Math.max(1500, 4 * sliceMs),
        client: 'autocannon in a child process, pipelining 1; each server in a process of its own',
      },
      query: QUERY.trim(),
      variables: body.variables,
      stub: { tree: TREE, regions: world.regions, statementsPerRequest, responseBytes },
      http,
      inProcess: Object.fromEntries(
        servers.map((s) => [
          s.kind,
          {
            label: inProcessLabels[s.kind],
            medianCpuMicros: inProcess[s.kind].cpu,
            medianWallMicros: inProcess[s.kind].wall,
            cpuRounds: cpuSamples.get(s.kind)!.map((v) => round(v, 1)),
            wallRounds: wallSamples.get(s.kind)!.map((v) => round(v, 1)),
          },
        ]),
      ),
      parseValidateMicros,
      jwtMicros,
      graphqlJitOverOurSchema: jitOverOursErrors ? { runs: false, errors: jitOverOursErrors } : { runs: true },
    });
    phase('done');
  } finally {
    for (const child of processes) if (child.connected) child.disconnect();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
