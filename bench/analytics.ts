/**
 * Analytics and leaderboards at full scale (issue 7): how fast do regionStats, regionRanking,
 * regionSeries, regionHeatmap and the leaderboards answer over a city of 500,000 volunteers,
 * 5,000,000 service records and 1,000,000 demands?
 *
 *   npm run bench:analytics -- --scale small           the 1/100 city (SQLite by default: seconds)
 *   DATABASE_URL=mysql://root@127.0.0.1:3306/vg_bench npm run bench:analytics -- --scale full --reuse
 *
 *   --reuse           use the dataset already in the database when its marker says it has this
 *                     scale (else generate it); without --reuse a fresh one is generated
 *   --districts N     the dataset's district count (see bench/dataset.ts; default 1 small, 4 full)
 *   --iterations N    measured runs per query (default 30), after --warmup N (default 3)
 *   --budget S        at most about S seconds of measuring per query (default 120): a query slower
 *                     than S / iterations gets fewer runs (at least --min-runs, default 5), and
 *                     fewer warm-ups once they took S / 3; a query whose first run takes longer
 *                     than S is timed by that run alone. The table says how many runs were timed
 *   --only TEXT       only the queries whose name contains TEXT
 *   --resume          keep the results an interrupted run saved (same scale and database), measure the rest
 *   --explain         print the database's plan of the slowest statements of every missed query
 *
 * Generating needs an empty database: with MySQL/MariaDB, every table of DATABASE_URL's database is
 * dropped first, and only a database whose name contains "bench" is. SQLite: DATA_DIR (kept, so
 * --reuse works next time), else a temporary folder removed at the end.
 *
 * The server runs in this process (startApp, the sweeper stopped so it cannot change the data), the
 * requests go over HTTP one at a time, as an ANALYST scoped to the first district (analytics) and a
 * PLATFORM_ADMIN (leaderboards), with minted tokens. Baseline: `{ __typename }` through the same
 * server with the same authentication (one account read), so each query is also given as a ratio.
 * Targets (issue 7, full scale): analytics p95 < 300 ms, leaderboards p95 < 200 ms. Every SQL
 * statement a request sends is timed, so the report names the slow one. Writes
 * bench/results/analytics.json (and analytics-<scale>-<database>.json). Exit code 0 whether or
 * not the targets are met; 1 when a query fails.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { DataSource, QueryRunner } from 'typeorm';
import { loadConfig } from '../src/config';
import { requestScope } from '../src/core/database';
import { toGlobalId } from '../src/core/relay';
import { Account } from '../src/modules/account/account.entity';
import { REGION_TYPE_NAMES } from '../src/modules/region/region.types';
import { idHasherFor } from '../src/modules/volunteer/id-number';
import { startApp } from '../src/server/app';
import { discardLogs } from './support';
import { benchEnv, describeDataset, duration, fmt, generateDataset, openBenchDatabase, option, progressBar, scaleOf, type Dataset, type RegionRef } from './dataset';

const ANALYTICS_TARGET_MS = 300;
const LEADERBOARD_TARGET_MS = 200;
/** A month and twelve months of the generated history (local days, Asia/Shanghai). */
const MONTH = { from: '2026-10-01', to: '2026-10-31' };
const YEAR = { from: '2025-11-01', to: '2026-10-31' };
/** A moment inside the periods of the leaderboards: week 42, October, 2026. */
const AT = '2026-10-15T04:00:00.000Z';

const FIGURES = `
  fragment Figures on RegionStats {
    from to timeZone residents
    volunteers { registered active participationRate registeredPer1000Residents partyMemberShare byGender { gender count } byAgeBand { band count } }
    hours { total perRegisteredVolunteer per1000Residents byCategory { category { code } hours } }
    demands {
      total resolutionRate rectificationRate overdueShare escalationShare averageRating satisfiedShare rated cityProblems cityProblemsFixed
      byStatus { status count } byCategory { category { code } count } byChannel { channel count } byUrgency { urgency count }
      timeToAccept { count medianMinutes p90Minutes } timeToAssign { count medianMinutes p90Minutes } timeToComplete { count medianMinutes p90Minutes }
    }
  }`;
const STATS = `query ($regionId: ID!, $from: String!, $to: String!) { regionStats(regionId: $regionId, from: $from, to: $to) { region { code } ...Figures } } ${FIGURES}`;
const RANKING = `query ($regionId: ID!, $from: String!, $to: String!, $metric: RegionMetric!, $order: SortOrder!) {
  regionRanking(regionId: $regionId, from: $from, to: $to, metric: $metric, order: $order) { rank value region { code name } stats { ...Figures } } } ${FIGURES}`;
const SERIES = `query ($regionId: ID!, $from: String!, $to: String!, $metric: RegionMetric!, $bucket: TimeBucket!) {
  regionSeries(regionId: $regionId, from: $from, to: $to, metric: $metric, bucket: $bucket) { label start end value } }`;
const HEATMAP = `query ($regionId: ID!) { regionHeatmap(regionId: $regionId) { grid { code name } open overdue urgent } }`;
const LEADERBOARD = `query ($period: LeaderboardPeriod!, $regionId: ID, $teamId: ID, $organisationId: ID, $at: DateTime) {
  leaderboard(period: $period, regionId: $regionId, teamId: $teamId, organisationId: $organisationId, at: $at, first: 20) { rank hours name stars } }`;
const BASELINE = '{ __typename }';

type Group = 'baseline' | 'analytics' | 'leaderboard';

interface Scenario {
  name: string;
  group: Group;
  as: 'analyst' | 'admin';
  query: string;
  variables: Record<string, unknown>;
}

interface StatementStats {
  label: string;
  sql: string;
  count: number;
  ms: number;
  /** The first call's statement and parameters, for EXPLAIN. */
  example: { sql: string; parameters: unknown[] };
}

interface Result {
  name: string;
  group: Group;
  n: number;
  p50: number;
  p95: number;
  mean: number;
  min: number;
  max: number;
  ratioP50: number;
  ratioP95: number;
  targetMs: number | null;
  met: boolean | null;
  statementsPerRequest: number;
  sqlMsPerRequest: number;
  statements: { label: string; sql: string; perRequest: number; meanMs: number; example: { sql: string; parameters: unknown[] } }[];
  /** With --explain, for a missed target: the plans of its slowest statements. */
  plans?: { label: string; plan: string[] }[];
  error?: string;
}

const regionId = (r: RegionRef) => toGlobalId(REGION_TYPE_NAMES[r.level], r.id);

function scenarios(d: Dataset): Scenario[] {
  const district = regionId(d.district);
  const street = regionId(d.street);
  const community = regionId(d.community);
  const stats = (name: string, region: string, period: { from: string; to: string }): Scenario => ({ name, group: 'analytics', as: 'analyst', query: STATS, variables: { regionId: region, ...period } });
  const board = (name: string, variables: Record<string, unknown>): Scenario => ({ name, group: 'leaderboard', as: 'admin', query: LEADERBOARD, variables: { at: AT, ...variables } });
  return [
    { name: 'baseline { __typename }', group: 'baseline', as: 'analyst', query: BASELINE, variables: {} },
    stats('regionStats district, month', district, MONTH),
    stats('regionStats district, year', district, YEAR),
    stats('regionStats street, month', street, MONTH),
    stats('regionStats street, year', street, YEAR),
    stats('regionStats community, month', community, MONTH),
    stats('regionStats community, year', community, YEAR),
    { name: 'regionRanking district streets by HOURS, year', group: 'analytics', as: 'analyst', query: RANKING, variables: { regionId: district, ...YEAR, metric: 'HOURS', order: 'DESC' } },
    { name: 'regionRanking district streets by MEDIAN_MINUTES_TO_ACCEPT, month', group: 'analytics', as: 'analyst', query: RANKING, variables: { regionId: district, ...MONTH, metric: 'MEDIAN_MINUTES_TO_ACCEPT', order: 'ASC' } },
    { name: 'regionSeries district HOURS by MONTH, year', group: 'analytics', as: 'analyst', query: SERIES, variables: { regionId: district, ...YEAR, metric: 'HOURS', bucket: 'MONTH' } },
    { name: 'regionSeries district DEMANDS by DAY, month', group: 'analytics', as: 'analyst', query: SERIES, variables: { regionId: district, ...MONTH, metric: 'DEMANDS', bucket: 'DAY' } },
    { name: 'regionHeatmap street', group: 'analytics', as: 'analyst', query: HEATMAP, variables: { regionId: street } },
    { name: 'regionHeatmap district', group: 'analytics', as: 'analyst', query: HEATMAP, variables: { regionId: district } },
    board('leaderboard WEEK, city', { period: 'WEEK' }),
    board('leaderboard MONTH, city', { period: 'MONTH' }),
    board('leaderboard YEAR, city', { period: 'YEAR' }),
    board('leaderboard ALL_TIME, city', { period: 'ALL_TIME' }),
    board('leaderboard MONTH, district', { period: 'MONTH', regionId: district }),
    board('leaderboard YEAR, district', { period: 'YEAR', regionId: district }),
    board('leaderboard ALL_TIME, district', { period: 'ALL_TIME', regionId: district }),
    board('leaderboard YEAR, community', { period: 'YEAR', regionId: community }),
    board('leaderboard YEAR, team', { period: 'YEAR', teamId: toGlobalId('Team', d.teamId) }),
    board('leaderboard YEAR, organisation', { period: 'YEAR', organisationId: toGlobalId('Organisation', d.organisationId) }),
  ];
}

// ---------------------------------------------------------------------------------------------
// Timing every SQL statement sent while serving a request

const WRAPPED = Symbol('bench-sql-profile');
let statements = new Map<string, StatementStats>();

function profileSql(db: DataSource): void {
  const wrap = (runner: QueryRunner): QueryRunner => {
    const r = runner as QueryRunner & { [WRAPPED]?: true };
    if (r[WRAPPED]) return runner;
    const query = r.query.bind(r) as (sql: string, ...rest: unknown[]) => Promise<unknown>;
    r.query = (async (sql: string, ...rest: unknown[]) => {
      const started = performance.now();
      try {
        return await query(sql, ...rest);
      } finally {
        if (requestScope.getStore()) record(sql, rest[0], performance.now() - started);
      }
    }) as QueryRunner['query'];
    r[WRAPPED] = true;
    return runner;
  };
  const driver = db.driver as unknown as { createQueryRunner(mode: string): QueryRunner };
  const create = driver.createQueryRunner.bind(driver);
  driver.createQueryRunner = (mode: string) => wrap(create(mode));
}

function record(sql: string, parameters: unknown, ms: number): void {
  const text = sql.replace(/\s+/g, ' ').trim();
  const key = text.slice(0, 400);
  let s = statements.get(key);
  if (!s) statements.set(key, (s = { label: labelOf(text), sql: text.slice(0, 600), count: 0, ms: 0, example: { sql, parameters: Array.isArray(parameters) ? parameters : [] } }));
  s.count += 1;
  s.ms += ms;
}

/** A short name for the statements the analytics and leaderboard code sends. */
function labelOf(sql: string): string {
  if (sql.startsWith('WITH spans')) return 'response times (demand_event, ROW_NUMBER)';
  if (/FROM volunteer v INNER JOIN region c/.test(sql)) return 'volunteers (registered, gender, ages)';
  if (/COUNT\(DISTINCT r\.volunteerId\)/.test(sql)) return 'service: active volunteers, minutes';
  if (/FROM service_record r INNER JOIN volunteer v ON v\.id = r\.volunteerId INNER JOIN region c/.test(sql)) return 'service: minutes by category';
  if (/FROM demand d INNER JOIN region g .* GROUP BY d\.gridId/.test(sql)) return 'heat map (open demands per grid)';
  if (/FROM demand d INNER JOIN region g/.test(sql)) return 'demands (status x category x channel x urgency)';
  if (/FROM service_record r INNER JOIN volunteer v/.test(sql)) return 'leaderboard (records in the period)';
  if (/FROM volunteer v WHERE v\.certifiedMinutes/.test(sql)) return 'leaderboard (all time, certifiedMinutes)';
  if (/FROM [`"]?region[`"]? [`"]?r[`"]? WHERE r\.path LIKE|FROM `region` `r`/.test(sql)) return 'subtree regions';
  if (/FROM [`"]?account/.test(sql)) return 'account (viewer)';
  if (/FROM [`"]?volunteer[`"]?/.test(sql)) return 'volunteers by id (loader)';
  if (/FROM [`"]?region[`"]?/.test(sql)) return 'regions by id/code (loader)';
  if (/FROM [`"]?service_category/.test(sql)) return 'categories (loader)';
  return sql.slice(0, 60);
}

// ---------------------------------------------------------------------------------------------
// Measuring

/** One POST over a kept-alive connection (node:http: no client-side timeout, some full-scale queries take minutes). */
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function request(url: string, token: string, query: string, variables: Record<string, unknown>): Promise<{ ms: number; error: string | null }> {
  const payload = JSON.stringify({ query, variables });
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), authorization: `Bearer ${token}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const ms = performance.now() - started;
        const text = Buffer.concat(chunks).toString('utf8');
        let errors: unknown = null;
        try {
          errors = (JSON.parse(text) as { errors?: unknown[] }).errors?.length ? (JSON.parse(text) as { errors: unknown[] }).errors : null;
        } catch {
          errors = text.slice(0, 200);
        }
        resolve({ ms, error: res.statusCode !== 200 || errors ? `HTTP ${res.statusCode}: ${JSON.stringify(errors).slice(0, 500)}` : null });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** The database's plan for a statement, one line per table (MySQL EXPLAIN) or step (SQLite EXPLAIN QUERY PLAN). */
async function explain(db: DataSource, sql: string, parameters: unknown[]): Promise<string[]> {
  if (db.options.type === 'mysql') {
    const rows: Record<string, unknown>[] = await db.query(`EXPLAIN ${sql}`, parameters);
    return rows.map((r) => `${r.id} ${r.select_type} ${r.table} type=${r.type} key=${r.key ?? '-'}${r.key_len ? `(${r.key_len})` : ''} rows=${r.rows} ${r.Extra ?? ''}`.trim());
  }
  const rows: { id: number; parent: number; detail: string }[] = await db.query(`EXPLAIN QUERY PLAN ${sql}`, parameters);
  const depth = new Map<number, number>();
  const lines = rows.map((r) => {
    const d = (depth.get(r.parent) ?? -1) + 1;
    depth.set(r.id, d);
    return `${'  '.repeat(d)}${r.detail}`;
  });
  // The bucket table is a UNION ALL of constant rows: one line for all of them.
  const constants = lines.filter((l) => /SCAN CONSTANT ROW/.test(l)).length;
  const kept = lines.filter((l) => !/SCAN CONSTANT ROW|UNION ALL|COMPOUND QUERY|LEFT-MOST SUBQUERY/.test(l));
  return constants ? kept.map((l) => (/CO-ROUTINE b/.test(l) ? `${l} (${constants} constant rows: the period's buckets)` : l)) : kept;
}

/** Nearest rank: the smallest value with at least p % of the samples at or below it. */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function measure(url: string, token: string, s: Scenario, opts: { iterations: number; warmup: number; budgetMs: number; minRuns: number }): Promise<Omit<Result, 'ratioP50' | 'ratioP95' | 'targetMs' | 'met'>> {
  const warm: number[] = [];
  statements = new Map();
  // Warm-ups stop early once they have taken a third of the budget (at least one is made).
  for (let i = 0; i < opts.warmup && (i === 0 || warm.reduce((a, b) => a + b, 0) < opts.budgetMs / 3); i++) {
    const { ms, error } = await request(url, token, s.query, s.variables);
    if (error) return failed(s, error);
    warm.push(ms);
    if (ms > 2000) process.stderr.write(`(warm-up ${(ms / 1000).toFixed(0)} s) `);
  }
  const typical = warm.length ? warm.reduce((a, b) => a + b, 0) / warm.length : 1;
  // A query slower than the whole budget is timed once: its warm-up is the measurement.
  const once = warm.length === 1 && warm[0] > opts.budgetMs;
  const n = once ? 0 : Math.min(opts.iterations, Math.max(opts.minRuns, Math.floor(opts.budgetMs / Math.max(typical, 0.01))));
  if (!once) statements = new Map();
  const samples: number[] = once ? [...warm] : [];
  for (let i = 0; i < n; i++) {
    const { ms, error } = await request(url, token, s.query, s.variables);
    if (error) return failed(s, error);
    samples.push(ms);
    if (ms > 2000) process.stderr.write(`[${(ms / 1000).toFixed(0)} s] `);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const all = [...statements.values()];
  const runs = samples.length;
  return {
    name: s.name,
    group: s.group,
    n: runs,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    mean: samples.reduce((a, b) => a + b, 0) / runs,
    min: sorted[0],
    max: sorted[sorted.length - 1],
    statementsPerRequest: all.reduce((a, st) => a + st.count, 0) / runs,
    sqlMsPerRequest: all.reduce((a, st) => a + st.ms, 0) / runs,
    statements: all
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 6)
      .map((st) => ({ label: st.label, sql: st.sql, perRequest: st.count / runs, meanMs: st.ms / runs, example: st.example })),
  };
}

function failed(s: Scenario, error: string): Omit<Result, 'ratioP50' | 'ratioP95' | 'targetMs' | 'met'> {
  return { name: s.name, group: s.group, n: 0, p50: NaN, p95: NaN, mean: NaN, min: NaN, max: NaN, statementsPerRequest: 0, sqlMsPerRequest: 0, statements: [], error };
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const scale = scaleOf(argv);
  const districts = option(argv, 'districts') ? Number(option(argv, 'districts')) : undefined;
  const iterations = Number(option(argv, 'iterations') ?? 30);
  const warmup = Number(option(argv, 'warmup') ?? 3);
  const budgetMs = Number(option(argv, 'budget') ?? 120) * 1000;
  const minRuns = Number(option(argv, 'min-runs') ?? 5);
  const only = option(argv, 'only');
  const tmpDir = process.env.DATA_DIR ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'vg-bench-analytics-'));
  const config = loadConfig(benchEnv(process.env.DATA_DIR || tmpDir!), []);
  const where = config.database.kind === 'mysql' ? `MySQL ${config.database.database}` : `SQLite ${config.database.file}`;

  let db = await openBenchDatabase(config);
  let dataset = argv.includes('--reuse') ? await describeDataset(db, scale, districts) : null;
  if (dataset) {
    console.error(`reusing the ${scale} dataset in ${where}`);
  } else {
    await db.destroy();
    db = await openBenchDatabase(config, { reset: true });
    console.error(`generating the ${scale} dataset into ${where}`);
    dataset = await generateDataset(db, scale, progressBar(), { districts, hasher: idHasherFor(config) });
    const rows = Object.values(dataset.counts).reduce((a, b) => a + b, 0);
    console.error(`\n${fmt(rows)} rows in ${duration(dataset.generation!.seconds)} (${fmt(rows / dataset.generation!.seconds)} rows/s)`);
  }

  profileSql(db);
  discardLogs();
  const app = await startApp(config, db);
  // The sweeper would mark overdue demands and close old ones: the data must not move.
  await app.services.sweeper.stop();
  const files = ['analytics.json', `analytics-${scale}-${config.database.kind}.json`].map((f) => path.join(__dirname, 'results', f));
  // --resume: keep what an interrupted run of the same scale and database already measured.
  const earlier: Result[] = [];
  if (argv.includes('--resume') && fs.existsSync(files[1])) {
    const saved = JSON.parse(fs.readFileSync(files[1], 'utf8')) as { scale: string; database: string; results: Result[] };
    if (saved.scale === scale && saved.database === config.database.kind) earlier.push(...saved.results.filter((r) => r.group !== 'baseline' && !r.error));
  }
  const results: Result[] = [];
  const save = (partial: boolean) => {
    const report = {
      at: new Date().toISOString(),
      partial,
      database: config.database.kind,
      scale,
      districts: dataset!.districts,
      counts: dataset!.counts,
      generation: dataset!.generation ?? null,
      periods: { month: MONTH, year: YEAR, leaderboardAt: AT },
      targets: { analyticsP95Ms: ANALYTICS_TARGET_MS, leaderboardP95Ms: LEADERBOARD_TARGET_MS },
      iterations,
      warmup,
      results,
      // The shape bench/run.ts gathers into its summary table.
      rows: results.map((r) => ({ scenario: 'analytics', measure: `${r.name}: p95`, value: r.error ? 'error' : Math.round(r.p95 * 10) / 10, unit: 'ms', target: r.targetMs === null ? '' : `< ${r.targetMs} ms`, met: r.error ? false : r.met })),
    };
    fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
    for (const file of files) fs.writeFileSync(file, JSON.stringify(report, null, 2));
  };
  // On a shared machine a run may be stopped: keep (and print) what was measured.
  const interrupted = (signal: string) => {
    console.error(`\n${signal}: writing the ${results.length} results so far (--resume continues)`);
    save(true);
    print(results, scale, config.database.kind, dataset!);
    process.exit(130);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => interrupted(signal));
  try {
    const token = async (id: number) => (await app.services.tokens.sign(await db.getRepository(Account).findOneByOrFail({ id }))).token;
    const tokens = { analyst: await token(dataset.analystAccountId), admin: await token(dataset.adminAccountId) };
    const list = scenarios(dataset).filter((s) => s.group === 'baseline' || !only || s.name.includes(only));
    let baseline: Result | null = null;
    for (const s of list) {
      const done = earlier.find((r) => r.name === s.name);
      if (done) {
        results.push(done);
        process.stderr.write(`${s.name}: kept from the earlier run (p95 ${done.p95.toFixed(1)} ms, n=${done.n})\n`);
        continue;
      }
      process.stderr.write(`${s.name} ... `);
      const r = await measure(app.url, tokens[s.as], s, { iterations: s.group === 'baseline' ? Math.max(iterations, 100) : iterations, warmup: s.group === 'baseline' ? Math.max(warmup, 20) : warmup, budgetMs, minRuns });
      const targetMs = s.group === 'analytics' ? ANALYTICS_TARGET_MS : s.group === 'leaderboard' ? LEADERBOARD_TARGET_MS : null;
      const result: Result = {
        ...r,
        ratioP50: baseline ? r.p50 / baseline.p50 : 1,
        ratioP95: baseline ? r.p95 / baseline.p95 : 1,
        targetMs,
        met: r.error ? false : targetMs === null ? null : r.p95 < targetMs,
      };
      if (s.group === 'baseline') baseline = result;
      if (argv.includes('--explain') && result.met === false && !result.error) {
        result.plans = [];
        for (const st of result.statements.slice(0, 2)) result.plans.push({ label: st.label, plan: await explain(db, st.example.sql, st.example.parameters) });
      }
      results.push(result);
      save(true);
      process.stderr.write(r.error ? `ERROR ${r.error}\n` : `p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms (n=${r.n})\n`);
    }
    // Ratios of kept results against this run's baseline.
    const base = results.find((r) => r.group === 'baseline');
    if (base) for (const r of results) Object.assign(r, { ratioP50: r.p50 / base.p50, ratioP95: r.p95 / base.p95 });
  } finally {
    agent.destroy();
    await app.close();
    if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
  }
  save(false);
  print(results, scale, config.database.kind, dataset);
  if (results.some((r) => r.error)) process.exitCode = 1;
}

/** The Markdown report on stdout. */
function print(results: Result[], scale: string, database: string, dataset: Dataset): void {
  const ms = (n: number) => (Number.isNaN(n) ? '—' : n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : Math.round(n).toString());
  console.log(`\n## Analytics and leaderboards, ${scale} scale, ${database === 'mysql' ? 'MariaDB/MySQL' : 'SQLite'}\n`);
  const c = dataset.counts;
  console.log(
    `${fmt(c.volunteer ?? 0)} volunteers, ${fmt(c.service_record ?? 0)} service records, ${fmt(c.demand ?? 0)} demands, ${fmt(c.demand_event ?? 0)} demand events in ${dataset.districts} district(s); ` +
      `the district holds ~1/${dataset.districts} of them. Periods: month ${MONTH.from}..${MONTH.to}, year ${YEAR.from}..${YEAR.to}; leaderboards at ${AT}.\n`,
  );
  console.log('| query | n | p50 ms | p95 ms | p50 × baseline | SQL statements | SQL ms (sum) | target | result |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |');
  for (const r of results) {
    const verdict = r.error ? 'ERROR' : r.met === null ? '' : r.met ? 'met' : 'MISSED';
    console.log(
      `| ${r.name} | ${r.n} | ${ms(r.p50)} | ${ms(r.p95)} | ${r.group === 'baseline' ? '1' : r.ratioP50.toFixed(1)} | ${r.statementsPerRequest.toFixed(0)} | ${ms(r.sqlMsPerRequest)} | ${r.targetMs === null ? '' : `p95 < ${r.targetMs} ms`} | ${verdict} |`,
    );
  }
  const missed = results.filter((r) => r.met === false && !r.error);
  if (missed.length) {
    console.log('\nSlowest statements of the missed queries (mean ms per request, summed over the statements of that kind):\n');
    for (const r of missed) console.log(`- ${r.name}: ${r.statements.slice(0, 3).map((s) => `${s.label} ${ms(s.meanMs)}${s.perRequest > 1.5 ? ` (×${s.perRequest.toFixed(0)})` : ''}`).join('; ')}`);
  }
  for (const r of results.filter((x) => x.plans)) {
    console.log(`\nPlans for ${r.name}:`);
    for (const p of r.plans!) console.log(`  ${p.label}:\n${p.plan.map((line) => `    ${line}`).join('\n')}`);
  }
  for (const r of results.filter((x) => x.error)) console.log(`\nERROR ${r.name}: ${r.error}`);
  const met = results.filter((r) => r.met === true).length;
  const targeted = results.filter((r) => r.met !== null).length;
  console.log(`\n${met} of ${targeted} targets met.`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
