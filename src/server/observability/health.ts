import type { DataSource } from 'typeorm';
import type { EventBus } from '../../core/event-bus';

/** How long /readyz waits for the database before calling it unavailable. */
export const READY_DB_TIMEOUT_MS = 2000;

export interface ReadinessReport {
  ready: boolean;
  body: {
    status: 'ready' | 'unready';
    reason?: string;
    database?: 'up' | 'down';
    migrations?: 'applied' | 'pending';
    /** Reported, never a reason to be unready: without Redis a process keeps serving and polls the logs. */
    redis: 'up' | 'down' | 'not configured';
  };
}

/**
 * What /readyz answers: ready while the database answers within a short time with every migration
 * applied, and the process is not draining. /healthz (liveness) asks nothing of the database: a
 * database outage must take processes out of the load balancer, not get them restarted.
 */
export class Readiness {
  /** Set at the start of a drain (SIGTERM); never unset. */
  draining = false;

  constructor(
    private readonly db: DataSource,
    private readonly bus: EventBus,
  ) {}

  async check(): Promise<ReadinessReport> {
    const health = this.bus.health();
    const redis = health === 'local' ? 'not configured' : health;
    if (this.draining) return { ready: false, body: { status: 'unready', reason: 'draining: the process is shutting down', redis } };
    let pending: boolean;
    try {
      pending = await withTimeout(this.pendingMigrations(), READY_DB_TIMEOUT_MS);
    } catch (err) {
      const reason = err instanceof DatabaseTimeout ? `database did not answer within ${READY_DB_TIMEOUT_MS} ms` : 'database unavailable';
      return { ready: false, body: { status: 'unready', reason, database: 'down', redis } };
    }
    if (pending) return { ready: false, body: { status: 'unready', reason: 'database migrations pending', database: 'up', migrations: 'pending', redis } };
    return { ready: true, body: { status: 'ready', database: 'up', migrations: 'applied', redis } };
  }

  /** `SELECT 1`, then whether a migration this code knows is missing from schema_migration. */
  private async pendingMigrations(): Promise<boolean> {
    if (!this.db.isInitialized) throw new Error('database closed');
    await this.db.query('SELECT 1');
    const rows: { name: string }[] = await this.db.query('SELECT name FROM schema_migration');
    const applied = new Set(rows.map((r) => r.name));
    return this.db.migrations.some((m) => !applied.has(m.name ?? m.constructor.name));
  }
}

class DatabaseTimeout extends Error {}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatabaseTimeout()), ms);
  });
  work.catch(() => undefined); // a query that loses the race must not become an unhandled rejection
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
