import { In, type EntityManager } from 'typeorm';
import { UserInputError, type UserError } from '../../core/errors';
import { toGlobalId } from '../../core/relay';
import { ruleViolations } from '../../core/validation';
import { txOf, type Context, type Viewer } from '../../server/context';
import { runMutation } from '../../server/mutation-boundary';
import { ServiceCategory, ServiceLevel } from '../category/category.entity';
import { DemandEvent } from '../demand/demand-event.entity';
import { Demand } from '../demand/demand.entity';
import { Urgency } from '../demand/demand.enums';
import { DemandCreateInput } from '../demand/demand.inputs';
import { NO_RELATION, mayRead } from '../demand/demand.access';
import { checkPhotoUrls, type DemandService } from '../demand/demand.service';
import { Region, RegionLevel, pathIds } from '../region/region.entity';
import { URGENCY_ATTRIBUTE, definitionOf, serviceNotice, serviceOf } from './open311.catalog';
import { fromUserErrors, notFound } from './open311.errors';
import type { Fields } from './open311.format';
import { resolveGrid } from './open311.location';
import { Problems, attributes, decimal, list, single, w3DateTime, type Params } from './open311.params';
import { NOTED_EVENTS, requestOf, statusesOf, type Open311Status } from './open311.requests';

/** The spec's default window, and the most requests one answer holds (the spec's "first 1000"). */
export const WINDOW_DAYS = 90;
export const MAX_REQUESTS = 1000;
const DAY_MS = 86_400_000;

/**
 * GeoReport v2 over the existing rules: services are the active service categories, requests are
 * demands (`service_request_id` is the demand's number), and a new request is placed by
 * DemandService.create inside the same mutation boundary as `demandCreate`.
 */
export class Open311Service {
  constructor(private readonly demands: DemandService) {}

  /** GET services: every active category. `jurisdiction_id` is optional (categories are city-wide) but must exist when given. */
  async services(ctx: Context, params: Params): Promise<Fields[]> {
    const problems = new Problems();
    await jurisdiction(ctx.db.manager, params, problems, false);
    throwIf(problems);
    const { categories, levels } = await catalog(ctx.db.manager);
    return categories.filter((c) => c.active).map((c) => serviceOf(c, levels.filter((l) => l.categoryId === c.id)));
  }

  async definition(ctx: Context, code: string, params: Params): Promise<Fields> {
    const problems = new Problems();
    await jurisdiction(ctx.db.manager, params, problems, false);
    throwIf(problems);
    const { categories, levels } = await catalog(ctx.db.manager);
    const category = categories.find((c) => c.code === code && c.active);
    if (!category) throw notFound(`service_code: no service "${code}"`);
    return definitionOf(category, levels.filter((l) => l.categoryId === category.id));
  }

  /** GET requests: the district's demands, newest first, filtered as the spec describes. */
  async requests(ctx: Context, params: Params): Promise<Fields[]> {
    const problems = new Problems();
    const district = await jurisdiction(ctx.db.manager, params, problems, true);
    const numbers = list(params, 'service_request_id');
    if (numbers.length > MAX_REQUESTS) problems.invalid(['service_request_id'], `at most ${MAX_REQUESTS} ids at once`);
    const statuses = list(params, 'status');
    for (const status of statuses) if (status !== 'open' && status !== 'closed') problems.invalid(['status'], `"${status}" is not a status: open or closed`);
    const { categories, levels } = await catalog(ctx.db.manager);
    const codes = list(params, 'service_code');
    const wanted = categories.filter((c) => codes.includes(c.code));
    const unknown = codes.filter((code) => !wanted.some((c) => c.code === code));
    if (unknown.length) problems.notFound(['service_code'], `no service ${unknown.map((c) => `"${c}"`).join(', ')}`);
    const window = dateWindow(params, problems);
    throwIf(problems);

    const query = ctx.db
      .getRepository(Demand)
      .createQueryBuilder('d')
      .innerJoin(Region, 'g', 'g.id = d.gridId')
      .where('g.path LIKE :prefix', { prefix: `${district!.path}%` });
    if (numbers.length) {
      query.andWhere('d.number IN (:...numbers)', { numbers }); // "This overrides all other arguments."
    } else {
      query.andWhere('d.createdAt >= :start AND d.createdAt <= :end', window);
      if (wanted.length) query.andWhere('d.categoryId IN (:...categoryIds)', { categoryIds: wanted.map((c) => c.id) });
      if (statuses.length === 1) query.andWhere('d.status IN (:...states)', { states: statusesOf(statuses[0] as Open311Status) });
    }
    const demands = await query.orderBy('d.createdAt', 'DESC').addOrderBy('d.id', 'DESC').limit(MAX_REQUESTS).getMany();
    return this.render(ctx, demands, categories, levels);
  }

  /** GET requests/{id}: one demand of the district, by its number. */
  async request(ctx: Context, number: string, params: Params): Promise<Fields[]> {
    const problems = new Problems();
    const district = await jurisdiction(ctx.db.manager, params, problems, true);
    throwIf(problems);
    const demand = await ctx.db
      .getRepository(Demand)
      .createQueryBuilder('d')
      .innerJoin(Region, 'g', 'g.id = d.gridId')
      .where('d.number = :number AND g.path LIKE :prefix', { number, prefix: `${district!.path}%` })
      .getOne();
    if (!demand) throw notFound(`service_request_id: no request "${number}" in ${district!.name}`);
    const { categories, levels } = await catalog(ctx.db.manager);
    return this.render(ctx, [demand], categories, levels);
  }

  /**
   * POST requests: places a demand as the partner the api_key belongs to, through DemandService.create
   * in the mutation boundary's transaction, so it is numbered, gets its deadlines and CREATED event,
   * is audited as `demandCreate` and reaches the live feeds. Every bad parameter is reported at once;
   * a refused request writes no demand.
   */
  async create(ctx: Context, viewer: Viewer, params: Params): Promise<Fields[]> {
    const input = new DemandCreateInput();
    const payload = (await runMutation(ctx, 'demandCreate', { input }, async () => {
      const problems = new Problems();
      await this.fillInput(txOf(ctx), input, params, problems);
      if (problems.list.length) throw new UserInputError(problems.list);
      return { demand: await this.demands.create(ctx, viewer, input), userErrors: [] };
    })) as { demand?: Demand; userErrors: UserError[] };
    if (payload.userErrors.length || !payload.demand) throw fromUserErrors(payload.userErrors);
    const demand = payload.demand;
    const category = await ctx.db.manager.findOneByOrFail(ServiceCategory, { id: demand.categoryId });
    const level = await ctx.db.manager.findOneBy(ServiceLevel, { categoryId: demand.categoryId, urgency: demand.urgency });
    // account_id: the spec's id of the submitter's account; reports come in as the partner, not as a person of ours.
    return [{ service_request_id: demand.number, service_notice: serviceNotice(category, level ?? undefined), account_id: null }];
  }

  /** The form as a demand's input; each problem noted against the parameter it came from. */
  private async fillInput(tx: EntityManager, input: DemandCreateInput, params: Params, problems: Problems): Promise<void> {
    const district = await jurisdiction(tx, params, problems, true);
    const category = await requireService(tx, params, problems);
    const latitude = decimal(params, 'lat', -90, 90, problems);
    const longitude = decimal(params, 'long', -180, 180, problems);
    if ((latitude === undefined) !== (longitude === undefined) && !problems.has(['lat']) && !problems.has(['long'])) {
      problems.invalid([latitude === undefined ? 'lat' : 'long'], 'lat and long are sent together');
    }
    const addressString = single(params, 'address_string', problems);
    const addressId = single(params, 'address_id', problems);
    const description = single(params, 'description', problems);
    const mediaUrl = single(params, 'media_url', problems);
    const urgency = urgencyOf(attributes(params, problems), problems);
    const grid = district ? await resolveGrid(tx, district, { latitude, longitude, addressString, addressId }, problems) : null;
    Object.assign(input, {
      gridId: grid ? toGlobalId('Grid', grid.id) : undefined,
      categoryId: category ? toGlobalId('ServiceCategory', category.id) : undefined,
      title: titleOf(description, category),
      description,
      urgency,
      contactName: nameOf(single(params, 'first_name', problems), single(params, 'last_name', problems)),
      contactPhone: single(params, 'phone', problems),
      address: addressString,
      latitude: latitude !== undefined && longitude !== undefined ? latitude : undefined,
      longitude: latitude !== undefined && longitude !== undefined ? longitude : undefined,
      photoUrls: mediaUrl ? [mediaUrl] : undefined,
    });
    for (const key of Object.keys(input) as (keyof DemandCreateInput)[]) if (input[key] === undefined) delete input[key];
    // The same field rules as demandCreate (lengths, phone); and the photo rule, so that it is reported with the rest.
    for (const v of ruleViolations(input)) problems.invalid(['input', ...v.path], v.message);
    try {
      checkPhotoUrls(input.photoUrls, ['input', 'photoUrls']);
    } catch (err) {
      if (!(err instanceof UserInputError)) throw err;
      for (const e of err.errors) problems.invalid(e.field!, e.message);
    }
    // email, device_id and account_id are accepted and not kept: a demand has no place for them, and
    // what is not needed to serve the resident is not stored.
  }

  private async render(ctx: Context, demands: Demand[], categories: ServiceCategory[], levels: ServiceLevel[]): Promise<Fields[]> {
    if (!demands.length) return [];
    const manager = ctx.db.manager;
    const grids = await manager.findBy(Region, { id: In([...new Set(demands.map((d) => d.gridId))]) });
    const ancestorIds = [...new Set(grids.flatMap((g) => pathIds(g.path)))];
    const regions = new Map((await manager.findBy(Region, { id: In(ancestorIds) })).map((r) => [r.id, r]));
    const gridById = new Map(grids.map((g) => [g.id, g]));
    const events = await latestNotedEvents(manager, demands.map((d) => d.id));
    const categoryById = new Map(categories.map((c) => [c.id, c]));
    return demands.map((demand) => {
      const grid = gridById.get(demand.gridId)!;
      return requestOf({
        demand,
        category: categoryById.get(demand.categoryId)!,
        level: levels.find((l) => l.categoryId === demand.categoryId && l.urgency === demand.urgency),
        regions: pathIds(grid.path).map((id) => regions.get(id)).filter((r): r is Region => r !== undefined),
        event: events.get(demand.id) ?? null,
        full: ctx.viewer !== null && mayRead(ctx.viewer, demand, grid.path, NO_RELATION),
      });
    });
  }
}

/** The district `jurisdiction_id` names: required for requests (this endpoint serves every district), optional for services. */
async function jurisdiction(manager: EntityManager, params: Params, problems: Problems, required: boolean): Promise<Region | null> {
  const code = single(params, 'jurisdiction_id', problems);
  if (code === undefined) {
    if (required && !problems.has(['jurisdiction_id'])) problems.invalid(['jurisdiction_id'], 'was not provided: the code of a district');
    return null;
  }
  const district = await manager.findOneBy(Region, { code, level: RegionLevel.DISTRICT });
  if (!district) problems.notFound(['jurisdiction_id'], `no district has the code "${code}"`);
  return district;
}

async function requireService(manager: EntityManager, params: Params, problems: Problems): Promise<ServiceCategory | null> {
  const code = single(params, 'service_code', problems);
  if (code === undefined) {
    if (!problems.has(['service_code'])) problems.invalid(['service_code'], 'was not provided');
    return null;
  }
  const category = await manager.findOneBy(ServiceCategory, { code });
  if (!category || !category.active) problems.notFound(['service_code'], `no service "${code}"`);
  return category?.active ? category : null;
}

async function catalog(manager: EntityManager): Promise<{ categories: ServiceCategory[]; levels: ServiceLevel[] }> {
  const categories = await manager.find(ServiceCategory, { order: { code: 'ASC' } });
  return { categories, levels: await manager.find(ServiceLevel) };
}

/** The only attribute is URGENCY (see open311.catalog.ts); anything else is refused rather than dropped unseen. */
function urgencyOf(given: Map<string, string[]>, problems: Problems): Urgency | undefined {
  let urgency: Urgency | undefined;
  for (const [code, values] of given) {
    if (code !== URGENCY_ATTRIBUTE) {
      problems.invalid(['attribute', code], `no such attribute; the services have one: ${URGENCY_ATTRIBUTE}`);
    } else if (values.length !== 1 || !(values[0] in Urgency)) {
      problems.invalid(['attribute', code], `one of ${Object.values(Urgency).join(', ')}`);
    } else {
      urgency = values[0] as Urgency;
    }
  }
  return urgency;
}

/**
 * [from, to] of `requested_datetime`: the spec's most recent 90 days by default; one bound given,
 * the 90 days from or up to it; both, at most 90 days apart.
 */
function dateWindow(params: Params, problems: Problems): { start: Date; end: Date } {
  const from = w3DateTime(params, 'start_date', problems);
  const to = w3DateTime(params, 'end_date', problems);
  const span = WINDOW_DAYS * DAY_MS;
  const end = to ?? (from ? new Date(from.getTime() + span) : new Date());
  const start = from ?? new Date(end.getTime() - span);
  if (end < start) problems.invalid(['end_date'], 'is before start_date');
  else if (end.getTime() - start.getTime() > span) problems.invalid(['end_date'], `the range may not span more than ${WINDOW_DAYS} days`);
  return { start, end };
}

/** Open311 has no title: the first line of the description, else the service's name. */
function titleOf(description: string | undefined, category: ServiceCategory | null): string {
  const firstLine = description?.split(/\r?\n/).map((l) => l.trim()).find(Boolean);
  if (!firstLine) return category?.name ?? 'Open311';
  const chars = [...firstLine];
  return chars.length <= 200 ? firstLine : `${chars.slice(0, 199).join('')}…`;
}

const CJK = /\p{Script=Han}/u;

/** Chinese names are family name first without a space (王 + 小明 = 王小明); others given name first. */
function nameOf(first: string | undefined, last: string | undefined): string | undefined {
  if (!first || !last) return first ?? last;
  return CJK.test(first) && CJK.test(last) ? `${last}${first}` : `${first} ${last}`;
}

async function latestNotedEvents(manager: EntityManager, demandIds: number[]): Promise<Map<number, DemandEvent>> {
  const latest: { id: number | string }[] = await manager
    .createQueryBuilder(DemandEvent, 'e')
    .select('MAX(e.id)', 'id')
    .where('e.demandId IN (:...demandIds) AND e.type IN (:...types)', { demandIds, types: NOTED_EVENTS })
    .groupBy('e.demandId')
    .getRawMany();
  const events = latest.length ? await manager.findBy(DemandEvent, { id: In(latest.map((r) => Number(r.id))) }) : [];
  return new Map(events.map((e) => [e.demandId, e]));
}

function throwIf(problems: Problems): void {
  if (problems.list.length) throw fromUserErrors(problems.list);
}

