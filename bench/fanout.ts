/**
 * Fan-out: how fast and how cheaply one demand event reaches the consoles watching it.
 *
 *   npm run bench:fanout                  (embedded SQLite; DATABASE_URL=mysql://... for MariaDB)
 *   npm run bench:fanout -- --events 50   (events per run; default 30)
 *
 * The server runs in this process; the consoles (graphql-ws clients) run in a child process
 * (bench/fanout-clients.ts) so that their CPU is not counted as the server's. A city of 10 streets,
 * 2 communities each; every event is a demand placed in one grid of street 1, watched by 1,000
 * matching consoles of mixed jurisdictions (100 district, 600 street, 300 community dispatchers,
 * several accounts each: 3 groups). Three runs, each measured in this same run:
 *   baseline  1 matching console;
 *   1k        1,000 connected, all matching;
 *   10k       10,000 connected: the same 1,000 matching and 9,000 on the other streets.
 * Figures: time from the mutation's HTTP response to each delivery (p50, p99; negative when the
 * console hears of the demand before the caller has its response: the event is published on commit,
 * before the response is written), the same from the moment the mutation was sent (against the
 * one-console baseline), GraphQL executions per event (target: the number of matching groups),
 * server CPU per event at 10k vs 1k (target ≤ 2×), server memory per idle connection (≤ 50 KB).
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { toGlobalId } from '../src/core/relay';
import { Role } from '../src/modules/account/role';
import { ServiceCategory } from '../src/modules/category/category.entity';
import { Region, RegionLevel } from '../src/modules/region/region.entity';
import { REGION_TYPE_NAMES } from '../src/modules/region/region.types';
import { arg, percentile, report, round, startBenchServer, type BenchServer, type Row } from './support';

const QUERY = /* GraphQL */ `
  subscription Console($regionId: ID!) {
    demandEvents(regionId: $regionId) { id cursor type toStatus demand { id number title status urgency overdue } }
  }
`;
const CREATE = /* GraphQL */ `
  mutation($input: DemandCreateInput!) { demandCreate(input: $input) { demand { id } userErrors { field message } } }
`;
const STREETS = 10;

interface ConsoleSpec {
  token: string;
  regionId: string;
  count: number;
}

interface City {
  district: Region;
  streets: { street: Region; communities: { community: Region; grid: Region }[] }[];
}

interface RunResult {
  name: string;
  connected: number;
  matching: number;
  groups: number;
  latencies: number[];
  /** The same deliveries timed from the moment the mutation was sent: what a dispatcher waits after a click. */
  sinceSent: number[];
  executionsPerEvent: number;
  cpuPerEventMs: number;
  bytesPerConnection: { rss: number; heap: number };
  missed: number;
  extra: number;
}

const now = () => performance.timeOrigin + performance.now();
const gid = (r: Region) => toGlobalId(REGION_TYPE_NAMES[r.level], r.id);

async function main(): Promise<void> {
  if (!global.gc) throw new Error('run with --expose-gc (npm run bench:fanout does)');
  const events = Number(arg('events', '30'));
  const server = await startBenchServer();
  const driver = new Driver(fork(path.join(__dirname, 'fanout-clients.ts'), [], { execArgv: ['-r', './src/register.js'], stdio: 'inherit' }));
  try {
    const city = await buildCity(server);
    const target = city.streets[0].communities[0];
    const worker = await server.account(Role.GRID_WORKER, target.grid.id);
    const category = toGlobalId('ServiceCategory', (await server.db.getRepository(ServiceCategory).findOneByOrFail({ code: 'ELDER_CARE' })).id);
    const place = async (n: number) => {
      const sentAt = now();
      const res = await fetch(server.app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${worker.token}` },
        body: JSON.stringify({ query: CREATE, variables: { input: { categoryId: category, gridId: gid(target.grid), title: `bench ${n}`, contactName: '王秀英', contactPhone: '13812345678' } } }),
      });
      const body = (await res.json()) as { data?: { demandCreate: { demand: { id: string } | null } } };
      const id = body.data?.demandCreate.demand?.id;
      if (!id) throw new Error(`demandCreate failed: ${JSON.stringify(body)}`);
      return { id, sentAt, respondedAt: now() };
    };

    const matching = await matchingConsoles(server, city);
    const others = await otherConsoles(server, city, 9_000);
    const single = [{ ...matching[1], count: 1 }];
    const runs: RunResult[] = [];
    let placed = 0;
    const run = async (name: string, specs: ConsoleSpec[], expected: number, groups: number) => {
      const result = await measureRun(server, driver, name, specs, expected, groups, events, () => place(placed++));
      runs.push(result);
      console.error(`${name}: ${result.connected} connected, p50 ${round(percentile(result.latencies, 50))} ms, p99 ${round(percentile(result.latencies, 99))} ms`);
    };
    // Warm-up: the first events compile the code paths; not reported.
    await measureRun(server, driver, 'warm-up', matching, 1000, 3, 10, () => place(placed++));
    await run('baseline', single, 1, 1);
    await run('1k', matching, 1000, 3);
    await run('10k', [...matching, ...others], 1000, 3);

    const [base, k1, k10] = runs;
    const p = (r: RunResult, q: number) => round(percentile(r.latencies, q));
    const cpuRatio = k10.cpuPerEventMs / k1.cpuPerEventMs;
    const rows: Row[] = [
      { scenario: 'fan-out', measure: 'delivery after response, 1 console: p50', value: p(base, 50), unit: 'ms', target: 'baseline', met: null },
      { scenario: 'fan-out', measure: 'delivery after response, 1,000 matching of 1,000: p50', value: p(k1, 50), unit: 'ms', target: '< 10 ms', met: p(k1, 50) < 10 },
      { scenario: 'fan-out', measure: 'delivery after response, 1,000 matching of 1,000: p99', value: p(k1, 99), unit: 'ms', target: '< 50 ms', met: p(k1, 99) < 50 },
      { scenario: 'fan-out', measure: 'delivery after response, 1,000 matching of 10,000: p50', value: p(k10, 50), unit: 'ms', target: '< 10 ms', met: p(k10, 50) < 10 },
      { scenario: 'fan-out', measure: 'delivery after response, 1,000 matching of 10,000: p99', value: p(k10, 99), unit: 'ms', target: '< 50 ms', met: p(k10, 99) < 50 },
      { scenario: 'fan-out', measure: 'delivery after the mutation was sent, 1,000 matching of 10,000: p50', value: round(percentile(k10.sinceSent, 50)), unit: 'ms', target: '', met: null },
      { scenario: 'fan-out', measure: 'delivery after the mutation was sent, 1,000 matching of 10,000: p99', value: round(percentile(k10.sinceSent, 99)), unit: 'ms', target: '', met: null },
      { scenario: 'fan-out', measure: 'delivery after sent, p50 at 1,000 vs 1 console', value: round(percentile(k1.sinceSent, 50) / percentile(base.sinceSent, 50)), unit: '×', target: '', met: null },
      { scenario: 'fan-out', measure: 'GraphQL executions per event, 1,000 matching (3 groups)', value: round(k1.executionsPerEvent), unit: '', target: '= 3 groups', met: k1.executionsPerEvent === k1.groups },
      { scenario: 'fan-out', measure: 'GraphQL executions per event, 10,000 connected (3 matching groups)', value: round(k10.executionsPerEvent), unit: '', target: '= 3 groups', met: k10.executionsPerEvent === k10.groups },
      { scenario: 'fan-out', measure: 'server CPU per event, 1,000 connected', value: round(k1.cpuPerEventMs), unit: 'ms', target: 'baseline', met: null },
      { scenario: 'fan-out', measure: 'server CPU per event, 10,000 vs 1,000 connected', value: round(cpuRatio), unit: '×', target: '≤ 2×', met: cpuRatio <= 2 },
      { scenario: 'fan-out', measure: 'server memory per idle connection (RSS)', value: round(k10.bytesPerConnection.rss / 1024, 1), unit: 'KB', target: '≤ 50 KB', met: k10.bytesPerConnection.rss <= 50 * 1024 },
      { scenario: 'fan-out', measure: 'server memory per idle connection (JS heap)', value: round(k10.bytesPerConnection.heap / 1024, 1), unit: 'KB', target: '', met: null },
      { scenario: 'fan-out', measure: 'deliveries missed / to consoles that do not match', value: `${runs.reduce((n, r) => n + r.missed, 0)} / ${runs.reduce((n, r) => n + r.extra, 0)}`, unit: '', target: '0 / 0', met: runs.every((r) => r.missed === 0 && r.extra === 0) },
    ];
    report('fanout', rows, { events, runs: runs.map(({ latencies, sinceSent, ...r }) => ({ ...r, p50: percentile(latencies, 50), p99: percentile(latencies, 99), sentP50: percentile(sinceSent, 50), sentP99: percentile(sinceSent, 99), deliveries: latencies.length })) });
  } finally {
    driver.stop();
    await server.close();
  }
}

/** One run: open the consoles, measure memory, place `events` demands one after another, close. */
async function measureRun(
  server: BenchServer,
  driver: Driver,
  name: string,
  specs: ConsoleSpec[],
  expected: number,
  groups: number,
  events: number,
  place: () => Promise<{ id: string; sentAt: number; respondedAt: number }>,
): Promise<RunResult> {
  const services = server.app.services;
  const connected = specs.reduce((n, s) => n + s.count, 0);
  global.gc!();
  const before = process.memoryUsage();
  await driver.ask({ type: 'open', url: server.app.url.replace(/^http/, 'ws'), query: QUERY, consoles: specs }, 'opened');
  await until(() => services.subscriberCount() === connected, `${connected} subscriptions on the server`);
  global.gc!();
  const after = process.memoryUsage();
  const latencies: number[] = [];
  const sinceSent: number[] = [];
  let missed = 0;
  const executions = server.app.fanout.executions;
  const cpu = process.cpuUsage();
  for (let i = 0; i < events; i++) {
    const { id, sentAt, respondedAt } = await place();
    const { times } = await driver.ask({ type: 'await', demandId: id, expected, timeoutMs: 10_000 }, 'arrivals');
    missed += Math.max(0, expected - times.length);
    for (const t of times) {
      latencies.push(t - respondedAt);
      sinceSent.push(t - sentAt);
    }
  }
  const used = process.cpuUsage(cpu);
  const executionsPerEvent = (server.app.fanout.executions - executions) / events;
  const { extra } = await driver.ask({ type: 'close' }, 'closed');
  await until(() => services.subscriberCount() === 0, 'the subscriptions to end');
  return {
    name,
    connected,
    matching: expected,
    groups,
    latencies,
    sinceSent,
    executionsPerEvent,
    cpuPerEventMs: (used.user + used.system) / 1000 / events,
    bytesPerConnection: { rss: (after.rss - before.rss) / connected, heap: (after.heapUsed + after.external - before.heapUsed - before.external) / connected },
    missed,
    extra,
  };
}

/** 1,000 consoles on the target grid's district, street and community: 3 groups, several accounts each. */
async function matchingConsoles(server: BenchServer, city: City): Promise<ConsoleSpec[]> {
  const street = city.streets[0];
  return [
    ...(await spread(server, city.district, 100, 5)),
    ...(await spread(server, street.street, 600, 10)),
    ...(await spread(server, street.communities[0].community, 300, 10)),
  ];
}

/** `total` consoles on the other streets and their communities. */
async function otherConsoles(server: BenchServer, city: City, total: number): Promise<ConsoleSpec[]> {
  const specs: ConsoleSpec[] = [];
  const perStreet = Math.floor(total / (STREETS - 1));
  for (const s of city.streets.slice(1)) {
    specs.push(...(await spread(server, s.street, Math.round(perStreet * 0.6), 5)));
    specs.push(...(await spread(server, s.communities[0].community, Math.round(perStreet * 0.3), 5)));
    specs.push(...(await spread(server, s.communities[1].community, perStreet - Math.round(perStreet * 0.6) - Math.round(perStreet * 0.3), 5)));
  }
  const short = total - specs.reduce((n, s) => n + s.count, 0);
  if (short > 0) specs[0].count += short;
  return specs;
}

/** `count` consoles watching `region`, shared among `accounts` dispatchers scoped to it. */
async function spread(server: BenchServer, region: Region, count: number, accounts: number): Promise<ConsoleSpec[]> {
  const specs: ConsoleSpec[] = [];
  for (let i = 0; i < accounts; i++) {
    const { token } = await server.account(Role.DISPATCHER, region.id);
    specs.push({ token, regionId: gid(region), count: Math.floor(count / accounts) + (i < count % accounts ? 1 : 0) });
  }
  return specs;
}

async function buildCity(server: BenchServer): Promise<City> {
  const repo = server.db.getRepository(Region);
  const tag = `F${Date.now().toString(36)}`;
  let n = 0;
  const make = async (level: RegionLevel, parent: Region | null) => {
    const region = await repo.save({ code: `${tag}-${n++}`, name: `${level.toLowerCase()} ${n}`, level, parentId: parent?.id ?? null, path: 'pending', population: 5000 });
    region.path = `${parent?.path ?? '/'}${region.id}/`;
    await repo.update({ id: region.id }, { path: region.path });
    return region;
  };
  const district = await make(RegionLevel.DISTRICT, null);
  const streets = [];
  for (let s = 0; s < STREETS; s++) {
    const street = await make(RegionLevel.STREET, district);
    const communities = [];
    for (let c = 0; c < 2; c++) {
      const community = await make(RegionLevel.COMMUNITY, street);
      communities.push({ community, grid: await make(RegionLevel.GRID, community) });
    }
    streets.push({ street, communities });
  }
  return { district, streets };
}

async function until(predicate: () => boolean, what: string, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The consoles' process: one request at a time, answered by a message of the named type. */
class Driver {
  constructor(private readonly child: ChildProcess) {}

  ask(message: object, answer: string): Promise<any> {
    return new Promise((resolve, reject) => {
      const onMessage = (reply: { type: string }) => {
        if (reply.type !== answer) return;
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
        resolve(reply);
      };
      const onExit = (code: number) => reject(new Error(`the consoles' process exited (${code})`));
      this.child.on('message', onMessage);
      this.child.once('exit', onExit);
      this.child.send(message);
    });
  }

  stop(): void {
    this.child.kill();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
