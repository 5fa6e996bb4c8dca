import type { DataSource } from 'typeorm';
import type { WebSocketServer } from 'ws';
import type { Config } from '../../config';
import type { FanOut } from '../fanout/fanout';
import type { Services } from '../services';
import { Readiness } from './health';
import { Metrics } from './metrics';
import { poolStats } from './pool-stats';
import { observabilityRoutes } from './routes';

/** The server's metrics, readiness and their routes, wired to what they read. */
export function createObservability(config: Config, db: DataSource, services: Services, fanout: FanOut, wsServer: WebSocketServer) {
  const metrics = new Metrics(
    {
      subscriptions: () => services.subscriberCount(),
      connections: () => wsServer.clients.size,
      pool: () => poolStats(db),
      feeds: () => [services.feed, services.notice.feed].map((f) => ({ feed: f.name, published: f.published, routed: f.routed })),
      deliveries: () => ({ delivered: fanout.delivered, executions: fanout.executions }),
    },
    config.database.kind,
  );
  const readiness = new Readiness(db, services.bus);
  return { metrics, readiness, routes: observabilityRoutes(config, readiness, metrics) };
}
