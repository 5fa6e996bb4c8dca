import { Arg, Args, Authorized, Ctx, FieldResolver, Float, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { connectionType, toGlobalId } from '../../core/relay';
import { viewerOf } from '../../server/auth';
import { txOf, type Context } from '../../server/context';
import { Account } from '../account/account.entity';
import { Role } from '../account/role';
import { Demand } from '../demand/demand.entity';
import { Organisation } from '../organisation/organisation.entity';
import { RegionType } from '../region/region.types';
import { FamilyLink, ListedService, TimebankAccount, TimebankEntry } from './timebank.entity';
import { FamilyLinkCreateInput, ListedServiceCreateInput, StatementArgs, TimebankPayInput, TimebankRedeemInput, TimebankTransferInput } from './timebank.inputs';
import { FamilyLinkPayload, ListedServicePayload, TimebankEntryPayload } from './timebank.payloads';

export const TimebankEntryConnection = connectionType('TimebankEntry', TimebankEntry, 'time-bank ledger line');
const STAFF = [Role.PLATFORM_ADMIN, Role.DISPATCHER];

/** Read through the mutation's own transaction: another connection would not see the new balance yet. */
async function moved(ctx: Context, entry: TimebankEntry): Promise<TimebankEntryPayload> {
  return { entry, account: await txOf(ctx).findOneByOrFail(TimebankAccount, { id: entry.timebankAccountId }), userErrors: [] };
}

@Resolver(() => TimebankAccount)
export class TimebankResolver {
  @Authorized()
  @Query(() => TimebankAccount, { description: 'A time-bank account: yours by default; staff see those of the people in their scope.' })
  timebankAccount(@Arg('accountId', () => ID, { nullable: true, description: 'Whose (default: yours).' }) accountId: string | null, @Ctx() ctx: Context) {
    return ctx.services.timebank.account(ctx, viewerOf(ctx), accountId);
  }

  @Authorized()
  @Query(() => [ListedService], { description: 'Services offered for credits in a region and the regions above it (all, without a region).' })
  listedServices(@Arg('regionId', () => ID, { nullable: true, description: 'Where you are.' }) regionId: string | null, @Ctx() ctx: Context) {
    return ctx.services.timebank.listedServices(ctx, regionId);
  }

  @Authorized()
  @Mutation(() => TimebankEntryPayload, { description: 'Pay a volunteer from your account for the demand they served for you (once per demand).' })
  async timebankPay(@Arg('input', { description: 'The demand and, optionally, the credits.' }) input: TimebankPayInput, @Ctx() ctx: Context) {
    return moved(ctx, await ctx.services.timebank.payForDemand(ctx, viewerOf(ctx), input));
  }

  @Authorized()
  @Mutation(() => TimebankEntryPayload, { description: 'Pay for a listed service with credits.' })
  async timebankRedeem(@Arg('input', { description: 'The service.' }) input: TimebankRedeemInput, @Ctx() ctx: Context) {
    return moved(ctx, await ctx.services.timebank.redeem(ctx, viewerOf(ctx), input));
  }

  @Authorized()
  @Mutation(() => TimebankEntryPayload, { description: 'Give credits to a family member.' })
  async timebankTransfer(@Arg('input', { description: 'Who and how much.' }) input: TimebankTransferInput, @Ctx() ctx: Context) {
    return moved(ctx, await ctx.services.timebank.transfer(ctx, viewerOf(ctx), input));
  }

  @Authorized(...STAFF)
  @Mutation(() => FamilyLinkPayload, { description: 'Record that two people are family, so they may give each other credits (dispatchers of both).' })
  async familyLinkCreate(@Arg('input', { description: 'The two accounts and the relation.' }) input: FamilyLinkCreateInput, @Ctx() ctx: Context): Promise<FamilyLinkPayload> {
    return { familyLink: await ctx.services.timebank.linkFamily(ctx, viewerOf(ctx), input), userErrors: [] };
  }

  @Authorized(...STAFF)
  @Mutation(() => ListedServicePayload, { description: 'List a service that can be bought with credits.' })
  async listedServiceCreate(@Arg('input', { description: 'The service.' }) input: ListedServiceCreateInput, @Ctx() ctx: Context): Promise<ListedServicePayload> {
    return { listedService: await ctx.services.timebank.listService(ctx, viewerOf(ctx), input), userErrors: [] };
  }

  @FieldResolver(() => Account, { nullable: true, description: 'Whose account it is.' })
  owner(@Root() account: TimebankAccount, @Ctx() ctx: Context) {
    return ctx.loaders.account.byId.load(account.accountId);
  }

  @FieldResolver(() => Float, { description: 'Credits held; never below zero.' })
  balance(@Root() account: TimebankAccount): number {
    return account.balance / 100;
  }

  @FieldResolver(() => TimebankEntryConnection, { description: 'The statement: ledger lines, newest first, each with the balance after it.' })
  statement(@Root() account: TimebankAccount, @Args() args: StatementArgs, @Ctx() ctx: Context) {
    return ctx.services.timebank.statement(ctx, account, args);
  }

  @FieldResolver(() => [FamilyLink], { description: 'Family members credits may be given to.' })
  family(@Root() account: TimebankAccount, @Ctx() ctx: Context) {
    return ctx.services.timebank.familyOf(ctx, account.accountId);
  }
}

@Resolver(() => TimebankEntry)
export class TimebankEntryResolver {
  @FieldResolver(() => ID, { description: 'Globally unique id.' })
  id(@Root() entry: TimebankEntry): string {
    return toGlobalId('TimebankEntry', entry.id);
  }

  @FieldResolver(() => Float, { description: 'Credits in (positive) or out (negative).' })
  credits(@Root() entry: TimebankEntry): number {
    return entry.amount / 100;
  }

  @FieldResolver(() => Float, { description: 'The balance right after this line.' })
  balanceAfter(@Root() entry: TimebankEntry): number {
    return entry.balanceAfter / 100;
  }

  @FieldResolver(() => Demand, { nullable: true, description: 'The demand paid for.' })
  demand(@Root() entry: TimebankEntry, @Ctx() ctx: Context) {
    return entry.demandId === null ? null : ctx.loaders.demand.byId.load(entry.demandId);
  }

  @FieldResolver(() => ListedService, { nullable: true, description: 'The listed service paid for.' })
  listedService(@Root() entry: TimebankEntry, @Ctx() ctx: Context) {
    return entry.listedServiceId === null ? null : ctx.db.getRepository(ListedService).findOneBy({ id: entry.listedServiceId });
  }

  @FieldResolver(() => Account, { nullable: true, description: 'The other side of a payment or transfer.' })
  counterparty(@Root() entry: TimebankEntry, @Ctx() ctx: Context) {
    return entry.counterpartyAccountId === null ? null : ctx.loaders.account.byId.load(entry.counterpartyAccountId);
  }
}

@Resolver(() => ListedService)
export class ListedServiceResolver {
  @FieldResolver(() => ID, { description: 'Globally unique id.' })
  id(@Root() service: ListedService): string {
    return toGlobalId('ListedService', service.id);
  }

  @FieldResolver(() => Float, { description: 'Price in credits.' })
  credits(@Root() service: ListedService): number {
    return service.priceCents / 100;
  }

  @FieldResolver(() => RegionType, { description: 'Where it is offered.' })
  region(@Root() service: ListedService, @Ctx() ctx: Context) {
    return ctx.loaders.region.byId.load(service.regionId);
  }

  @FieldResolver(() => Organisation, { nullable: true, description: 'Who provides it.' })
  organisation(@Root() service: ListedService, @Ctx() ctx: Context) {
    return service.organisationId === null ? null : ctx.loaders.organisation.byId.load(service.organisationId);
  }
}

@Resolver(() => FamilyLink)
export class FamilyLinkResolver {
  @FieldResolver(() => Account, { nullable: true, description: 'One of the two.' })
  account(@Root() link: FamilyLink, @Ctx() ctx: Context) {
    return ctx.loaders.account.byId.load(link.accountId);
  }

  @FieldResolver(() => Account, { nullable: true, description: 'The other.' })
  member(@Root() link: FamilyLink, @Ctx() ctx: Context) {
    return ctx.loaders.account.byId.load(link.memberAccountId);
  }
}
