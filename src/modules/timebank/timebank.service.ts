import type { EntityManager } from 'typeorm';
import { current } from '../../core/database';
import { ErrorCode, fail, forbidden } from '../../core/errors';
import { fromGlobalId, parsePage, toConnection, type Connection } from '../../core/relay';
import { saveUnique } from '../../core/unique';
import { txOf, type Context, type Viewer } from '../../server/context';
import { assertCovers, covers } from '../../server/jurisdiction';
import { Account } from '../account/account.entity';
import { Role } from '../account/role';
import { ServiceCategory } from '../category/category.entity';
import { isRequester } from '../demand/demand.access';
import { DemandEvent } from '../demand/demand-event.entity';
import { Demand } from '../demand/demand.entity';
import { DemandEventType, DemandStatus } from '../demand/demand.enums';
import { NoticeKind } from '../notice/notice.entity';
import type { NoticeService } from '../notice/notice.service';
import type { OrganisationService } from '../organisation/organisation.service';
import { Region, pathIds } from '../region/region.entity';
import type { RegionService } from '../region/region.service';
import { Volunteer } from '../volunteer/volunteer.entity';
import { EntryKind, FamilyLink, ListedService, TimebankAccount, TimebankEntry } from './timebank.entity';
import type { FamilyLinkCreateInput, ListedServiceCreateInput, StatementArgs, TimebankPayInput, TimebankRedeemInput, TimebankTransferInput } from './timebank.inputs';
import { accountFor, credits, lockAccount, post, toCents } from './timebank.ledger';

/** The service bank: payments for demands and listed services, family transfers, statements. */
export class TimebankService {
  constructor(
    private readonly regions: RegionService,
    private readonly organisations: OrganisationService,
    private readonly notices: NoticeService,
  ) {}

  /** The requester pays the responder for a served demand, once. */
  async payForDemand(ctx: Context, viewer: Viewer, input: TimebankPayInput): Promise<TimebankEntry> {
    const tx = txOf(ctx);
    const decoded = fromGlobalId(input.demandId, ['Demand']);
    if (!decoded) fail(ErrorCode.INVALID, ['input', 'demandId'], 'not a demand id');
    const demand = await tx.findOneBy(Demand, { id: decoded.id });
    if (!demand) fail(ErrorCode.NOT_FOUND, ['input', 'demandId'], 'no such demand');
    if (!isRequester(viewer, demand)) throw forbidden('only the requester pays for a demand');
    if (demand.status !== DemandStatus.COMPLETED && demand.status !== DemandStatus.CLOSED) fail(ErrorCode.CONFLICT, ['input', 'demandId'], `the demand is ${demand.status}; pay once it is served`);
    if (demand.responderId === null || demand.responderId === viewer.account.id) fail(ErrorCode.INVALID, ['input', 'demandId'], 'nobody else served it');
    const payer = await accountFor(tx, viewer.account.id);
    await lockAccount(tx, payer.id);
    const paid = await current(tx.getRepository(TimebankEntry).createQueryBuilder('e').where('e.demandId = :d AND e.kind = :k', { d: demand.id, k: EntryKind.PAYMENT_OUT })).getCount();
    if (paid > 0) fail(ErrorCode.CONFLICT, ['input', 'demandId'], 'the demand is already paid for');
    const amount = input.credits != null ? toCents(input.credits, ['input', 'credits']) : await this.servicePrice(tx, demand);
    const note = input.note?.trim() || null;
    const out = await post(tx, viewer.account.id, { kind: EntryKind.PAYMENT_OUT, amount: -amount, demandId: demand.id, counterpartyAccountId: demand.responderId, note, createdById: viewer.account.id }, ['input', 'demandId']);
    const received = await post(tx, demand.responderId, { kind: EntryKind.PAYMENT_IN, amount, demandId: demand.id, counterpartyAccountId: viewer.account.id, note, createdById: viewer.account.id });
    await this.tell(ctx, demand.responderId, received, `${credits(amount)} credits received for demand ${demand.number}`);
    return out;
  }

  async redeem(ctx: Context, viewer: Viewer, input: TimebankRedeemInput): Promise<TimebankEntry> {
    const tx = txOf(ctx);
    const decoded = fromGlobalId(input.listedServiceId, ['ListedService']);
    if (!decoded) fail(ErrorCode.INVALID, ['input', 'listedServiceId'], 'not a listed service id');
    const service = await tx.findOneBy(ListedService, { id: decoded.id });
    if (!service) fail(ErrorCode.NOT_FOUND, ['input', 'listedServiceId'], 'no such listed service');
    if (!service.active) fail(ErrorCode.CONFLICT, ['input', 'listedServiceId'], 'the service is no longer offered');
    return post(tx, viewer.account.id, { kind: EntryKind.WITHDRAWAL, amount: -service.priceCents, listedServiceId: service.id, note: input.note?.trim() || null, createdById: viewer.account.id }, ['input', 'listedServiceId']);
  }

  /** Only between accounts a dispatcher linked as family: credits are not a currency to trade. */
  async transfer(ctx: Context, viewer: Viewer, input: TimebankTransferInput): Promise<TimebankEntry> {
    const tx = txOf(ctx);
    const to = await requireAccount(tx, ['input', 'toAccountId'], input.toAccountId);
    if (to.id === viewer.account.id) fail(ErrorCode.INVALID, ['input', 'toAccountId'], 'that is your own account');
    const linked = await tx
      .getRepository(FamilyLink)
      .createQueryBuilder('f')
      .where('(f.accountId = :a AND f.memberAccountId = :b) OR (f.accountId = :b AND f.memberAccountId = :a)', { a: viewer.account.id, b: to.id })
      .getExists();
    if (!linked) fail(ErrorCode.FORBIDDEN, ['input', 'toAccountId'], 'credits go only to family members a dispatcher has recorded');
    const amount = toCents(input.credits, ['input', 'credits']);
    const note = input.note?.trim() || null;
    const out = await post(tx, viewer.account.id, { kind: EntryKind.TRANSFER_OUT, amount: -amount, counterpartyAccountId: to.id, note, createdById: viewer.account.id }, ['input', 'credits']);
    const received = await post(tx, to.id, { kind: EntryKind.TRANSFER_IN, amount, counterpartyAccountId: viewer.account.id, note, createdById: viewer.account.id });
    await this.tell(ctx, to.id, received, `${credits(amount)} credits received from family`);
    return out;
  }

  async linkFamily(ctx: Context, viewer: Viewer, input: FamilyLinkCreateInput): Promise<FamilyLink> {
    const tx = txOf(ctx);
    const a = await requireAccount(tx, ['input', 'accountId'], input.accountId);
    const b = await requireAccount(tx, ['input', 'memberAccountId'], input.memberAccountId);
    if (a.id === b.id) fail(ErrorCode.INVALID, ['input', 'memberAccountId'], 'a person is not their own family member');
    for (const [account, field] of [[a, 'accountId'], [b, 'memberAccountId']] as const) {
      if (!(await this.mayManage(tx, viewer, account.id))) throw forbidden(`the ${field} account is outside your jurisdiction`);
    }
    const [low, high] = a.id < b.id ? [a, b] : [b, a];
    return saveUnique(tx, FamilyLink, tx.create(FamilyLink, { accountId: low.id, memberAccountId: high.id, relation: input.relation.trim(), createdById: viewer.account.id }), {
      where: { accountId: low.id, memberAccountId: high.id },
      field: ['input', 'memberAccountId'],
      message: 'the two are linked already',
    });
  }

  async listService(ctx: Context, viewer: Viewer, input: ListedServiceCreateInput): Promise<ListedService> {
    const tx = txOf(ctx);
    const region = await this.regions.requireRegion(tx, ['input', 'regionId'], input.regionId);
    assertCovers(viewer, region.path, 'the region');
    const organisation = input.organisationId ? await this.organisations.require(tx, ['input', 'organisationId'], input.organisationId) : null;
    return tx.save(
      tx.create(ListedService, {
        name: input.name.trim(),
        description: input.description?.trim() || null,
        priceCents: toCents(input.credits, ['input', 'credits']),
        regionId: region.id,
        organisationId: organisation?.id ?? null,
        active: true,
        createdById: viewer.account.id,
      }),
    );
  }

  /** Services offered in a region and above it (a district's offer reaches its streets). */
  async listedServices(ctx: Context, regionId: string | null): Promise<ListedService[]> {
    const query = ctx.db.getRepository(ListedService).createQueryBuilder('s').where('s.active = :active', { active: true });
    if (regionId) query.andWhere('s.regionId IN (:...ids)', { ids: pathIds((await this.regions.byArgument(ctx, regionId)).path) });
    return query.orderBy('s.id', 'ASC').getMany();
  }

  /** The account of `accountId` (default: the viewer's) for those who may see it. */
  async account(ctx: Context, viewer: Viewer, accountId: string | null): Promise<TimebankAccount> {
    const id = accountId ? (fromGlobalId(accountId, ['Account'])?.id ?? -1) : viewer.account.id;
    if (id !== viewer.account.id && !(await this.mayManage(ctx.db.manager, viewer, id))) throw forbidden('the account is outside your jurisdiction');
    return (await ctx.db.getRepository(TimebankAccount).findOneBy({ accountId: id })) ?? Object.assign(new TimebankAccount(), { id: 0, accountId: id, balance: 0 });
  }

  /** Newest first, each line with the balance after it. */
  async statement(ctx: Context, account: TimebankAccount, args: StatementArgs): Promise<Connection<TimebankEntry>> {
    const page = parsePage(args);
    const query = ctx.db.getRepository(TimebankEntry).createQueryBuilder('e').where('e.timebankAccountId = :id', { id: account.id });
    if (args.from) query.andWhere('e.createdAt >= :from', { from: args.from });
    if (args.to) query.andWhere('e.createdAt < :to', { to: args.to });
    const pageQuery = query.clone();
    if (page.afterKey !== null) pageQuery.andWhere('e.id < :afterKey', { afterKey: page.afterKey });
    const rows = await pageQuery.orderBy('e.id', 'DESC').take(page.limit + 1).getMany();
    return toConnection(rows, page, (e) => e.id, () => query.getCount());
  }

  async familyOf(ctx: Context, accountId: number): Promise<FamilyLink[]> {
    return ctx.db
      .getRepository(FamilyLink)
      .createQueryBuilder('f')
      .where('f.accountId = :id OR f.memberAccountId = :id', { id: accountId })
      .orderBy('f.id', 'ASC')
      .getMany();
  }

  /** Admins, and dispatchers covering where the person lives (a volunteer's home community, else the account's scope). */
  async mayManage(manager: EntityManager, viewer: Viewer, accountId: number): Promise<boolean> {
    if (viewer.account.role === Role.PLATFORM_ADMIN) return true;
    if (viewer.account.role !== Role.DISPATCHER) return false;
    const home = await homePathOf(manager, accountId);
    return home !== null && covers(viewer, home);
  }

  private async tell(ctx: Context, accountId: number, entry: TimebankEntry, message: string): Promise<void> {
    await this.notices.send(ctx, [{ accountId, kind: NoticeKind.CREDITS_RECEIVED, refId: entry.id, message }]);
  }

  /** The service's hours (its record, or from start to completion) at the category's rate. */
  private async servicePrice(tx: EntityManager, demand: Demand): Promise<number> {
    const category = await tx.findOneByOrFail(ServiceCategory, { id: demand.categoryId });
    const [record] = await tx.query('SELECT minutes FROM service_record WHERE demandId = ?', [demand.id]);
    let minutes = record ? Number(record.minutes) : 0;
    if (!record) {
      const started = await tx.findOne(DemandEvent, { where: { demandId: demand.id, type: DemandEventType.STARTED }, order: { id: 'DESC' } });
      minutes = started && demand.completedAt ? Math.round((demand.completedAt.getTime() - started.at.getTime()) / 60_000) : 0;
    }
    const amount = Math.round((minutes * category.creditCentsPerHour) / 60);
    if (amount <= 0) fail(ErrorCode.INVALID, ['input', 'credits'], 'the service took no measurable time; say how many credits to pay');
    return amount;
  }
}

async function requireAccount(tx: EntityManager, field: string[], globalId: string): Promise<Account> {
  const decoded = fromGlobalId(globalId, ['Account']);
  if (!decoded) fail(ErrorCode.INVALID, field, 'not an account id');
  const account = await tx.findOneBy(Account, { id: decoded.id });
  if (!account || account.disabledAt) fail(ErrorCode.NOT_FOUND, field, 'no such active account');
  return account;
}

/** Where a person belongs: a registered volunteer's home community, else the account's scope region. */
export async function homePathOf(manager: EntityManager, accountId: number): Promise<string | null> {
  const volunteer = await manager.findOneBy(Volunteer, { accountId });
  const regionId = volunteer?.communityId ?? (await manager.findOneBy(Account, { id: accountId }))?.scopeId ?? null;
  return regionId === null ? null : ((await manager.findOneBy(Region, { id: regionId }))?.path ?? null);
}
