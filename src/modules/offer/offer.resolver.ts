import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { forbidden } from '../../core/errors';
import { toGlobalId } from '../../core/relay';
import { viewerOf } from '../../server/auth';
import type { Context } from '../../server/context';
import { Role } from '../account/role';
import { topics } from '../demand/demand-event.log';
import type { Delivery } from '../demand/demand-feed';
import { Demand } from '../demand/demand.entity';
import { Team } from '../team/team.entity';
import { Volunteer } from '../volunteer/volunteer.entity';
import { DemandOffer } from './offer.entity';
import { CandidateKind, OfferStatus } from './offer.enums';
import { MyOffersArgs, OfferAcceptInput, OfferCreateInput, OfferDeclineInput } from './offer.inputs';
import { DemandOfferPayload, OfferCreatePayload } from './offer.payloads';
import { DemandCandidate, DemandOfferConnection, DemandOfferUpdate } from './offer.types';

const STAFF = [Role.PLATFORM_ADMIN, Role.DISPATCHER];

@Resolver(() => DemandOffer)
export class OfferResolver {
  @Authorized(Role.VOLUNTEER)
  @Query(() => DemandOfferConnection, { description: 'Your offers, newest first (default: those still open to answer). After a reconnect, this catches up on what `demandOffers` pushed meanwhile.' })
  myOffers(@Args() args: MyOffersArgs, @Ctx() ctx: Context) {
    return ctx.services.offer.mine(ctx, viewerOf(ctx), args);
  }

  @Authorized(...STAFF)
  @Query(() => [DemandCandidate], {
    description:
      'Volunteers and teams of the demand\'s district ranked for it: skill or specialty, closeness (grid, community, street, district; distance when both have coordinates), availability now and current load, certified hours breaking ties. Leaves out anyone serving another demand, anyone who declined this one, and suspended volunteers. A ranking of the moment, so a list rather than a connection.',
  })
  demandCandidates(
    @Arg('demandId', () => ID, { description: 'The demand (you must handle it).' }) demandId: string,
    @Arg('first', () => Int, { defaultValue: 10, description: 'How many, at most 100.' }) first: number,
    @Arg('kinds', () => [CandidateKind], { nullable: true, description: 'Only volunteers or only teams (default both).' }) kinds: CandidateKind[] | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.offer.candidates(ctx, viewerOf(ctx), demandId, first, kinds);
  }

  @Authorized(Role.VOLUNTEER)
  @Mutation(() => DemandOfferPayload, { description: 'Accept an offer: the first accept claims the demand, every other offer of it is withdrawn and each holder is told live.' })
  async offerAccept(@Arg('input', { description: 'The offer.' }) input: OfferAcceptInput, @Ctx() ctx: Context): Promise<DemandOfferPayload> {
    return { ...(await ctx.services.offer.accept(ctx, viewerOf(ctx), input)), userErrors: [] };
  }

  @Authorized(Role.VOLUNTEER)
  @Mutation(() => DemandOfferPayload, { description: 'Decline an offer: this demand is not offered to you again; with auto-dispatch, the next candidates get it.' })
  async offerDecline(@Arg('input', { description: 'The offer and a reason.' }) input: OfferDeclineInput, @Ctx() ctx: Context): Promise<DemandOfferPayload> {
    return { ...(await ctx.services.offer.decline(ctx, viewerOf(ctx), input)), userErrors: [] };
  }

  @Authorized(...STAFF)
  @Mutation(() => OfferCreatePayload, { description: 'Offer a dispatched demand to more volunteers: named ones, a team\'s members, or the next best candidates.' })
  async offerCreate(@Arg('input', { description: 'The demand and who to offer it to.' }) input: OfferCreateInput, @Ctx() ctx: Context): Promise<OfferCreatePayload> {
    return { ...(await ctx.services.offer.createMore(ctx, viewerOf(ctx), input)), userErrors: [] };
  }

  @Subscription(() => DemandOfferUpdate, {
    description: 'Your offers, live (VOLUNTEER accounts): each new offer, and each one withdrawn, expired or accepted. With `after`, first what you missed since that cursor.',
    subscribe: ({ args, context }) => {
      const viewer = context.services.demandEvents.requireViewer(context);
      if (viewer.account.role !== Role.VOLUNTEER) throw forbidden('offers are for VOLUNTEER accounts');
      return context.services.demandEvents.subscribeTopic(context, topics.offers(viewer.account.id), args.after ?? null);
    },
  })
  demandOffers(
    @Root() delivery: Delivery,
    @Arg('after', () => String, { nullable: true, description: 'Resume after this cursor.' }) _after: string | null,
    @Ctx() ctx: Context,
  ): DemandOfferUpdate {
    ctx.services.demandEvents.recheck(ctx);
    return Object.assign(new DemandOfferUpdate(), { cursor: ctx.services.demandEvents.cursorOf(delivery.event), type: delivery.event.type, at: delivery.event.at, offerId: delivery.refId! });
  }

  @FieldResolver(() => ID, { description: 'Globally unique id.' })
  id(@Root() offer: DemandOffer): string {
    return toGlobalId('DemandOffer', offer.id);
  }

  @FieldResolver(() => OfferStatus, { description: 'Where the offer stands; a PENDING offer past `expiresAt` shows as EXPIRED.' })
  status(@Root() offer: DemandOffer): OfferStatus {
    return offer.status === OfferStatus.PENDING && offer.expiresAt.getTime() <= Date.now() ? OfferStatus.EXPIRED : offer.status;
  }

  @FieldResolver(() => Demand, { description: 'The demand offered.' })
  async demand(@Root() offer: DemandOffer, @Ctx() ctx: Context) {
    return ctx.loaders.demand.byId.load(offer.demandId);
  }

  @FieldResolver(() => Volunteer, { nullable: true, description: 'The volunteer it is offered to; null for offers made before real-name registration.' })
  async volunteer(@Root() offer: DemandOffer, @Ctx() ctx: Context) {
    return offer.volunteerId === null ? null : ctx.services.volunteer.visible(ctx, await ctx.loaders.volunteer.byId.load(offer.volunteerId));
  }

  @FieldResolver(() => Team, { nullable: true, description: 'The team it came through, when dispatched to a team.' })
  team(@Root() offer: DemandOffer, @Ctx() ctx: Context) {
    return offer.teamId === null ? null : ctx.loaders.team.byId.load(offer.teamId);
  }
}

@Resolver(() => DemandOfferUpdate)
export class DemandOfferUpdateResolver {
  @FieldResolver(() => DemandOffer, { description: 'The offer, as it is now.' })
  async offer(@Root() update: DemandOfferUpdate, @Ctx() ctx: Context) {
    return ctx.db.getRepository(DemandOffer).findOneByOrFail({ id: update.offerId });
  }
}

@Resolver(() => DemandCandidate)
export class DemandCandidateResolver {
  @FieldResolver(() => Volunteer, { nullable: true, description: 'The volunteer, for a VOLUNTEER candidate.' })
  async volunteer(@Root() candidate: DemandCandidate, @Ctx() ctx: Context) {
    return candidate.volunteerId === null ? null : ctx.services.volunteer.visible(ctx, await ctx.loaders.volunteer.byId.load(candidate.volunteerId));
  }

  @FieldResolver(() => Team, { nullable: true, description: 'The team, for a TEAM candidate.' })
  team(@Root() candidate: DemandCandidate, @Ctx() ctx: Context) {
    return candidate.teamId === null ? null : ctx.loaders.team.byId.load(candidate.teamId);
  }
}

@Resolver(() => Demand)
export class DemandOffersResolver {
  @FieldResolver(() => [DemandOffer], { description: 'Its offers, in the order made: all of them for its handlers, your own for a volunteer.' })
  offers(@Root() demand: Demand, @Ctx() ctx: Context) {
    return ctx.services.offer.ofDemand(ctx, demand);
  }
}
