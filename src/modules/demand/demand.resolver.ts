import { GraphQLError } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { PageArgs, toGlobalId } from '../../core/relay';
import { viewerOf } from '../../server/auth';
import type { Context } from '../../server/context';
import { Account } from '../account/account.entity';
import { Role } from '../account/role';
import { ServiceCategory } from '../category/category.entity';
import type { Region } from '../region/region.entity';
import { GridType } from '../region/region.types';
import { DemandEvent } from './demand-event.entity';
import type { Delivery } from './demand-feed';
import { Demand } from './demand.entity';
import { DemandCloseInput, DemandCreateInput, DemandDispatchInput, DemandTransitionInput, DemandsArgs } from './demand.inputs';
import { DemandPayload } from './demand.payloads';
import { DemandConnection, DemandEventConnection } from './demand.types';
import { maskName, maskPhone, maySeeContact } from './demand.access';
import { OPEN_STATUSES, TRANSITIONS } from './demand.state-machine';
import { HandlingLevel } from './demand.enums';

const payload = (demand: Demand): DemandPayload => ({ demand, userErrors: [] });
const STAFF = [Role.PLATFORM_ADMIN, Role.DISPATCHER];
const EVERYONE_WITH_DEMANDS = [Role.PLATFORM_ADMIN, Role.DISPATCHER, Role.GRID_WORKER, Role.RESIDENT, Role.PARTNER];

@Resolver(() => Demand)
export class DemandResolver {
  @Authorized()
  @Query(() => DemandConnection, { description: 'Demands the caller may see, newest first: a scope\'s subtree for staff, their own for residents and partners, their offers and assignments for volunteers.' })
  demands(@Args() args: DemandsArgs, @Ctx() ctx: Context) {
    return ctx.services.demand.list(ctx, viewerOf(ctx), args);
  }

  @Authorized(...EVERYONE_WITH_DEMANDS)
  @Mutation(() => DemandPayload, { description: 'Place a demand (点单). With an idempotencyKey, a retry returns the same demand.' })
  async demandCreate(@Arg('input', { description: 'The demand.' }) input: DemandCreateInput, @Ctx() ctx: Context) {
    return payload(await ctx.services.demand.create(ctx, viewerOf(ctx), input));
  }

  @Authorized(...STAFF)
  @Mutation(() => DemandPayload, { description: 'Take and review a submitted demand (接单): dispatchers of its handling level.' })
  async demandAccept(@Arg('input', { description: 'The demand and an optional note.' }) input: DemandTransitionInput, @Ctx() ctx: Context) {
    return payload(await ctx.services.workflow.accept(ctx, viewerOf(ctx), input));
  }

  @Authorized(...STAFF)
  @Mutation(() => DemandPayload, { description: 'Refuse a demand; `note` is the reason, required and shown to the requester.' })
  async demandReject(@Arg('input', { description: 'The demand and the reason.' }) input: DemandTransitionInput, @Ctx() ctx: Context) {
    return payload(await ctx.services.workflow.reject(ctx, viewerOf(ctx), input));
  }

  @Authorized(...STAFF)
  @Mutation(() => DemandPayload, { description: 'Dispatch an accepted demand (派单) to volunteers, a team, or open recruitment.' })
  async demandDispatch(@Arg('input', { description: 'The demand and its targets.' }) input: DemandDispatchInput, @Ctx() ctx: Context) {
    return payload(await ctx.services.workflow.dispatch(ctx, viewerOf(ctx), input));
  }

  @Authorized(Role.VOLUNTEER)
  @Mutation(() => DemandPayload, { description: 'A volunteer it was dispatched to takes it; of racing volunteers exactly one wins.' })
  async demandClaim(@Arg('input', { description: 'The demand.' }) input: DemandTransitionInput, @Ctx() ctx: Context) {
    return payload(await ctx.services.workflow.claim(ctx, viewerOf(ctx), input));
  }

  @Authorized(Role.VOLUNTEER)
  @Mutation(() => DemandPayload, { description: 'The assigned responder starts serving.' })
  async demandStart(@Arg('input', { description: 'The demand.' }) input: DemandTransitionInput, @Ctx() ctx: Context) {
    return payload(await ctx.services.workflow.start(ctx, viewerOf(ctx), input));
  }

  @Authorized(Role.VOLUNTEER)
  @Mutation(() => DemandPayload, { description: 'The responder finishes, with a note and photos.' })
  async demandComplete(@Arg('input', { description: 'The demand, a note and photo URLs.' }) input: DemandTransitionInput, @Ctx() ctx: Context) {
    return payload(await ctx.services.workflow.complete(ctx, viewerOf(ctx), input));
  }

  @Authorized(...EVERYONE_WITH_DEMANDS)
  @Mutation(() => DemandPayload, { description: 'The requester closes a completed demand with a 1-5 rating and feedback.' })
  async demandClose(@Arg('input', { description: 'The demand, rating and feedback.' }) input: DemandCloseInput, @Ctx() ctx: Context) {
    return payload(await ctx.services.workflow.close(ctx, viewerOf(ctx), input));
  }

  @Authorized(...EVERYONE_WITH_DEMANDS)
  @Mutation(() => DemandPayload, { description: '"Not fixed": the requester sends a completed or closed demand back, within the reopen window; `note` says why.' })
  async demandReopen(@Arg('input', { description: 'The demand and what is not fixed.' }) input: DemandTransitionInput, @Ctx() ctx: Context) {
    return payload(await ctx.services.workflow.reopen(ctx, viewerOf(ctx), input));
  }

  @Authorized(...EVERYONE_WITH_DEMANDS)
  @Mutation(() => DemandPayload, { description: 'The requester withdraws a demand before service starts.' })
  async demandCancel(@Arg('input', { description: 'The demand and an optional note.' }) input: DemandTransitionInput, @Ctx() ctx: Context) {
    return payload(await ctx.services.workflow.cancel(ctx, viewerOf(ctx), input));
  }

  @Authorized(...STAFF)
  @Mutation(() => DemandPayload, { description: 'Move a demand up a handling level (community → street → district); `note` is the reason.' })
  async demandEscalate(@Arg('input', { description: 'The demand and the reason.' }) input: DemandTransitionInput, @Ctx() ctx: Context) {
    return payload(await ctx.services.workflow.escalate(ctx, viewerOf(ctx), input));
  }

  @Subscription(() => DemandEvent, {
    description: 'Every event of every demand whose grid lies in `regionId`\'s subtree (inside your scope). With `after`, first replays the events after that cursor, then goes live: no gap, no duplicate.',
    subscribe: ({ args, context }) => context.services.demandEvents.subscribeRegion(context, args.regionId, args.after ?? null),
  })
  demandEvents(
    @Root() delivery: Delivery,
    @Arg('regionId', () => ID, { description: 'The region to watch; it must be inside your scope.' }) _regionId: string,
    @Arg('after', () => String, { nullable: true, description: 'Resume after this event cursor.' }) _after: string | null,
    @Ctx() ctx: Context,
  ): DemandEvent {
    ctx.services.demandEvents.recheck(ctx);
    return delivery.event;
  }

  @FieldResolver(() => ID, { description: 'Globally unique id.' })
  id(@Root() demand: Demand): string {
    return toGlobalId('Demand', demand.id);
  }

  @FieldResolver(() => ServiceCategory, { description: 'The service category.' })
  async category(@Root() demand: Demand, @Ctx() ctx: Context) {
    return ctx.loaders.category.byId.load(demand.categoryId);
  }

  @FieldResolver(() => GridType, { description: 'The grid where the service is needed.' })
  grid(@Root() demand: Demand, @Ctx() ctx: Context) {
    return ctx.loaders.region.byId.load(demand.gridId);
  }

  @FieldResolver(() => Boolean, { description: 'Open and past `dueAt`.' })
  overdue(@Root() demand: Demand): boolean {
    return OPEN_STATUSES.includes(demand.status) && demand.dueAt.getTime() < Date.now();
  }

  @FieldResolver(() => String, { nullable: true, description: 'Who it is for; masked (张**) except for the requester, the filer, the responder and the handling dispatchers.' })
  async contactName(@Root() demand: Demand, @Ctx() ctx: Context) {
    if (!demand.contactName) return null;
    return (await this.mayUnmask(demand, ctx)) ? demand.contactName : maskName(demand.contactName);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Their telephone; masked (138****5678) like contactName.' })
  async contactPhone(@Root() demand: Demand, @Ctx() ctx: Context) {
    if (!demand.contactPhone) return null;
    return (await this.mayUnmask(demand, ctx)) ? demand.contactPhone : maskPhone(demand.contactPhone);
  }

  @FieldResolver(() => Account, { nullable: true, description: 'The resident account it is for, when there is one; visible to those who see the contact.' })
  async requester(@Root() demand: Demand, @Ctx() ctx: Context) {
    if (demand.requesterId === null || !(await this.mayUnmask(demand, ctx))) return null;
    return ctx.loaders.account.byId.load(demand.requesterId);
  }

  @FieldResolver(() => Account, { nullable: true, description: 'The volunteer serving it, once claimed.' })
  responder(@Root() demand: Demand, @Ctx() ctx: Context) {
    return demand.responderId === null ? null : ctx.loaders.account.byId.load(demand.responderId);
  }

  @FieldResolver(() => [Account], { description: 'The accounts it was offered to (by name, through a team, or by auto-dispatch), in the order offered; see `offers` for each offer\'s fate.' })
  async dispatchedTo(@Root() demand: Demand, @Ctx() ctx: Context) {
    const ids = [...new Set((await ctx.loaders.demand.offers.load(demand.id)).map((o) => o.accountId))];
    return (await ctx.loaders.account.byId.loadMany(ids)).filter((a): a is Account => a instanceof Account);
  }

  @FieldResolver(() => Date, { nullable: true, description: 'While unassigned below the district: when it escalates by itself to the next level (the category\'s handling deadline).' })
  escalatesAt(@Root() demand: Demand): Date | null {
    return TRANSITIONS.escalate.from.includes(demand.status) && demand.handlingLevel !== HandlingLevel.DISTRICT ? demand.escalateAt : null;
  }

  @FieldResolver(() => DemandEventConnection, { description: 'Its history, oldest first.' })
  events(@Root() demand: Demand, @Args() page: PageArgs, @Ctx() ctx: Context) {
    return ctx.services.demand.events(ctx, demand, page);
  }

  private async mayUnmask(demand: Demand, ctx: Context): Promise<boolean> {
    const grid = await ctx.loaders.region.byId.load(demand.gridId);
    return ctx.viewer !== null && grid !== null && maySeeContact(ctx.viewer, demand, grid.path);
  }
}

@Resolver(() => GridType)
export class GridDemandsResolver {
  @Authorized()
  @FieldResolver(() => DemandConnection, { description: 'Demands still open in this grid, oldest first: its work queue. For admins, dispatchers and grid workers whose jurisdiction covers the grid.' })
  openDemands(@Root() grid: Region, @Args() args: PageArgs, @Ctx() ctx: Context) {
    return ctx.services.demand.openInGrid(ctx, viewerOf(ctx), grid, args);
  }
}

@Resolver(() => DemandEvent)
export class DemandEventResolver {
  @FieldResolver(() => ID, { description: 'Globally unique id.' })
  id(@Root() event: DemandEvent): string {
    return toGlobalId('DemandEvent', event.id);
  }

  @FieldResolver(() => String, { description: 'Opaque and strictly increasing; pass it as `after` to resume the feed or page the history.' })
  cursor(@Root() event: DemandEvent, @Ctx() ctx: Context): string {
    return ctx.services.demandEvents.cursorOf(event);
  }

  @FieldResolver(() => Demand, { description: 'The demand, as it is now.' })
  async demand(@Root() event: DemandEvent, @Ctx() ctx: Context) {
    const demand = await ctx.loaders.demand.byId.load(event.demandId);
    if (!demand) throw new GraphQLError('demand missing');
    return demand;
  }

  @FieldResolver(() => Account, { nullable: true, description: 'Who took the step; null for automatic steps (overdue, auto-close).' })
  actor(@Root() event: DemandEvent, @Ctx() ctx: Context) {
    return event.actorId === null ? null : ctx.loaders.account.byId.load(event.actorId);
  }
}
