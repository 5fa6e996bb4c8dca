import type { DataSource, EntityManager } from 'typeorm';
import { lockRow } from '../../core/database';
import type { Config } from '../../config';
import { ErrorCode, badInput, fail, forbidden, limitExceeded } from '../../core/errors';
import { MAX_PAGE_SIZE, fromGlobalId, parsePage, toConnection, toGlobalId, type Connection } from '../../core/relay';
import { runInTransaction } from '../../core/transaction';
import { txOf, type Context, type Viewer } from '../../server/context';
import { Role } from '../account/role';
import { appendDemandEvent } from '../demand/demand-event.log';
import type { DemandWorkflowService, SweepTask } from '../demand/demand-workflow.service';
import { Demand } from '../demand/demand.entity';
import { DemandEventReason, DemandEventType, DemandStatus } from '../demand/demand.enums';
import type { DemandService } from '../demand/demand.service';
import { isHandler } from '../demand/demand.access';
import { Region } from '../region/region.entity';
import type { MatchingService } from './matching.service';
import type { OfferTargets, TargetRequest } from './offer-targets';
import { DemandOffer } from './offer.entity';
import { CandidateKind, OfferStatus } from './offer.enums';
import type { MyOffersArgs, OfferAcceptInput, OfferCreateInput, OfferDeclineInput } from './offer.inputs';
import { createOffers, lockDemand, offerAudience, pendingOffers, settleOffers, type OfferTarget } from './offer.store';
import { DemandCandidate } from './offer.types';

/**
 * Pushed offers (送单): accept (the first accept claims the demand; the other holders are told
 * live), decline (never offered that demand again), expiry, and auto-dispatch rounds. Every change
 * is an event on the demand's log whose audience includes each holder's offers topic.
 */
export class OfferService {
  constructor(
    private readonly db: DataSource,
    private readonly config: Config,
    private readonly demands: DemandService,
    private readonly workflow: DemandWorkflowService,
    private readonly targets: OfferTargets,
    private readonly matching: MatchingService,
    private readonly notify: (eventId: number) => void,
  ) {}

  /** The first accept wins the demand; a later one, or one past the expiry, is CONFLICT. */
  async accept(ctx: Context, viewer: Viewer, input: OfferAcceptInput): Promise<{ offer: DemandOffer; demand: Demand }> {
    const tx = txOf(ctx);
    const offer = await this.requireOwn(tx, viewer, input.id);
    assertOpen(offer);
    const demand = await this.workflow.claim(ctx, viewer, { id: toGlobalId('Demand', offer.demandId) });
    return { offer: await tx.findOneByOrFail(DemandOffer, { id: offer.id }), demand };
  }

  async decline(ctx: Context, viewer: Viewer, input: OfferDeclineInput): Promise<{ offer: DemandOffer; demand: Demand }> {
    const tx = txOf(ctx);
    const claimed = await this.requireOwn(tx, viewer, input.id);
    await lockDemand(tx, claimed.demandId);
    // Read again under the lock, as committed now: an accept may have withdrawn it meanwhile.
    const offer = (await lockRow(tx, DemandOffer, claimed.id))!;
    assertOpen(offer);
    const reason = input.reason?.trim() || null;
    await settleOffers(tx, [offer], OfferStatus.DECLINED, { declineReason: reason });
    const demand = (await lockRow(tx, Demand, offer.demandId))!;
    let eventId = (
      await appendDemandEvent(tx, { demandId: demand.id, type: DemandEventType.OFFER_DECLINED, fromStatus: demand.status, toStatus: demand.status, actorId: viewer.account.id, note: reason, data: { offerId: offer.id } })
    ).id;
    eventId = (await this.autoDispatchIfIdle(tx, demand)) ?? eventId;
    ctx.afterCommit.push(() => this.notify(eventId));
    return { offer, demand: await tx.findOneByOrFail(Demand, { id: demand.id }) };
  }

  /** A dispatcher offers a DISPATCHED demand to more volunteers. */
  async createMore(ctx: Context, viewer: Viewer, input: OfferCreateInput): Promise<{ offers: DemandOffer[]; demand: Demand }> {
    const tx = txOf(ctx);
    const { demand, gridPath } = await this.demands.requireForAction(ctx, viewer, tx, input.demandId);
    if (!isHandler(viewer, demand, gridPath)) throw forbidden(`only a dispatcher of the ${demand.handlingLevel} level may offer this demand`);
    if (demand.status !== DemandStatus.DISPATCHED) fail(ErrorCode.CONFLICT, ['input', 'demandId'], `only a DISPATCHED demand can be offered to more volunteers; it is ${demand.status}`);
    const request: TargetRequest = { volunteerIds: input.volunteerIds, teamId: input.teamId, candidates: input.candidates };
    const { targets } = await this.targets.resolve(tx, demand, request);
    if (!targets.length) fail(ErrorCode.INVALID, ['input'], input.candidates ? 'no further candidate can take it now' : 'name volunteers, a team or a number of candidates');
    const round = await this.addRound(tx, demand, targets, viewer.account.id, DemandEventReason.MANUAL, input.note?.trim() || null);
    if (!round) fail(ErrorCode.CONFLICT, ['input', 'demandId'], 'the demand changed meanwhile; read it again');
    ctx.afterCommit.push(() => this.notify(round.eventId));
    return { offers: round.offers, demand: await tx.findOneByOrFail(Demand, { id: demand.id }) };
  }

  /** The viewer's offers, newest first; PENDING ones past their expiry are not listed as pending. */
  async mine(ctx: Context, viewer: Viewer, args: MyOffersArgs): Promise<Connection<DemandOffer>> {
    const page = parsePage(args);
    const statuses = args.status?.length ? args.status : [OfferStatus.PENDING];
    const query = ctx.db.getRepository(DemandOffer).createQueryBuilder('o').where('o.accountId = :me', { me: viewer.account.id });
    const wanted = statuses.filter((s) => s !== OfferStatus.EXPIRED && s !== OfferStatus.PENDING);
    const clauses = wanted.length ? ['o.status IN (:...wanted)'] : [];
    if (statuses.includes(OfferStatus.PENDING)) clauses.push('(o.status = :pending AND o.expiresAt > :now)');
    if (statuses.includes(OfferStatus.EXPIRED)) clauses.push('o.status = :expired', '(o.status = :pending AND o.expiresAt <= :now)');
    query.andWhere(`(${clauses.join(' OR ')})`, { wanted, pending: OfferStatus.PENDING, expired: OfferStatus.EXPIRED, now: new Date() });
    const pageQuery = query.clone();
    if (page.afterKey !== null) pageQuery.andWhere('o.id < :afterKey', { afterKey: page.afterKey });
    const rows = await pageQuery.orderBy('o.id', 'DESC').take(page.limit + 1).getMany();
    return toConnection(rows, page, (o) => o.id, () => query.getCount());
  }

  /** `Demand.offers`: every offer for its handlers, the viewer's own for a volunteer. */
  async ofDemand(ctx: Context, demand: Demand): Promise<DemandOffer[]> {
    const viewer = ctx.viewer;
    if (!viewer) return [];
    const offers = await ctx.loaders.demand.offers.load(demand.id);
    if (viewer.account.role === Role.VOLUNTEER) return offers.filter((o) => o.accountId === viewer.account.id);
    const grid = await ctx.loaders.region.byId.load(demand.gridId);
    return grid && (isHandler(viewer, demand, grid.path) || viewer.account.role === Role.PLATFORM_ADMIN) ? offers : [];
  }

  /** For `node(id)`: the offered volunteer and the demand's handlers. */
  async byId(ctx: Context, id: number): Promise<DemandOffer | null> {
    const offer = await ctx.db.getRepository(DemandOffer).findOneBy({ id });
    if (!offer || !ctx.viewer) return null;
    if (offer.accountId === ctx.viewer.account.id) return offer;
    const demand = await ctx.loaders.demand.byId.load(offer.demandId);
    const grid = demand ? await ctx.loaders.region.byId.load(demand.gridId) : null;
    if (!demand || !grid || !isHandler(ctx.viewer, demand, grid.path)) throw forbidden('the offer is not yours');
    return offer;
  }

  /** `demandCandidates`: for the demand's handlers. */
  async candidates(ctx: Context, viewer: Viewer, demandId: string, first: number, kinds: CandidateKind[] | null): Promise<DemandCandidate[]> {
    if (first < 0) throw badInput('`first` must not be negative');
    if (first > MAX_PAGE_SIZE) throw limitExceeded(`\`first\` may be at most ${MAX_PAGE_SIZE}`);
    const decoded = fromGlobalId(demandId, ['Demand']);
    const demand = decoded ? await ctx.db.getRepository(Demand).findOneBy({ id: decoded.id }) : null;
    if (!demand) throw badInput('demandId: no such demand');
    const grid = await ctx.db.getRepository(Region).findOneByOrFail({ id: demand.gridId });
    if (!isHandler(viewer, demand, grid.path)) throw forbidden(`only a dispatcher of the ${demand.handlingLevel} level may match this demand`);
    const ranked = await this.matching.rank(ctx.db.manager, demand, first, kinds?.length ? kinds : [CandidateKind.VOLUNTEER, CandidateKind.TEAM]);
    return ranked.map((c, i) =>
      Object.assign(new DemandCandidate(), { rank: i + 1, kind: c.kind, score: c.score, distanceKm: c.distanceKm, availableNow: c.availableNow, reasons: c.reasons, volunteerId: c.volunteerId, teamId: c.teamId }),
    );
  }

  /** Sweeps expired offers and offers auto-dispatched demands that have none pending to the next candidates. */
  sweepTask(): SweepTask {
    return { name: 'offers', run: () => this.sweep() };
  }

  private async sweep(): Promise<number> {
    const now = new Date();
    const expiring = await this.db
      .getRepository(DemandOffer)
      .createQueryBuilder('o')
      .select('DISTINCT o.demandId', 'demandId')
      .where('o.status = :pending AND o.expiresAt <= :now', { pending: OfferStatus.PENDING, now })
      .limit(200)
      .getRawMany<{ demandId: number }>();
    const idle = await this.db
      .getRepository(Demand)
      .createQueryBuilder('d')
      .select('d.id', 'demandId')
      .where('d.status = :dispatched AND d.autoDispatch = :yes', { dispatched: DemandStatus.DISPATCHED, yes: true })
      .andWhere('NOT EXISTS (SELECT 1 FROM demand_offer p WHERE p.demandId = d.id AND p.status = :pending AND p.expiresAt > :now)', { pending: OfferStatus.PENDING, now })
      .limit(200)
      .getRawMany<{ demandId: number }>();
    const ids = [...new Set([...expiring, ...idle].map((r) => Number(r.demandId)))];
    let written = 0;
    for (const demandId of ids) {
      const eventId = await runInTransaction(this.db, (tx) => this.expire(tx, demandId));
      if (eventId) {
        written += 1;
        this.notify(eventId);
      }
    }
    return written;
  }

  /** One demand's expired offers become EXPIRED (their holders are told), then auto-dispatch may offer it on. */
  private async expire(tx: EntityManager, demandId: number): Promise<number | null> {
    await lockDemand(tx, demandId);
    const demand = (await lockRow(tx, Demand, demandId))!;
    const expired = await settleOffers(tx, await pendingOffers(tx, demandId, { expiredBy: new Date() }), OfferStatus.EXPIRED);
    let eventId: number | null = null;
    if (expired.length) {
      const event = await appendDemandEvent(tx, {
        demandId,
        type: DemandEventType.OFFERS_EXPIRED,
        fromStatus: demand.status,
        toStatus: demand.status,
        actorId: null,
        reason: DemandEventReason.DEADLINE,
        note: `${expired.length} offer(s) not answered within ${this.config.offer.ttlSeconds} s`,
        data: { offerIds: expired.map((o) => o.id) },
        audience: offerAudience(expired),
      });
      eventId = event.id;
    }
    return (await this.autoDispatchIfIdle(tx, demand)) ?? eventId;
  }

  /** With auto-dispatch on and no offer left pending, the next best candidates get it. */
  private async autoDispatchIfIdle(tx: EntityManager, demand: Demand): Promise<number | null> {
    if (demand.status !== DemandStatus.DISPATCHED || !demand.autoDispatch) return null;
    if ((await pendingOffers(tx, demand.id)).length) return null;
    const { targets } = await this.targets.resolve(tx, demand, { candidates: this.config.offer.autoDispatchBatch });
    if (!targets.length) return null;
    return (await this.addRound(tx, demand, targets, null, DemandEventReason.AUTO_DISPATCH, `offered to the next ${targets.length} candidate(s)`))?.eventId ?? null;
  }

  /**
   * A new round of offers while DISPATCHED. The round number is a conditional update, so two
   * processes never add the same round; it leaves the version alone, so a racing accept still wins.
   */
  private async addRound(tx: EntityManager, demand: Demand, targets: OfferTarget[], actorId: number | null, reason: DemandEventReason, note: string | null) {
    const bumped = await tx
      .createQueryBuilder()
      .update(Demand)
      .set({ offerRound: () => 'offerRound + 1' })
      .where('id = :id AND offerRound = :round AND status = :dispatched', { id: demand.id, round: demand.offerRound, dispatched: DemandStatus.DISPATCHED })
      .execute();
    if (bumped.affected !== 1) return null;
    const offers = await createOffers(tx, demand.id, targets, demand.offerRound + 1, actorId, this.config.offer.ttlSeconds);
    const event = await appendDemandEvent(tx, {
      demandId: demand.id,
      type: DemandEventType.OFFERED,
      fromStatus: demand.status,
      toStatus: demand.status,
      actorId,
      reason,
      note,
      data: { round: demand.offerRound + 1, volunteerIds: targets.map((t) => t.accountId) },
      audience: offerAudience(offers),
    });
    return { offers, eventId: event.id };
  }

  private async requireOwn(tx: EntityManager, viewer: Viewer, globalId: string): Promise<DemandOffer> {
    const decoded = fromGlobalId(globalId, ['DemandOffer']);
    if (!decoded) fail(ErrorCode.INVALID, ['input', 'id'], 'not an offer id');
    const offer = await tx.findOneBy(DemandOffer, { id: decoded.id });
    if (!offer) fail(ErrorCode.NOT_FOUND, ['input', 'id'], 'no such offer');
    if (offer.accountId !== viewer.account.id) throw forbidden('the offer is not yours');
    return offer;
  }
}

/** PENDING and not past its expiry (the sweeper may not have marked it yet). */
function assertOpen(offer: DemandOffer): void {
  if (offer.status !== OfferStatus.PENDING) fail(ErrorCode.CONFLICT, ['input', 'id'], `the offer is ${offer.status}`);
  if (offer.expiresAt.getTime() <= Date.now()) fail(ErrorCode.CONFLICT, ['input', 'id'], `the offer expired at ${offer.expiresAt.toISOString()}`);
}

