import { randomUUID } from 'node:crypto';
import { Brackets, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { isUniqueViolation } from '../../core/database';
import { ErrorCode, badInput, fail, forbidden } from '../../core/errors';
import { fromGlobalId, parsePage, toConnection, type Connection, type PageArgs } from '../../core/relay';
import { txOf, type Context, type Viewer } from '../../server/context';
import { assertCovers } from '../../server/jurisdiction';
import { Account } from '../account/account.entity';
import { Role } from '../account/role';
import type { CategoryService } from '../category/category.service';
import { Region, RegionLevel } from '../region/region.entity';
import { ALL_REGION_TYPES } from '../region/region.types';
import { DemandEvent } from './demand-event.entity';
import { appendDemandEvent } from './demand-event.log';
import { Demand } from './demand.entity';
import { DemandChannel, DemandEventType, DemandStatus, HandlingLevel, Urgency } from './demand.enums';
import type { DemandCreateInput, DemandsArgs } from './demand.inputs';
import { NO_RELATION, mayRead, type VolunteerRelation } from './demand.access';
import { DemandOffer } from '../offer/offer.entity';
import { EmergencyCalloutMember } from '../callout/callout.entity';
import { OPEN_STATUSES } from './demand.state-machine';

/** Channels each role may file through; the first is the default. */
const CHANNELS: Partial<Record<Role, DemandChannel[]>> = {
  RESIDENT: [DemandChannel.RESIDENT_APP, DemandChannel.CITY_PROBLEM],
  GRID_WORKER: [DemandChannel.GRID_VISIT, DemandChannel.SURVEY, DemandChannel.CITY_PROBLEM],
  DISPATCHER: [DemandChannel.HOTLINE, DemandChannel.WALK_IN, DemandChannel.CITY_PROBLEM],
  PLATFORM_ADMIN: [DemandChannel.HOTLINE, DemandChannel.WALK_IN, DemandChannel.CITY_PROBLEM],
  PARTNER: [DemandChannel.PARTNER_API],
};

/** Staff who work a jurisdiction's queue; analysts read figures, not demands. */
const OPEN_QUEUE_READERS = [Role.PLATFORM_ADMIN, Role.DISPATCHER, Role.GRID_WORKER];

export class DemandService {
  constructor(private readonly categories: CategoryService) {}

  /** 点单: places a demand, or returns the one already placed with the same idempotency key. */
  async create(ctx: Context, viewer: Viewer, input: DemandCreateInput): Promise<Demand> {
    const tx = txOf(ctx);
    const role = viewer.account.role;
    const allowed = CHANNELS[role];
    if (!allowed) throw forbidden(`a ${role} account cannot place demands`);
    if (input.idempotencyKey) {
      const existing = await tx.findOneBy(Demand, { createdById: viewer.account.id, idempotencyKey: input.idempotencyKey });
      if (existing) return existing;
    }
    const channel = input.channel ?? allowed[0];
    if (!allowed.includes(channel)) fail(ErrorCode.INVALID, ['input', 'channel'], `a ${role} files through ${allowed.join(', ')}, not ${channel}`);
    const grid = await requireGrid(tx, input.gridId);
    if (role === Role.DISPATCHER || role === Role.GRID_WORKER) assertCovers(viewer, grid.path, 'the grid');
    const category = await this.categories.require(tx, ['input', 'categoryId'], input.categoryId);
    if (!category.active) fail(ErrorCode.INVALID, ['input', 'categoryId'], 'this category is closed to new demands');
    const requesterId = await this.resolveRequester(tx, viewer, input);
    checkPhotoUrls(input.photoUrls, ['input', 'photoUrls']);
    if ((input.latitude == null) !== (input.longitude == null)) fail(ErrorCode.INVALID, ['input', 'latitude'], 'give latitude and longitude together');
    const urgency = input.urgency ?? Urgency.ROUTINE;
    const level = await this.categories.level(tx, category.id, urgency);
    const now = new Date();
    const demand = tx.create(Demand, {
      number: `tmp-${randomUUID()}`.slice(0, 32),
      title: input.title.trim(),
      description: input.description?.trim() || null,
      categoryId: category.id,
      urgency,
      channel,
      status: DemandStatus.SUBMITTED,
      handlingLevel: HandlingLevel.COMMUNITY,
      gridId: grid.id,
      requesterId,
      contactName: input.contactName?.trim() || null,
      contactPhone: input.contactPhone?.trim() || null,
      address: input.address?.trim() || null,
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
      photos: input.photoUrls ?? [],
      createdById: viewer.account.id,
      idempotencyKey: input.idempotencyKey ?? null,
      organisationId: role === Role.PARTNER ? viewer.account.organisationId : null,
      acceptDueAt: new Date(now.getTime() + level.acceptMinutes * 60_000),
      dueAt: new Date(now.getTime() + level.completeMinutes * 60_000),
      escalateAt: new Date(now.getTime() + level.communityMinutes * 60_000),
      completionPhotos: [],
      createdAt: now,
    });
    try {
      await tx.insert(Demand, demand);
    } catch (err) {
      // A concurrent retry with the same key won the insert: answer with its demand. It is read on a
      // fresh connection because this transaction's snapshot predates the winner's commit.
      if (input.idempotencyKey && isUniqueViolation(err)) {
        const winner = await ctx.db.getRepository(Demand).findOneBy({ createdById: viewer.account.id, idempotencyKey: input.idempotencyKey });
        if (winner) return winner;
      }
      throw err;
    }
    demand.number = demandNumber(demand.id, now);
    await tx.update(Demand, { id: demand.id }, { number: demand.number });
    // Read back before taking the log position: the event_sequence lock is then held for the event only.
    const created = await tx.findOneByOrFail(Demand, { id: demand.id });
    const event = await appendDemandEvent(tx, { demandId: demand.id, type: DemandEventType.CREATED, fromStatus: null, toStatus: DemandStatus.SUBMITTED, actorId: viewer.account.id });
    ctx.afterCommit.push(() => ctx.services.feed.notify(event.id));
    return created;
  }

  /**
   * Loads a demand named in an input, with its grid's path and the viewer's ties to it (offers,
   * call-outs); FORBIDDEN when the caller may not even read it.
   */
  async requireForAction(ctx: Context, viewer: Viewer, manager: EntityManager, globalId: string): Promise<{ demand: Demand; gridPath: string; relation: VolunteerRelation }> {
    const decoded = fromGlobalId(globalId, ['Demand']);
    if (!decoded) fail(ErrorCode.INVALID, ['input', 'id'], 'not a demand id');
    const demand = await manager.findOneBy(Demand, { id: decoded.id });
    if (!demand) fail(ErrorCode.NOT_FOUND, ['input', 'id'], 'no such demand');
    const grid = await manager.findOneByOrFail(Region, { id: demand.gridId });
    const relation = await this.relationTo(manager, demand.id, viewer);
    if (!mayRead(viewer, demand, grid.path, relation)) throw forbidden('the demand is outside your jurisdiction');
    return { demand, gridPath: grid.path, relation };
  }

  /** Only volunteers are offered demands or called out, so only they cost the lookups. */
  async relationTo(manager: EntityManager, demandId: number, viewer: Viewer): Promise<VolunteerRelation> {
    if (viewer.account.role !== Role.VOLUNTEER) return NO_RELATION;
    const offer = await manager.findOne(DemandOffer, { where: { demandId, accountId: viewer.account.id }, order: { id: 'DESC' } });
    const calledOut = await manager
      .getRepository(EmergencyCalloutMember)
      .createQueryBuilder('m')
      .innerJoin('emergency_callout', 'c', 'c.id = m.calloutId')
      .where('c.demandId = :demandId AND m.accountId = :me', { demandId, me: viewer.account.id })
      .getExists();
    return { offer, calledOut };
  }

  /** A demand for `node(id)`: null when missing, FORBIDDEN when the viewer may not read it. */
  async byId(ctx: Context, id: number): Promise<Demand | null> {
    const demand = await ctx.loaders.demand.byId.load(id);
    if (!demand || !ctx.viewer) return null;
    const grid = await ctx.loaders.region.byId.load(demand.gridId);
    const relation = await this.relationTo(ctx.db.manager, demand.id, ctx.viewer);
    if (!grid || !mayRead(ctx.viewer, demand, grid.path, relation)) throw forbidden('the demand is outside your jurisdiction');
    return demand;
  }

  /** The `demands` list: the viewer's own visibility rule, then the filters; newest first. */
  /** A grid's open demands, oldest first (a work queue), batched across grids by the loaders. */
  async openInGrid(ctx: Context, viewer: Viewer, grid: Region, args: PageArgs): Promise<Connection<Demand>> {
    if (!OPEN_QUEUE_READERS.includes(viewer.account.role)) throw forbidden(`a ${viewer.account.role} account cannot read a grid's demands`);
    assertCovers(viewer, grid.path, 'the grid');
    const page = parsePage(args);
    const rows = page.limit === 0 ? [] : await ctx.loaders.demand.openByGridPage.load({ parentId: grid.id, page });
    return toConnection(rows, page, (d) => d.id, () => ctx.loaders.demand.openByGridCount.load(grid.id));
  }

  async list(ctx: Context, viewer: Viewer, args: DemandsArgs): Promise<Connection<Demand>> {
    if (viewer.account.role === Role.ANALYST) throw forbidden('analysts read figures (regionStats), not single demands');
    const page = parsePage(args);
    const query = ctx.db.getRepository(Demand).createQueryBuilder('d').innerJoin(Region, 'g', 'g.id = d.gridId');
    await this.restrictToViewer(ctx, viewer, query, args.regionId);
    applyFilters(query, args);
    const pageQuery = query.clone();
    if (page.afterKey !== null) pageQuery.andWhere('d.id < :afterKey', { afterKey: page.afterKey });
    const rows = await pageQuery
      .orderBy('d.id', 'DESC')
      .take(page.limit + 1)
      .getMany();
    return toConnection(rows, page, (d) => d.id, () => query.getCount());
  }

  events(ctx: Context, demand: Demand, args: PageArgs): Promise<Connection<DemandEvent>> {
    const page = parsePage(args);
    return ctx.loaders.demand.eventPage.load({ parentId: demand.id, page }).then((rows) =>
      toConnection(rows, page, (e) => e.id, () => ctx.loaders.demand.eventCount.load(demand.id)),
    );
  }

  private async restrictToViewer(ctx: Context, viewer: Viewer, query: SelectQueryBuilder<Demand>, regionId?: string): Promise<void> {
    const { role, id } = viewer.account;
    if (regionId) {
      const region = await ctx.services.region.byArgument(ctx, regionId);
      if (role === Role.DISPATCHER || role === Role.GRID_WORKER) assertCovers(viewer, region.path, 'the region');
      query.andWhere('g.path LIKE :regionPrefix', { regionPrefix: `${region.path}%` });
    }
    switch (role) {
      case Role.PLATFORM_ADMIN:
        return;
      case Role.DISPATCHER:
      case Role.GRID_WORKER:
        query.andWhere('g.path LIKE :scopePrefix', { scopePrefix: `${viewer.scopePath}%` });
        return;
      case Role.RESIDENT:
        // A resident's own demands always carry them as requester, also when filed on their behalf.
        query.andWhere('d.requesterId = :me', { me: id });
        return;
      case Role.PARTNER:
        // What the organisation filed, through any of its accounts or keys.
        if (viewer.account.organisationId !== null) query.andWhere('d.organisationId = :org', { org: viewer.account.organisationId });
        else query.andWhere('d.createdById = :me', { me: id });
        return;
      case Role.VOLUNTEER:
        query.andWhere(
          new Brackets((w) =>
            w
              .where('d.responderId = :me', { me: id })
              .orWhere('d.dispatchOpen = :yes', { yes: true })
              .orWhere('d.id IN (SELECT o.demandId FROM demand_offer o WHERE o.accountId = :me)', { me: id })
              .orWhere('d.id IN (SELECT c.demandId FROM emergency_callout c INNER JOIN emergency_callout_member m ON m.calloutId = c.id WHERE m.accountId = :me)', { me: id }),
          ),
        );
        return;
      default:
        throw forbidden();
    }
  }

  private async resolveRequester(tx: EntityManager, viewer: Viewer, input: DemandCreateInput): Promise<number | null> {
    if (viewer.account.role === Role.RESIDENT) {
      if (input.requesterId) fail(ErrorCode.INVALID, ['input', 'requesterId'], 'a resident places demands for themself');
      return viewer.account.id;
    }
    if (!input.requesterId) {
      if (!input.contactName && viewer.account.role !== Role.PARTNER) {
        fail(ErrorCode.INVALID, ['input', 'contactName'], 'name the resident this demand is for (contactName or requesterId)');
      }
      return null;
    }
    const decoded = fromGlobalId(input.requesterId, ['Account']);
    if (!decoded) fail(ErrorCode.INVALID, ['input', 'requesterId'], 'not an account id');
    const requester = await tx.findOneBy(Account, { id: decoded.id });
    if (!requester || requester.role !== Role.RESIDENT) fail(ErrorCode.NOT_FOUND, ['input', 'requesterId'], 'no such resident');
    return requester.id;
  }
}

async function requireGrid(tx: EntityManager, globalId: string): Promise<Region> {
  const decoded = fromGlobalId(globalId, ALL_REGION_TYPES);
  if (!decoded) fail(ErrorCode.INVALID, ['input', 'gridId'], 'not a region id');
  const region = await tx.findOneBy(Region, { id: decoded.id });
  if (!region) fail(ErrorCode.NOT_FOUND, ['input', 'gridId'], 'no such grid');
  if (region.level !== RegionLevel.GRID) fail(ErrorCode.INVALID, ['input', 'gridId'], `a demand belongs to a grid, not a ${region.level}`);
  return region;
}

/** Only http(s) URLs of reasonable length; the path names the offending entry. */
export function checkPhotoUrls(urls: string[] | undefined, field: string[]): void {
  (urls ?? []).forEach((raw, i) => {
    let ok = false;
    try {
      const url = new URL(raw);
      ok = (url.protocol === 'http:' || url.protocol === 'https:') && raw.length <= 500 && Boolean(url.hostname);
    } catch {
      ok = false;
    }
    if (!ok) fail(ErrorCode.INVALID, [...field, String(i)], 'photo URLs must be http or https URLs of at most 500 characters');
  });
}

function applyFilters(query: SelectQueryBuilder<Demand>, args: DemandsArgs): void {
  if (args.status?.length) query.andWhere('d.status IN (:...statuses)', { statuses: args.status });
  if (args.urgency?.length) query.andWhere('d.urgency IN (:...urgencies)', { urgencies: args.urgency });
  if (args.channel?.length) query.andWhere('d.channel IN (:...channels)', { channels: args.channel });
  if (args.categoryId) {
    const decoded = fromGlobalId(args.categoryId, ['ServiceCategory']);
    if (!decoded) throw badInput('categoryId: not a service category id');
    query.andWhere('d.categoryId = :categoryId', { categoryId: decoded.id });
  }
  if (args.overdue != null) {
    const overdue = 'd.dueAt < :now AND d.status IN (:...open)';
    query.andWhere(args.overdue ? overdue : `NOT (${overdue})`, { now: new Date(), open: OPEN_STATUSES });
  }
  if (args.createdFrom) query.andWhere('d.createdAt >= :createdFrom', { createdFrom: args.createdFrom });
  if (args.createdTo) query.andWhere('d.createdAt < :createdTo', { createdTo: args.createdTo });
}

function demandNumber(id: number, at: Date): string {
  const day = at.toISOString().slice(0, 10).replace(/-/g, '');
  return `D${day}-${String(id).padStart(6, '0')}`;
}
