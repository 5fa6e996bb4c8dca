import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root, Subscription } from 'type-graphql';
import { forbidden } from '../../core/errors';
import { toGlobalId } from '../../core/relay';
import { viewerOf } from '../../server/auth';
import type { Context } from '../../server/context';
import { Account } from '../account/account.entity';
import { Role } from '../account/role';
import { topics } from '../demand/demand-event.log';
import type { Delivery } from '../demand/demand-feed';
import { Demand } from '../demand/demand.entity';
import { Team } from '../team/team.entity';
import { Volunteer } from '../volunteer/volunteer.entity';
import { EmergencyCallout, EmergencyCalloutMember } from './callout.entity';
import { CalloutAnswer } from './callout.enums';
import { EmergencyCalloutAnswerInput, EmergencyCalloutCreateInput } from './callout.inputs';
import { EmergencyCalloutAnswerPayload, EmergencyCalloutPayload } from './callout.payloads';
import { CalloutCounts, EmergencyCalloutNotice, EmergencyCalloutUpdate } from './callout.types';

@Resolver(() => EmergencyCallout)
export class CalloutResolver {
  @Authorized(Role.PLATFORM_ADMIN, Role.DISPATCHER)
  @Mutation(() => EmergencyCalloutPayload, { description: 'Emergency call-out: alert every active member of one or more emergency teams for a demand, with a message (its handling dispatchers).' })
  async emergencyCalloutCreate(@Arg('input', { description: 'The demand, the teams and the message.' }) input: EmergencyCalloutCreateInput, @Ctx() ctx: Context): Promise<EmergencyCalloutPayload> {
    return { callout: await ctx.services.callout.create(ctx, viewerOf(ctx), input), userErrors: [] };
  }

  @Authorized(Role.VOLUNTEER)
  @Mutation(() => EmergencyCalloutAnswerPayload, { description: 'Answer a call-out that reached you: COMING or CANNOT (you may change your answer).' })
  async emergencyCalloutAnswer(@Arg('input', { description: 'The call-out and your answer.' }) input: EmergencyCalloutAnswerInput, @Ctx() ctx: Context): Promise<EmergencyCalloutAnswerPayload> {
    return { ...(await ctx.services.callout.answer(ctx, viewerOf(ctx), input)), userErrors: [] };
  }

  @Subscription(() => EmergencyCalloutNotice, {
    description: 'Call-outs reaching you as a member of an emergency team, live (VOLUNTEER accounts). With `after`, first what you missed.',
    subscribe: ({ args, context }) => {
      const viewer = context.services.demandEvents.requireViewer(context);
      if (viewer.account.role !== Role.VOLUNTEER) throw forbidden('call-outs reach VOLUNTEER accounts');
      return context.services.demandEvents.subscribeTopic(context, topics.calloutMember(viewer.account.id), args.after ?? null);
    },
  })
  emergencyCallouts(
    @Root() delivery: Delivery,
    @Arg('after', () => String, { nullable: true, description: 'Resume after this cursor.' }) _after: string | null,
    @Ctx() ctx: Context,
  ): EmergencyCalloutNotice {
    ctx.services.demandEvents.recheck(ctx);
    return Object.assign(new EmergencyCalloutNotice(), { cursor: ctx.services.demandEvents.cursorOf(delivery.event), at: delivery.event.at, calloutId: delivery.refId! });
  }

  @Subscription(() => EmergencyCalloutUpdate, {
    description: 'One call-out, live: each answer as it comes, with the counts and the roster of who is coming. Pass the call-out\'s `cursor` as `after` to miss nothing between reading it and subscribing.',
    subscribe: async ({ args, context }) => {
      const viewer = context.services.demandEvents.requireViewer(context);
      const callout = await context.services.callout.requireWatchable(context, viewer, args.id);
      return context.services.demandEvents.subscribeTopic(context, topics.callout(callout.id), args.after ?? null);
    },
  })
  emergencyCalloutUpdates(
    @Root() delivery: Delivery,
    @Arg('id', () => ID, { description: 'The call-out.' }) _id: string,
    @Arg('after', () => String, { nullable: true, description: 'Resume after this cursor.' }) _after: string | null,
    @Ctx() ctx: Context,
  ): EmergencyCalloutUpdate {
    ctx.services.demandEvents.recheck(ctx);
    const e = delivery.event;
    return Object.assign(new EmergencyCalloutUpdate(), { cursor: ctx.services.demandEvents.cursorOf(e), type: e.type, at: e.at, calloutId: delivery.refId!, answeredBy: e.type === 'CALLOUT_ANSWERED' ? e.actorId : null });
  }

  @FieldResolver(() => ID, { description: 'Globally unique id.' })
  id(@Root() callout: EmergencyCallout): string {
    return toGlobalId('EmergencyCallout', callout.id);
  }

  @FieldResolver(() => Demand, { description: 'The demand.' })
  demand(@Root() callout: EmergencyCallout, @Ctx() ctx: Context) {
    return ctx.loaders.demand.byId.load(callout.demandId);
  }

  @FieldResolver(() => Account, { nullable: true, description: 'The dispatcher who sent it.' })
  createdBy(@Root() callout: EmergencyCallout, @Ctx() ctx: Context) {
    return ctx.loaders.account.byId.load(callout.createdById);
  }

  @FieldResolver(() => [Team], { description: 'The teams called.' })
  async teams(@Root() callout: EmergencyCallout, @Ctx() ctx: Context) {
    return (await ctx.loaders.team.byId.loadMany(await ctx.loaders.callout.teamIds.load(callout.id))).filter((t): t is Team => t instanceof Team);
  }

  @FieldResolver(() => CalloutCounts, { description: 'How the members have answered so far.' })
  counts(@Root() callout: EmergencyCallout, @Ctx() ctx: Context) {
    return ctx.services.callout.counts(ctx, callout);
  }

  @FieldResolver(() => [EmergencyCalloutMember], { description: 'The roster of who is coming, in the order they answered (for those watching the call-out).' })
  coming(@Root() callout: EmergencyCallout, @Ctx() ctx: Context) {
    return ctx.services.callout.responses(ctx, callout, [CalloutAnswer.COMING]);
  }

  @FieldResolver(() => [EmergencyCalloutMember], { description: 'Every member alerted and their answer (for those watching; a member sees their own).' })
  responses(
    @Root() callout: EmergencyCallout,
    @Arg('answer', () => [CalloutAnswer], { nullable: true, description: 'Only these answers.' }) answer: CalloutAnswer[] | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.callout.responses(ctx, callout, answer);
  }

  @FieldResolver(() => EmergencyCalloutMember, { nullable: true, description: 'Your own answer, when it reached you.' })
  myResponse(@Root() callout: EmergencyCallout, @Ctx() ctx: Context) {
    return ctx.services.callout.myResponse(ctx, callout);
  }

  @FieldResolver(() => String, { description: 'Position of its latest event: subscribe to `emergencyCalloutUpdates` with it as `after`.' })
  cursor(@Root() callout: EmergencyCallout, @Ctx() ctx: Context) {
    return ctx.services.callout.cursor(ctx, callout);
  }
}

@Resolver(() => EmergencyCalloutMember)
export class CalloutMemberResolver {
  @FieldResolver(() => Volunteer, { nullable: true, description: 'The member; null when you may not see them.' })
  async volunteer(@Root() m: EmergencyCalloutMember, @Ctx() ctx: Context) {
    return ctx.services.volunteer.visible(ctx, await ctx.loaders.volunteer.byId.load(m.volunteerId));
  }

  @FieldResolver(() => Team, { description: 'The called team through which they were reached.' })
  team(@Root() m: EmergencyCalloutMember, @Ctx() ctx: Context) {
    return ctx.loaders.team.byId.load(m.teamId);
  }
}

@Resolver(() => EmergencyCalloutNotice)
export class CalloutNoticeResolver {
  @FieldResolver(() => EmergencyCallout, { description: 'The call-out, as it is now.' })
  callout(@Root() notice: EmergencyCalloutNotice, @Ctx() ctx: Context) {
    return ctx.db.getRepository(EmergencyCallout).findOneByOrFail({ id: notice.calloutId });
  }
}

@Resolver(() => EmergencyCalloutUpdate)
export class CalloutUpdateResolver {
  @FieldResolver(() => EmergencyCallout, { description: 'The call-out as it is now: counts and roster included.' })
  callout(@Root() update: EmergencyCalloutUpdate, @Ctx() ctx: Context) {
    return ctx.db.getRepository(EmergencyCallout).findOneByOrFail({ id: update.calloutId });
  }

  @FieldResolver(() => EmergencyCalloutMember, { nullable: true, description: 'For CALLOUT_ANSWERED: the answer given.' })
  async response(@Root() update: EmergencyCalloutUpdate, @Ctx() ctx: Context) {
    if (update.answeredBy === null) return null;
    return (await ctx.loaders.callout.members.load(update.calloutId)).find((m) => m.accountId === update.answeredBy) ?? null;
  }
}

@Resolver(() => Demand)
export class DemandCalloutsResolver {
  @FieldResolver(() => [EmergencyCallout], { description: 'Emergency call-outs for it, oldest first (for those watching them; a member sees those that reached them).' })
  emergencyCallouts(@Root() demand: Demand, @Ctx() ctx: Context) {
    return ctx.services.callout.ofDemand(ctx, demand);
  }
}
