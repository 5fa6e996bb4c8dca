import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { PoolStats } from './pool-stats';

/** What the metrics read at scrape time; the hot paths only bump plain numbers. */
export interface MetricSources {
  /** Live graphql-ws subscriptions in this process. */
  subscriptions(): number;
  /** Open WebSocket connections. */
  connections(): number;
  pool(): PoolStats;
  /** Each event log: entries this process appended and announced, and entries it routed to subscribers. */
  feeds(): { feed: string; published: number; routed: number }[];
  /** Subscription results sent to subscribers, and the GraphQL executions that produced them. */
  deliveries(): { delivered: number; executions: number };
}

/** Operation names are the caller's text: beyond this many distinct ones they are counted as "other". */
const MAX_OPERATION_LABELS = 200;

/**
 * The process's Prometheus metrics (`/metrics`), in a registry of its own so that two servers in
 * one process (tests, benchmarks) do not mix their figures.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly operationLabels = new Set<string>();

  private readonly requestDuration = new Histogram({
    name: 'vg_graphql_request_duration_seconds',
    help: 'GraphQL over HTTP: time from the first byte to the response sent, by operation name and type',
    labelNames: ['operation', 'type'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  /** Top-level errors sent (HTTP and graphql-ws), by `extensions.code`. */
  readonly errors = new Counter({
    name: 'vg_graphql_errors_total',
    help: 'Top-level GraphQL errors sent to callers, by extensions.code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  /** Mutation payloads' `userErrors`, by code. */
  readonly userErrors = new Counter({
    name: 'vg_graphql_user_errors_total',
    help: 'userErrors returned in mutation payloads, by code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  constructor(sources: MetricSources, database: 'sqlite' | 'mysql') {
    const registers = [this.registry];
    new Gauge({ name: 'vg_subscriptions_active', help: 'Live graphql-ws subscriptions', registers, collect() { this.set(sources.subscriptions()); } });
    new Gauge({ name: 'vg_websocket_connections_active', help: 'Open WebSocket connections', registers, collect() { this.set(sources.connections()); } });
    new Counter({
      name: 'vg_events_published_total',
      help: 'Event-log entries this process appended and announced on the bus, by log',
      labelNames: ['feed'] as const,
      registers,
      collect() {
        this.reset();
        for (const f of sources.feeds()) this.inc({ feed: f.feed }, f.published);
      },
    });
    new Counter({
      name: 'vg_events_routed_total',
      help: 'Event-log entries this process read from the log and routed to its subscribers, by log',
      labelNames: ['feed'] as const,
      registers,
      collect() {
        this.reset();
        for (const f of sources.feeds()) this.inc({ feed: f.feed }, f.routed);
      },
    });
    new Counter({
      name: 'vg_events_delivered_total',
      help: 'Subscription results sent to subscribers (one per subscriber per event)',
      registers,
      collect() {
        this.reset();
        this.inc(sources.deliveries().delivered);
      },
    });
    new Counter({
      name: 'vg_subscription_executions_total',
      help: 'GraphQL executions of subscription events (identical subscriptions share one)',
      registers,
      collect() {
        this.reset();
        this.inc(sources.deliveries().executions);
      },
    });
    new Gauge({ name: 'vg_db_pool_connections', help: 'Open database connections (SQLite: its one connection)', registers, collect() { this.set(sources.pool().open); } });
    if (database === 'mysql') {
      new Gauge({ name: 'vg_db_pool_free_connections', help: 'Idle connections in the MySQL pool', registers, collect() { this.set(sources.pool().free ?? 0); } });
      new Gauge({ name: 'vg_db_pool_queued_requests', help: 'Requests waiting for a MySQL pool connection', registers, collect() { this.set(sources.pool().queued ?? 0); } });
    }
    collectDefaultMetrics({ register: this.registry });
  }

  observeRequest(operationName: string | null, operationType: string | null, seconds: number): void {
    this.requestDuration.observe({ operation: this.operationLabel(operationName, operationType), type: operationType ?? 'none' }, seconds);
  }

  /** `anonymous` for an unnamed operation, `none` when no operation was resolved (parse or validation error). */
  private operationLabel(name: string | null, type: string | null): string {
    if (type === null) return 'none';
    if (name === null) return 'anonymous';
    if (this.operationLabels.has(name)) return name;
    if (this.operationLabels.size >= MAX_OPERATION_LABELS || name.length > 64) return 'other';
    this.operationLabels.add(name);
    return name;
  }
}
