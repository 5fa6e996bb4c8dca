import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { toGlobalId } from '../../core/relay';
import { viewerOf } from '../../server/auth';
import type { Context } from '../../server/context';
import { RegionType } from '../region/region.types';
import { Account } from './account.entity';
import { AccountCreateInput, AccountDisableInput, AccountEnableInput, LoginInput } from './account.inputs';
import { AccountPayload, LoginPayload } from './account.payloads';
import { Role } from './role';

const payload = (account: Account): AccountPayload => ({ account, userErrors: [] });

@Resolver(() => Account)
export class AccountResolver {
  @Query(() => Account, { nullable: true, description: 'The signed-in account, or null without a valid token.' })
  viewer(@Ctx() ctx: Context) {
    return ctx.viewer?.account ?? null;
  }

  @Mutation(() => LoginPayload, { description: 'Sign in; returns a signed token with an expiry.' })
  login(@Arg('input', { description: 'The credentials.' }) input: LoginInput, @Ctx() ctx: Context) {
    return ctx.services.account.login(ctx, input);
  }

  @Authorized(Role.PLATFORM_ADMIN, Role.DISPATCHER)
  @Mutation(() => AccountPayload, { description: 'Create an account. Dispatchers create staff, volunteer and resident accounts inside their scope.' })
  async accountCreate(@Arg('input', { description: 'What to change.' }) input: AccountCreateInput, @Ctx() ctx: Context) {
    return payload(await ctx.services.account.create(ctx, viewerOf(ctx), input));
  }

  @Authorized(Role.PLATFORM_ADMIN, Role.DISPATCHER)
  @Mutation(() => AccountPayload, { description: 'Disable an account: its tokens stop working at once.' })
  async accountDisable(@Arg('input', { description: 'What to change.' }) input: AccountDisableInput, @Ctx() ctx: Context) {
    return payload(await ctx.services.account.disable(ctx, viewerOf(ctx), input));
  }

  @Authorized(Role.PLATFORM_ADMIN, Role.DISPATCHER)
  @Mutation(() => AccountPayload, { description: 'Enable a disabled account again.' })
  async accountEnable(@Arg('input', { description: 'What to change.' }) input: AccountEnableInput, @Ctx() ctx: Context) {
    return payload(await ctx.services.account.enable(ctx, viewerOf(ctx), input));
  }

  @FieldResolver(() => ID, { description: 'Globally unique id.' })
  id(@Root() account: Account): string {
    return toGlobalId('Account', account.id);
  }

  @FieldResolver(() => RegionType, { nullable: true, description: 'The region this account acts within, if its role has one.' })
  scope(@Root() account: Account, @Ctx() ctx: Context) {
    return ctx.services.account.scope(ctx, account);
  }
}
