/**
 * A synthetic city for benchmarks, written straight into a fresh, migrated database.
 *
 *   npm run bench:dataset -- --scale small     5,000 volunteers, 50,000 service records, 10,000 demands (1 district)
 *   npm run bench:dataset -- --scale full      500,000 volunteers, 5,000,000 service records, 1,000,000 demands (4 districts)
 *
 *   --districts N   districts shaped like the demo district (24 streets, 111 communities, ~1,100 grids
 *                   each); default 1 for small, 4 for full. `--districts 1 --scale full` puts everything
 *                   in one district (the worst case for district-wide figures).
 *   --seed N        another city of the same size (default 20261123)
 *   --no-checks     MySQL: foreign-key and unique checks off for the generator's own sessions
 *                   (SET SESSION, as mysqldump output does; nothing global)
 *   --serial        MySQL: one connection instead of two (the demands half and the activities
 *                   half are written at the same time by default)
 *   --reset         drop every table of the database first (MySQL/MariaDB: only a database whose name
 *                   contains "bench"; SQLite: deletes the file, only in a DATA_DIR whose path does)
 *
 * Embedded SQLite by default: DATA_DIR, or a new temporary folder that is kept and printed (point
 * DATA_DIR at it to reuse it). MySQL/MariaDB with DATABASE_URL: an empty database, or --reset.
 *
 * What is generated (all deterministic: a seeded PRNG per entity, so both passes below agree):
 * - the hierarchy: N districts built like the demo district (Harbin district codes 230110 香坊,
 *   230102 道里, 230103 南岗, 230104 道外 ...), grid populations varied ±15% outside the demo
 *   district, and an "activity factor" per community so communities differ;
 * - accounts: an admin (`bench-admin`), an analyst scoped to the first district (`bench-analyst`),
 *   a dispatcher per district/street/community, a grid worker per grid, a partner per NGO,
 *   residents (one per four demands) and one VOLUNTEER account per volunteer, all with the password
 *   BENCH_PASSWORD;
 * - organisations (hospitals, schools, enterprises, government units, NGOs), ~15% of volunteers employed;
 * - volunteers with real-looking resident ID numbers (HMAC-hashed with the configured ID_HASH_KEY),
 *   birth dates (a realistic age mix), gender, party membership, skills, a registration move, a
 *   registration date from 2019 on, `certifiedMinutes` = the sum of their approved records;
 * - teams (detachment, emergency and professional teams per district, a squad per street, two
 *   teams per community) with members, leaders and liaisons;
 * - projects with WEEKLY / MONTHLY / ONE_OFF schedules and their activities;
 * - pairings with households and their visits;
 * - demands placed 2025-01-01 .. 2026-11-19 (growing over time, daytime-heavy), walked through the
 *   real state machine with their demand_event rows (accept, dispatch to open recruitment or a team,
 *   claim, start, complete, close with or without a rating, rejections, cancellations, deadline
 *   and manual escalations, overdue marks, a few stalled for ever); the event positions are
 *   gapless and event_sequence is set to the last one;
 * - service records: one per served demand (DEMAND), per visit (PAIRING_VISIT), and per volunteer
 *   a heavy-tailed number of ACTIVITY records (with their activity_signup rows: checked in and
 *   out) and MANUAL records, dated 2025-01-01 .. 2026-11-19, weekends and March busier; ~94%
 *   APPROVED, recent ones still PENDING, some DECLINED; certified by the dispatcher or team leader.
 *
 * Not generated: offers, call-outs, notices, time-bank accounts and ledgers, benefits, availability
 * windows, certificates (none of the analytics or leaderboard queries read them).
 *
 * Rows go in as multi-row INSERTs (1,000 rows a statement) in transactions of ~10,000 rows, with
 * every constraint and foreign key checked; on MySQL the next statement is built while the previous
 * one runs. A row in app_setting (`bench_dataset`) marks the dataset, so a benchmark can reuse it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource, QueryRunner } from 'typeorm';
import { loadConfig, type Config } from '../src/config';
import { isMysql, openDatabase } from '../src/core/database';
import { hashPassword } from '../src/modules/account/password';
import { MILESTONE_COLUMN } from '../src/modules/demand/demand-milestones';
import { ROLLUP_ZONE_SETTING } from '../src/modules/record/leaderboard.rollup';
import { Role } from '../src/modules/account/role';
import { DemandChannel, DemandEventReason, DemandEventType as E, DemandStatus as S, HandlingLevel, Urgency } from '../src/modules/demand/demand.enums';
import { buildDemoCity, type DemoRegion } from '../src/modules/demo/demo-city';
import { OrganisationKind } from '../src/modules/organisation/organisation.entity';
import { Vulnerability } from '../src/modules/pairing/pairing.enums';
import { ActivityStatus, CheckInMethod, ProjectStatus, SignupStatus } from '../src/modules/project/project.enums';
import { ScheduleKind } from '../src/modules/project/schedule';
import { RecordSource, RecordStatus } from '../src/modules/record/record.enums';
import { VISIT_CATEGORY } from '../src/modules/record/record.service';
import { RegionLevel } from '../src/modules/region/region.entity';
import { MembershipStatus, TeamKind } from '../src/modules/team/team.enums';
import { IdHasher, checkCharacter, idHasherFor } from '../src/modules/volunteer/id-number';
import { Gender, IdType, VolunteerStatus } from '../src/modules/volunteer/volunteer.enums';

// ---------------------------------------------------------------------------------------------
// Public surface

export type Scale = 'small' | 'full';

export interface ScaleSpec {
  volunteers: number;
  records: number;
  demands: number;
  districts: number;
}

export const SCALES: Record<Scale, ScaleSpec> = {
  full: { volunteers: 500_000, records: 5_000_000, demands: 1_000_000, districts: 4 },
  small: { volunteers: 5_000, records: 50_000, demands: 10_000, districts: 1 },
};

/** Every generated account signs in with this password. */
export const BENCH_PASSWORD = 'bench-password';
export const BENCH_ADMIN = 'bench-admin';
export const BENCH_ANALYST = 'bench-analyst';
export const BENCH_ID_HASH_KEY = 'bench-id-hash-key-that-is-long-enough-0123456789';
export const BENCH_JWT_SECRET = 'bench-jwt-secret-that-is-long-enough-for-hs256-0123456789';
export const DEFAULT_SEED = 20261123;
/** The local days (Asia/Shanghai) the generated history covers. */
export const DATA_FROM = '2025-01-01';
export const DATA_TO = '2026-11-19';
/** The demand's milestone columns (demand-milestones.ts), from the first event of each type. */
const MILESTONES = Object.entries(MILESTONE_COLUMN).map(([type, column]) => [column, type] as const);

const MARKER = 'bench_dataset';
/** Rows per table, comma-separated in this order (app_setting values hold 255 characters). */
const COUNTS = 'bench_dataset_rows';
const TABLES = [
  'region', 'organisation', 'account', 'volunteer', 'volunteer_skill', 'volunteer_move', 'team', 'team_specialty', 'team_member', 'project', 'activity', 'pairing',
  'pairing_visit', 'demand', 'demand_event', 'activity_signup', 'service_record',
] as const;
const VERSION = 1;

export interface RegionRef {
  id: number;
  code: string;
  name: string;
  level: RegionLevel;
}

export interface Dataset {
  scale: Scale;
  districts: number;
  seed: number;
  /** Rows of the main tables. */
  counts: Record<string, number>;
  /** The first district (the demo district's codes), its first street, community and grid. */
  district: RegionRef;
  street: RegionRef;
  community: RegionRef;
  grid: RegionRef;
  /** The first district's streets. */
  streets: RegionRef[];
  /** The largest community team of the first district, and the organisation with most employees. */
  teamId: number;
  organisationId: number;
  /** Some volunteers of the first community (ids). */
  volunteerIds: number[];
  adminAccountId: number;
  analystAccountId: number;
  dataFrom: string;
  dataTo: string;
  /** Set when this call generated it: seconds in all, and seconds the database spent per table. */
  generation?: { seconds: number; dbSeconds: Record<string, number> };
}

export interface Progress {
  phase: 'plan' | 'write';
  table: string;
  done: number;
  total: number;
  elapsedMs: number;
}

export interface DatasetOptions {
  districts?: number;
  seed?: number;
  /** Keys the volunteers' ID hashes: must be the server's (idHasherFor(config)), or it refuses to start. */
  hasher?: IdHasher;
  /**
   * MySQL only: false turns foreign-key and unique checks off for the generator's own sessions
   * (`SET SESSION`, never global), which the generator's invariants make safe. Default true.
   */
  checks?: boolean;
  /** MySQL only: write the two independent halves (demands, activities) on two connections at once. Default true. */
  parallel?: boolean;
}

/** Environment for loadConfig in benchmarks: fixed secrets (so a database can be reused), no sweeps. */
export function benchEnv(dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    DATABASE_URL: process.env.DATABASE_URL ?? '',
    JWT_SECRET: BENCH_JWT_SECRET,
    ID_HASH_KEY: BENCH_ID_HASH_KEY,
    SWEEP_INTERVAL_MS: '3600000',
    TIME_ZONE: 'Asia/Shanghai',
    // Load generators send far more than any caller may; nested walks ask for whole hierarchies.
    RATE_LIMIT_PER_ACCOUNT: '0',
    RATE_LIMIT_PER_API_KEY: '0',
    RATE_LIMIT_PER_ADDRESS: '0',
    QUERY_MAX_COST: '1000000000',
    ...extra,
  };
}

/**
 * Opens the benchmark database and migrates it; with `reset`, drops every table first (MySQL:
 * only a database whose name contains "bench"; SQLite: deletes the file, only under a path with "bench").
 */
export async function openBenchDatabase(config: Config, { reset = false } = {}): Promise<DataSource> {
  if (reset) {
    if (config.database.kind === 'mysql') {
      if (!/bench/i.test(config.database.database)) throw new Error(`refusing to drop the tables of "${config.database.database}": only a database whose name contains "bench" is reset`);
      const raw = await openDatabase(config.database, { migrate: false });
      await raw.dropDatabase();
      await raw.destroy();
    } else {
      if (!/bench/i.test(config.database.file)) throw new Error(`refusing to delete ${config.database.file}: only a DATA_DIR whose path contains "bench" is reset`);
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(config.database.file + suffix, { force: true });
    }
  }
  return openDatabase(config.database);
}

/** The dataset in this database, when its marker says it is of this scale (and district count); else null. */
export async function describeDataset(db: DataSource, scale?: Scale, districts?: number): Promise<Dataset | null> {
  const rows: { value: string }[] = await db.query('SELECT value FROM app_setting WHERE name = ?', [MARKER]);
  if (!rows.length) return null;
  const marker = JSON.parse(rows[0].value) as { v: number; scale: Scale; districts: number; seed: number; team: number; org: number };
  if (marker.v !== VERSION || (scale && marker.scale !== scale) || (districts && marker.districts !== districts)) return null;
  const region = async (code: string): Promise<RegionRef> => {
    const [r] = await db.query('SELECT id, code, name, level FROM region WHERE code = ?', [code]);
    if (!r) throw new Error(`dataset marker present but region ${code} is missing`);
    return { id: Number(r.id), code: r.code, name: r.name, level: r.level };
  };
  const prefix = DISTRICTS[0].prefix;
  const district = await region(`${prefix}000000`);
  const streetRows: { id: number; code: string; name: string; level: RegionLevel }[] = await db.query('SELECT id, code, name, level FROM region WHERE parentId = ? ORDER BY code', [district.id]);
  const community = await region(`${prefix}001001`);
  const volunteers: { id: number }[] = await db.query('SELECT id FROM volunteer WHERE communityId = ? ORDER BY id LIMIT 20', [community.id]);
  const counts: { value: string }[] = await db.query('SELECT value FROM app_setting WHERE name = ?', [COUNTS]);
  const n = (counts[0]?.value ?? '').split(',').map(Number);
  const account = async (username: string) => Number((await db.query('SELECT id FROM account WHERE username = ?', [username]))[0].id);
  return {
    scale: marker.scale,
    districts: marker.districts,
    seed: marker.seed,
    counts: Object.fromEntries(TABLES.map((t, i) => [t, n[i] ?? 0])),
    district,
    street: await region(`${prefix}001000`),
    community,
    grid: await region(`${prefix}001001-01`),
    streets: streetRows.map((r) => ({ id: Number(r.id), code: r.code, name: r.name, level: r.level })),
    teamId: marker.team,
    organisationId: marker.org,
    volunteerIds: volunteers.map((v) => Number(v.id)),
    adminAccountId: await account(BENCH_ADMIN),
    analystAccountId: await account(BENCH_ANALYST),
    dataFrom: DATA_FROM,
    dataTo: DATA_TO,
  };
}

/** Generates the city into `db` (fresh and migrated: no regions yet) and returns what scenarios need. */
export async function generateDataset(db: DataSource, scale: Scale, onProgress: (p: Progress) => void = () => undefined, options: DatasetOptions = {}): Promise<Dataset> {
  const [{ n }] = await db.query('SELECT COUNT(*) AS n FROM region');
  if (Number(n) > 0) throw new Error(`the database already has ${n} regions: generate into an empty database (--reset)`);
  const spec = { ...SCALES[scale], ...(options.districts ? { districts: options.districts } : {}) };
  if (spec.districts < 1 || spec.districts > DISTRICTS.length) throw new Error(`--districts: 1 to ${DISTRICTS.length}`);
  const city = new City(db, spec, options.seed ?? DEFAULT_SEED, options.hasher ?? new IdHasher(new TextEncoder().encode(BENCH_ID_HASH_KEY)), onProgress, options);
  const started = Date.now();
  const { team, org, counts, busy } = await city.generate();
  // The records went in directly: the next server start recomputes the leaderboards' period totals.
  await db.query('DELETE FROM app_setting WHERE name = ?', [ROLLUP_ZONE_SETTING]);
  const marker = JSON.stringify({ v: VERSION, scale, districts: spec.districts, seed: city.seedValue, team, org });
  await db.query('INSERT INTO app_setting (name, value) VALUES (?, ?)', [COUNTS, TABLES.map((t) => counts[t] ?? 0).join(',')]);
  await db.query('INSERT INTO app_setting (name, value) VALUES (?, ?)', [MARKER, marker]);
  const dataset = (await describeDataset(db, scale))!;
  dataset.generation = { seconds: (Date.now() - started) / 1000, dbSeconds: Object.fromEntries(Object.entries(busy).map(([t, ms]) => [t, ms / 1000])) };
  return dataset;
}

// ---------------------------------------------------------------------------------------------
// Time (Asia/Shanghai has no daylight saving: local = UTC + 8 h)

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const YEAR = 365.25 * DAY;
const LOCAL = 8 * HOUR;
/** The instant of a local day's midnight. */
const midnight = (date: string) => Date.parse(`${date}T00:00:00Z`) - LOCAL;
const T0 = midnight(DATA_FROM);
const T1 = midnight(DATA_TO) + DAY;
/** How TypeORM stores a datetime on both databases: UTC text with milliseconds. */
const dt = (ms: number) => new Date(ms).toISOString().slice(0, 23).replace('T', ' ');
const localDate = (ms: number) => new Date(ms + LOCAL).toISOString().slice(0, 10);
/** ISO weekday (1 = Monday) of the local day containing `ms`. */
const weekdayOf = (ms: number) => ((new Date(ms + LOCAL).getUTCDay() + 6) % 7) + 1;
const localMonth = (ms: number) => new Date(ms + LOCAL).getUTCMonth();
/** Service is busier on weekends and in March (学雷锋月), quieter around the Spring Festival and in summer. */
const MONTH_FACTOR = [0.75, 0.7, 1.45, 1.05, 1.1, 1.0, 0.85, 0.85, 1.0, 1.1, 1.0, 0.95];

// ---------------------------------------------------------------------------------------------
// Deterministic randomness: one mulberry32 stream per (purpose, entity)

function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

class Rng {
  private s = 0;
  constructor(private readonly base: number) {}
  /** Restarts the stream for one entity: the same (purpose, index) always gives the same numbers. */
  at(purpose: number, index: number): this {
    this.s = mix32(mix32(this.base ^ Math.imul(purpose + 1, 0x9e3779b1)) ^ mix32(index + 0x632be5ab)) | 0;
    return this;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) | 0;
    let t = Math.imul(this.s ^ (this.s >>> 15), 1 | this.s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  normal(): number {
    return Math.sqrt(-2 * Math.log(1 - this.next())) * Math.cos(2 * Math.PI * this.next());
  }
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }
  hex(chars: number): string {
    let out = '';
    while (out.length < chars) out += Math.floor(this.next() * 0x100000000).toString(16).padStart(8, '0');
    return out.slice(0, chars);
  }
}

/** Streams: one per purpose, so adding a draw to one never shifts another. */
const P = { community: 1, grid: 2, volunteer: 3, details: 4, team: 5, resident: 6, project: 7, pairing: 8, demandTime: 9, demand: 10, records: 11, org: 12 } as const;

class Weighted<T> {
  private readonly cumulative: Float64Array;
  constructor(private readonly items: readonly T[], weights: ArrayLike<number>) {
    this.cumulative = new Float64Array(items.length);
    let sum = 0;
    for (let i = 0; i < items.length; i++) this.cumulative[i] = sum += weights[i];
  }
  pick(rng: Rng): T {
    return this.items[this.index(rng)];
  }
  index(rng: Rng): number {
    const target = rng.next() * this.cumulative[this.cumulative.length - 1];
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

const weighted = <T>(entries: [T, number][]) => new Weighted(entries.map(([t]) => t), entries.map(([, w]) => w));

// ---------------------------------------------------------------------------------------------
// Reference data

const DISTRICTS = [
  { prefix: '230110', name: '香坊区' },
  { prefix: '230102', name: '道里区' },
  { prefix: '230103', name: '南岗区' },
  { prefix: '230104', name: '道外区' },
  { prefix: '230108', name: '平房区' },
  { prefix: '230109', name: '松北区' },
  { prefix: '230111', name: '呼兰区' },
  { prefix: '230112', name: '阿城区' },
  { prefix: '230113', name: '双城区' },
];

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split('');
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红梅鹏飞建国建华志强丹宇浩然子轩欣怡晓东海燕淑珍凤兰德胜文博雨桐佳琪俊杰思远春生'.split('');

const CHANNELS = weighted<DemandChannel>([
  [DemandChannel.RESIDENT_APP, 34],
  [DemandChannel.HOTLINE, 20],
  [DemandChannel.GRID_VISIT, 14],
  [DemandChannel.SURVEY, 5],
  [DemandChannel.PARTNER_API, 3],
  [DemandChannel.CITY_PROBLEM, 16],
  [DemandChannel.WALK_IN, 8],
]);

const DEMAND_CATEGORIES = weighted<string>([
  ['ELDER_CARE', 22], ['CONVENIENCE', 18], ['HEALTH', 8], ['CHILD_CARE', 6], ['DISABILITY', 5], ['POVERTY_RELIEF', 5], ['PSYCH_SUPPORT', 3],
  ['MEDIATION', 6], ['LEGAL_AID', 4], ['JOB_GUIDANCE', 3], ['ENVIRONMENT', 8], ['PUBLIC_ORDER', 5], ['EMERGENCY', 2], ['EDUCATION', 2], ['CULTURE_SPORTS', 3],
]);

const SERVICE_CATEGORIES = weighted<string>([
  ['ELDER_CARE', 20], ['ENVIRONMENT', 15], ['CONVENIENCE', 10], ['EDUCATION', 10], ['CULTURE_SPORTS', 8], ['PUBLIC_ORDER', 10], ['CHILD_CARE', 7],
  ['HEALTH', 5], ['DISABILITY', 4], ['POVERTY_RELIEF', 4], ['PSYCH_SUPPORT', 2], ['MEDIATION', 2], ['LEGAL_AID', 2], ['JOB_GUIDANCE', 1],
]);

const DEMAND_TITLES: Record<string, string[]> = {
  ELDER_CARE: ['帮独居老人买菜、取药', '陪同老人去医院复查', '为高龄老人送餐上门', '老人家中需要打扫卫生'],
  CONVENIENCE: ['家中水管漏水需要维修', '燃气灶打不着火', '帮忙更换灯泡和插座', '上门理发'],
  HEALTH: ['上门测量血压血糖', '需要康复护理指导', '慢病用药咨询'],
  CHILD_CARE: ['放学后无人照看孩子', '孩子作业辅导', '暑期托管'],
  DISABILITY: ['陪同残疾人外出办事', '轮椅推送协助', '助残上门服务'],
  POVERTY_RELIEF: ['困难家庭冬季物资需求', '低保户生活用品帮扶'],
  PSYCH_SUPPORT: ['独居老人情绪低落需要陪伴', '家庭矛盾心理疏导'],
  MEDIATION: ['楼上漏水邻里纠纷', '噪音扰民调解', '停车位纠纷'],
  LEGAL_AID: ['劳动合同纠纷咨询', '遗产继承法律咨询', '租房合同纠纷'],
  JOB_GUIDANCE: ['失业人员求职指导', '技能培训报名咨询'],
  ENVIRONMENT: ['楼道堆放杂物', '小区垃圾清运不及时', '绿地需要清理'],
  PUBLIC_ORDER: ['小区夜间需要巡逻', '学校门口交通疏导'],
  EMERGENCY: ['暴雪后老人被困家中', '楼内有燃气味', '路面结冰老人摔倒'],
  EDUCATION: ['防诈骗知识宣讲需求', '政策宣讲进楼院'],
  CULTURE_SPORTS: ['社区文艺活动需要帮手', '广场舞场地协调'],
  CITY_PROBLEM: ['路灯不亮', '井盖破损', '人行道砖松动', '违章占道经营', '积水点需要疏通'],
};

const PROJECT_TITLES: Record<string, string[]> = {
  ELDER_CARE: ['爱心助老送餐', '空巢老人陪伴', '银龄关爱行动'],
  ENVIRONMENT: ['社区环境清洁日', '垃圾分类宣传', '冰雪清扫'],
  CONVENIENCE: ['便民理发', '家电义务维修', '便民服务日'],
  PUBLIC_ORDER: ['平安巡逻', '文明交通劝导'],
  EDUCATION: ['反诈宣传进社区', '四点半课堂', '政策宣讲'],
  CULTURE_SPORTS: ['广场舞教学', '文艺汇演志愿服务', '冰雪运动进社区'],
  HEALTH: ['义诊进社区', '健康知识讲座'],
  CHILD_CARE: ['四点半课堂', '周末亲子阅读'],
  LEGAL_AID: ['法律咨询进社区'],
};

const MANUAL_NOTES = ['社区志愿服务', '协助社区工作', '楼院清扫', '入户走访', '疫苗接种现场服务', '文明城市创建', '考场周边交通疏导'];
const FEEDBACK = ['服务很好，谢谢志愿者', '志愿者很耐心', '来得很及时', '问题解决了', '态度很好'];
const VULNERABILITIES = weighted<Vulnerability>([
  [Vulnerability.ELDERLY_ALONE, 45], [Vulnerability.LOW_INCOME, 15], [Vulnerability.DISABLED, 15], [Vulnerability.LEFT_BEHIND_CHILD, 10], [Vulnerability.SERIOUSLY_ILL, 10], [Vulnerability.OTHER, 5],
]);

// ---------------------------------------------------------------------------------------------
// Writing: literal multi-row INSERTs, one connection, one statement in flight

type Cell = string | number | boolean | null;

function literal(v: Cell): string {
  if (v === null) return 'NULL';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'NULL';
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (v.includes('\\')) throw new Error(`backslash in generated text: ${v}`);
  return v.includes("'") ? `'${v.replace(/'/g, "''")}'` : `'${v}'`;
}

const ROWS_PER_STATEMENT = 1000;
const ROWS_PER_TRANSACTION = 10_000;

/** Rows written so far, over every connection. */
class Tally {
  done = 0;
  total = 0;
  readonly counts: Record<string, number> = {};
  /** Milliseconds the database spent on each table's statements (summed over connections). */
  readonly busy: Record<string, number> = {};
  private readonly started = Date.now();
  private table = '';

  constructor(private readonly onProgress: (p: Progress) => void) {}

  add(table: string, rows: number, ms: number): void {
    this.busy[table] = (this.busy[table] ?? 0) + ms;
    this.done += rows;
    this.counts[table] = (this.counts[table] ?? 0) + rows;
    this.table = table;
    this.report();
  }

  report(): void {
    this.onProgress({ phase: 'write', table: this.table, done: this.done, total: this.total, elapsedMs: Date.now() - this.started });
  }
}

/** One connection's statements, in transactions of ~ROWS_PER_TRANSACTION rows. */
class Sink {
  private pending: Promise<void> = Promise.resolve();
  private failure: unknown = null;
  private sinceCommit = 0;

  constructor(
    readonly qr: QueryRunner,
    private readonly tally: Tally,
  ) {}

  async begin(): Promise<void> {
    await this.qr.startTransaction();
  }

  /** Sends one statement; the next can be built while it runs. Commits every ~ROWS_PER_TRANSACTION rows. */
  async run(sql: string, rows: number, table: string): Promise<void> {
    await this.settle();
    const sent = performance.now();
    this.pending = this.qr.query(sql).then(
      () => this.tally.add(table, rows, performance.now() - sent),
      (err: unknown) => {
        this.failure = Object.assign(err as Error, { message: `${(err as Error).message}\n  in INSERT INTO ${table}: ${sql.slice(0, 400)}` });
      },
    );
    this.sinceCommit += rows;
    if (this.sinceCommit >= ROWS_PER_TRANSACTION) {
      await this.settle();
      await this.qr.commitTransaction();
      await this.qr.startTransaction();
      this.sinceCommit = 0;
    }
  }

  async settle(): Promise<void> {
    await this.pending;
    if (this.failure) throw this.failure;
  }

  async commit(): Promise<void> {
    await this.settle();
    await this.qr.commitTransaction();
    this.sinceCommit = 0;
    this.tally.report();
  }
}

class Writer {
  private rows: string[] = [];
  private readonly head: string;
  private readonly width: number;

  constructor(
    private readonly sink: Sink,
    readonly table: string,
    columns: readonly string[],
    /** Tables whose buffered rows this table's rows reference: flushed first. */
    private readonly parents: Writer[] = [],
  ) {
    this.head = `INSERT INTO ${table} (${columns.map((c) => `\`${c}\``).join(', ')}) VALUES `;
    this.width = columns.length;
  }

  async add(cells: Cell[]): Promise<void> {
    if (cells.length !== this.width) throw new Error(`${this.table}: ${cells.length} values for ${this.width} columns`);
    let row = '(';
    for (let i = 0; i < cells.length; i++) row += (i ? ',' : '') + literal(cells[i]);
    this.rows.push(row + ')');
    if (this.rows.length >= ROWS_PER_STATEMENT) await this.flush();
  }

  async flush(): Promise<void> {
    for (const parent of this.parents) await parent.flush();
    if (!this.rows.length) return;
    const rows = this.rows;
    this.rows = [];
    await this.sink.run(this.head + rows.join(','), rows.length, this.table);
  }
}

// ---------------------------------------------------------------------------------------------
// The city

interface RegionRow {
  id: number;
  level: RegionLevel;
  code: string;
  name: string;
  parentId: number | null;
  path: string;
  population: number;
}
interface District extends RegionRow {
  index: number;
  streets: number[];
  teams: { detachment: number; emergency: number; medical: number; legal: number; education: number };
  projects: number[];
  dispatcher: number;
  orgs: number[];
}
interface Street extends RegionRow {
  district: number;
  communities: number[];
  squad: number;
  projects: number[];
  dispatcher: number;
}
interface Community extends RegionRow {
  street: number;
  district: number;
  grids: number[];
  factor: number;
  teams: [number, number];
  projects: number[];
  dispatcher: number;
}
interface Grid extends RegionRow {
  community: number;
  worker: number;
}
interface Org {
  id: number;
  name: string;
  kind: OrganisationKind;
  regionId: number | null;
  partner: number | null;
}
interface TeamPlan {
  id: number;
  name: string;
  kind: TeamKind;
  parent: number | null;
  regionId: number;
  regionDispatcher: number;
  organisationId: number | null;
  specialties: string[];
  created: number;
  members: number[];
  leader: number;
  liaison: number;
}
interface ProjectPlan {
  id: number;
  title: string;
  category: string;
  regionId: number;
  dispatcher: number;
  team: number;
  kind: ScheduleKind;
  startsOn: string;
  endsOn: string | null;
  generatedUntil: string | null;
  weekday: number | null;
  nth: number | null;
  monthDay: number | null;
  startMinute: number;
  endMinute: number;
  capacity: number;
  address: string;
  lat: number | null;
  lon: number | null;
  created: number;
  first: number;
  count: number;
}
interface EventPlan {
  type: E;
  from: S | null;
  to: S;
  actor: number | null;
  note: string | null;
  reason: DemandEventReason | null;
  at: number;
}
interface RecordPlan {
  source: RecordSource;
  volunteer: number;
  category: number;
  regionId: number;
  team: number;
  start: number;
  end: number;
  minutes: number;
  status: RecordStatus;
  certifiedAt: number | null;
  certifiedBy: number | null;
  certifierTeam: number | null;
  certifierOrg: number | null;
  certifierRegion: number | null;
  description: string;
  createdBy: number | null;
  needsReview: boolean;
  /** ACTIVITY: the activity (index) and signup times. */
  activity: number;
  checkedIn: number;
  checkedOut: number;
  queued: number;
  method: CheckInMethod;
  auto: boolean;
}
interface DemandPlan {
  grid: number;
  category: string;
  urgency: Urgency;
  channel: DemandChannel;
  created: number;
  status: S;
  level: HandlingLevel;
  requester: number | null;
  createdBy: number;
  organisationId: number | null;
  contact: boolean;
  acceptDue: number;
  due: number;
  escalateAt: number | null;
  responder: number;
  dispatchOpen: boolean;
  dispatchTeam: number;
  rating: number | null;
  feedback: string | null;
  rejection: string | null;
  completedAt: number | null;
  closedAt: number | null;
  overdueAt: number | null;
  events: EventPlan[];
  record: RecordPlan | null;
}
interface Visit {
  at: number;
  minutes: number;
  volunteer: number;
  record: RecordPlan;
}
interface PairingPlan {
  grid: number;
  volunteer: number;
  team: number;
  vulnerability: Vulnerability;
  startedOn: number;
  endedOn: number | null;
  created: number;
  visits: Visit[];
}

const UNASSIGNED = new Set<S>([S.SUBMITTED, S.ACCEPTED, S.DISPATCHED]);
const OPEN = new Set<S>([S.SUBMITTED, S.ACCEPTED, S.DISPATCHED, S.ASSIGNED, S.IN_SERVICE]);

class City {
  private readonly rng: Rng;
  private readonly spec: ScaleSpec;
  private readonly mysql: boolean;
  // reference rows read from the database
  private category = new Map<string, number>();
  private skills: { id: number; category: number }[] = [];
  private levels = new Map<string, { accept: number; complete: number; community: number; street: number }>();
  private base: Record<string, number> = {};
  // hierarchy
  private districts: District[] = [];
  private streets: Street[] = [];
  private communities: Community[] = [];
  private grids: Grid[] = [];
  private regionsInOrder: RegionRow[] = [];
  private gridSampler!: Weighted<number>;
  private residentGridSampler!: Weighted<number>;
  // accounts
  private adminAccount = 0;
  private analystAccount = 0;
  private residentAccount0 = 0;
  private volunteerAccount0 = 0;
  private orgs: Org[] = [];
  // volunteers (by index; id = base.volunteer + 1 + index)
  private vGrid!: Int32Array;
  private vReg!: Float64Array;
  private vStatus!: Uint8Array;
  private vOrg!: Int16Array;
  private vTeam!: Int32Array;
  private vRecords!: Int32Array;
  private vCertified!: Float64Array;
  private vSkills!: Uint8Array;
  private byCommunity: Int32Array[] = [];
  private byReg!: Int32Array;
  // residents
  private residentsByGrid: Int32Array[] = [];
  private residents = 0;
  // teams, projects, activities
  private teams: TeamPlan[] = [];
  private projects: ProjectPlan[] = [];
  private actStart!: Float64Array;
  private actEnd!: Float64Array;
  private actProject!: Int32Array;
  private actConfirmed!: Int32Array;
  private activities = 0;
  // pairings and demands
  private pairingCount = 0;
  private visitRecords = 0;
  private demandRecords = 0;
  private demandTimes!: Float64Array;
  private expected: Record<string, number> = {};

  constructor(
    private readonly db: DataSource,
    spec: ScaleSpec,
    readonly seedValue: number,
    private readonly hasher: IdHasher,
    private readonly onProgress: (p: Progress) => void,
    private readonly options: { checks?: boolean; parallel?: boolean } = {},
  ) {
    this.spec = spec;
    this.rng = new Rng(seedValue);
    this.mysql = isMysql(db);
  }

  async generate(): Promise<{ team: number; org: number; counts: Record<string, number>; busy: Record<string, number> }> {
    await this.loadReference();
    const planStarted = Date.now();
    const plan = (table: string, done: number, total: number) => this.onProgress({ phase: 'plan', table, done, total, elapsedMs: Date.now() - planStarted });
    this.buildRegions();
    this.buildOrganisations();
    this.planVolunteers();
    this.planResidents();
    this.planTeams();
    this.planProjects();
    // Pass 1: everything that decides a count or a sum kept on another row (certified minutes,
    // confirmed places), so those rows can be written complete. Pass 2 (writing) repeats it.
    let visits = 0;
    for (let p = 0; p < this.pairingCount; p++) {
      const pairing = this.planPairing(p);
      visits += pairing.visits.length;
      for (const v of pairing.visits) this.credit(v.record);
    }
    plan('pairings', this.pairingCount, this.pairingCount);
    this.planDemandTimes();
    let events = 0;
    let demandRecords = 0;
    for (let i = 0; i < this.spec.demands; i++) {
      const d = this.planDemand(i);
      events += d.events.length;
      if (d.record) {
        demandRecords += 1;
        this.credit(d.record);
      }
      if (i % 20_000 === 0) plan('demands', i, this.spec.demands);
    }
    plan('demands', this.spec.demands, this.spec.demands);
    const own = this.spec.records - visits - demandRecords;
    if (own < 0) throw new Error(`scale too small: ${visits} visits and ${demandRecords} served demands exceed ${this.spec.records} records`);
    this.allocateRecords(own);
    let signups = 0;
    const volunteers = this.spec.volunteers;
    for (let v = 0; v < volunteers; v++) {
      this.planOwnRecords(v, (r) => {
        this.credit(r);
        if (r.source === RecordSource.ACTIVITY) {
          this.actConfirmed[r.activity] += 1;
          signups += 1;
        }
      });
      if (v % 20_000 === 0) plan('volunteers', v, volunteers);
    }
    plan('volunteers', volunteers, volunteers);

    const skills = this.vSkills.reduce((a, b) => a + b, 0);
    const members = this.teams.reduce((a, t) => a + t.members.length, 0) + this.memberExtras;
    this.expected = {
      region: this.regionsInOrder.length,
      organisation: this.orgs.length,
      account: this.volunteerAccount0 - this.base.account + volunteers,
      volunteer: volunteers,
      volunteer_skill: skills,
      volunteer_move: volunteers,
      team: this.teams.length,
      team_specialty: this.teams.reduce((a, t) => a + t.specialties.length, 0),
      team_member: members,
      project: this.projects.length,
      activity: this.activities,
      pairing: this.pairingCount,
      pairing_visit: visits,
      demand: this.spec.demands,
      demand_event: events,
      activity_signup: signups,
      service_record: this.spec.records,
    };

    this.visitRecords = visits;
    this.demandRecords = demandRecords;
    const tally = new Tally(this.onProgress);
    tally.total = Object.values(this.expected).reduce((a, b) => a + b, 0);
    // MySQL: two connections for the two independent halves (SQLite has one connection).
    const runners = Array.from({ length: this.mysql && this.options.parallel !== false ? 2 : 1 }, () => this.db.createQueryRunner());
    const unchecked = this.mysql && this.options.checks === false;
    try {
      // Session settings only (what mysqldump's output does), reset before the connections go back to the pool.
      if (unchecked) for (const qr of runners) await qr.query('SET SESSION foreign_key_checks = 0, unique_checks = 0');
      await this.write(runners.map((qr) => new Sink(qr, tally)));
    } catch (err) {
      for (const qr of runners) if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      throw err;
    } finally {
      for (const qr of runners) {
        if (unchecked) await qr.query('SET SESSION foreign_key_checks = 1, unique_checks = 1').catch(() => undefined);
        await qr.release();
      }
    }
    await this.db.query('UPDATE event_sequence SET value = ? WHERE name = ?', [this.base.demand_event + events, 'demand_event']);
    for (const [table, n] of Object.entries(this.expected)) {
      if ((tally.counts[table] ?? 0) !== n) throw new Error(`${table}: planned ${n} rows, wrote ${tally.counts[table] ?? 0}`);
    }
    // MariaDB keeps persistent statistics and refreshes them in the background after bulk changes;
    // a live database would have current ones, so make them current now. (SQLite has none unless
    // someone runs ANALYZE, which the application never does: left as it is.)
    if (this.mysql) await this.db.query(`ANALYZE TABLE ${Object.keys(this.expected).join(', ')}`);
    const firstDistrict = this.districts[0];
    const team = this.communityTeamsOf(firstDistrict).sort((a, b) => b.members.length - a.members.length || a.id - b.id)[0];
    const employees = new Map<number, number>();
    for (let v = 0; v < volunteers; v++) if (this.vOrg[v] >= 0) employees.set(this.vOrg[v], (employees.get(this.vOrg[v]) ?? 0) + 1);
    const org = [...employees.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 0;
    return { team: team?.id ?? 0, org: this.orgs[org].id, counts: tally.counts, busy: tally.busy };
  }

  // -------------------------------------------------------------------------------------------
  // Reference data and the hierarchy

  private async loadReference(): Promise<void> {
    for (const row of await this.db.query('SELECT id, code FROM service_category')) this.category.set(row.code, Number(row.id));
    for (const code of [...Object.keys(DEMAND_TITLES), ...Object.values(VISIT_CATEGORY)]) if (!this.category.has(code)) throw new Error(`service category ${code} missing`);
    this.skills = (await this.db.query('SELECT id, categoryId FROM skill ORDER BY id')).map((r: { id: number; categoryId: number }) => ({ id: Number(r.id), category: Number(r.categoryId) }));
    for (const row of await this.db.query('SELECT categoryId, urgency, acceptMinutes, completeMinutes, communityMinutes, streetMinutes FROM service_level')) {
      this.levels.set(`${row.categoryId}:${row.urgency}`, { accept: Number(row.acceptMinutes), complete: Number(row.completeMinutes), community: Number(row.communityMinutes), street: Number(row.streetMinutes) });
    }
    for (const table of ['region', 'organisation', 'account', 'volunteer', 'volunteer_move', 'team', 'team_member', 'project', 'activity', 'activity_signup', 'pairing', 'pairing_visit', 'demand', 'service_record']) {
      const [{ m }] = await this.db.query(`SELECT COALESCE(MAX(id), 0) AS m FROM ${table}`);
      this.base[table] = Number(m);
    }
    const [{ value }] = await this.db.query('SELECT value FROM event_sequence WHERE name = ?', ['demand_event']);
    this.base.demand_event = Number(value);
  }

  private buildRegions(): void {
    const demo = buildDemoCity();
    let id = this.base.region;
    const r = this.rng;
    const make = (node: DemoRegion, level: RegionLevel, prefix: string, parent: RegionRow | null): RegionRow => {
      id += 1;
      const row: RegionRow = { id, level, code: prefix + node.code.slice(6), name: node.name, parentId: parent?.id ?? null, path: `${parent?.path ?? '/'}${id}/`, population: node.population };
      this.regionsInOrder.push(row);
      return row;
    };
    for (let d = 0; d < this.spec.districts; d++) {
      const { prefix, name } = DISTRICTS[d];
      const district: District = { ...make({ ...demo, name }, RegionLevel.DISTRICT, prefix, null), index: d, streets: [], teams: { detachment: -1, emergency: -1, medical: -1, legal: -1, education: -1 }, projects: [], dispatcher: 0, orgs: [] };
      this.districts.push(district);
      for (const s of demo.children) {
        const street: Street = { ...make(s, RegionLevel.STREET, prefix, district), district: d, communities: [], squad: -1, projects: [], dispatcher: 0 };
        district.streets.push(this.streets.length);
        this.streets.push(street);
        for (const c of s.children) {
          const community: Community = {
            ...make(c, RegionLevel.COMMUNITY, prefix, street),
            street: this.streets.length - 1,
            district: d,
            grids: [],
            factor: r.at(P.community, this.communities.length).logNormal(1, 0.35),
            teams: [-1, -1],
            projects: [],
            dispatcher: 0,
          };
          street.communities.push(this.communities.length);
          this.communities.push(community);
          for (const g of c.children) {
            const grid: Grid = { ...make(g, RegionLevel.GRID, prefix, community), community: this.communities.length - 1, worker: 0 };
            // Outside the demo district, populations vary a little.
            if (d > 0) grid.population = Math.round(grid.population * (0.85 + 0.3 * r.at(P.grid, this.grids.length).next()));
            community.grids.push(this.grids.length);
            this.grids.push(grid);
          }
          community.population = community.grids.reduce((a, g) => a + this.grids[g].population, 0);
        }
        street.population = street.communities.reduce((a, c) => a + this.communities[c].population, 0);
      }
      district.population = district.streets.reduce((a, s) => a + this.streets[s].population, 0);
    }
    // Volunteers and demands follow population, times the community's activity factor.
    this.gridSampler = new Weighted(this.grids.map((_, i) => i), this.grids.map((g) => g.population * this.communities[g.community].factor));
    this.residentGridSampler = new Weighted(this.grids.map((_, i) => i), this.grids.map((g) => g.population));
    // Accounts: admin, analyst, a dispatcher per district/street/community, a grid worker per grid.
    let account = this.base.account;
    this.adminAccount = ++account;
    this.analystAccount = ++account;
    for (const d of this.districts) d.dispatcher = ++account;
    for (const s of this.streets) s.dispatcher = ++account;
    for (const c of this.communities) c.dispatcher = ++account;
    for (const g of this.grids) g.worker = ++account;
    this.residentAccount0 = account; // partners come after organisations
  }

  private buildOrganisations(): void {
    let id = this.base.organisation;
    const add = (name: string, kind: OrganisationKind, regionId: number | null, district: District | null) => {
      this.orgs.push({ id: ++id, name, kind, regionId, partner: null });
      district?.orgs.push(this.orgs.length - 1);
    };
    for (const d of this.districts) {
      add(`${d.name}人民医院`, OrganisationKind.HOSPITAL, d.id, d);
      add(`${d.name}第一中学`, OrganisationKind.SCHOOL, d.id, d);
      add(`${d.name}人民政府办公室`, OrganisationKind.GOVERNMENT_UNIT, d.id, d);
      add(`${d.name}龙江科技有限公司`, OrganisationKind.ENTERPRISE, d.id, d);
      add(`${d.name}冰城商贸有限公司`, OrganisationKind.ENTERPRISE, d.id, d);
      add(`${d.name}志愿者协会`, OrganisationKind.NGO, d.id, d);
      add(`${d.name}税务局`, OrganisationKind.CIVILISED_UNIT, d.id, d);
    }
    add('哈尔滨电力集团有限公司', OrganisationKind.ENTERPRISE, null, null);
    add('哈尔滨银行', OrganisationKind.ENTERPRISE, null, null);
    add('龙运物流集团', OrganisationKind.ENTERPRISE, null, null);
    add('哈尔滨市志愿服务联合会', OrganisationKind.NGO, null, null);
    add('哈尔滨市红十字会', OrganisationKind.NGO, null, null);
    let account = this.residentAccount0;
    for (const o of this.orgs) if (o.kind === OrganisationKind.NGO) o.partner = ++account;
    this.residentAccount0 = account;
  }

  // -------------------------------------------------------------------------------------------
  // Volunteers, residents, teams, projects (plans kept in memory)

  private planVolunteers(): void {
    const n = this.spec.volunteers;
    this.vGrid = new Int32Array(n);
    this.vReg = new Float64Array(n);
    this.vStatus = new Uint8Array(n);
    this.vOrg = new Int16Array(n).fill(-1);
    this.vTeam = new Int32Array(n).fill(-1);
    this.vRecords = new Int32Array(n);
    this.vCertified = new Float64Array(n);
    this.vSkills = new Uint8Array(n);
    const cityOrgs = this.orgs.map((_, i) => i).filter((i) => this.orgs[i].regionId === null);
    const counts = new Int32Array(this.communities.length);
    const r = this.rng;
    for (let v = 0; v < n; v++) {
      r.at(P.volunteer, v);
      const g = this.gridSampler.index(r);
      this.vGrid[v] = g;
      counts[this.grids[g].community] += 1;
      // A third registered before the data starts (2019 on), the rest during it, more of them lately.
      this.vReg[v] = r.chance(0.32) ? midnight('2019-01-01') + r.next() * (T0 - midnight('2019-01-01')) : T0 + (T1 - 3 * DAY - T0) * Math.pow(r.next(), 0.8);
      const s = r.next();
      this.vStatus[v] = s < 0.05 ? 2 : s < 0.06 ? 1 : 0;
      if (r.chance(0.15)) {
        const district = this.districts[this.communities[this.grids[g].community].district];
        this.vOrg[v] = r.chance(0.75) ? r.pick(district.orgs) : r.pick(cityOrgs);
      }
      this.vSkills[v] = r.chance(0.25) ? 0 : r.int(1, 3);
    }
    // How much each serves: a fifth never, the rest heavy-tailed (log-normal), more in lively
    // communities and for those registered longer. Decides their own records and who responds.
    this.vWeight = new Float32Array(n);
    for (let v = 0; v < n; v++) {
      r.at(P.records, v);
      const base = r.chance(0.22) ? 0 : r.logNormal(1, 1.1);
      const years = Math.max(0.05, (T1 - Math.max(T0, this.vReg[v])) / YEAR);
      this.vWeight[v] = base * this.communities[this.grids[this.vGrid[v]].community].factor * years * (this.vStatus[v] === 2 ? 0.5 : 1);
    }
    // Volunteers of each community, by registration: who could respond to a demand at a time.
    const lists = Array.from(counts, (c) => new Int32Array(c));
    const fill = new Int32Array(this.communities.length);
    for (let v = 0; v < n; v++) {
      const c = this.grids[this.vGrid[v]].community;
      lists[c][fill[c]++] = v;
    }
    for (const list of lists) list.sort((a, b) => this.vReg[a] - this.vReg[b]);
    this.byCommunity = lists;
    this.byReg = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => this.vReg[a] - this.vReg[b]);
  }

  private planResidents(): void {
    this.residents = Math.ceil(this.spec.demands / 4);
    const grids = new Int32Array(this.residents);
    const counts = new Int32Array(this.grids.length);
    for (let i = 0; i < this.residents; i++) counts[(grids[i] = this.residentGridSampler.index(this.rng.at(P.resident, i)))] += 1;
    this.residentsByGrid = Array.from(counts, (c) => new Int32Array(c));
    const fill = new Int32Array(this.grids.length);
    for (let i = 0; i < this.residents; i++) this.residentsByGrid[grids[i]][fill[grids[i]]++] = i;
    this.volunteerAccount0 = this.residentAccount0 + this.residents;
  }

  private residentGrid = (i: number) => this.residentGridSampler.index(this.rng.at(P.resident, i));

  private memberExtras = 0;
  /** Memberships that are not ACTIVE (requests, leavers): volunteer index and team, status. */
  private inactiveMembers: { team: number; volunteer: number; status: MembershipStatus }[] = [];

  private planTeams(): void {
    let id = this.base.team;
    const add = (t: Omit<TeamPlan, 'id' | 'members' | 'leader' | 'liaison'>) => {
      this.teams.push({ ...t, id: ++id, members: [], leader: -1, liaison: -1 });
      return this.teams.length - 1;
    };
    const r = this.rng;
    for (const d of this.districts) {
      const created = midnight('2024-03-01') + r.at(P.team, d.id).next() * 120 * DAY;
      const org = (kind: OrganisationKind) => this.orgs[d.orgs.find((o) => this.orgs[o].kind === kind)!].id;
      d.teams.detachment = add({ name: `${d.name}志愿服务支队`, kind: TeamKind.DISTRICT_DETACHMENT, parent: null, regionId: d.id, regionDispatcher: d.dispatcher, organisationId: null, specialties: ['CULTURE_SPORTS'], created });
      d.teams.emergency = add({ name: `${d.name}应急救援队`, kind: TeamKind.EMERGENCY_TEAM, parent: null, regionId: d.id, regionDispatcher: d.dispatcher, organisationId: null, specialties: ['EMERGENCY'], created });
      d.teams.medical = add({ name: `${d.name}医疗志愿服务队`, kind: TeamKind.PROFESSIONAL_TEAM, parent: null, regionId: d.id, regionDispatcher: d.dispatcher, organisationId: org(OrganisationKind.HOSPITAL), specialties: ['HEALTH'], created });
      d.teams.legal = add({ name: `${d.name}法律服务队`, kind: TeamKind.PROFESSIONAL_TEAM, parent: null, regionId: d.id, regionDispatcher: d.dispatcher, organisationId: org(OrganisationKind.GOVERNMENT_UNIT), specialties: ['LEGAL_AID'], created });
      d.teams.education = add({ name: `${d.name}教育志愿服务队`, kind: TeamKind.PROFESSIONAL_TEAM, parent: null, regionId: d.id, regionDispatcher: d.dispatcher, organisationId: org(OrganisationKind.SCHOOL), specialties: ['EDUCATION'], created });
      for (const si of d.streets) {
        const s = this.streets[si];
        s.squad = add({ name: `${s.name}志愿服务大队`, kind: TeamKind.STREET_SQUAD, parent: d.teams.detachment, regionId: s.id, regionDispatcher: s.dispatcher, organisationId: null, specialties: ['CONVENIENCE', 'PUBLIC_ORDER'], created: created + 30 * DAY });
        for (const ci of s.communities) {
          const c = this.communities[ci];
          const short = c.name.replace(/社区$/, '');
          c.teams = [
            add({ name: `${short}助老服务队`, kind: TeamKind.COMMUNITY_TEAM, parent: s.squad, regionId: c.id, regionDispatcher: c.dispatcher, organisationId: null, specialties: ['ELDER_CARE'], created: created + 60 * DAY }),
            add({ name: `${short}环保志愿服务队`, kind: TeamKind.COMMUNITY_TEAM, parent: s.squad, regionId: c.id, regionDispatcher: c.dispatcher, organisationId: null, specialties: ['ENVIRONMENT'], created: created + 60 * DAY }),
          ];
        }
      }
    }
    // Memberships: 45% of volunteers in one of their community's teams, a few in the street
    // squad or the district's emergency team, employees of the hospital, school or government
    // unit in its professional team.
    const join = (team: number, v: number) => {
      const s = r.next();
      if (s < 0.9 && this.vStatus[v] !== 2) {
        this.teams[team].members.push(v);
        return true;
      }
      this.inactiveMembers.push({ team, volunteer: v, status: s < 0.95 ? MembershipStatus.LEFT : s < 0.98 ? MembershipStatus.PENDING : MembershipStatus.REJECTED });
      this.memberExtras += 1;
      return false;
    };
    for (let v = 0; v < this.spec.volunteers; v++) {
      r.at(P.team, 1_000_000 + v);
      const c = this.communities[this.grids[this.vGrid[v]].community];
      const d = this.districts[c.district];
      if (r.chance(0.45)) {
        const team = c.teams[r.int(0, 1)];
        if (join(team, v)) this.vTeam[v] = team;
      }
      if (r.chance(0.04)) join(this.streets[c.street].squad, v);
      if (r.chance(0.012)) join(d.teams.emergency, v);
      if (this.vOrg[v] >= 0 && r.chance(0.4)) {
        const kind = this.orgs[this.vOrg[v]].kind;
        const team = kind === OrganisationKind.HOSPITAL ? d.teams.medical : kind === OrganisationKind.SCHOOL ? d.teams.education : kind === OrganisationKind.GOVERNMENT_UNIT ? d.teams.legal : -1;
        if (team >= 0 && this.orgs[this.vOrg[v]].regionId === d.id) join(team, v);
      }
    }
    for (const t of this.teams) {
      const byReg = [...t.members].sort((a, b) => this.vReg[a] - this.vReg[b] || a - b);
      t.leader = byReg[0] ?? -1;
      t.liaison = byReg[1] ?? -1;
    }
  }

  private communityTeamsOf(d: District): TeamPlan[] {
    return d.streets.flatMap((s) => this.streets[s].communities.flatMap((c) => this.communities[c].teams.map((t) => this.teams[t])));
  }

  private planProjects(): void {
    let id = this.base.project;
    const r = this.rng;
    const add = (index: number, title: string, category: string, region: RegionRow, dispatcher: number, team: number) => {
      r.at(P.project, index);
      const kindRoll = r.next();
      const kind = kindRoll < 0.5 ? ScheduleKind.WEEKLY : kindRoll < 0.75 ? ScheduleKind.MONTHLY_DAY : kindRoll < 0.85 ? ScheduleKind.MONTHLY_WEEKDAY : ScheduleKind.ONE_OFF;
      const startsOn = localDate(midnight('2024-10-01') + r.int(0, 700) * DAY);
      let endsOn: string | null = null;
      if (kind === ScheduleKind.ONE_OFF) endsOn = startsOn;
      else if (r.chance(0.35)) endsOn = localDate(midnight(startsOn) + r.int(90, 400) * DAY);
      const horizon = localDate(T1 + 60 * DAY);
      const generatedUntil = kind === ScheduleKind.ONE_OFF ? startsOn : endsOn && endsOn < horizon ? endsOn : horizon;
      const startMinute = r.int(16, 30) * 30;
      const weekday = kind === ScheduleKind.WEEKLY || kind === ScheduleKind.MONTHLY_WEEKDAY ? (r.chance(0.6) ? r.int(6, 7) : r.int(1, 5)) : null;
      const p: ProjectPlan = {
        id: ++id,
        title,
        category,
        regionId: region.id,
        dispatcher,
        team,
        kind,
        startsOn,
        endsOn,
        generatedUntil,
        weekday,
        nth: kind === ScheduleKind.MONTHLY_WEEKDAY ? r.int(1, 4) : null,
        monthDay: kind === ScheduleKind.MONTHLY_DAY ? r.int(1, 28) : null,
        startMinute,
        endMinute: startMinute + r.int(3, 8) * 30,
        capacity: r.int(4, 12) * 5,
        address: `${region.name}${r.pick(['党群服务中心', '文化广场', '活动室', '新时代文明实践站'])}`,
        lat: r.chance(0.5) ? 45.7 + r.next() * 0.1 : null,
        lon: null,
        created: midnight(startsOn) - r.int(3, 20) * DAY,
        first: 0,
        count: 0,
      };
      if (p.lat !== null) p.lon = 126.55 + r.next() * 0.2;
      this.projects.push(p);
      return this.projects.length - 1;
    };
    const perCommunity = (c: Community) => Math.max(1, Math.min(8, Math.round(this.byCommunity[this.communities.indexOf(c)].length / 180)));
    for (const d of this.districts) {
      d.projects.push(add(this.projects.length, `${d.name}冰雪文化节志愿服务`, 'CULTURE_SPORTS', d, d.dispatcher, d.teams.detachment));
      d.projects.push(add(this.projects.length, `${d.name}义诊进社区`, 'HEALTH', d, d.dispatcher, d.teams.medical));
      d.projects.push(add(this.projects.length, `${d.name}四点半课堂`, 'EDUCATION', d, d.dispatcher, d.teams.education));
      for (const si of d.streets) {
        const s = this.streets[si];
        s.projects.push(add(this.projects.length, `${s.name}便民服务日`, 'CONVENIENCE', s, s.dispatcher, s.squad));
        s.projects.push(add(this.projects.length, `${s.name}平安巡逻`, 'PUBLIC_ORDER', s, s.dispatcher, s.squad));
        for (const ci of s.communities) {
          const c = this.communities[ci];
          const k = perCommunity(c);
          for (let j = 0; j < k; j++) {
            r.at(P.project, 5_000_000 + this.projects.length);
            const team = r.chance(0.7) ? c.teams[j % 2] : -1;
            const category = team >= 0 ? this.teams[team].specialties[0] : r.pick(['EDUCATION', 'CULTURE_SPORTS', 'CONVENIENCE', 'HEALTH', 'CHILD_CARE']);
            const titles = PROJECT_TITLES[category] ?? ['社区志愿服务'];
            c.projects.push(add(this.projects.length, `${c.name.replace(/社区$/, '')}${titles[j % titles.length]}`, category, c, c.dispatcher, team));
          }
        }
      }
    }
    // Occurrences (activities), in project order.
    const starts: number[] = [];
    const projectOf: number[] = [];
    this.projects.forEach((p, pi) => {
      p.first = starts.length;
      for (const day of occurrences(p)) {
        starts.push(midnight(day) + p.startMinute * MINUTE);
        projectOf.push(pi);
      }
      p.count = starts.length - p.first;
    });
    this.activities = starts.length;
    this.actStart = Float64Array.from(starts);
    this.actProject = Int32Array.from(projectOf);
    this.actEnd = new Float64Array(this.activities);
    for (let a = 0; a < this.activities; a++) {
      const p = this.projects[this.actProject[a]];
      this.actEnd[a] = this.actStart[a] + (p.endMinute - p.startMinute) * MINUTE;
    }
    this.actConfirmed = new Int32Array(this.activities);
    // Pairings: about one record in ten is a visit, ~30 visits a pairing.
    this.pairingCount = Math.max(1, Math.round((this.spec.records * 0.1) / 30));
  }

  // -------------------------------------------------------------------------------------------
  // Picking people

  private volunteerId = (v: number) => this.base.volunteer + 1 + v;
  private volunteerAccount = (v: number) => this.volunteerAccount0 + 1 + v;
  private residentAccount = (i: number) => this.residentAccount0 + 1 + i;

  /** A volunteer of the community registered before `at` and not LEFT (the busier of two draws); else anyone then. */
  private responder(r: Rng, community: number, at: number): number {
    const list = this.byCommunity[community];
    const k = upperBound(list, at, this.vReg);
    let best = -1;
    for (let tries = 0; tries < 4 && (best < 0 || tries < 2); tries++) {
      const v = k > 0 ? list[r.int(0, k - 1)] : this.byReg[r.int(0, Math.max(0, upperBound(this.byReg, at, this.vReg) - 1))];
      if (this.vStatus[v] === 2 || this.vReg[v] > at) continue;
      if (best < 0 || this.vWeight[v] > this.vWeight[best]) best = v;
    }
    return best >= 0 ? best : this.byReg[0];
  }

  /** A team member registered before `at`, else -1. */
  private teamMember(r: Rng, team: number, at: number): number {
    const members = this.teams[team].members;
    for (let tries = 0; tries < 4 && members.length; tries++) {
      const v = r.pick(members);
      if (this.vReg[v] <= at) return v;
    }
    return -1;
  }

  private vWeight!: Float32Array;

  private credit(record: RecordPlan): void {
    if (record.status === RecordStatus.APPROVED) this.vCertified[record.volunteer] += record.minutes;
  }

  /** Certification: most records approved within days; recent ones still waiting; a few declined. */
  private certify(r: Rng, rec: RecordPlan, community: Community, team: number): void {
    const recent = T1 - rec.end < 10 * DAY;
    const roll = r.next();
    rec.status = recent && roll < 0.45 ? RecordStatus.PENDING : roll < 0.94 ? RecordStatus.APPROVED : roll < 0.97 ? RecordStatus.PENDING : RecordStatus.DECLINED;
    if (rec.needsReview && roll < 0.5) rec.status = RecordStatus.PENDING;
    rec.certifiedAt = rec.certifiedBy = rec.certifierTeam = rec.certifierOrg = rec.certifierRegion = null;
    if (rec.status === RecordStatus.PENDING) return;
    const at = rec.end + r.logNormal(20, 0.9) * HOUR;
    if (at >= T1) {
      rec.status = RecordStatus.PENDING;
      return;
    }
    rec.certifiedAt = at;
    const t = team >= 0 ? this.teams[team] : null;
    if (t && t.leader >= 0 && t.leader !== rec.volunteer && r.chance(0.7)) {
      rec.certifiedBy = this.volunteerAccount(t.leader);
      rec.certifierTeam = t.id;
      rec.certifierOrg = t.organisationId;
    } else {
      rec.certifiedBy = community.dispatcher;
      rec.certifierRegion = community.id;
    }
  }

  private newRecord(source: RecordSource, volunteer: number): RecordPlan {
    return {
      source,
      volunteer,
      category: 0,
      regionId: 0,
      team: -1,
      start: 0,
      end: 0,
      minutes: 0,
      status: RecordStatus.PENDING,
      certifiedAt: null,
      certifiedBy: null,
      certifierTeam: null,
      certifierOrg: null,
      certifierRegion: null,
      description: '',
      createdBy: null,
      needsReview: false,
      activity: -1,
      checkedIn: 0,
      checkedOut: 0,
      queued: 0,
      method: CheckInMethod.CODE,
      auto: false,
    };
  }

  /** A moment in [from, to): busier months and weekends, daytime hours. */
  private serviceTime(r: Rng, from: number, to: number): number {
    for (let tries = 0; ; tries++) {
      const day = Math.floor((from - T0) / DAY + r.next() * ((to - from) / DAY));
      const midnightMs = T0 + day * DAY;
      const weekend = weekdayOf(midnightMs) >= 6;
      if (tries < 8 && r.next() * 1.9 > MONTH_FACTOR[localMonth(midnightMs)] * (weekend ? 1.3 : 1)) continue;
      const at = midnightMs + (8 * 60 + r.int(0, 10 * 12) * 5) * MINUTE;
      return Math.min(Math.max(at, from), to - HOUR);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Pairings and their visits

  private planPairing(p: number): PairingPlan {
    const r = this.rng.at(P.pairing, p);
    const grid = this.residentGridSampler.index(r);
    const community = this.grids[grid].community;
    const startedOn = midnight('2024-09-01') + r.int(0, 730) * DAY;
    const endedOn = r.chance(0.2) ? Math.min(startedOn + r.int(60, 400) * DAY, T1 - DAY) : null;
    const byTeam = r.chance(0.2);
    const team = byTeam ? this.communities[community].teams[0] : -1;
    const volunteer = byTeam ? -1 : this.responder(r, community, startedOn);
    const vulnerability = VULNERABILITIES.pick(r);
    const interval = r.int(10, 21);
    const visits: Visit[] = [];
    const last = Math.min(endedOn ?? T1, T1) - HOUR;
    for (let day = Math.max(startedOn, T0) + r.int(0, interval) * DAY; day + 17 * HOUR < last; day += (interval + r.int(-3, 3)) * DAY) {
      const helper = byTeam ? this.teamMember(r, team, day) : volunteer;
      if (helper < 0) continue;
      const at = day + r.int(9 * 12, 16 * 12) * 5 * MINUTE;
      const minutes = r.int(6, 24) * 5;
      const rec = this.newRecord(RecordSource.PAIRING_VISIT, helper);
      rec.category = this.category.get(VISIT_CATEGORY[vulnerability])!;
      rec.regionId = this.grids[grid].id;
      rec.team = team;
      rec.start = at;
      rec.end = at + minutes * MINUTE;
      rec.minutes = minutes;
      rec.description = '结对帮扶走访';
      rec.createdBy = this.volunteerAccount(helper);
      this.certify(r, rec, this.communities[community], team);
      visits.push({ at, minutes, volunteer: helper, record: rec });
    }
    return { grid, volunteer, team, vulnerability, startedOn, endedOn, created: startedOn - r.int(1, 10) * DAY, visits };
  }

  // -------------------------------------------------------------------------------------------
  // Demands: placed over time, walked through the state machine

  private planDemandTimes(): void {
    const n = this.spec.demands;
    const times = new Float64Array(n);
    const days = (T1 - T0) / DAY;
    const growth = 0.8; // the last day sees 1.8x the first day's demands
    // Local hours 7-22, busiest in the morning and the afternoon.
    const hours = weighted([7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21].map((h) => [h, [3, 7, 10, 10, 8, 5, 6, 8, 9, 8, 6, 5, 4, 3, 2][h - 7]] as [number, number]));
    const r = this.rng;
    for (let i = 0; i < n; i++) {
      r.at(P.demandTime, i);
      const u = r.next();
      const x = (-1 + Math.sqrt(1 + 2 * growth * u * (1 + growth / 2))) / growth;
      const day = Math.min(Math.floor(x * days), days - 1);
      times[i] = T0 + day * DAY + hours.pick(r) * HOUR + r.next() * HOUR;
    }
    this.demandTimes = times.sort();
  }

  private planDemand(i: number): DemandPlan {
    const r = this.rng.at(P.demand, i);
    const created = this.demandTimes[i];
    const gi = this.gridSampler.index(r);
    const grid = this.grids[gi];
    const ci = grid.community;
    const community = this.communities[ci];
    const street = this.streets[community.street];
    const district = this.districts[community.district];
    const channel = CHANNELS.pick(r);
    const category = channel === DemandChannel.CITY_PROBLEM ? (r.chance(0.7) ? 'CITY_PROBLEM' : 'ENVIRONMENT') : DEMAND_CATEGORIES.pick(r);
    const u = r.next();
    const urgency = category === 'EMERGENCY' ? (u < 0.5 ? Urgency.EMERGENCY : Urgency.URGENT) : u < 0.8 ? Urgency.ROUTINE : u < 0.96 ? Urgency.URGENT : Urgency.EMERGENCY;
    const sl = this.levels.get(`${this.category.get(category)}:${urgency}`)!;
    // Who filed it, for whom.
    const residents = this.residentsByGrid[gi];
    let requester: number | null = null;
    let createdBy: number;
    let organisationId: number | null = null;
    if ((channel === DemandChannel.RESIDENT_APP || (channel === DemandChannel.CITY_PROBLEM && r.chance(0.5))) && residents.length) {
      requester = this.residentAccount(residents[r.int(0, residents.length - 1)]);
      createdBy = requester;
    } else if (channel === DemandChannel.PARTNER_API) {
      const partners = this.orgs.filter((o) => o.partner !== null && (o.regionId === null || o.regionId === district.id));
      const org = partners[r.int(0, partners.length - 1)];
      createdBy = org.partner!;
      organisationId = org.id;
    } else if (channel === DemandChannel.HOTLINE || channel === DemandChannel.WALK_IN) {
      createdBy = community.dispatcher;
    } else {
      createdBy = grid.worker;
    }
    const d: DemandPlan = {
      grid: gi,
      category,
      urgency,
      channel,
      created,
      status: S.SUBMITTED,
      level: HandlingLevel.COMMUNITY,
      requester,
      createdBy,
      organisationId,
      contact: requester === null,
      acceptDue: created + sl.accept * MINUTE,
      due: created + sl.complete * MINUTE,
      escalateAt: created + sl.community * MINUTE,
      responder: -1,
      dispatchOpen: false,
      dispatchTeam: -1,
      rating: null,
      feedback: null,
      rejection: null,
      completedAt: null,
      closedAt: null,
      overdueAt: null,
      events: [],
      record: null,
    };
    const closer = requester ?? createdBy;
    const dispatcher = () => (d.level === HandlingLevel.COMMUNITY ? community.dispatcher : d.level === HandlingLevel.STREET ? street.dispatcher : district.dispatcher);
    let stopped = false;
    const step = (at: number, type: E, to: S, actor: number | null, note: string | null = null, reason: DemandEventReason | null = actor === null ? null : DemandEventReason.MANUAL) => {
      if (stopped || at >= T1) {
        stopped = true;
        return false;
      }
      d.events.push({ type, from: type === E.CREATED ? null : d.status, to, actor, note, reason, at });
      d.status = to;
      return true;
    };
    const escalate = (at: number, actor: number | null) => {
      if (!UNASSIGNED.has(d.status) || d.level === HandlingLevel.DISTRICT) return;
      const note = actor === null ? '超过处理时限，自动上报' : '社区力量不足，上报街道';
      if (!step(at, E.ESCALATED, d.status, actor, note, actor === null ? DemandEventReason.DEADLINE : DemandEventReason.MANUAL)) return;
      d.level = d.level === HandlingLevel.COMMUNITY ? HandlingLevel.STREET : HandlingLevel.DISTRICT;
      d.escalateAt = d.level === HandlingLevel.STREET ? at + sl.street * MINUTE : null;
    };

    // The draws, all made up front so that a cut-off at T1 never shifts later ones.
    const fast = urgency === Urgency.ROUTINE ? 1 : urgency === Urgency.URGENT ? 0.35 : 0.12;
    const acceptDelay = r.logNormal(25 * fast, 1.0) * MINUTE;
    const fate = r.next();
    const escalation = r.next();
    const stall = r.chance(0.004) ? r.int(1, 5) : 0;
    const dispatchDelay = r.logNormal(15 * fast, 0.8) * MINUTE;
    const claimDelay = r.logNormal(70 * fast, 1.1) * MINUTE;
    const startDelay = r.logNormal(90 * fast, 1.0) * MINUTE;
    const serviceMinutes = Math.min(480, Math.max(15, r.logNormal(75, 0.6)));
    const toTeam = r.chance(0.25);
    const rated = r.chance(0.65);
    const stars = r.next();
    const closeDelay = r.logNormal(10, 1.0) * HOUR;
    const cancelDelay = r.logNormal(2, 1.0) * HOUR;
    const lateClaim = r.logNormal(3, 0.8) * HOUR;

    step(created, E.CREATED, S.SUBMITTED, createdBy);
    let at = created + acceptDelay;
    if (stall !== 1) {
      if (fate < 0.05) {
        d.rejection = '不属于志愿服务范围，已转相关部门办理';
        step(at, E.REJECTED, S.REJECTED, dispatcher(), d.rejection);
      } else if (step(at, E.ACCEPTED, S.ACCEPTED, dispatcher())) {
        if (escalation < 0.04) {
          at += r.int(5, 30) * MINUTE;
          escalate(at, community.dispatcher);
          if (escalation < 0.004) escalate((at += r.int(30, 120) * MINUTE), street.dispatcher);
        }
        if (fate < 0.1) {
          step(at + cancelDelay, E.CANCELLED, S.CANCELLED, closer, '问题已自行解决');
        } else if (stall !== 2) {
          at += dispatchDelay;
          if (toTeam) {
            d.dispatchTeam = category === 'EMERGENCY' ? district.teams.emergency : community.teams[category === 'ENVIRONMENT' || category === 'CITY_PROBLEM' ? 1 : 0];
          }
          d.dispatchOpen = d.dispatchTeam < 0;
          if (!step(at, E.DISPATCHED, S.DISPATCHED, dispatcher())) {
            d.dispatchTeam = -1;
            d.dispatchOpen = false;
          }
          let claim = at + claimDelay;
          // Deadline escalations: nobody took it in time at the community.
          if (escalation >= 0.04 && escalation < 0.08 && d.escalateAt !== null) {
            claim = Math.max(claim, d.escalateAt + lateClaim);
            escalate(d.escalateAt, null);
          }
          if (stall !== 3 && d.status === S.DISPATCHED) {
            const member = d.dispatchTeam >= 0 ? this.teamMember(r, d.dispatchTeam, claim) : -1;
            const responder = member >= 0 ? member : this.responder(r, ci, claim);
            if (step(claim, E.CLAIMED, S.ASSIGNED, this.volunteerAccount(responder))) {
              d.responder = responder;
              d.escalateAt = null;
              const started = claim + startDelay;
              if (stall !== 4 && step(started, E.STARTED, S.IN_SERVICE, this.volunteerAccount(responder))) {
                const completed = started + serviceMinutes * MINUTE;
                if (stall !== 5 && step(completed, E.COMPLETED, S.COMPLETED, this.volunteerAccount(responder))) {
                  d.completedAt = completed;
                  const rec = this.newRecord(RecordSource.DEMAND, responder);
                  rec.category = this.category.get(category)!;
                  rec.regionId = grid.id;
                  rec.team = d.dispatchTeam;
                  rec.start = started;
                  rec.end = completed;
                  rec.minutes = Math.max(1, Math.round((completed - started) / MINUTE));
                  rec.description = DEMAND_TITLES[category][0];
                  this.certify(r, rec, community, d.dispatchTeam);
                  d.record = rec;
                  if (rated) {
                    d.rating = stars < 0.62 ? 5 : stars < 0.87 ? 4 : stars < 0.95 ? 3 : stars < 0.98 ? 2 : 1;
                    if (stars < 0.4) d.feedback = FEEDBACK[Math.floor(stars * 10) % FEEDBACK.length];
                    if (!step(completed + closeDelay, E.CLOSED, S.CLOSED, closer)) d.rating = d.feedback = null;
                  } else {
                    step(completed + 7 * DAY, E.CLOSED, S.CLOSED, null, null, DemandEventReason.DEADLINE);
                  }
                  if ((d.status as S) === S.CLOSED) d.closedAt = d.events[d.events.length - 1].at;
                }
              }
            }
          }
        }
      }
    }
    // The sweeper marks a demand overdue once, at its deadline, while it is open.
    const overdueBy = d.completedAt ?? (OPEN.has(d.status) ? T1 : null);
    if (overdueBy !== null && d.due < overdueBy && d.due < T1) {
      d.overdueAt = d.due;
      let at = d.events.length;
      while (at > 0 && d.events[at - 1].at > d.due) at -= 1;
      d.events.splice(at, 0, { type: E.OVERDUE, from: d.status, to: d.status, actor: null, note: null, reason: DemandEventReason.DEADLINE, at: d.due });
      // The status "before" an overdue mark is whatever it was then.
      d.events[at].from = d.events[at].to = at > 0 ? d.events[at - 1].to : S.SUBMITTED;
    }
    return d;
  }

  // -------------------------------------------------------------------------------------------
  // Each volunteer's own records: activities (with their sign-ups) and manual entries

  private allocateRecords(total: number): void {
    let sum = 0;
    for (let v = 0; v < this.spec.volunteers; v++) sum += this.vWeight[v];
    let acc = 0;
    let given = 0;
    for (let v = 0; v < this.spec.volunteers; v++) {
      acc += this.vWeight[v];
      const upTo = v === this.spec.volunteers - 1 ? total : Math.floor((acc / sum) * total);
      this.vRecords[v] = upTo - given;
      given = upTo;
    }
  }

  private planOwnRecords(v: number, emit: (r: RecordPlan) => void): void {
    const count = this.vRecords[v];
    if (!count) return;
    const r = this.rng.at(P.records, 1_000_000_000 + v);
    const ci = this.grids[this.vGrid[v]].community;
    const community = this.communities[ci];
    const street = this.streets[community.street];
    const district = this.districts[community.district];
    const from = Math.max(T0, this.vReg[v]);
    const used = new Set<number>();
    for (let k = 0; k < count; k++) {
      let activity = -1;
      if (r.chance(0.75)) {
        for (let tries = 0; tries < 3 && activity < 0; tries++) {
          const roll = r.next();
          const list = roll < 0.8 ? community.projects : roll < 0.95 ? street.projects : district.projects;
          const p = this.projects[list[r.int(0, list.length - 1)]];
          const lo = lowerBound(this.actStart, from, p.first, p.first + p.count);
          const hi = lowerBound(this.actStart, T1 - (p.endMinute - p.startMinute) * MINUTE - 2 * HOUR, p.first, p.first + p.count);
          if (hi <= lo) continue;
          const a = r.int(lo, hi - 1);
          if (used.has(a)) continue;
          used.add(a);
          activity = a;
        }
      }
      if (activity >= 0) {
        const p = this.projects[this.actProject[activity]];
        const rec = this.newRecord(RecordSource.ACTIVITY, v);
        const start = this.actStart[activity];
        const end = this.actEnd[activity];
        rec.activity = activity;
        rec.queued = Math.max(this.vReg[v], start - r.int(1, 10) * DAY - r.int(0, 600) * MINUTE);
        rec.checkedIn = start - r.int(0, 20) * MINUTE;
        rec.auto = r.chance(0.02);
        rec.checkedOut = rec.auto ? end : end + r.int(-30, 15) * MINUTE;
        rec.needsReview = rec.auto;
        rec.method = r.chance(0.85) ? CheckInMethod.CODE : CheckInMethod.ORGANISER;
        rec.start = Math.max(rec.checkedIn, start);
        rec.end = Math.min(rec.checkedOut, end);
        rec.minutes = Math.max(0, Math.round((rec.end - rec.start) / MINUTE));
        rec.category = this.category.get(p.category)!;
        rec.regionId = p.regionId;
        rec.team = p.team;
        rec.description = p.title;
        this.certify(r, rec, community, p.team);
        if (p.team < 0 && rec.certifierRegion !== null) {
          rec.certifiedBy = p.dispatcher;
          rec.certifierRegion = p.regionId;
        }
        emit(rec);
      } else {
        const rec = this.newRecord(RecordSource.MANUAL, v);
        const start = this.serviceTime(r, from, T1);
        const minutes = Math.min(480, Math.max(30, Math.round(r.logNormal(110, 0.5) / 5) * 5));
        rec.start = start;
        rec.end = start + minutes * MINUTE;
        rec.minutes = minutes;
        rec.category = this.category.get(SERVICE_CATEGORIES.pick(r))!;
        rec.regionId = community.id;
        rec.team = this.vTeam[v] >= 0 && r.chance(0.5) ? this.vTeam[v] : -1;
        rec.description = r.pick(MANUAL_NOTES);
        rec.createdBy = r.chance(0.7) ? this.volunteerAccount(v) : community.dispatcher;
        this.certify(r, rec, community, rec.team);
        emit(rec);
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Pass 2: writing, parents before children

  private async write(sinks: Sink[]): Promise<void> {
    const sink = sinks[0];
    await sink.begin();
    const w = (table: string, columns: string[], parents: Writer[] = []) => new Writer(sink, table, columns, parents);
    const passwordHash = await hashPassword(BENCH_PASSWORD);

    const regions = w('region', ['id', 'level', 'code', 'name', 'parentId', 'path', 'population', 'createdAt', 'updatedAt']);
    const created = dt(midnight('2024-01-02'));
    for (const g of this.regionsInOrder) await regions.add([g.id, g.level, g.code, g.name, g.parentId, g.path, g.population, created, created]);
    await regions.flush();

    const orgs = w('organisation', ['id', 'name', 'kind', 'regionId', 'createdAt', 'updatedAt']);
    for (const o of this.orgs) await orgs.add([o.id, o.name, o.kind, o.regionId, created, created]);
    await orgs.flush();

    const accounts = w('account', ['id', 'username', 'passwordHash', 'role', 'scopeId', 'organisationId', 'createdAt', 'updatedAt']);
    const staff = dt(midnight('2024-12-01'));
    await accounts.add([this.adminAccount, BENCH_ADMIN, passwordHash, Role.PLATFORM_ADMIN, null, null, staff, staff]);
    await accounts.add([this.analystAccount, BENCH_ANALYST, passwordHash, Role.ANALYST, this.districts[0].id, null, staff, staff]);
    for (const d of this.districts) await accounts.add([d.dispatcher, `d-${d.code}`, passwordHash, Role.DISPATCHER, d.id, null, staff, staff]);
    for (const s of this.streets) await accounts.add([s.dispatcher, `d-${s.code}`, passwordHash, Role.DISPATCHER, s.id, null, staff, staff]);
    for (const c of this.communities) await accounts.add([c.dispatcher, `d-${c.code}`, passwordHash, Role.DISPATCHER, c.id, null, staff, staff]);
    for (const g of this.grids) await accounts.add([g.worker, `g-${g.code}`, passwordHash, Role.GRID_WORKER, g.id, null, staff, staff]);
    for (const o of this.orgs) if (o.partner !== null) await accounts.add([o.partner, `partner-${o.id}`, passwordHash, Role.PARTNER, null, o.id, staff, staff]);
    for (let i = 0; i < this.residents; i++) {
      const at = dt(midnight('2024-12-01') + this.rng.at(P.resident, 100_000_000 + i).next() * 30 * DAY);
      await accounts.add([this.residentAccount(i), `r${i + 1}`, passwordHash, Role.RESIDENT, this.grids[this.residentGrid(i)].id, null, at, at]);
    }
    for (let v = 0; v < this.spec.volunteers; v++) {
      const at = dt(this.vReg[v]);
      await accounts.add([this.volunteerAccount(v), `v${v + 1}`, passwordHash, Role.VOLUNTEER, null, null, at, at]);
    }
    await accounts.flush();

    const volunteers = w('volunteer', [
      'id', 'accountId', 'name', 'phone', 'idType', 'idHash', 'idLast4', 'birthDate', 'gender', 'partyMember', 'communityId', 'gridId', 'reportedInAt', 'organisationId',
      'onDuty', 'status', 'statusReason', 'latitude', 'longitude', 'certifiedMinutes', 'createdById', 'createdAt', 'updatedAt',
    ]);
    const vSkill = w('volunteer_skill', ['volunteerId', 'skillId'], [volunteers]);
    const moves = w('volunteer_move', ['id', 'volunteerId', 'fromCommunityId', 'toCommunityId', 'reportedInAt', 'note', 'movedById', 'movedAt'], [volunteers]);
    const seq = new Map<string, number>();
    const r = this.rng;
    for (let v = 0; v < this.spec.volunteers; v++) {
      r.at(P.details, v);
      const grid = this.grids[this.vGrid[v]];
      const community = this.communities[grid.community];
      const gender = r.chance(0.56) ? Gender.FEMALE : Gender.MALE;
      const ageRoll = r.next();
      const age = ageRoll < 0.05 ? r.int(14, 17) : ageRoll < 0.35 ? r.int(18, 34) : ageRoll < 0.53 ? r.int(35, 44) : ageRoll < 0.76 ? r.int(45, 59) : r.int(60, 80);
      const birth = localDate(midnight('2026-11-20') - age * YEAR - r.int(1, 364) * DAY);
      const party = r.chance(age >= 35 ? 0.24 : age >= 18 ? 0.12 : 0);
      // A resident ID: area, birth date, a sequence whose parity is the gender, the check character.
      const area = DISTRICTS[community.district].prefix;
      const key = area + birth;
      const n = seq.get(key) ?? 0;
      seq.set(key, n + 1);
      const body = `${area}${birth.replace(/-/g, '')}${String(n * 2 + (gender === Gender.MALE ? 1 : 0)).padStart(3, '0')}`;
      if (body.length !== 17) throw new Error(`too many volunteers born on ${birth} in ${area}`);
      const idNumber = body + checkCharacter(body);
      const name = r.pick(SURNAMES) + r.pick(GIVEN) + (r.chance(0.6) ? r.pick(GIVEN) : '');
      const phone = `1${r.pick(['3', '5', '8', '9'])}${String(r.int(0, 999_999_999)).padStart(9, '0')}`;
      const status = [VolunteerStatus.ACTIVE, VolunteerStatus.SUSPENDED, VolunteerStatus.LEFT][this.vStatus[v]];
      const statusReason = status === VolunteerStatus.LEFT ? '搬离本市' : status === VolunteerStatus.SUSPENDED ? '服务投诉核查中' : null;
      const reportedInAt = party && this.vOrg[v] >= 0 ? localDate(this.vReg[v] + r.int(0, 60) * DAY) : null;
      const located = r.chance(0.3);
      const reg = dt(this.vReg[v]);
      await volunteers.add([
        this.volunteerId(v), this.volunteerAccount(v), name, phone, IdType.RESIDENT_ID, this.hasher.hash(IdType.RESIDENT_ID, idNumber), idNumber.slice(-4), birth, gender, party,
        community.id, grid.id, reportedInAt, this.vOrg[v] >= 0 ? this.orgs[this.vOrg[v]].id : null, r.chance(0.2), status, statusReason,
        located ? 45.7 + r.next() * 0.1 : null, located ? 126.55 + r.next() * 0.2 : null, Math.round(this.vCertified[v]), null, reg, reg,
      ]);
      // Distinct skills: a partial shuffle of the taxonomy.
      const pool = this.skills.map((s) => s.id);
      for (let k = 0; k < this.vSkills[v]; k++) {
        const j = r.int(k, pool.length - 1);
        [pool[k], pool[j]] = [pool[j], pool[k]];
        await vSkill.add([this.volunteerId(v), pool[k]]);
      }
      await moves.add([this.base.volunteer_move + 1 + v, this.volunteerId(v), null, community.id, reportedInAt, 'registered', null, reg]);
    }
    await vSkill.flush();
    await moves.flush();

    const teams = w('team', ['id', 'name', 'kind', 'parentId', 'regionId', 'organisationId', 'description', 'leaderId', 'liaisonId', 'active', 'createdById', 'createdAt', 'updatedAt']);
    const specialties = w('team_specialty', ['teamId', 'categoryId'], [teams]);
    const members = w('team_member', ['id', 'teamId', 'volunteerId', 'status', 'note', 'decisionNote', 'requestedAt', 'decidedAt', 'decidedById', 'leftAt', 'version'], [teams]);
    for (const t of this.teams) {
      const at = dt(t.created);
      await teams.add([
        t.id, t.name, t.kind, t.parent === null ? null : this.teams[t.parent].id, t.regionId, t.organisationId, `${t.name}：服务社区居民`,
        t.leader >= 0 ? this.volunteerId(t.leader) : null, t.liaison >= 0 ? this.volunteerId(t.liaison) : null, true, null, at, at,
      ]);
      for (const code of t.specialties) await specialties.add([t.id, this.category.get(code)!]);
    }
    let memberId = this.base.team_member;
    const member = async (teamIndex: number, v: number, status: MembershipStatus) => {
      const t = this.teams[teamIndex];
      const rr = this.rng.at(P.team, 2_000_000_000 + memberId);
      const requested = Math.min(Math.max(this.vReg[v], t.created) + rr.int(0, 30) * DAY + rr.int(0, 600) * MINUTE, T1 - DAY);
      const decided = status === MembershipStatus.PENDING ? null : requested + rr.int(60, 3 * 24 * 60) * MINUTE;
      const left = status === MembershipStatus.LEFT && decided !== null ? Math.min(decided + rr.int(30, 300) * DAY, T1 - HOUR) : null;
      await members.add([
        ++memberId, t.id, this.volunteerId(v), status, null, status === MembershipStatus.REJECTED ? '暂不符合队伍要求' : null, dt(requested),
        decided === null ? null : dt(decided), decided === null ? null : t.regionDispatcher, left === null ? null : dt(left), status === MembershipStatus.PENDING ? 0 : status === MembershipStatus.ACTIVE ? 1 : 2,
      ]);
    };
    for (let ti = 0; ti < this.teams.length; ti++) for (const v of this.teams[ti].members) await member(ti, v, MembershipStatus.ACTIVE);
    for (const m of this.inactiveMembers) await member(m.team, m.volunteer, m.status);
    await specialties.flush();
    await members.flush();

    const projects = w('project', [
      'id', 'title', 'content', 'categoryId', 'regionId', 'publishedById', 'publisherTeamId', 'organiserTeamId', 'address', 'latitude', 'longitude', 'checkInRadiusMeters',
      'contactName', 'contactPhone', 'scheduleKind', 'startsOn', 'endsOn', 'weekday', 'nth', 'monthDay', 'month', 'startMinute', 'endMinute', 'capacity', 'recruitmentOpen',
      'status', 'generatedUntil', 'version', 'createdAt', 'updatedAt',
    ]);
    const activities = w('activity', ['id', 'projectId', 'startsAt', 'endsAt', 'capacity', 'confirmedCount', 'status', 'cancelReason', 'codeSecret', 'createdAt'], [projects]);
    for (const p of this.projects) {
      const rr = this.rng.at(P.project, 3_000_000_000 + p.id);
      const closed = p.endsOn !== null && p.endsOn < localDate(T1);
      const team = p.team >= 0 ? this.teams[p.team].id : null;
      await projects.add([
        p.id, p.title, `${p.title}：欢迎志愿者报名参加`, this.category.get(p.category)!, p.regionId, p.dispatcher, team !== null && rr.chance(0.5) ? team : null, team, p.address,
        p.lat, p.lon, p.lat !== null ? 200 : null, rr.pick(SURNAMES) + rr.pick(GIVEN) + rr.pick(GIVEN), `1${rr.int(300_000_000, 999_999_999)}0`.slice(0, 11), p.kind, p.startsOn, p.endsOn,
        p.weekday, p.nth, p.monthDay, null, p.startMinute, p.endMinute, p.capacity, !closed, closed ? ProjectStatus.CLOSED : ProjectStatus.OPEN, p.generatedUntil, 0, dt(p.created), dt(p.created),
      ]);
      for (let a = p.first; a < p.first + p.count; a++) {
        await activities.add([
          this.base.activity + 1 + a, p.id, dt(this.actStart[a]), dt(this.actEnd[a]), Math.max(p.capacity, this.actConfirmed[a]), this.actConfirmed[a], ActivityStatus.SCHEDULED, null,
          rr.hex(32), dt(p.created),
        ]);
      }
    }
    await activities.flush();
    // Committed before the two halves start: the other connection checks its keys against these rows.
    await sink.commit();

    // The rest is two independent halves: pairings, visits and demands with their records; and the
    // volunteers' own activity sign-ups and records. Record ids: the first half's, then the second's.
    const halves = [() => this.writeDemands(sinks[0]), () => this.writeOwnRecords(sinks[sinks.length - 1])];
    if (sinks.length === 1) {
      for (const half of halves) await half();
    } else {
      const settled = await Promise.allSettled(halves.map((half) => half()));
      const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    }
  }

  private recordWriter(sink: Sink, parents: Writer[], firstId: number): { writer: Writer; add(rec: RecordPlan, refs: { signup?: number; demand?: number; visit?: number }): Promise<void> } {
    const writer = new Writer(sink, 'service_record', RECORD_COLUMNS, parents);
    let recordId = firstId;
    return {
      writer,
      add: async (rec, refs) => {
        const decided = rec.certifiedAt !== null;
        const createdAt = rec.end + (rec.source === RecordSource.MANUAL ? 2 * HOUR : MINUTE);
        recordId += 1;
        await writer.add([
          recordId, this.volunteerId(rec.volunteer), rec.source, refs.signup ?? null, refs.demand ?? null, refs.visit ?? null, rec.category, rec.regionId,
          rec.team >= 0 ? this.teams[rec.team].id : null, dt(rec.start), dt(rec.end), rec.minutes, rec.description,
          rec.source === RecordSource.MANUAL ? `["https://files.example.org/records/${recordId}.jpg"]` : null, rec.status, rec.needsReview,
          rec.status === RecordStatus.DECLINED ? '服务时间与活动记录不符' : null, rec.certifiedBy, decided ? dt(rec.certifiedAt!) : null, rec.certifierTeam, rec.certifierOrg,
          rec.certifierRegion, null, null, null, null, rec.createdBy, decided ? 1 : 0, dt(createdAt), dt(decided ? rec.certifiedAt! : createdAt),
          this.communities[this.grids[this.vGrid[rec.volunteer]].community].id,
        ]);
      },
    };
  }

  /** Pairings, visits, demands and events, with the records of visits and served demands. */
  private async writeDemands(sink: Sink): Promise<void> {
    await sink.begin();
    // Its own generator for the row details: the other half runs interleaved with this one.
    const rr = new Rng(this.seedValue);
    const pairings = new Writer(sink, 'pairing', ['id', 'volunteerId', 'teamId', 'gridId', 'householdName', 'householdPhone', 'householdAddress', 'vulnerability', 'note', 'startedOn', 'endedOn', 'endReason', 'createdById', 'createdAt', 'updatedAt']);
    const visits = new Writer(sink, 'pairing_visit', ['id', 'pairingId', 'volunteerId', 'visitedAt', 'minutes', 'note', 'photos', 'recordedById', 'createdAt'], [pairings]);
    const demands = new Writer(sink, 'demand', [
      'id', 'number', 'title', 'description', 'categoryId', 'urgency', 'channel', 'status', 'handlingLevel', 'gridId', 'requesterId', 'contactName', 'contactPhone', 'address',
      'latitude', 'longitude', 'photos', 'createdById', 'idempotencyKey', 'organisationId', 'acceptDueAt', 'dueAt', 'responderId', 'dispatchOpen', 'dispatchTeamId', 'autoDispatch',
      'offerRound', 'escalateAt', 'rejectionReason', 'completionNote', 'completionPhotos', 'rating', 'feedback', 'completedAt', 'closedAt', 'overdueAt', 'version', 'createdAt', 'updatedAt',
      ...MILESTONES.map(([column]) => column),
    ]);
    const events = new Writer(sink, 'demand_event', ['id', 'demandId', 'type', 'fromStatus', 'toStatus', 'actorId', 'note', 'reason', 'data', 'at'], [demands]);
    // Records reference visits and demands: those buffers are flushed first.
    const records = this.recordWriter(sink, [visits, demands], this.base.service_record);

    let visitId = this.base.pairing_visit;
    for (let p = 0; p < this.pairingCount; p++) {
      const pairing = this.planPairing(p);
      const id = this.base.pairing + 1 + p;
      const grid = this.grids[pairing.grid];
      rr.at(P.pairing, 4_000_000_000 + p);
      await pairings.add([
        id, pairing.volunteer >= 0 ? this.volunteerId(pairing.volunteer) : null, pairing.team >= 0 ? this.teams[pairing.team].id : null, grid.id,
        rr.pick(SURNAMES) + rr.pick(GIVEN) + rr.pick(GIVEN), `1${rr.int(300_000_000, 999_999_999)}0`.slice(0, 11), `${grid.name}${rr.int(1, 30)}号楼${rr.int(1, 6)}单元`,
        pairing.vulnerability, null, localDate(pairing.startedOn), pairing.endedOn === null ? null : localDate(pairing.endedOn), pairing.endedOn === null ? null : '帮扶对象迁出',
        grid.worker, dt(pairing.created), dt(pairing.created),
      ]);
      for (const v of pairing.visits) {
        await visits.add([++visitId, id, this.volunteerId(v.volunteer), dt(v.at), v.minutes, '上门走访，了解生活需求', null, this.volunteerAccount(v.volunteer), dt(v.at + (v.minutes + 30) * MINUTE)]);
        await records.add(v.record, { visit: visitId });
      }
    }

    let eventId = this.base.demand_event;
    let day = '';
    let daySeq = 0;
    for (let i = 0; i < this.spec.demands; i++) {
      const d = this.planDemand(i);
      const id = this.base.demand + 1 + i;
      rr.at(P.demand, 5_000_000_000 + i);
      const grid = this.grids[d.grid];
      const today = localDate(d.created);
      if (today !== day) {
        day = today;
        daySeq = 0;
      }
      const last = d.events[d.events.length - 1].at;
      const located = rr.chance(0.6);
      const titles = DEMAND_TITLES[d.category];
      await demands.add([
        id, `D${today.replace(/-/g, '')}-${String(++daySeq).padStart(6, '0')}`, titles[rr.int(0, titles.length - 1)], rr.chance(0.5) ? '请尽快安排志愿者，谢谢。' : null,
        this.category.get(d.category)!, d.urgency, d.channel, d.status, d.level, grid.id, d.requester, d.contact ? rr.pick(SURNAMES) + rr.pick(GIVEN) + rr.pick(GIVEN) : null,
        d.contact ? `1${rr.int(300_000_000, 999_999_999)}0`.slice(0, 11) : null, `${grid.name}${rr.int(1, 30)}号楼${rr.int(1, 6)}单元${rr.int(1, 6)}0${rr.int(1, 4)}室`,
        located ? 45.7 + rr.next() * 0.1 : null, located ? 126.55 + rr.next() * 0.2 : null,
        d.channel === DemandChannel.CITY_PROBLEM ? `["https://files.example.org/demands/${id}.jpg"]` : null, d.createdBy, null, d.organisationId, dt(d.acceptDue), dt(d.due),
        d.responder >= 0 ? this.volunteerAccount(d.responder) : null, d.dispatchOpen, d.dispatchTeam >= 0 ? this.teams[d.dispatchTeam].id : null, false, 0,
        d.escalateAt === null ? null : dt(d.escalateAt), d.rejection, d.completedAt !== null ? '已完成服务' : null,
        d.completedAt !== null && rr.chance(0.5) ? `["https://files.example.org/done/${id}.jpg"]` : null, d.rating, d.feedback,
        d.completedAt === null ? null : dt(d.completedAt), d.closedAt === null ? null : dt(d.closedAt), d.overdueAt === null ? null : dt(d.overdueAt),
        d.events.filter((e) => e.type !== E.CREATED && e.type !== E.OVERDUE).length, dt(d.created), dt(last),
        ...MILESTONES.map(([, type]) => {
          const first = d.events.find((e) => e.type === type);
          return first ? dt(first.at) : null;
        }),
      ]);
      for (const e of d.events) await events.add([++eventId, id, e.type, e.from, e.to, e.actor, e.note, e.reason, null, dt(e.at)]);
      if (d.record) await records.add(d.record, { demand: id });
    }
    await records.writer.flush();
    await events.flush();
    await visits.flush();
    await sink.commit();
  }

  /** Each volunteer's activity sign-ups and own records (ACTIVITY, MANUAL). */
  private async writeOwnRecords(sink: Sink): Promise<void> {
    await sink.begin();
    const signups = new Writer(sink, 'activity_signup', [
      'id', 'activityId', 'volunteerId', 'status', 'queuedAt', 'confirmedAt', 'cancelledAt', 'checkedInAt', 'checkedOutAt', 'checkInMethod', 'checkInLatitude', 'checkInLongitude', 'autoCheckedOut', 'version',
    ]);
    const records = this.recordWriter(sink, [signups], this.base.service_record + this.visitRecords + this.demandRecords);
    let signupId = this.base.activity_signup;
    for (let v = 0; v < this.spec.volunteers; v++) {
      const own: RecordPlan[] = [];
      this.planOwnRecords(v, (rec) => own.push(rec));
      for (const rec of own) {
        let signup: number | undefined;
        if (rec.source === RecordSource.ACTIVITY) {
          signup = ++signupId;
          await signups.add([
            signup, this.base.activity + 1 + rec.activity, this.volunteerId(v), SignupStatus.CONFIRMED, dt(rec.queued), dt(rec.queued), null, dt(rec.checkedIn), dt(rec.checkedOut),
            rec.method, null, null, rec.auto, 2,
          ]);
        }
        await records.add(rec, { signup });
      }
    }
    await records.writer.flush();
    await sink.commit();
  }
}

const RECORD_COLUMNS = [
  'id', 'volunteerId', 'source', 'activitySignupId', 'demandId', 'pairingVisitId', 'categoryId', 'regionId', 'teamId', 'startedAt', 'endedAt', 'minutes', 'description', 'photos',
  'status', 'needsReview', 'declineReason', 'certifiedById', 'certifiedAt', 'certifierTeamId', 'certifierOrganisationId', 'certifierRegionId', 'correctionStatus',
  'correctionMinutes', 'correctionReason', 'correctionNote', 'createdById', 'version', 'createdAt', 'updatedAt', 'homeCommunityId',
];

// ---------------------------------------------------------------------------------------------
// Helpers

/** Local dates (YYYY-MM-DD) of a project's occurrences, as the schedule rules give them. */
function occurrences(p: ProjectPlan): string[] {
  const out: string[] = [];
  const last = p.endsOn ?? p.generatedUntil ?? p.startsOn;
  const end = p.generatedUntil && p.generatedUntil < last ? p.generatedUntil : last;
  if (p.kind === ScheduleKind.ONE_OFF) return [p.startsOn];
  if (p.kind === ScheduleKind.WEEKLY) {
    let day = midnight(p.startsOn);
    while (weekdayOf(day) !== p.weekday) day += DAY;
    for (; localDate(day) <= end; day += 7 * DAY) out.push(localDate(day));
    return out;
  }
  let [y, m] = p.startsOn.split('-').map(Number);
  for (;;) {
    let date: string | null = null;
    if (p.kind === ScheduleKind.MONTHLY_DAY) {
      date = `${y}-${String(m).padStart(2, '0')}-${String(p.monthDay).padStart(2, '0')}`;
    } else {
      let day = midnight(`${y}-${String(m).padStart(2, '0')}-01`);
      while (weekdayOf(day) !== p.weekday) day += DAY;
      day += (p.nth! - 1) * 7 * DAY;
      date = localDate(day);
      if (Number(date.slice(5, 7)) !== m) date = null;
    }
    if (date && date > end) break;
    if (date && date >= p.startsOn) out.push(date);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
    if (`${y}-${String(m).padStart(2, '0')}` > end.slice(0, 7)) break;
  }
  return out;
}

/** First index in [lo, hi) whose value is >= x. */
function lowerBound(values: Float64Array, x: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How many of `list` (indices sorted by key) have key <= x. */
function upperBound(list: Int32Array, x: number, key: Float64Array): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key[list[mid]] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// ---------------------------------------------------------------------------------------------
// CLI

/** A one-line progress bar on stderr (a line every 10 s when stderr is not a terminal). */
export function progressBar(): (p: Progress) => void {
  const tty = Boolean(process.stderr.isTTY);
  let last = 0;
  let phase = '';
  return (p) => {
    const now = Date.now();
    const finished = p.done >= p.total;
    if (p.phase !== phase) {
      if (phase && tty) process.stderr.write('\n');
      phase = p.phase;
      last = 0;
    }
    if (!finished && now - last < (tty ? 250 : 10_000)) return;
    last = now;
    const fraction = p.total ? Math.min(1, p.done / p.total) : 1;
    const width = 28;
    const filled = Math.round(fraction * width);
    const rate = p.done / Math.max(0.001, p.elapsedMs / 1000);
    const eta = rate > 0 ? (p.total - p.done) / rate : 0;
    const line =
      p.phase === 'plan'
        ? `planning ${p.table.padEnd(10)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${fmt(p.done)}/${fmt(p.total)}`
        : `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(1).padStart(5)}%  ${fmt(p.done)}/${fmt(p.total)} rows  ${fmt(rate)} rows/s  ETA ${duration(eta)}  ${p.table}`;
    process.stderr.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
  };
}

export function fmt(n: number): string {
  return Math.round(n).toLocaleString('en');
}

export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** `--name value` from argv. */
export function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

export function scaleOf(argv: string[]): Scale {
  const scale = option(argv, 'scale') ?? 'small';
  if (scale !== 'small' && scale !== 'full') throw new Error('--scale: small or full');
  return scale;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const scale = scaleOf(argv);
  const districts = option(argv, 'districts') ? Number(option(argv, 'districts')) : undefined;
  const seed = option(argv, 'seed') ? Number(option(argv, 'seed')) : undefined;
  const dataDir = process.env.DATA_DIR || fs.mkdtempSync(path.join(os.tmpdir(), 'vg-bench-dataset-'));
  const config = loadConfig(benchEnv(dataDir), []);
  const db = await openBenchDatabase(config, { reset: argv.includes('--reset') });
  try {
    const started = Date.now();
    const dataset = await generateDataset(db, scale, progressBar(), { districts, seed, hasher: idHasherFor(config), checks: !argv.includes('--no-checks'), parallel: !argv.includes('--serial') });
    const seconds = (Date.now() - started) / 1000;
    const rows = Object.values(dataset.counts).reduce((a, b) => a + b, 0);
    process.stderr.write('\n');
    console.log(`\n${scale} dataset (${dataset.districts} district${dataset.districts > 1 ? 's' : ''}, seed ${dataset.seed}) on ${config.database.kind === 'mysql' ? `MySQL ${config.database.database}` : config.database.file}`);
    console.log(`${fmt(rows)} rows in ${duration(seconds)}: ${fmt(rows / seconds)} rows/s\n`);
    const busy = dataset.generation!.dbSeconds;
    console.log('| table | rows | database seconds | rows/s |\n| --- | ---: | ---: | ---: |');
    for (const [table, n] of Object.entries(dataset.counts)) console.log(`| ${table} | ${fmt(n)} | ${(busy[table] ?? 0).toFixed(1)} | ${fmt(n / Math.max(0.001, busy[table] ?? 0))} |`);
    if (config.database.kind === 'sqlite' && !process.env.DATA_DIR) console.log(`\nkept in ${dataDir} (DATA_DIR=${dataDir} npm run bench:analytics -- --scale ${scale} --reuse)`);
    fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
    fs.writeFileSync(
      path.join(__dirname, 'results', `dataset-${scale}-${config.database.kind}.json`),
      JSON.stringify({ at: new Date().toISOString(), database: config.database.kind, scale, districts: dataset.districts, seed: dataset.seed, seconds, rows, rowsPerSecond: rows / seconds, counts: dataset.counts, dbSeconds: dataset.generation!.dbSeconds }, null, 2),
    );
  } finally {
    await db.destroy();
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
