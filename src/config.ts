import path from 'node:path';
import proxyaddr from 'proxy-addr';
import { isTimeZone } from './core/local-time';

/** A start-up problem the operator must fix; printed as one line, never as a stack trace. */
export class StartupError extends Error {}

export type DatabaseConfig =
  | { kind: 'sqlite'; file: string }
  | { kind: 'mysql'; url: string; host: string; port: number; database: string };

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  dataDir: string;
  database: DatabaseConfig;
  /** Null means "embedded default": a generated secret kept under dataDir. */
  jwtSecret: string | null;
  /** Key of the keyed hash of national ID numbers; null means "embedded default" like jwtSecret. */
  idHashKey: string | null;
  /** IANA time zone of the city: volunteers' weekly availability windows and local dates are read in it. */
  timeZone: string;
  tokenTtlSeconds: number;
  admin: { username: string; password: string } | null;
  redisUrl: string | null;
  /** How often each process reads the event logs for entries no bus message told it of. */
  feedPollMs: number;
  login: { maxFailures: number; lockSeconds: number };
  /** `npm start -- --demo`: load the demo city when the database has no regions. */
  demo: boolean;
  /** Count SQL statements per request (tests and the nested-query benchmark); off otherwise, it costs every promise. */
  countStatements: boolean;
  demand: {
    /** A completed demand the requester leaves unrated is closed after this many days. */
    autoCloseDays: number;
    /** The requester may reopen ("not fixed") within this many days of completion. */
    reopenDays: number;
    /** How often the sweeper looks for overdue and silent demands. */
    sweepIntervalMs: number;
  };
  offer: {
    /** A pushed offer not answered within this many seconds expires. */
    ttlSeconds: number;
    /** With auto-dispatch, how many next candidates each round offers the demand to. */
    autoDispatchBatch: number;
  };
  activity: {
    /** Activities of a repeating project exist this many days ahead. */
    horizonDays: number;
    /** The organiser's check-in code changes this often (the previous one is still accepted). */
    checkInCodeSeconds: number;
    /** A check-in without a check-out is closed this many minutes after the activity ends. */
    autoCheckOutMinutes: number;
  };
  /** Approved hours at which a volunteer reaches 1, 2, ... stars. */
  starThresholdsHours: number[];
  /** A signed CSV export link works for this many seconds. */
  exportLinkSeconds: number;
  imports: {
    /** Rows per transaction of a bulk import (each batch also moves the job's resume point). */
    batchRows: number;
    /** Largest uploaded spreadsheet, in bytes. */
    uploadMaxBytes: number;
    /** A running job whose process has not reported for this long may be taken over by another. */
    leaseSeconds: number;
  };
  /** Schema introspection over HTTP and WebSocket; off by default in production. */
  introspection: boolean;
  /** Apollo's landing page at GET /graphql; off by default in production. */
  landingPage: boolean;
  /** Origins (scheme://host[:port]) whose browser pages may call the API cross-origin; same-origin pages always may. */
  corsOrigins: string[];
  /** Which proxies in front may name the client (X-Forwarded-For): null trusts none. */
  trustProxy: TrustProxy | null;
  limits: LimitsConfig;
  /** pino level of the JSON log lines on stdout. */
  logLevel: LogLevel;
  /** Bearer token `/metrics` asks for; null: open, except in production where /metrics is then off. */
  metricsToken: string | null;
  drain: {
    /** After SIGTERM, /readyz answers 503 this long before the port closes (load balancers notice). */
    delayMs: number;
    /** In-flight HTTP requests get this long to finish once the port is closed; then they are cut. */
    timeoutMs: number;
  };
}

/** Limits on what one request, caller and connection may ask of the server (src/server/limits/). */
export interface LimitsConfig {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
  maxTokens: number;
  /** Largest HTTP request body and graphql-ws message, in bytes. */
  maxBodyBytes: number;
  /** An operation still running after this many milliseconds is answered TIMEOUT (a mutation rolled back). */
  timeoutMs: number;
  rate: {
    /** Requests allowed per window; 0 turns that budget off. */
    perAccount: number;
    perApiKey: number;
    perAddress: number;
    windowSeconds: number;
    /** Prefix of the budgets' keys in Redis (when REDIS_URL is set). */
    redisPrefix: string;
  };
  wsSubscriptionsPerConnection: number;
  wsConnectionsPerAccount: number;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Hops to trust (a count) or the proxies' addresses and subnets (proxy-addr's names allowed). */
export type TrustProxy = number | string[];

type Env = Record<string, string | undefined>;

/** Every environment variable the server reads, parsed and validated in one place. */
export function loadConfig(env: Env = process.env, argv: string[] = process.argv.slice(2)): Config {
  const nodeEnv = env.NODE_ENV === 'production' || env.NODE_ENV === 'test' ? env.NODE_ENV : 'development';
  const dataDir = path.resolve(env.DATA_DIR || 'data');
  const jwtSecret = env.JWT_SECRET || null;
  if (nodeEnv === 'production' && !jwtSecret) {
    throw new StartupError('JWT_SECRET must be set when NODE_ENV=production');
  }
  if (jwtSecret !== null && jwtSecret.length < 32) {
    throw new StartupError('JWT_SECRET must be at least 32 characters long');
  }
  const idHashKey = env.ID_HASH_KEY || null;
  if (nodeEnv === 'production' && !idHashKey) {
    throw new StartupError('ID_HASH_KEY must be set when NODE_ENV=production (it keys the hash of national ID numbers)');
  }
  if (idHashKey !== null && idHashKey.length < 32) {
    throw new StartupError('ID_HASH_KEY must be at least 32 characters long');
  }
  const timeZone = env.TIME_ZONE || 'Asia/Shanghai';
  if (!isTimeZone(timeZone)) throw new StartupError(`TIME_ZONE "${timeZone}" is not an IANA time zone (e.g. Asia/Shanghai)`);
  const adminUser = env.ADMIN_USERNAME;
  const adminPassword = env.ADMIN_PASSWORD;
  if (Boolean(adminUser) !== Boolean(adminPassword)) {
    throw new StartupError('ADMIN_USERNAME and ADMIN_PASSWORD must be set together');
  }
  const logLevel = (env.LOG_LEVEL || 'info').toLowerCase() as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new StartupError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; got "${env.LOG_LEVEL}"`);
  const metricsToken = env.METRICS_TOKEN || null;
  if (metricsToken !== null && metricsToken.length < 16) throw new StartupError('METRICS_TOKEN must be at least 16 characters long');
  return {
    env: nodeEnv,
    host: env.HOST || '0.0.0.0',
    port: intVar(env, 'PORT', 4000, 0, 65535),
    dataDir,
    database: parseDatabaseUrl(env.DATABASE_URL, dataDir),
    jwtSecret,
    idHashKey,
    timeZone,
    tokenTtlSeconds: intVar(env, 'TOKEN_TTL_SECONDS', 8 * 3600, 60, 30 * 24 * 3600),
    admin: adminUser && adminPassword ? { username: adminUser, password: adminPassword } : null,
    redisUrl: env.REDIS_URL || null,
    feedPollMs: intVar(env, 'FEED_POLL_MS', 2000, 50, 3_600_000),
    login: {
      maxFailures: intVar(env, 'LOGIN_MAX_FAILURES', 5, 1, 1000),
      lockSeconds: intVar(env, 'LOGIN_LOCK_SECONDS', 30, 1, 24 * 3600),
    },
    demo: argv.includes('--demo'),
    countStatements: nodeEnv === 'test' || env.COUNT_SQL_STATEMENTS === '1',
    demand: {
      autoCloseDays: intVar(env, 'DEMAND_AUTO_CLOSE_DAYS', 7, 1, 365),
      reopenDays: intVar(env, 'DEMAND_REOPEN_DAYS', 14, 1, 365),
      sweepIntervalMs: intVar(env, 'SWEEP_INTERVAL_MS', 30_000, 50, 3_600_000),
    },
    offer: {
      ttlSeconds: intVar(env, 'OFFER_TTL_SECONDS', 600, 1, 7 * 24 * 3600),
      autoDispatchBatch: intVar(env, 'AUTO_DISPATCH_BATCH', 3, 1, 50),
    },
    activity: {
      horizonDays: intVar(env, 'PROJECT_HORIZON_DAYS', 60, 1, 730),
      checkInCodeSeconds: intVar(env, 'CHECKIN_CODE_SECONDS', 120, 10, 3600),
      autoCheckOutMinutes: intVar(env, 'AUTO_CHECKOUT_MINUTES', 60, 0, 24 * 60),
    },
    starThresholdsHours: starThresholds(env.STAR_THRESHOLDS_HOURS),
    exportLinkSeconds: intVar(env, 'EXPORT_LINK_SECONDS', 300, 10, 3600),
    imports: {
      batchRows: intVar(env, 'IMPORT_BATCH_ROWS', 500, 1, 5000),
      uploadMaxBytes: intVar(env, 'IMPORT_UPLOAD_LIMIT_MB', 50, 1, 1024) * 1024 * 1024,
      leaseSeconds: intVar(env, 'IMPORT_LEASE_SECONDS', 60, 5, 3600),
    },
    introspection: boolVar(env, 'GRAPHQL_INTROSPECTION', nodeEnv !== 'production'),
    landingPage: boolVar(env, 'GRAPHQL_LANDING_PAGE', nodeEnv !== 'production'),
    corsOrigins: origins(env.CORS_ORIGINS),
    trustProxy: trustProxy(env.TRUST_PROXY),
    limits: loadLimits(env),
    logLevel,
    metricsToken,
    drain: {
      delayMs: intVar(env, 'DRAIN_DELAY_MS', 0, 0, 300_000),
      timeoutMs: intVar(env, 'DRAIN_TIMEOUT_MS', 10_000, 0, 600_000),
    },
  };
}

function loadLimits(env: Env): LimitsConfig {
  return {
    // 15: the standard introspection query (GraphiQL, codegen) is 15 fields deep; consoles use under 12.
    maxDepth: intVar(env, 'QUERY_MAX_DEPTH', 15, 2, 100),
    maxCost: intVar(env, 'QUERY_MAX_COST', 200_000, 10, 1_000_000_000),
    maxAliases: intVar(env, 'QUERY_MAX_ALIASES', 30, 0, 10_000),
    maxTokens: intVar(env, 'QUERY_MAX_TOKENS', 5000, 100, 1_000_000),
    maxBodyBytes: intVar(env, 'REQUEST_BODY_LIMIT_KB', 1024, 1, 100 * 1024) * 1024,
    timeoutMs: intVar(env, 'OPERATION_TIMEOUT_MS', 15_000, 50, 600_000),
    rate: {
      perAccount: intVar(env, 'RATE_LIMIT_PER_ACCOUNT', 600, 0, 10_000_000),
      perApiKey: intVar(env, 'RATE_LIMIT_PER_API_KEY', 1200, 0, 10_000_000),
      perAddress: intVar(env, 'RATE_LIMIT_PER_ADDRESS', 3000, 0, 10_000_000),
      windowSeconds: intVar(env, 'RATE_LIMIT_WINDOW_SECONDS', 60, 1, 24 * 3600),
      redisPrefix: env.RATE_LIMIT_REDIS_PREFIX || 'vg:rate:',
    },
    wsSubscriptionsPerConnection: intVar(env, 'WS_MAX_SUBSCRIPTIONS_PER_CONNECTION', 50, 1, 10_000),
    wsConnectionsPerAccount: intVar(env, 'WS_MAX_CONNECTIONS_PER_ACCOUNT', 20, 1, 10_000),
  };
}

export function parseDatabaseUrl(raw: string | undefined, dataDir: string): DatabaseConfig {
  if (!raw) return { kind: 'sqlite', file: path.join(dataDir, 'volunteer-grid.sqlite') };
  if (raw.startsWith('sqlite:')) {
    const file = raw.slice('sqlite:'.length).replace(/^\/\//, '');
    if (!file) throw new StartupError('DATABASE_URL sqlite: needs a file path, e.g. sqlite:./data/app.sqlite');
    return { kind: 'sqlite', file: path.resolve(file) };
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new StartupError('DATABASE_URL is not a valid URL (expected mysql://user:password@host:port/database)');
  }
  if (url.protocol !== 'mysql:' && url.protocol !== 'mariadb:') {
    throw new StartupError(`DATABASE_URL scheme "${url.protocol}" is not supported (use mysql:// or sqlite:)`);
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!url.hostname || !database || database.includes('/')) {
    throw new StartupError('DATABASE_URL must name a host and a database: mysql://user:password@host:port/database');
  }
  url.protocol = 'mysql:';
  return { kind: 'mysql', url: url.toString(), host: url.hostname, port: Number(url.port || 3306), database };
}

/** "100,300,600,1000,1500": strictly increasing positive hours, one per star level. */
function starThresholds(raw: string | undefined): number[] {
  if (raw === undefined || raw.trim() === '') return [100, 300, 600, 1000, 1500];
  const values = raw.split(',').map((v) => Number(v.trim()));
  const ok = values.length >= 1 && values.length <= 10 && values.every((v, i) => Number.isFinite(v) && v > 0 && (i === 0 || v > values[i - 1]));
  if (!ok) throw new StartupError(`STAR_THRESHOLDS_HOURS must be 1 to 10 increasing positive numbers of hours, e.g. 100,300,600,1000,1500; got "${raw}"`);
  return values;
}

/** "https://console.example.org,http://localhost:5173": exact origins, no paths, no wildcard. */
function origins(raw: string | undefined): string[] {
  if (raw === undefined || raw.trim() === '') return [];
  return raw.split(',').map((entry) => {
    const value = entry.trim();
    let url: URL | null = null;
    try {
      url = new URL(value);
    } catch {
      url = null;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== value) {
      throw new StartupError(`CORS_ORIGINS must list origins like https://console.example.org separated by commas; "${value}" is not one`);
    }
    return value;
  });
}

/** "1" (one proxy in front), or "loopback, 10.0.0.0/8": who may set X-Forwarded-For. */
function trustProxy(raw: string | undefined): TrustProxy | null {
  if (raw === undefined || raw.trim() === '') return null;
  if (/^\d+$/.test(raw.trim())) {
    const hops = Number(raw.trim());
    if (hops < 1 || hops > 10) throw new StartupError(`TRUST_PROXY as a count of proxies must be 1 to 10, got "${raw}"`);
    return hops;
  }
  const entries = raw.split(',').map((e) => e.trim());
  try {
    proxyaddr.compile(entries);
  } catch (err) {
    throw new StartupError(`TRUST_PROXY must be a count of proxies or addresses and subnets (e.g. loopback, 10.0.0.0/8): ${(err as Error).message}`);
  }
  return entries;
}

function boolVar(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === '1' || raw === 'true') return true;
  if (raw === '0' || raw === 'false') return false;
  throw new StartupError(`${name} must be 1 or 0 (true or false), got "${raw}"`);
}

function intVar(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new StartupError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

/** The URL with its password replaced, safe for logs and error lines. */
export function describeDatabase(db: DatabaseConfig): string {
  if (db.kind === 'sqlite') return `sqlite:${db.file}`;
  const url = new URL(db.url);
  if (url.password) url.password = '***';
  return url.toString();
}
