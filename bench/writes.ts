/**
 * writes: how many demands per second does `demandCreate` place, against raw mysql2 writing the
 * same rows, at concurrency 1 and 32? (issue 7)
 *
 *   mysql -uroot -e "DROP DATABASE IF EXISTS vg_bench_writes; CREATE DATABASE vg_bench_writes"
 *   DATABASE_URL=mysql://root@127.0.0.1:3306/vg_bench_writes node -r ./src/register.js bench/writes.ts
 *     [--seconds 5]         length of each measured phase (default 5)
 *     [--rounds 1]          repeat all phases; each figure is the median over the rounds
 *     [--http node]         the HTTP client: `node` (node:http, keep-alive; default) or `fetch` (undici:
 *                           about 2 ms of client CPU per request here against 0.7 ms, taken from the
 *                           same two cores as the server's and the database's)
 *     [--client process]    where the HTTP clients run: `process` (a child process, so their CPU is not
 *                           the server's event loop; default) or `inline` (in the server's process)
 *     [--only api,rawRows,rawInsert] [--levels 1,32]   a subset of the phases (e.g. to profile one:
 *                           `node --cpu-prof -r ./src/register.js bench/writes.ts --only api --levels 32`)
 *
 * MariaDB only (the target compares with mysql2). It starts the real server in this process
 * (startBenchServer: migrations, Apollo, TypeORM's pool of 20), creates a district → street →
 * community → grid tree and 32 RESIDENT accounts of the grid (one per worker, so nothing per account
 * serialises them), then measures, each at concurrency 1 and 32 (that many workers, each sending its
 * next request when the previous one answered, for --seconds):
 *
 *   api         `demandCreate` over HTTP (keep-alive, bearer token), a success = a demand and no userErrors;
 *   raw rows    mysql2/promise, a pool of 32 connections, the rows a demandCreate writes, with the
 *               server's statements in one transaction per demand: INSERT demand, UPDATE its number,
 *               UPDATE event_sequence +1, SELECT the position, INSERT demand_event, COMMIT
 *               (a resident's demand has no audience rows);
 *   raw insert  the simpler baseline: one single-row INSERT INTO demand (autocommit) per demand.
 *
 * Targets: api c32 ≥ 0.5 × raw rows c32, and api c32 ≥ 5 × api c1. Context rows: latencies, SQL
 * statements per demandCreate, how long event_sequence's row lock is waited for and held (as seen by
 * the client: from the UPDATE's answer to sending COMMIT, then the COMMIT itself), and CPU per demand
 * (this process, the client process, and mariadbd when it runs on this machine: all of its CPU, so
 * other users of the database server count too). Writes
 * bench/results/writes.json. Every phase adds rows; use a database the benchmark may fill.
 */
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import mysql from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { toGlobalId } from '../src/core/relay';
import { Role } from '../src/modules/account/role';
import { ServiceCategory, ServiceLevel } from '../src/modules/category/category.entity';
import { Urgency } from '../src/modules/demand/demand.enums';
import { arg, mariadbPid, markdown, percentile, processCpuMs, report, round, seedRegionChain, startBenchServer, type Row } from './support';

const WORKERS = 32;
const POOL = 32;
const TARGET_VS_RAW = 0.5;
const TARGET_SCALING = 5;

const MUTATION = 'mutation W($input: DemandCreateInput!) { demandCreate(input: $input) { demand { id number status } userErrors { code field message } } }';
const TITLE = '帮老人买菜、取药';
const DESCRIPTION = '每周二上午，老人行动不便，需要有人陪同去社区卫生站取药并代买蔬菜。';
const CONTACT = { name: '王秀英', phone: '13812345678', address: '幸福里小区 3 号楼 2 单元 401' };

// ---------------------------------------------------------------------------------------------
// Driving load: `concurrency` workers, each sending its next operation when the previous answered.

interface Drive {
  ok: number;
  failed: number;
  seconds: number;
  latencies: number[];
  firstError: string | null;
}

async function drive(concurrency: number, seconds: number, op: (worker: number) => Promise<void>): Promise<Drive> {
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const result: Drive = { ok: 0, failed: 0, seconds: 0, latencies: [], firstError: null };
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        try {
          await op(worker);
          result.ok += 1;
          result.latencies.push(performance.now() - t0);
        } catch (err) {
          result.failed += 1;
          result.firstError ??= (err as Error).message ?? String(err);
        }
      }
    }),
  );
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

interface ApiJob {
  url: string;
  tokens: string[];
  input: Record<string, unknown>;
  concurrency: number;
  seconds: number;
  http: 'node' | 'fetch';
}

const keepAlive = new http.Agent({ keepAlive: true, maxSockets: WORKERS });

/** POST with node:http on a keep-alive agent: a third of fetch's client CPU per request on this kind of VM. */
function postJson(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent: keepAlive, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** One demandCreate over HTTP as worker `worker`; throws unless a demand came back without userErrors. */
async function createOverHttp(job: ApiJob, worker: number): Promise<void> {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${job.tokens[worker % job.tokens.length]}` };
  const request = JSON.stringify({ query: MUTATION, variables: { input: job.input } });
  let status: number;
  let text: string;
  if (job.http === 'fetch') {
    const res = await fetch(job.url, { method: 'POST', headers, body: request });
    status = res.status;
    text = await res.text();
  } else {
    ({ status, text } = await postJson(job.url, headers, request));
  }
  const body = JSON.parse(text) as { data?: { demandCreate?: { demand: { id: string } | null; userErrors: unknown[] } }; errors?: { message: string }[] };
  const payload = body.data?.demandCreate;
  if (status !== 200 || body.errors?.length || !payload?.demand || payload.userErrors.length) {
    throw new Error(`demandCreate: HTTP ${status} ${JSON.stringify(body.errors ?? payload?.userErrors ?? body).slice(0, 300)}`);
  }
}

/** Runs an api phase in this process and reports the CPU it took. */
async function runApiJob(job: ApiJob): Promise<Drive & { cpuMs: number }> {
  const cpu = process.cpuUsage();
  const result = await drive(job.concurrency, job.seconds, (w) => createOverHttp(job, w));
  const used = process.cpuUsage(cpu);
  return { ...result, cpuMs: (used.user + used.system) / 1000 };
}

/** The HTTP clients in a child process (`--client-child`): their CPU is then not the server's event loop. */
function childMain(): void {
  process.on('disconnect', () => process.exit(0));
  process.on('message', (message: { type: 'run'; job: ApiJob } | { type: 'exit' }) => {
    if (message.type === 'exit') process.exit(0);
    void runApiJob(message.job).then((result) => process.send!({ type: 'done', result }));
  });
  process.send!({ type: 'ready' });
}

class ApiClients {
  private child: ChildProcess | null = null;
  private ready: Promise<void> = Promise.resolve();

  constructor(readonly mode: 'process' | 'inline') {
    if (mode === 'process') {
      this.child = fork(__filename, ['--client-child'], { execArgv: ['-r', path.join(__dirname, '..', 'src', 'register.js')], stdio: 'inherit' });
      this.ready = new Promise((resolve, reject) => {
        this.child!.once('message', () => resolve());
        this.child!.once('exit', (code) => reject(new Error(`the client process exited with ${code}`)));
      });
    }
  }

  async run(job: ApiJob): Promise<Drive & { cpuMs: number }> {
    if (!this.child) return runApiJob(job);
    await this.ready;
    const child = this.child;
    return new Promise((resolve) => {
      child.once('message', (m: { type: 'done'; result: Drive & { cpuMs: number } }) => resolve(m.result));
      child.send({ type: 'run', job });
    });
  }

  close(): void {
    if (this.child?.connected) this.child.send({ type: 'exit' });
  }
}

// ---------------------------------------------------------------------------------------------
// event_sequence's row lock as the client sees it: waited (sending the UPDATE until its answer),
// held until COMMIT is sent, and the COMMIT's own round trip.

interface LockTimes {
  wait: number[];
  held: number[];
  commit: number[];
}
const newLockTimes = (): LockTimes => ({ wait: [], held: [], commit: [] });
/** Where the server's (TypeORM's) timings go during an api phase; null outside one. */
let serverLocks: LockTimes | null = null;
/** Sees every statement TypeORM sends while set (traceOneRequest). */
const tracer: { current: ((sql: string) => void) | null } = { current: null };
/** Every statement the server's pool ran (the server counts per request only in tests: it costs). */
let statementCount = 0;

/**
 * Wraps TypeORM's MySQL query runner (in this process only; src/ is untouched) to time the sequence
 * lock of every transaction that appends to the demand log.
 */
function instrumentSequenceLock(db: DataSource): void {
  const sample = db.createQueryRunner();
  const proto = Object.getPrototypeOf(sample) as { query: (this: object, sql: string, ...rest: unknown[]) => Promise<unknown> };
  void sample.release();
  const query = proto.query;
  const granted = new WeakMap<object, number>();
  proto.query = async function (this: object, sql: string, ...rest: unknown[]) {
    statementCount += 1;
    tracer.current?.(sql);
    if (typeof sql === 'string' && sql.startsWith('UPDATE event_sequence')) {
      const t0 = performance.now();
      const result = await query.call(this, sql, ...rest);
      const t1 = performance.now();
      serverLocks?.wait.push(t1 - t0);
      granted.set(this, t1);
      return result;
    }
    const at = granted.get(this);
    if (at !== undefined && (sql === 'COMMIT' || sql === 'ROLLBACK')) {
      granted.delete(this);
      const t0 = performance.now();
      const result = await query.call(this, sql, ...rest);
      if (sql === 'COMMIT' && serverLocks) {
        serverLocks.held.push(t0 - at);
        serverLocks.commit.push(performance.now() - t0);
      }
      return result;
    }
    return query.call(this, sql, ...rest);
  };
}

// ---------------------------------------------------------------------------------------------
// Raw mysql2: the same rows without HTTP, GraphQL, TypeORM or the reads that check the input.

interface Fixture {
  gridId: number;
  categoryId: number;
  accountIds: number[];
  level: { acceptMinutes: number; completeMinutes: number; communityMinutes: number };
}

function demandNumber(id: number, at: Date): string {
  return `D${at.toISOString().slice(0, 10).replace(/-/g, '')}-${String(id).padStart(6, '0')}`;
}

function demandRow(f: Fixture, accountId: number, now: Date): unknown[] {
  const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
  return [
    `tmp-${randomUUID()}`.slice(0, 32), TITLE, DESCRIPTION, f.categoryId, Urgency.ROUTINE, 'RESIDENT_APP', 'SUBMITTED', 'COMMUNITY', f.gridId, accountId,
    CONTACT.name, CONTACT.phone, CONTACT.address, accountId, at(f.level.acceptMinutes), at(f.level.completeMinutes), at(f.level.communityMinutes), now, now,
  ];
}
const DEMAND_INSERT = `INSERT INTO demand (number, title, description, categoryId, urgency, channel, status, handlingLevel, gridId, requesterId,
  contactName, contactPhone, address, createdById, acceptDueAt, dueAt, escalateAt, createdAt, updatedAt) VALUES (${Array(19).fill('?').join(', ')})`;

/** What demandCreate writes, as the server writes it: one transaction, the sequence bump last. */
async function rawRows(pool: mysql.Pool, f: Fixture, accountId: number, locks: LockTimes): Promise<void> {
  const conn = await pool.getConnection();
  try {
    await conn.query('START TRANSACTION');
    const now = new Date();
    const [inserted] = await conn.query<mysql.ResultSetHeader>(DEMAND_INSERT, demandRow(f, accountId, now));
    const id = inserted.insertId;
    await conn.query('UPDATE demand SET number = ? WHERE id = ?', [demandNumber(id, now), id]);
    const t0 = performance.now();
    await conn.query('UPDATE event_sequence SET value = value + 1 WHERE name = ?', ['demand_event']);
    const t1 = performance.now();
    const [[{ value }]] = await conn.query<mysql.RowDataPacket[]>('SELECT value FROM event_sequence WHERE name = ?', ['demand_event']);
    await conn.query(
      'INSERT INTO demand_event (id, demandId, type, fromStatus, toStatus, actorId, note, reason, data, at) VALUES (?, ?, ?, NULL, ?, ?, NULL, ?, NULL, ?)',
      [Number(value), id, 'CREATED', 'SUBMITTED', accountId, 'MANUAL', new Date()],
    );
    const t2 = performance.now();
    await conn.query('COMMIT');
    locks.wait.push(t1 - t0);
    locks.held.push(t2 - t1);
    locks.commit.push(performance.now() - t2);
  } catch (err) {
    await conn.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    conn.release();
  }
}

/** The simpler baseline: one single-row INSERT INTO demand, autocommitted. */
async function rawInsert(pool: mysql.Pool, f: Fixture, accountId: number): Promise<void> {
  await pool.query(DEMAND_INSERT, demandRow(f, accountId, new Date()));
}

// ---------------------------------------------------------------------------------------------
// CPU and InnoDB counters around a phase.

async function rowLockCounters(pool: mysql.Pool): Promise<{ waits: number; timeMs: number }> {
  const [rows] = await pool.query<mysql.RowDataPacket[]>("SHOW GLOBAL STATUS WHERE Variable_name IN ('Innodb_row_lock_waits', 'Innodb_row_lock_time')");
  const get = (name: string) => Number(rows.find((r) => r.Variable_name === name)?.Value ?? 0);
  return { waits: get('Innodb_row_lock_waits'), timeMs: get('Innodb_row_lock_time') };
}

// ---------------------------------------------------------------------------------------------

type Kind = 'api' | 'rawRows' | 'rawInsert';
const LABEL: Record<Kind, string> = { api: 'demandCreate', rawRows: 'raw mysql2, same rows', rawInsert: 'raw mysql2, single INSERT' };

interface Phase {
  kind: Kind;
  concurrency: number;
  perSecond: number;
  ok: number;
  failed: number;
  firstError: string | null;
  p50Ms: number;
  p99Ms: number;
  /** CPU per successful demand: the server process (api) or this process (raw), the client process, mariadbd. */
  cpuMsPerDemand: { node: number; client: number | null; mariadb: number | null };
  statementsPerDemand: number | null;
  sequenceLockMs: { waitP50: number; heldP50: number; heldP99: number; commitP50: number } | null;
  /** Server-wide (also counts other databases' work): row lock waits and their time during the phase. */
  innodbRowLockWaits: number;
  innodbRowLockTimeMs: number;
}

async function main(): Promise<void> {
  if (process.argv.includes('--client-child')) return childMain();
  if (!/^mysql:\/\//.test(process.env.DATABASE_URL ?? '')) {
    console.error('bench/writes needs MariaDB: set DATABASE_URL=mysql://root@127.0.0.1:3306/vg_bench_writes (a database it may fill)');
    process.exit(2);
  }
  const seconds = Number(arg('seconds', '5'));
  const rounds = Math.max(1, Number(arg('rounds', '1')));
  const clientMode = arg('client', 'process') === 'inline' ? 'inline' : 'process';
  const httpClient = arg('http', 'node') === 'fetch' ? 'fetch' : 'node';
  const kinds = (Object.keys(LABEL) as Kind[]).filter((k) => arg('only', Object.keys(LABEL).join(',')).split(',').includes(k));
  const levels = [1, WORKERS].filter((c) => arg('levels', `1,${WORKERS}`).split(',').map(Number).includes(c));
  // A fixed key (the value bench/dataset.ts uses): the database remembers the key it first saw and
  // refuses another, and each bench server has a fresh DATA_DIR, so a generated key would differ per run.
  const server = await startBenchServer({ ID_HASH_KEY: 'bench-id-hash-key-that-is-long-enough-0123456789' });
  const clients = new ApiClients(clientMode);
  const pool = mysql.createPool({ uri: process.env.DATABASE_URL!, connectionLimit: POOL, charset: 'utf8mb4_unicode_ci', timezone: 'Z' });
  try {
    const fixture = await setUp(server.db, (role, scopeId) => server.account(role, scopeId));
    const tokens = fixture.tokens;
    const input = {
      gridId: toGlobalId('Grid', fixture.gridId),
      categoryId: toGlobalId('ServiceCategory', fixture.categoryId),
      title: TITLE,
      description: DESCRIPTION,
      contactName: CONTACT.name,
      contactPhone: CONTACT.phone,
      address: CONTACT.address,
    };
    const job = (concurrency: number, secs: number): ApiJob => ({ url: server.app.url, tokens, input, concurrency, seconds: secs, http: httpClient });
    instrumentSequenceLock(server.db);
    const statements = await traceOneRequest(job(1, 0));
    const pid = mariadbPid();

    // Warm-up: JIT, both pools filled, the client process loaded. Not measured.
    process.stderr.write('warming up\n');
    await clients.run(job(WORKERS, 1));
    await drive(WORKERS, 0.5, (w) => rawRows(pool, fixture, fixture.accountIds[w], newLockTimes()));

    const measure = async (kind: Kind, concurrency: number): Promise<Phase> => {
      const cpu = process.cpuUsage();
      const db0 = processCpuMs(pid);
      const lock0 = await rowLockCounters(pool);
      const stmts0 = statementCount;
      const locks = newLockTimes();
      let result: Drive & { cpuMs?: number };
      if (kind === 'api') {
        serverLocks = locks;
        result = await clients.run(job(concurrency, seconds));
        serverLocks = null;
      } else if (kind === 'rawRows') {
        result = await drive(concurrency, seconds, (w) => rawRows(pool, fixture, fixture.accountIds[w], locks));
      } else {
        result = await drive(concurrency, seconds, (w) => rawInsert(pool, fixture, fixture.accountIds[w]));
      }
      const used = process.cpuUsage(cpu);
      const db1 = processCpuMs(pid);
      const lock1 = await rowLockCounters(pool);
      const per = (ms: number) => round(ms / Math.max(result.ok, 1), 3);
      // With --client inline the api phases' node CPU includes the HTTP clients'.
      const nodeMs = (used.user + used.system) / 1000;
      const phase: Phase = {
        kind,
        concurrency,
        perSecond: round(result.ok / result.seconds, 1),
        ok: result.ok,
        failed: result.failed,
        firstError: result.firstError,
        p50Ms: round(percentile(result.latencies, 50), 2),
        p99Ms: round(percentile(result.latencies, 99), 2),
        cpuMsPerDemand: {
          node: per(nodeMs),
          client: kind === 'api' && clientMode === 'process' && result.cpuMs !== undefined ? per(result.cpuMs) : null,
          mariadb: db0 !== null && db1 !== null ? per(db1 - db0) : null,
        },
        statementsPerDemand: kind === 'api' ? round((statementCount - stmts0) / Math.max(result.ok + result.failed, 1), 1) : null,
        sequenceLockMs:
          kind === 'rawInsert' || locks.held.length === 0
            ? null
            : { waitP50: round(percentile(locks.wait, 50), 2), heldP50: round(percentile(locks.held, 50), 2), heldP99: round(percentile(locks.held, 99), 2), commitP50: round(percentile(locks.commit, 50), 2) },
        innodbRowLockWaits: lock1.waits - lock0.waits,
        innodbRowLockTimeMs: lock1.timeMs - lock0.timeMs,
      };
      const lock = phase.sequenceLockMs ? `, sequence lock held p50 ${phase.sequenceLockMs.heldP50} ms + commit ${phase.sequenceLockMs.commitP50} ms` : '';
      process.stderr.write(`${LABEL[kind]} c${concurrency}: ${phase.perSecond}/s (${phase.ok} ok, ${phase.failed} failed), p50 ${phase.p50Ms} ms, p99 ${phase.p99Ms} ms${lock}\n`);
      if (phase.firstError) process.stderr.write(`  first error: ${phase.firstError}\n`);
      return phase;
    };

    const phases: Phase[] = [];
    for (let r = 0; r < rounds; r++) {
      if (rounds > 1) process.stderr.write(`round ${r + 1} of ${rounds}\n`);
      for (const concurrency of levels) for (const kind of kinds) phases.push(await measure(kind, concurrency));
    }

    const rows = tableRows(phases);
    const [[settings]] = await pool.query<mysql.RowDataPacket[]>('SELECT @@version AS version, @@innodb_flush_log_at_trx_commit AS flushLogAtTrxCommit, @@log_bin AS logBin, @@tx_isolation AS isolation');
    const details = { seconds, rounds, workers: WORKERS, rawPool: POOL, typeormPool: (server.db.driver as unknown as { pool?: { config?: { connectionLimit?: number } } }).pool?.config?.connectionLimit ?? null, clients: clientMode, http: httpClient, mariadb: settings, mutation: MUTATION, statementsOfOneDemandCreate: statements, phases };
    // A subset of the phases (--only, --levels) is for looking into one; it does not replace the report.
    if (kinds.length === 3 && levels.length === 2) report('writes', rows, details);
    else console.log(`\n${markdown(rows)}\n`);
    if (!rows.every((r) => r.met !== false)) process.exitCode = 1;
  } finally {
    clients.close();
    await pool.end();
    await server.close();
  }
}

/** The table: the rates (medians over the rounds), the two targets, then context from the last round. */
function tableRows(phases: Phase[]): Row[] {
  const rate = (kind: Kind, concurrency: number) => {
    const values = phases.filter((p) => p.kind === kind && p.concurrency === concurrency).map((p) => p.perSecond);
    return values.length ? round(percentile(values, 50), 1) : NaN;
  };
  const last = (kind: Kind, concurrency: number): Phase | undefined => phases.filter((p) => p.kind === kind && p.concurrency === concurrency).at(-1);
  const rows: Row[] = [];
  const context = (measure: string, value: number | string, unit = '') => {
    if (typeof value === 'string' || Number.isFinite(value)) rows.push({ scenario: 'writes', measure, value, unit, target: '', met: null });
  };
  const target = (measure: string, value: number, min: number) => {
    if (Number.isFinite(value)) rows.push({ scenario: 'writes', measure, value: round(value, 2), unit: '×', target: `≥ ${min}`, met: value >= min });
  };
  for (const concurrency of [1, WORKERS]) for (const kind of Object.keys(LABEL) as Kind[]) context(`${LABEL[kind]}, c${concurrency}`, rate(kind, concurrency), '/s');
  const c = WORKERS;
  target(`demandCreate c${c} / raw same rows c${c}`, rate('api', c) / rate('rawRows', c), TARGET_VS_RAW);
  target(`demandCreate c${c} / demandCreate c1`, rate('api', c) / rate('api', 1), TARGET_SCALING);
  context(`raw same rows c${c} / raw same rows c1`, round(rate('rawRows', c) / rate('rawRows', 1), 2), '×');
  context(`demandCreate c${c} / raw single INSERT c${c}`, round(rate('api', c) / rate('rawInsert', c), 2), '×');
  const api = last('api', c) ?? last('api', 1);
  const raw = last('rawRows', c) ?? last('rawRows', 1);
  if (api) {
    context(`demandCreate c${api.concurrency} latency p50 / p99`, `${api.p50Ms} / ${api.p99Ms} ms`);
    context('SQL statements per demandCreate (with the feed reading the log)', api.statementsPerDemand ?? NaN);
  }
  for (const p of [last('api', 1), last('api', c)]) {
    if (!p) continue;
    const cpu = p.cpuMsPerDemand;
    context(`CPU per demandCreate c${p.concurrency}: server / clients / mariadbd (all of it)`, `${cpu.node} / ${cpu.client ?? '–'} / ${cpu.mariadb ?? '–'} ms`);
  }
  if (raw) context(`CPU per raw same-rows demand c${raw.concurrency}: node / mariadbd (all of it)`, `${raw.cpuMsPerDemand.node} / ${raw.cpuMsPerDemand.mariadb ?? '–'} ms`);
  const lock = (p: Phase | undefined) => (p?.sequenceLockMs ? `${p.sequenceLockMs.waitP50} / ${p.sequenceLockMs.heldP50} / ${p.sequenceLockMs.commitP50} ms` : null);
  if (lock(api)) context(`event_sequence lock, demandCreate c${api!.concurrency}: wait / held to COMMIT / COMMIT (p50)`, lock(api)!);
  if (lock(raw)) context(`event_sequence lock, raw same rows c${raw!.concurrency}: wait / held to COMMIT / COMMIT (p50)`, lock(raw)!);
  if (api?.concurrency === c && api.sequenceLockMs) {
    // One event loop cannot place more than 1000 / (its CPU ms per demand) a second, and the log no
    // more than 1000 / (ms the sequence row stays locked): whichever is lower is the bound.
    context(`demandCreate c${c} bounds: one core ÷ server CPU / 1 s ÷ lock held`, `${Math.round(1000 / api.cpuMsPerDemand.node)} / ${Math.round(1000 / api.sequenceLockMs.heldP50)} /s`);
  }
  return rows;
}

/** The tree, the category's service level and one RESIDENT of the grid per worker. */
async function setUp(db: DataSource, account: (role: Role, scopeId: number) => Promise<{ id: number; token: string }>): Promise<Fixture & { tokens: string[] }> {
  const tag = `W${Date.now().toString(36)}`;
  const gridId = (await seedRegionChain(db, tag)).at(-1)!.id;
  const category = await db.getRepository(ServiceCategory).findOneByOrFail({ code: 'ELDER_CARE' });
  const level = await db.getRepository(ServiceLevel).findOneByOrFail({ categoryId: category.id, urgency: Urgency.ROUTINE });
  const accounts = [];
  for (let i = 0; i < WORKERS; i++) accounts.push(await account(Role.RESIDENT, gridId));
  return { gridId, categoryId: category.id, level, accountIds: accounts.map((a) => a.id), tokens: accounts.map((a) => a.token) };
}

/** The SQL of one demandCreate, in order (with whatever the feed reads meanwhile). */
async function traceOneRequest(job: ApiJob): Promise<string[]> {
  const seen: string[] = [];
  const original = tracer.current;
  tracer.current = (sql) => seen.push(sql.replace(/\s+/g, ' ').slice(0, 160));
  try {
    await createOverHttp(job, 0);
  } finally {
    tracer.current = original;
  }
  return seen;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
