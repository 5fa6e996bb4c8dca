import { LocalDateResolver } from 'graphql-scalars';
import { Arg, Args, Authorized, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { UserError } from '../../core/errors';
import { connectionType, toGlobalId } from '../../core/relay';
import { viewerOf } from '../../server/auth';
import type { Context } from '../../server/context';
import { Role } from '../account/role';
import { Organisation } from '../organisation/organisation.entity';
import { Volunteer } from '../volunteer/volunteer.entity';
import { Benefit, BenefitRedemption } from './incentive.entity';
import { BenefitCreateInput, BenefitRedeemInput, BenefitRedemptionUseInput, BenefitUpdateInput, BenefitsArgs } from './incentive.inputs';

export const BenefitConnection = connectionType('Benefit', Benefit, 'benefit');
const LISTERS = [Role.PLATFORM_ADMIN, Role.DISPATCHER, Role.PARTNER];

@ObjectType({ description: 'The result of a benefit mutation.' })
export class BenefitPayload {
  @Field(() => Benefit, { nullable: true, description: 'The benefit; null when refused.' })
  benefit: Benefit | null;

  @Field(() => [UserError], { description: 'What was wrong with the input; empty on success.' })
  userErrors: UserError[];
}

@ObjectType({ description: 'The result of a redemption mutation.' })
export class BenefitRedemptionPayload {
  @Field(() => BenefitRedemption, { nullable: true, description: 'The redemption; null when refused.' })
  redemption: BenefitRedemption | null;

  @Field(() => [UserError], { description: 'What was wrong: too few stars is FORBIDDEN, the quota or your limit used up is LIMIT_EXCEEDED, outside its dates CONFLICT.' })
  userErrors: UserError[];
}

@Resolver(() => Benefit)
export class BenefitResolver {
  @Authorized()
  @Query(() => BenefitConnection, { description: 'The benefit catalogue, newest first.' })
  benefits(@Args() args: BenefitsArgs, @Ctx() ctx: Context) {
    return ctx.services.incentive.list(ctx, viewerOf(ctx), args);
  }

  @Authorized(Role.VOLUNTEER)
  @Query(() => [BenefitRedemption], { description: 'Benefits you redeemed, newest first.' })
  myRedemptions(@Ctx() ctx: Context) {
    return ctx.services.incentive.mine(ctx, viewerOf(ctx));
  }

  @Authorized(...LISTERS)
  @Mutation(() => BenefitPayload, { description: 'List a benefit (admins, dispatchers, or a partner for its own organisation).' })
  async benefitCreate(@Arg('input', { description: 'The benefit.' }) input: BenefitCreateInput, @Ctx() ctx: Context): Promise<BenefitPayload> {
    return { benefit: await ctx.services.incentive.create(ctx, viewerOf(ctx), input), userErrors: [] };
  }

  @Authorized(...LISTERS)
  @Mutation(() => BenefitPayload, { description: 'Change a benefit\'s quota, end date or whether it is offered.' })
  async benefitUpdate(@Arg('input', { description: 'What to change.' }) input: BenefitUpdateInput, @Ctx() ctx: Context): Promise<BenefitPayload> {
    return { benefit: await ctx.services.incentive.update(ctx, viewerOf(ctx), input), userErrors: [] };
  }

  @Authorized(Role.VOLUNTEER)
  @Mutation(() => BenefitRedemptionPayload, { description: 'Redeem a benefit: your stars, its dates, its quota and your limit are checked together, also when many redeem at once.' })
  async benefitRedeem(@Arg('input', { description: 'The benefit.' }) input: BenefitRedeemInput, @Ctx() ctx: Context): Promise<BenefitRedemptionPayload> {
    return { redemption: await ctx.services.incentive.redeem(ctx, viewerOf(ctx), input), userErrors: [] };
  }

  @Authorized(...LISTERS)
  @Mutation(() => BenefitRedemptionPayload, { description: 'The provider takes a voucher (once).' })
  async benefitRedemptionUse(@Arg('input', { description: 'The voucher code.' }) input: BenefitRedemptionUseInput, @Ctx() ctx: Context): Promise<BenefitRedemptionPayload> {
    return { redemption: await ctx.services.incentive.use(ctx, viewerOf(ctx), input), userErrors: [] };
  }

  @FieldResolver(() => ID, { description: 'Globally unique id.' })
  id(@Root() b: Benefit): string {
    return toGlobalId('Benefit', b.id);
  }

  @FieldResolver(() => Organisation, { nullable: true, description: 'Who provides it.' })
  provider(@Root() b: Benefit, @Ctx() ctx: Context) {
    return b.providerOrganisationId === null ? null : ctx.loaders.organisation.byId.load(b.providerOrganisationId);
  }

  @FieldResolver(() => LocalDateResolver, { description: 'First day it may be redeemed.' })
  validFrom(@Root() b: Benefit) {
    return b.validFrom;
  }

  @FieldResolver(() => LocalDateResolver, { description: 'Last day it may be redeemed.' })
  validUntil(@Root() b: Benefit) {
    return b.validUntil;
  }

  @FieldResolver(() => [BenefitRedemption], { description: 'Who redeemed it, in order (its provider, whoever listed it, admins).' })
  redemptions(@Root() b: Benefit, @Ctx() ctx: Context) {
    return ctx.services.incentive.redemptions(ctx, b);
  }
}

@Resolver(() => BenefitRedemption)
export class BenefitRedemptionResolver {
  @FieldResolver(() => ID, { description: 'Globally unique id.' })
  id(@Root() r: BenefitRedemption): string {
    return toGlobalId('BenefitRedemption', r.id);
  }

  @FieldResolver(() => Benefit, { description: 'The benefit.' })
  benefit(@Root() r: BenefitRedemption, @Ctx() ctx: Context) {
    return ctx.db.getRepository(Benefit).findOneByOrFail({ id: r.benefitId });
  }

  @FieldResolver(() => String, { nullable: true, description: 'The voucher code, for the volunteer who holds it and the provider.' })
  async code(@Root() r: BenefitRedemption, @Ctx() ctx: Context) {
    const me = ctx.viewer ? await ctx.loaders.volunteer.byAccountId.load(ctx.viewer.account.id) : null;
    if (me?.id === r.volunteerId) return r.code;
    try {
      ctx.services.incentive.assertManager(ctx.viewer!, await ctx.db.getRepository(Benefit).findOneByOrFail({ id: r.benefitId }));
      return r.code;
    } catch {
      return null;
    }
  }

  @FieldResolver(() => Volunteer, { nullable: true, description: 'Who redeemed it, when you may see them.' })
  async volunteer(@Root() r: BenefitRedemption, @Ctx() ctx: Context) {
    return ctx.services.volunteer.visible(ctx, await ctx.loaders.volunteer.byId.load(r.volunteerId));
  }
}
