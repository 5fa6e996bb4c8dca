import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { toGlobalId } from '../../core/relay';
import { viewerOf } from '../../server/auth';
import type { Context } from '../../server/context';
import { Account } from '../account/account.entity';
import { Role } from '../account/role';
import { RegionType } from '../region/region.types';
import { ApiKey } from './api-key.entity';
import { Organisation } from './organisation.entity';
import { ApiKeyCreateInput, ApiKeyRevokeInput, OrganisationCreateInput } from './organisation.inputs';
import { ApiKeyCreatePayload, ApiKeyPayload, OrganisationPayload } from './organisation.payloads';

@Resolver(() => Organisation)
export class OrganisationResolver {
  @Authorized(Role.PLATFORM_ADMIN, Role.DISPATCHER, Role.ANALYST, Role.PARTNER)
  @Query(() => [Organisation], { description: 'Partner organisations by name: all of them for staff, its own for a partner.' })
  organisations(@Ctx() ctx: Context) {
    return ctx.services.organisation.list(ctx, viewerOf(ctx));
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => OrganisationPayload, { description: 'Register a partner organisation (platform admins).' })
  async organisationCreate(@Arg('input', { description: 'The organisation.' }) input: OrganisationCreateInput, @Ctx() ctx: Context): Promise<OrganisationPayload> {
    return { organisation: await ctx.services.organisation.create(ctx, input), userErrors: [] };
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => ApiKeyCreatePayload, { description: 'Issue an API key for a PARTNER account; the key is in this answer only.' })
  async apiKeyCreate(@Arg('input', { description: 'Which account, and what the key is for.' }) input: ApiKeyCreateInput, @Ctx() ctx: Context): Promise<ApiKeyCreatePayload> {
    const { apiKey, key } = await ctx.services.organisation.createApiKey(ctx, viewerOf(ctx), input);
    return { apiKey, key, userErrors: [] };
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => ApiKeyPayload, { description: 'Revoke an API key: it is refused from the next request on, also on open connections.' })
  async apiKeyRevoke(@Arg('input', { description: 'The key.' }) input: ApiKeyRevokeInput, @Ctx() ctx: Context): Promise<ApiKeyPayload> {
    return { apiKey: await ctx.services.organisation.revokeApiKey(ctx, input), userErrors: [] };
  }

  @FieldResolver(() => ID, { description: 'Globally unique id.' })
  id(@Root() organisation: Organisation): string {
    return toGlobalId('Organisation', organisation.id);
  }

  @FieldResolver(() => RegionType, { nullable: true, description: 'Where it is based.' })
  region(@Root() organisation: Organisation, @Ctx() ctx: Context) {
    return organisation.regionId === null ? null : ctx.loaders.region.byId.load(organisation.regionId);
  }
}

@Resolver(() => ApiKey)
export class ApiKeyResolver {
  @FieldResolver(() => ID, { description: 'Globally unique id.' })
  id(@Root() apiKey: ApiKey): string {
    return toGlobalId('ApiKey', apiKey.id);
  }

  @FieldResolver(() => Account, { nullable: true, description: 'The PARTNER account it acts as.' })
  account(@Root() apiKey: ApiKey, @Ctx() ctx: Context) {
    return ctx.loaders.account.byId.load(apiKey.accountId);
  }
}

@Resolver(() => Account)
export class AccountOrganisationResolver {
  @FieldResolver(() => Organisation, { nullable: true, description: 'PARTNER accounts: the organisation they act for.' })
  async organisation(@Root() account: Account, @Ctx() ctx: Context) {
    return account.organisationId === null ? null : ctx.loaders.organisation.byId.load(account.organisationId);
  }
}
