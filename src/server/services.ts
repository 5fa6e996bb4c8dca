import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { createEventBus } from '../core/event-bus';
import { AccountService } from '../modules/account/account.service';
import { LoginThrottle } from '../modules/account/login-throttle';
import { CategoryService } from '../modules/category/category.service';
import { DemandEventsService } from '../modules/demand/demand-events.service';
import { DemandFeed } from '../modules/demand/demand-feed';
import { DemandSweeper, DemandWorkflowService } from '../modules/demand/demand-workflow.service';
import { DemandService } from '../modules/demand/demand.service';
import { OrganisationService } from '../modules/organisation/organisation.service';
import { RegionService } from '../modules/region/region.service';
import { TokenService, loadJwtKey } from './auth';

/** The process-wide service singletons; they hold rules, not request state. */
export function createServices(db: DataSource, config: Config) {
  const bus = createEventBus(config.redisUrl);
  const feed = new DemandFeed(db, bus, Math.min(config.demand.sweepIntervalMs, 2000));
  const tokens = new TokenService(loadJwtKey(config), config.tokenTtlSeconds);
  const region = new RegionService();
  const organisation = new OrganisationService(region);
  const account = new AccountService(region, tokens, new LoginThrottle(config.login.maxFailures, config.login.lockSeconds), organisation);
  const category = new CategoryService();
  const demand = new DemandService(category);
  const workflow = new DemandWorkflowService(demand, config);
  const demandEvents = new DemandEventsService(feed);
  const sweeper = new DemandSweeper(db, config, (eventId) => feed.notify(eventId));
  return {
    bus,
    feed,
    tokens,
    region,
    account,
    category,
    organisation,
    demand,
    workflow,
    demandEvents,
    sweeper,
    async start() {
      await bus.ready();
      await feed.start();
      sweeper.start();
    },
    async stop() {
      await sweeper.stop();
      await feed.stop();
      await bus.close();
    },
  };
}

export type Services = ReturnType<typeof createServices>;
