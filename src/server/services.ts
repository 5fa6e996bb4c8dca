import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { createEventBus } from '../core/event-bus';
import { AccountService } from '../modules/account/account.service';
import { createLoginThrottle } from '../modules/account/login-throttle';
import { CalloutService } from '../modules/callout/callout.service';
import { CategoryService } from '../modules/category/category.service';
import { DemandEventsService } from '../modules/demand/demand-events.service';
import { createDemandFeed } from '../modules/demand/demand-feed';
import { createNoticeFeed } from '../modules/notice/notice.log';
import { NoticeService } from '../modules/notice/notice.service';
import { DemandSweeper, DemandWorkflowService } from '../modules/demand/demand-workflow.service';
import { DemandService } from '../modules/demand/demand.service';
import { MatchingService } from '../modules/offer/matching.service';
import { OfferTargets } from '../modules/offer/offer-targets';
import { OfferService } from '../modules/offer/offer.service';
import { Open311Service } from '../modules/open311/open311.service';
import { OrganisationService } from '../modules/organisation/organisation.service';
import { PairingService } from '../modules/pairing/pairing.service';
import { AuditService } from '../modules/audit/audit.service';
import { AnalyticsService } from '../modules/analytics/analytics.service';
import { CommandCenterWall } from '../modules/analytics/wall.service';
import { ExportLinks } from '../modules/export/export.link';
import { ExportService } from '../modules/export/export.service';
import { IncentiveService } from '../modules/incentive/incentive.service';
import { ImportService } from '../modules/bulk/import.service';
import { UploadStore } from '../modules/bulk/upload.store';
import { ActivityService } from '../modules/project/activity.service';
import { ProjectService } from '../modules/project/project.service';
import { logger } from '../core/logger';
import { ensureCertifiedMinutes } from '../modules/record/leaderboard.rollup';
import { LeaderboardService } from '../modules/record/leaderboard.service';
import { RecordService } from '../modules/record/record.service';
import { TimebankService } from '../modules/timebank/timebank.service';
import { RegionService } from '../modules/region/region.service';
import { SkillService } from '../modules/skill/skill.service';
import { TeamService } from '../modules/team/team.service';
import { idHasherFor } from '../modules/volunteer/id-number';
import { VolunteerService } from '../modules/volunteer/volunteer.service';
import { TokenService, loadJwtKey } from './auth';
import { LiveMembers } from './fanout/live-members';

/** The process-wide service singletons; they hold rules, not request state. */
export function createServices(db: DataSource, config: Config) {
  const bus = createEventBus(config.redisUrl);
  const pollMs = config.feedPollMs;
  const feed = createDemandFeed(db, bus, pollMs);
  const notice = new NoticeService(createNoticeFeed(db, bus, pollMs));
  const notify = (eventId: number) => feed.notify(eventId);
  const tokens = new TokenService(loadJwtKey(config), config.tokenTtlSeconds);
  const idHasher = idHasherFor(config);
  const region = new RegionService();
  const organisation = new OrganisationService(region);
  const loginThrottle = createLoginThrottle(config.login.maxFailures, config.login.lockSeconds, config.redisUrl);
  const account = new AccountService(region, tokens, loginThrottle, organisation);
  const category = new CategoryService();
  const skill = new SkillService(category);
  const volunteer = new VolunteerService(region, skill, organisation, idHasher, config);
  const team = new TeamService(region, category, organisation, volunteer);
  const matching = new MatchingService(config);
  const offerTargets = new OfferTargets(volunteer, team, matching, config);
  const record = new RecordService(config, region, category, team, volunteer, notice);
  const demand = new DemandService(category);
  const open311 = new Open311Service(demand);
  const workflow = new DemandWorkflowService(demand, volunteer, offerTargets, record, config);
  const offer = new OfferService(db, config, demand, workflow, offerTargets, matching, notify);
  const callout = new CalloutService(demand, team);
  const pairing = new PairingService(region, volunteer, team, record);
  const timebank = new TimebankService(region, organisation, notice);
  const project = new ProjectService(db, config, region, category, skill, team);
  const activity = new ActivityService(db, config, project, volunteer, record, notice);
  const leaderboard = new LeaderboardService(config, region);
  const incentive = new IncentiveService(config, organisation, volunteer);
  const analytics = new AnalyticsService(config, region);
  const exportService = new ExportService(db, config, region, new ExportLinks(loadJwtKey(config), config.exportLinkSeconds), idHasher);
  const imports = new ImportService(db, config, region, team, idHasher, new UploadStore(db, config.imports.uploadMaxBytes));
  const wall = new CommandCenterWall(db, feed, bus, { intervalMs: 1000, refreshMs: 15_000 });
  const demandEvents = new DemandEventsService(feed);
  const live = new LiveMembers(bus);
  const audit = new AuditService();
  const sweeper = new DemandSweeper(db, config, notify, [offer.sweepTask(), project.sweepTask(), activity.sweepTask()]);
  return {
    bus,
    feed,
    notice,
    tokens,
    idHasher,
    region,
    account,
    category,
    organisation,
    skill,
    volunteer,
    team,
    matching,
    demand,
    open311,
    workflow,
    offer,
    callout,
    pairing,
    record,
    timebank,
    project,
    activity,
    leaderboard,
    incentive,
    analytics,
    wall,
    exports: exportService,
    imports,
    demandEvents,
    audit,
    sweeper,
    live,
    /** Live subscriptions open in this process (graphql-ws operations), whatever they watch. */
    subscriberCount(): number {
      return live.size;
    },
    async start() {
      await bus.ready();
      await loginThrottle.ready();
      await idHasher.checkAgainst(db);
      if (await ensureCertifiedMinutes(db, config.timeZone)) logger.info({ component: 'leaderboards', timeZone: config.timeZone }, 'period totals recomputed from the certified records');
      await feed.start();
      await notice.feed.start();
      live.start();
      wall.start();
      sweeper.start();
      await imports.resumeUnfinished();
    },
    async stop() {
      await imports.stop();
      await sweeper.stop();
      await wall.stop();
      await feed.stop();
      await notice.feed.stop();
      await bus.close();
      await loginThrottle.close();
    },
  };
}

export type Services = ReturnType<typeof createServices>;
