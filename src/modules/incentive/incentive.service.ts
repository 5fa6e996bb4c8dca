import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Config } from '../../config';
import { current, lockRow } from '../../core/database';
import { ErrorCode, fail, forbidden } from '../../core/errors';
import { localClock } from '../../core/local-time';
import { fromGlobalId, parsePage, toConnection, type Connection } from '../../core/relay';
import { txOf, type Context, type Viewer } from '../../server/context';
import { Role } from '../account/role';
import type { OrganisationService } from '../organisation/organisation.service';
import { starsFor } from '../record/stars';
import { isCalendarDate } from '../volunteer/id-number';
import type { Volunteer } from '../volunteer/volunteer.entity';
import type { VolunteerService } from '../volunteer/volunteer.service';
import { Benefit, BenefitRedemption } from './incentive.entity';
import type { BenefitCreateInput, BenefitRedeemInput, BenefitRedemptionUseInput, BenefitUpdateInput, BenefitsArgs } from './incentive.inputs';

/**
 * The benefit catalogue. A redemption runs under the benefit's row lock, so the stars, the quota
 * and the per-person limit hold however many volunteers redeem at once.
 */
export class IncentiveService {
  constructor(
    private readonly config: Config,
    private readonly organisations: OrganisationService,
    private readonly volunteers: VolunteerService,
  ) {}

  async create(ctx: Context, viewer: Viewer, input: BenefitCreateInput): Promise<Benefit> {
    const tx = txOf(ctx);
    let providerId = input.providerOrganisationId ? (await this.organisations.require(tx, ['input', 'providerOrganisationId'], input.providerOrganisationId)).id : null;
    if (viewer.account.role === Role.PARTNER) {
      if (providerId !== null && providerId !== viewer.account.organisationId) throw forbidden('a partner lists benefits of its own organisation');
      providerId = viewer.account.organisationId;
    }
    for (const field of ['validFrom', 'validUntil'] as const) if (!isCalendarDate(input[field])) fail(ErrorCode.INVALID, ['input', field], 'not a calendar date');
    if (input.validUntil < input.validFrom) fail(ErrorCode.INVALID, ['input', 'validUntil'], 'it ends before it starts');
    return tx.save(
      tx.create(Benefit, {
        name: input.name.trim(),
        description: input.description?.trim() || null,
        providerOrganisationId: providerId,
        minStars: input.minStars,
        quota: input.quota,
        redeemedCount: 0,
        perPersonLimit: input.perPersonLimit ?? 1,
        validFrom: input.validFrom,
        validUntil: input.validUntil,
        active: true,
        createdById: viewer.account.id,
      }),
    );
  }

  async update(ctx: Context, viewer: Viewer, input: BenefitUpdateInput): Promise<Benefit> {
    const tx = txOf(ctx);
    const benefit = await this.lock(tx, ['input', 'id'], input.id);
    this.assertManager(viewer, benefit);
    if (input.quota != null) {
      if (input.quota < benefit.redeemedCount) fail(ErrorCode.INVALID, ['input', 'quota'], `${benefit.redeemedCount} were given out already`);
      benefit.quota = input.quota;
    }
    if (input.validUntil != null) {
      if (!isCalendarDate(input.validUntil) || input.validUntil < benefit.validFrom) fail(ErrorCode.INVALID, ['input', 'validUntil'], 'a calendar date on or after its first day');
      benefit.validUntil = input.validUntil;
    }
    if (input.active != null) benefit.active = input.active;
    return tx.save(Benefit, benefit);
  }

  async redeem(ctx: Context, viewer: Viewer, input: BenefitRedeemInput): Promise<BenefitRedemption> {
    const tx = txOf(ctx);
    const volunteer = await this.volunteers.requireServing(tx, viewer);
    const benefit = await this.lock(tx, ['input', 'benefitId'], input.benefitId);
    const problem = await this.ineligibility(tx, benefit, volunteer);
    if (problem) fail(problem.code, ['input', 'benefitId'], problem.message);
    await tx.increment(Benefit, { id: benefit.id }, 'redeemedCount', 1);
    const redemption = tx.create(BenefitRedemption, { benefitId: benefit.id, volunteerId: volunteer.id, code: randomBytes(6).toString('hex').toUpperCase(), usedAt: null });
    await tx.insert(BenefitRedemption, redemption);
    return tx.findOneByOrFail(BenefitRedemption, { id: redemption.id });
  }

  /** The provider (or whoever listed it) takes the voucher; it cannot be used twice. */
  async use(ctx: Context, viewer: Viewer, input: BenefitRedemptionUseInput): Promise<BenefitRedemption> {
    const tx = txOf(ctx);
    const redemption = await tx.findOneBy(BenefitRedemption, { code: input.code.trim().toUpperCase() });
    if (!redemption) fail(ErrorCode.NOT_FOUND, ['input', 'code'], 'no such voucher');
    this.assertManager(viewer, await tx.findOneByOrFail(Benefit, { id: redemption.benefitId }));
    const used = await tx.createQueryBuilder().update(BenefitRedemption).set({ usedAt: new Date() }).where('id = :id AND usedAt IS NULL', { id: redemption.id }).execute();
    if (used.affected !== 1) fail(ErrorCode.CONFLICT, ['input', 'code'], 'the voucher was used already');
    return tx.findOneByOrFail(BenefitRedemption, { id: redemption.id });
  }

  /** The catalogue, newest first; `eligible` keeps what the viewer may redeem now. */
  async list(ctx: Context, viewer: Viewer, args: BenefitsArgs): Promise<Connection<Benefit>> {
    const page = parsePage(args);
    const query = ctx.db.getRepository(Benefit).createQueryBuilder('b').where('b.active = :active', { active: true });
    if (args.eligible) {
      const volunteer = await ctx.loaders.volunteer.byAccountId.load(viewer.account.id);
      const today = this.today();
      query.andWhere('b.validFrom <= :today AND b.validUntil >= :today AND b.redeemedCount < b.quota AND b.minStars <= :stars', { today, stars: volunteer ? this.starsOf(volunteer) : -1 });
      if (volunteer) query.andWhere('(SELECT COUNT(*) FROM benefit_redemption br WHERE br.benefitId = b.id AND br.volunteerId = :me) < b.perPersonLimit', { me: volunteer.id });
    }
    const pageQuery = query.clone();
    if (page.afterKey !== null) pageQuery.andWhere('b.id < :afterKey', { afterKey: page.afterKey });
    const rows = await pageQuery.orderBy('b.id', 'DESC').take(page.limit + 1).getMany();
    return toConnection(rows, page, (b) => b.id, () => query.getCount());
  }

  async mine(ctx: Context, viewer: Viewer): Promise<BenefitRedemption[]> {
    const volunteer = await ctx.loaders.volunteer.byAccountId.load(viewer.account.id);
    return volunteer ? ctx.db.getRepository(BenefitRedemption).find({ where: { volunteerId: volunteer.id }, order: { id: 'DESC' } }) : [];
  }

  /** A benefit's redemption history, for its provider, whoever listed it and admins. */
  async redemptions(ctx: Context, benefit: Benefit): Promise<BenefitRedemption[]> {
    if (!ctx.viewer) return [];
    this.assertManager(ctx.viewer, benefit);
    return ctx.db.getRepository(BenefitRedemption).find({ where: { benefitId: benefit.id }, order: { id: 'ASC' } });
  }

  /** Why the volunteer may not redeem it now, or null. */
  async ineligibility(manager: EntityManager, benefit: Benefit, volunteer: Volunteer): Promise<{ code: ErrorCode; message: string } | null> {
    const today = this.today();
    if (!benefit.active || today < benefit.validFrom || today > benefit.validUntil) return { code: ErrorCode.CONFLICT, message: `it is offered from ${benefit.validFrom} to ${benefit.validUntil}` };
    const stars = this.starsOf(volunteer);
    if (stars < benefit.minStars) return { code: ErrorCode.FORBIDDEN, message: `it needs ${benefit.minStars} stars; you have ${stars}` };
    const held = await current(manager.getRepository(BenefitRedemption).createQueryBuilder('r').where('r.benefitId = :b AND r.volunteerId = :v', { b: benefit.id, v: volunteer.id })).getCount();
    if (held >= benefit.perPersonLimit) return { code: ErrorCode.LIMIT_EXCEEDED, message: 'you have redeemed it as often as one may' };
    if (benefit.redeemedCount >= benefit.quota) return { code: ErrorCode.LIMIT_EXCEEDED, message: `all ${benefit.quota} have been given out` };
    return null;
  }

  assertManager(viewer: Viewer, benefit: Benefit): void {
    const { role, id, organisationId } = viewer.account;
    const provider = role === Role.PARTNER && organisationId !== null && organisationId === benefit.providerOrganisationId;
    if (role !== Role.PLATFORM_ADMIN && id !== benefit.createdById && !provider) throw forbidden('only the provider and whoever listed it manage a benefit');
  }

  starsOf(volunteer: Volunteer): number {
    return starsFor(volunteer.certifiedMinutes / 60, this.config.starThresholdsHours);
  }

  private today(): string {
    return localClock(new Date(), this.config.timeZone).date;
  }

  /** The benefit, locked and current: redemptions of one benefit happen one at a time, on fresh counts. */
  private async lock(tx: EntityManager, field: string[], globalId: string): Promise<Benefit> {
    const decoded = fromGlobalId(globalId, ['Benefit']);
    if (!decoded) fail(ErrorCode.INVALID, field, 'not a benefit id');
    const benefit = await lockRow(tx, Benefit, decoded.id);
    if (!benefit) fail(ErrorCode.NOT_FOUND, field, 'no such benefit');
    return benefit;
  }
}
