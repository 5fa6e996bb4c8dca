import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { PageArgs, toGlobalId } from '../../core/relay';
import type { Context } from '../../server/context';
import { viewerOf } from '../../server/auth';
import { Role } from '../account/role';
import type { Region } from './region.entity';
import { RegionCreateInput, RegionMoveInput, RegionUpdateInput } from './region.inputs';
import { RegionPayload } from './region.payloads';
import {
  CommunityConnection,
  CommunityType,
  DistrictConnection,
  DistrictType,
  GridConnection,
  REGION_TYPE_NAMES,
  RegionType,
  StreetConnection,
  StreetType,
} from './region.types';

const payload = (region: Region): RegionPayload => ({ region, userErrors: [] });

@Resolver(() => RegionType)
export class RegionResolver {
  @Authorized()
  @Query(() => DistrictConnection, { description: 'The top of the hierarchy: every district.' })
  districts(@Args() page: PageArgs, @Ctx() ctx: Context) {
    return ctx.services.region.districts(ctx, page);
  }

  @Authorized()
  @Query(() => RegionType, { nullable: true, description: 'A region by its unique code, or null.' })
  regionByCode(@Arg('code', { description: 'The region\'s code.' }) code: string, @Ctx() ctx: Context) {
    return ctx.services.region.byCode(ctx, code);
  }

  @Authorized(Role.PLATFORM_ADMIN, Role.DISPATCHER)
  @Mutation(() => RegionPayload, { description: 'Add a region one level below its parent (a district needs a platform admin).' })
  async regionCreate(@Arg('input', { description: 'What to change.' }) input: RegionCreateInput, @Ctx() ctx: Context) {
    return payload(await ctx.services.region.create(ctx, viewerOf(ctx), input));
  }

  @Authorized(Role.PLATFORM_ADMIN, Role.DISPATCHER)
  @Mutation(() => RegionPayload, { description: 'Rename a region or change its code, population or centre point.' })
  async regionUpdate(@Arg('input', { description: 'What to change.' }) input: RegionUpdateInput, @Ctx() ctx: Context) {
    return payload(await ctx.services.region.update(ctx, viewerOf(ctx), input));
  }

  @Authorized(Role.PLATFORM_ADMIN, Role.DISPATCHER)
  @Mutation(() => RegionPayload, { description: 'Move a region and its whole subtree under a new parent of the same level.' })
  async regionMove(@Arg('input', { description: 'What to change.' }) input: RegionMoveInput, @Ctx() ctx: Context) {
    return payload(await ctx.services.region.move(ctx, viewerOf(ctx), input));
  }

  @FieldResolver(() => ID)
  id(@Root() region: Region): string {
    return toGlobalId(REGION_TYPE_NAMES[region.level], region.id);
  }

  @FieldResolver(() => RegionType, { nullable: true })
  parent(@Root() region: Region, @Ctx() ctx: Context) {
    return ctx.services.region.parent(ctx, region);
  }

  @FieldResolver(() => [RegionType])
  ancestors(@Root() region: Region, @Ctx() ctx: Context) {
    return ctx.services.region.ancestors(ctx, region);
  }
}

@Resolver(() => DistrictType)
export class DistrictResolver {
  @FieldResolver(() => StreetConnection, { description: 'The streets of this district.' })
  streets(@Root() district: Region, @Args() page: PageArgs, @Ctx() ctx: Context) {
    return ctx.services.region.children(ctx, district, page);
  }
}

@Resolver(() => StreetType)
export class StreetResolver {
  @FieldResolver(() => CommunityConnection, { description: 'The communities of this street.' })
  communities(@Root() street: Region, @Args() page: PageArgs, @Ctx() ctx: Context) {
    return ctx.services.region.children(ctx, street, page);
  }
}

@Resolver(() => CommunityType)
export class CommunityResolver {
  @FieldResolver(() => GridConnection, { description: 'The grids of this community.' })
  grids(@Root() community: Region, @Args() page: PageArgs, @Ctx() ctx: Context) {
    return ctx.services.region.children(ctx, community, page);
  }
}
