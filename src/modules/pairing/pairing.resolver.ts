import { LocalDateResolver } from 'graphql-scalars';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { PageArgs, parsePage, toConnection, toGlobalId } from '../../core/relay';
import { viewerOf } from '../../server/auth';
import type { Context } from '../../server/context';
import { Role } from '../account/role';
import { maskName, maskPhone } from '../demand/demand.access';
import { GridType } from '../region/region.types';
import { Team } from '../team/team.entity';
import { VolunteerAccess } from '../volunteer/volunteer.access';
import { Volunteer } from '../volunteer/volunteer.entity';
import { Pairing, PairingVisit } from './pairing.entity';
import { PairingCreateInput, PairingEndInput, PairingVisitRecordInput, PairingsArgs } from './pairing.inputs';
import { PairingPayload, PairingVisitPayload } from './pairing.payloads';
import { PairingConnection, PairingVisitConnection } from './pairing.types';

const STAFF = [Role.PLATFORM_ADMIN, Role.DISPATCHER, Role.GRID_WORKER];

@Resolver(() => Pairing)
export class PairingResolver {
  @Authorized(...STAFF)
  @Query(() => PairingConnection, { description: 'Pairings (one helps one) of households in your scope, newest first.' })
  pairings(@Args() args: PairingsArgs, @Ctx() ctx: Context) {
    return ctx.services.pairing.list(ctx, viewerOf(ctx), args);
  }

  @Authorized(...STAFF)
  @Mutation(() => PairingPayload, { description: 'Pair a volunteer or a team with a household of a grid in your scope (结对帮扶).' })
  async pairingCreate(@Arg('input', { description: 'Who helps whom.' }) input: PairingCreateInput, @Ctx() ctx: Context): Promise<PairingPayload> {
    return { pairing: await ctx.services.pairing.create(ctx, viewerOf(ctx), input), userErrors: [] };
  }

  @Authorized(...STAFF)
  @Mutation(() => PairingPayload, { description: 'End a pairing, with the reason; its visits stay.' })
  async pairingEnd(@Arg('input', { description: 'The pairing and why it ends.' }) input: PairingEndInput, @Ctx() ctx: Context): Promise<PairingPayload> {
    return { pairing: await ctx.services.pairing.end(ctx, viewerOf(ctx), input), userErrors: [] };
  }

  @Authorized(Role.VOLUNTEER, ...STAFF)
  @Mutation(() => PairingVisitPayload, { description: 'Record a visit: the paired volunteer or a member of the paired team, or the grid\'s staff for them. Visits become service records.' })
  async pairingVisitRecord(@Arg('input', { description: 'The visit.' }) input: PairingVisitRecordInput, @Ctx() ctx: Context): Promise<PairingVisitPayload> {
    return { visit: await ctx.services.pairing.recordVisit(ctx, viewerOf(ctx), input), userErrors: [] };
  }

  @FieldResolver(() => ID, { description: 'Globally unique id.' })
  id(@Root() pairing: Pairing): string {
    return toGlobalId('Pairing', pairing.id);
  }

  @FieldResolver(() => Volunteer, { nullable: true, description: 'The volunteer who helps (null for a team, or when you may not see them).' })
  async volunteer(@Root() pairing: Pairing, @Ctx() ctx: Context) {
    return pairing.volunteerId === null ? null : ctx.services.volunteer.visible(ctx, await ctx.loaders.volunteer.byId.load(pairing.volunteerId));
  }

  @FieldResolver(() => Team, { nullable: true, description: 'The team that helps.' })
  team(@Root() pairing: Pairing, @Ctx() ctx: Context) {
    return pairing.teamId === null ? null : ctx.loaders.team.byId.load(pairing.teamId);
  }

  @FieldResolver(() => GridType, { description: 'The household\'s grid.' })
  grid(@Root() pairing: Pairing, @Ctx() ctx: Context) {
    return ctx.loaders.region.byId.load(pairing.gridId);
  }

  @FieldResolver(() => String, { description: 'Who is helped; masked (李**) except for the grid\'s staff and the helpers.' })
  async householdName(@Root() pairing: Pairing, @Ctx() ctx: Context) {
    return (await ctx.services.pairing.access(ctx, pairing)).contact ? pairing.householdName : maskName(pairing.householdName);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Their telephone; masked except for the grid\'s staff and the helpers.' })
  async householdPhone(@Root() pairing: Pairing, @Ctx() ctx: Context) {
    if (!pairing.householdPhone) return null;
    return (await ctx.services.pairing.access(ctx, pairing)).contact ? pairing.householdPhone : maskPhone(pairing.householdPhone);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Their address; only for the grid\'s staff and the helpers.' })
  async householdAddress(@Root() pairing: Pairing, @Ctx() ctx: Context) {
    return (await ctx.services.pairing.access(ctx, pairing)).contact ? pairing.householdAddress : null;
  }

  @FieldResolver(() => LocalDateResolver, { description: 'When it began.' })
  startedOn(@Root() pairing: Pairing) {
    return pairing.startedOn;
  }

  @FieldResolver(() => LocalDateResolver, { nullable: true, description: 'When it ended; null while ongoing.' })
  endedOn(@Root() pairing: Pairing) {
    return pairing.endedOn;
  }

  @FieldResolver(() => Boolean, { description: 'Ongoing.' })
  active(@Root() pairing: Pairing): boolean {
    return pairing.endedOn === null;
  }

  @FieldResolver(() => PairingVisitConnection, { description: 'Visits, oldest first.' })
  visits(@Root() pairing: Pairing, @Args() args: PageArgs, @Ctx() ctx: Context) {
    return ctx.services.pairing.visits(ctx, pairing, args);
  }

  @FieldResolver(() => Date, { nullable: true, description: 'When the latest visit began.' })
  lastVisitAt(@Root() pairing: Pairing, @Ctx() ctx: Context) {
    return ctx.loaders.pairing.lastVisit.load(pairing.id);
  }
}

@Resolver(() => PairingVisit)
export class PairingVisitResolver {
  @FieldResolver(() => ID, { description: 'Globally unique id.' })
  id(@Root() visit: PairingVisit): string {
    return toGlobalId('PairingVisit', visit.id);
  }

  @FieldResolver(() => Volunteer, { nullable: true, description: 'Who visited; null when you may not see them.' })
  async volunteer(@Root() visit: PairingVisit, @Ctx() ctx: Context) {
    return ctx.services.volunteer.visible(ctx, await ctx.loaders.volunteer.byId.load(visit.volunteerId));
  }
}

@Resolver(() => Volunteer)
export class VolunteerPairingsResolver {
  @FieldResolver(() => PairingConnection, { description: 'Households they help, alone or with their teams, newest first; for the person and their community.' })
  async pairings(@Root() v: Volunteer, @Args() args: PageArgs, @Ctx() ctx: Context) {
    if ((await ctx.services.volunteer.access(ctx, v)) < VolunteerAccess.FULL) return toConnection([], parsePage(args), () => 0, async () => 0);
    return ctx.services.pairing.ofVolunteer(ctx, v, args);
  }
}
