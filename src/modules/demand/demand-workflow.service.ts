import type { DataSource, EntityManager } from 'typeorm';
import type { Config } from '../../config';
import { isMysql } from '../../core/database';
import { ErrorCode, UserInputError, fail, forbidden } from '../../core/errors';
import { logger } from '../../core/logger';
import { runInTransaction } from '../../core/transaction';
import { txOf, type Context, type Viewer } from '../../server/context';
import { Role } from '../account/role';
import { ServiceLevel } from '../category/category.entity';
import { DemandOffer } from '../offer/offer.entity';
import { OfferStatus } from '../offer/offer.enums';
import { createOffers, offerAudience, settleOffers, withdrawPending } from '../offer/offer.store';
import type { OfferTargets } from '../offer/offer-targets';
import type { RecordService } from '../record/record.service';
import type { VolunteerService } from '../volunteer/volunteer.service';
import type { Audience } from './demand-event.entity';
import { appendDemandEvent } from './demand-event.log';
import { Demand } from './demand.entity';
import { DemandEventReason, DemandStatus, HandlingLevel } from './demand.enums';
import type { DemandCloseInput, DemandDispatchInput, DemandTransitionInput } from './demand.inputs';
import { isHandler, isRequester, isResponder, type VolunteerRelation } from './demand.access';
import { OPEN_STATUSES, TRANSITIONS, escalatedLevel, nextStatus, type DemandAction } from './demand.state-machine';
import { checkPhotoUrls, type DemandService } from './demand.service';

interface Step {
  action: DemandAction;
  /** Throws FORBIDDEN when this viewer may not take the step on this demand. */
  authorize(viewer: Viewer, demand: Demand, gridPath: string, relation: VolunteerRelation): void;
  /** Input checks that depend on the demand (after the status check), and the columns to change. */
  prepare?(demand: Demand): Partial<Demand> | Promise<Partial<Demand>>;
  note?: string | null;
  data?: Record<string, unknown>;
  reason?: DemandEventReason;
  /** Writes beside the demand row, after the conditional update won; returns who else hears of the event. */
  after?(tx: EntityManager, demand: Demand): Promise<Audience[] | void>;
}

const handler = (what: string) => (viewer: Viewer, demand: Demand, gridPath: string) => {
  if (!isHandler(viewer, demand, gridPath)) throw forbidden(`only a dispatcher of the ${demand.handlingLevel} level may ${what} this demand`);
};
const requester = (what: string) => (viewer: Viewer, demand: Demand) => {
  if (!isRequester(viewer, demand)) throw forbidden(`only the requester may ${what} this demand`);
};
const responder = (what: string) => (viewer: Viewer, demand: Demand) => {
  if (!isResponder(viewer, demand)) throw forbidden(`only the assigned responder may ${what} this demand`);
};

/**
 * The workflow's transitions. Each one: authorize, check the state machine, then a conditional
 * update (`WHERE id = ? AND version = ?`) so that of racing callers exactly one wins, then one
 * event row in the same transaction, published after commit.
 */
export class DemandWorkflowService {
  constructor(
    private readonly demands: DemandService,
    private readonly volunteers: VolunteerService,
    private readonly targets: OfferTargets,
    private readonly records: RecordService,
    private readonly config: Config,
  ) {}

  accept(ctx: Context, viewer: Viewer, input: DemandTransitionInput) {
    return this.run(ctx, viewer, input.id, { action: 'accept', authorize: handler('accept'), note: clean(input.note) });
  }

  reject(ctx: Context, viewer: Viewer, input: DemandTransitionInput) {
    const reason = required(input.note, 'give the reason for rejecting; the requester sees it');
    return this.run(ctx, viewer, input.id, { action: 'reject', authorize: handler('reject'), note: reason, prepare: () => ({ rejectionReason: reason }) });
  }

  /** 派单 and 送单: open recruitment, named volunteers, a team's members, or the best candidates (auto-dispatch). */
  dispatch(ctx: Context, viewer: Viewer, input: DemandDispatchInput) {
    const tx = txOf(ctx);
    const step: Step = {
      action: 'dispatch',
      authorize: handler('dispatch'),
      note: clean(input.note),
      prepare: async (demand) => {
        const chosen = await this.targets.forDispatch(tx, demand, input);
        step.data = { volunteerIds: chosen.targets.map((t) => t.accountId), teamId: chosen.teamId, openRecruitment: Boolean(input.openRecruitment), autoDispatch: Boolean(input.autoDispatch) };
        step.after = async (t, d) => offerAudience(await createOffers(t, d.id, chosen.targets, 1, viewer.account.id, this.config.offer.ttlSeconds));
        return { dispatchOpen: Boolean(input.openRecruitment), dispatchTeamId: chosen.teamId, autoDispatch: Boolean(input.autoDispatch), offerRound: 1, responderId: null };
      },
    };
    return this.run(ctx, viewer, input.id, step);
  }

  /** A volunteer takes the demand: under open recruitment, or by accepting the offer they hold. */
  async claim(ctx: Context, viewer: Viewer, input: DemandTransitionInput) {
    await this.volunteers.requireServing(txOf(ctx), viewer);
    let accepted: DemandOffer | null = null;
    return this.run(ctx, viewer, input.id, {
      action: 'claim',
      note: clean(input.note),
      authorize: (v, demand, _gridPath, relation) => {
        const offered = relation.offer?.status === OfferStatus.PENDING && relation.offer.expiresAt.getTime() > Date.now();
        if (v.account.role !== Role.VOLUNTEER || !(demand.dispatchOpen || offered)) throw forbidden('only a volunteer it is offered to may claim this demand');
        if (offered) accepted = relation.offer;
      },
      prepare: () => ({ responderId: viewer.account.id, escalateAt: null }),
      // Their own offer becomes ACCEPTED; every other pending one is withdrawn (see applyTransition).
      after: async (tx) => (accepted ? offerAudience(await settleOffers(tx, [accepted], OfferStatus.ACCEPTED)) : []),
    });
  }

  start(ctx: Context, viewer: Viewer, input: DemandTransitionInput) {
    return this.run(ctx, viewer, input.id, { action: 'start', authorize: responder('start'), note: clean(input.note) });
  }

  complete(ctx: Context, viewer: Viewer, input: DemandTransitionInput) {
    checkPhotoUrls(input.photoUrls, ['input', 'photoUrls']);
    const note = clean(input.note);
    return this.run(ctx, viewer, input.id, {
      action: 'complete',
      authorize: responder('complete'),
      note,
      prepare: () => ({ completionNote: note, completionPhotos: input.photoUrls ?? [], completedAt: new Date() }),
      // The responder's time becomes a PENDING service record for the demand's handlers to certify.
      after: async (tx, demand) => {
        await this.records.forCompletedDemand(tx, await tx.findOneByOrFail(Demand, { id: demand.id }));
      },
    });
  }

  close(ctx: Context, viewer: Viewer, input: DemandCloseInput) {
    const feedback = clean(input.feedback);
    return this.run(ctx, viewer, input.id, {
      action: 'close',
      authorize: requester('close'),
      note: feedback,
      data: { rating: input.rating },
      prepare: () => ({ rating: input.rating, feedback, closedAt: new Date() }),
    });
  }

  reopen(ctx: Context, viewer: Viewer, input: DemandTransitionInput) {
    const reason = required(input.note, 'say what is not fixed; the handler sees it');
    return this.run(ctx, viewer, input.id, {
      action: 'reopen',
      authorize: requester('reopen'),
      note: reason,
      prepare: async (demand) => {
        const deadline = (demand.completedAt?.getTime() ?? 0) + this.config.demand.reopenDays * 86_400_000;
        if (Date.now() > deadline) fail(ErrorCode.CONFLICT, ['input', 'id'], `the ${this.config.demand.reopenDays}-day window to reopen closed on ${new Date(deadline).toISOString()}`);
        const escalateAt = await levelDeadline(txOf(ctx), demand, demand.handlingLevel);
        return { responderId: null, dispatchOpen: false, dispatchTeamId: null, autoDispatch: false, completedAt: null, closedAt: null, rating: null, feedback: null, escalateAt };
      },
    });
  }

  cancel(ctx: Context, viewer: Viewer, input: DemandTransitionInput) {
    return this.run(ctx, viewer, input.id, { action: 'cancel', authorize: requester('cancel'), note: clean(input.note) });
  }

  escalate(ctx: Context, viewer: Viewer, input: DemandTransitionInput) {
    const reason = required(input.note, 'give the reason for escalating');
    return this.run(ctx, viewer, input.id, { action: 'escalate', authorize: handler('escalate'), note: reason, prepare: (demand) => escalation(txOf(ctx), demand) });
  }

  private async run(ctx: Context, viewer: Viewer, globalId: string, step: Step): Promise<Demand> {
    const tx = txOf(ctx);
    const { demand, gridPath, relation } = await this.demands.requireForAction(ctx, viewer, tx, globalId);
    step.authorize(viewer, demand, gridPath, relation);
    const updated = await applyTransition(tx, demand, step, viewer.account.id);
    ctx.afterCommit.push(() => ctx.services.feed.notify(updated.eventId));
    return updated.demand;
  }
}

/**
 * The state machine check, the conditional update and the event: shared by mutations and the
 * sweeper. Offers are only pending while a demand is DISPATCHED, so leaving it withdraws them and
 * their holders hear of it with the event.
 */
async function applyTransition(tx: EntityManager, demand: Demand, step: Omit<Step, 'authorize'>, actorId: number | null) {
  const to = nextStatus(step.action, demand.status);
  if (to === null) fail(ErrorCode.CONFLICT, ['input', 'id'], `cannot ${step.action} a demand that is ${demand.status}`);
  const changes = (await step.prepare?.(demand)) ?? {};
  const result = await tx
    .createQueryBuilder()
    .update(Demand)
    .set({ ...changes, status: to, version: () => 'version + 1' })
    .where('id = :id AND version = :version', { id: demand.id, version: demand.version })
    .execute();
  if (result.affected !== 1) {
    // MySQL: a locking read, because this transaction's snapshot still shows the old status.
    // SQLite serialises writers, so the plain read is already current.
    const query = tx.getRepository(Demand).createQueryBuilder('d').select('d.status', 'status').where('d.id = :id', { id: demand.id });
    if (isMysql(tx.connection)) query.setLock('pessimistic_write'); // FOR UPDATE: MariaDB has no FOR SHARE
    const current = await query.getRawOne<{ status: DemandStatus }>();
    fail(ErrorCode.CONFLICT, ['input', 'id'], `the demand changed meanwhile; it is now ${current?.status ?? 'gone'}`);
  }
  const audience = (await step.after?.(tx, demand)) ?? [];
  if (demand.status === DemandStatus.DISPATCHED && to !== DemandStatus.DISPATCHED) audience.push(...offerAudience(await withdrawPending(tx, demand.id)));
  // Read back before taking the log position: the event_sequence lock is then held for the event only.
  const updated = await tx.findOneByOrFail(Demand, { id: demand.id });
  const event = await appendDemandEvent(tx, {
    demandId: demand.id,
    type: TRANSITIONS[step.action].event,
    fromStatus: demand.status,
    toStatus: to,
    actorId,
    note: step.note ?? null,
    reason: step.reason,
    data: { ...(step.data ?? {}), ...(changes.handlingLevel ? { handlingLevel: changes.handlingLevel } : {}) },
    audience,
  });
  return { demand: updated, eventId: event.id };
}

/** The next handling level and its deadline; CONFLICT at the district, which has none above. */
async function escalation(tx: EntityManager, demand: Demand): Promise<Partial<Demand>> {
  const level = escalatedLevel(demand.handlingLevel);
  if (!level) fail(ErrorCode.CONFLICT, ['input', 'id'], 'the demand is already handled at the DISTRICT level');
  return { handlingLevel: level, escalateAt: await levelDeadline(tx, demand, level) };
}

/** When a demand arriving at `level` now escalates by itself if still unassigned; null at the district. */
export async function levelDeadline(tx: EntityManager, demand: Pick<Demand, 'categoryId' | 'urgency'>, level: HandlingLevel): Promise<Date | null> {
  const serviceLevel = await tx.findOneByOrFail(ServiceLevel, { categoryId: demand.categoryId, urgency: demand.urgency });
  const minutes = serviceLevel.deadlineMinutes(level);
  return minutes === null ? null : new Date(Date.now() + minutes * 60_000);
}

/** A background task run on each sweep (offer expiry, ...); resolves with the number of events it wrote. */
export interface SweepTask {
  name: string;
  run(): Promise<number>;
}

/**
 * Deadlines nobody watches by hand: escalation of demands left unassigned past their level's
 * deadline, OVERDUE once when `dueAt` passes, and closing demands the requester left unrated.
 * State lives in the rows (`escalateAt`, `overdueAt`, `completedAt`), and each change is a
 * conditional update, so a restart loses nothing and several processes never double-write.
 */
export class DemandSweeper {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly db: DataSource,
    private readonly config: Config,
    private readonly notify: (eventId: number) => void,
    private readonly tasks: SweepTask[] = [],
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.sweep(), this.config.demand.sweepIntervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One pass; overlapping calls share the pass in progress. Resolves with the number of events written. */
  sweep(): Promise<number> {
    this.running ??= this.pass().finally(() => (this.running = null));
    return this.running;
  }

  private async pass(): Promise<number> {
    const tasks: SweepTask[] = [
      { name: 'escalation', run: () => this.escalateByDeadline() },
      { name: 'overdue', run: () => this.markOverdue() },
      { name: 'auto-close', run: () => this.autoClose() },
      ...this.tasks,
    ];
    let written = 0;
    for (const task of tasks) {
      try {
        written += await task.run();
      } catch (err) {
        logger.error({ component: 'sweeper', task: task.name, err }, 'sweep task failed');
      }
    }
    return written;
  }

  /** Community → street → district, one level per missed deadline, each an ESCALATED event with reason DEADLINE. */
  private async escalateByDeadline(): Promise<number> {
    let written = 0;
    const due = await this.db
      .getRepository(Demand)
      .createQueryBuilder('d')
      .where('d.escalateAt < :now AND d.status IN (:...unassigned) AND d.handlingLevel <> :top', { now: new Date(), unassigned: TRANSITIONS.escalate.from, top: HandlingLevel.DISTRICT })
      .orderBy('d.escalateAt', 'ASC')
      .limit(500)
      .getMany();
    for (const demand of due) {
      const eventId = await runInTransaction(this.db, async (tx) => {
        const from = demand.handlingLevel;
        const step = {
          action: 'escalate' as const,
          reason: DemandEventReason.DEADLINE,
          note: `not assigned within the ${from} level's handling deadline`,
          prepare: () => escalation(tx, demand),
        };
        return (await this.unlessChanged(() => applyTransition(tx, demand, step, null)))?.eventId ?? null;
      });
      if (eventId) {
        written += 1;
        this.notify(eventId);
      }
    }
    return written;
  }

  private async markOverdue(): Promise<number> {
    let written = 0;
    const due = await this.db
      .getRepository(Demand)
      .createQueryBuilder('d')
      .select('d.id', 'id')
      .where('d.status IN (:...open) AND d.dueAt < :now AND d.overdueAt IS NULL', { open: OPEN_STATUSES, now: new Date() })
      .orderBy('d.dueAt', 'ASC')
      .limit(500)
      .getRawMany<{ id: number }>();
    for (const { id } of due) {
      const eventId = await runInTransaction(this.db, async (tx) => {
        const claimed = await tx
          .createQueryBuilder()
          .update(Demand)
          .set({ overdueAt: new Date() })
          .where('id = :id AND overdueAt IS NULL AND status IN (:...open)', { id, open: OPEN_STATUSES })
          .execute();
        if (claimed.affected !== 1) return null; // another process, or the demand moved on
        const demand = await tx.findOneByOrFail(Demand, { id });
        const event = await appendDemandEvent(tx, {
          demandId: id,
          type: TRANSITIONS.overdue.event,
          fromStatus: demand.status,
          toStatus: demand.status,
          actorId: null,
          reason: DemandEventReason.DEADLINE,
          note: `due ${demand.dueAt.toISOString()}`,
        });
        return event.id;
      });
      if (eventId) {
        written += 1;
        this.notify(eventId);
      }
    }
    return written;
  }

  private async autoClose(): Promise<number> {
    let written = 0;
    const days = this.config.demand.autoCloseDays;
    const silent = await this.db
      .getRepository(Demand)
      .createQueryBuilder('d')
      .where('d.status = :completed AND d.completedAt < :before', { completed: DemandStatus.COMPLETED, before: new Date(Date.now() - days * 86_400_000) })
      .limit(500)
      .getMany();
    for (const demand of silent) {
      const eventId = await runInTransaction(this.db, async (tx) => {
        const step = { action: 'close' as const, reason: DemandEventReason.DEADLINE, note: `closed automatically after ${days} days without feedback`, prepare: () => ({ closedAt: new Date() }) };
        return (await this.unlessChanged(() => applyTransition(tx, demand, step, null)))?.eventId ?? null;
      });
      if (eventId) {
        written += 1;
        this.notify(eventId);
      }
    }
    return written;
  }

  /** CONFLICT means a person (or another process) moved the demand on meanwhile: nothing to do. */
  private async unlessChanged<T>(work: () => Promise<T>): Promise<T | null> {
    try {
      return await work();
    } catch (err) {
      if (err instanceof UserInputError) return null;
      throw err;
    }
  }
}

function clean(text: string | null | undefined): string | null {
  return text?.trim() || null;
}

function required(text: string | null | undefined, message: string): string {
  const value = clean(text);
  if (!value) fail(ErrorCode.INVALID, ['input', 'note'], message);
  return value;
}
