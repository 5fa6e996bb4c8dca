import type { DataSource, EntityManager } from 'typeorm';
import type { Config } from '../../config';
import { isMysql } from '../../core/database';
import { ErrorCode, UserInputError, fail, forbidden } from '../../core/errors';
import { fromGlobalId } from '../../core/relay';
import { runInTransaction } from '../../core/transaction';
import { txOf, type Context, type Viewer } from '../../server/context';
import { Account } from '../account/account.entity';
import { Role } from '../account/role';
import { appendDemandEvent } from './demand-event.log';
import { Demand, DemandDispatchTarget } from './demand.entity';
import { DemandStatus } from './demand.enums';
import type { DemandCloseInput, DemandDispatchInput, DemandTransitionInput } from './demand.inputs';
import { isHandler, isRequester, isResponder } from './demand.access';
import { OPEN_STATUSES, TRANSITIONS, escalatedLevel, nextStatus, type DemandAction } from './demand.state-machine';
import { checkPhotoUrls, type DemandService } from './demand.service';

interface Step {
  action: DemandAction;
  /** Throws FORBIDDEN when this viewer may not take the step on this demand. */
  authorize(viewer: Viewer, demand: Demand, gridPath: string, isTarget: boolean): void;
  /** Input checks that depend on the demand (after the status check). */
  prepare?(demand: Demand): Partial<Demand> | Promise<Partial<Demand>>;
  note?: string | null;
  data?: Record<string, unknown>;
  /** Writes beside the demand row, after the conditional update won. */
  after?(tx: EntityManager, demand: Demand): Promise<void>;
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
    private readonly config: Config,
  ) {}

  accept(ctx: Context, viewer: Viewer, input: DemandTransitionInput) {
    return this.run(ctx, viewer, input.id, { action: 'accept', authorize: handler('accept'), note: clean(input.note) });
  }

  reject(ctx: Context, viewer: Viewer, input: DemandTransitionInput) {
    const reason = required(input.note, 'give the reason for rejecting; the requester sees it');
    return this.run(ctx, viewer, input.id, { action: 'reject', authorize: handler('reject'), note: reason, prepare: () => ({ rejectionReason: reason }) });
  }

  async dispatch(ctx: Context, viewer: Viewer, input: DemandDispatchInput) {
    const tx = txOf(ctx);
    const volunteers = await requireVolunteers(tx, input.volunteerIds ?? []);
    if (input.teamId) fail(ErrorCode.NOT_FOUND, ['input', 'teamId'], 'no such team');
    if (!volunteers.length && !input.openRecruitment) fail(ErrorCode.INVALID, ['input'], 'dispatch to volunteers, a team or open recruitment');
    return this.run(ctx, viewer, input.id, {
      action: 'dispatch',
      authorize: handler('dispatch'),
      note: clean(input.note),
      data: { volunteerIds: volunteers, openRecruitment: Boolean(input.openRecruitment) },
      prepare: () => ({ dispatchOpen: Boolean(input.openRecruitment), responderId: null }),
      after: async (t, demand) => {
        await t.delete(DemandDispatchTarget, { demandId: demand.id });
        if (volunteers.length) await t.insert(DemandDispatchTarget, volunteers.map((accountId) => ({ demandId: demand.id, accountId })));
      },
    });
  }

  claim(ctx: Context, viewer: Viewer, input: DemandTransitionInput) {
    return this.run(ctx, viewer, input.id, {
      action: 'claim',
      note: clean(input.note),
      authorize: (v, demand, _gridPath, isTarget) => {
        if (v.account.role !== Role.VOLUNTEER || !(demand.dispatchOpen || isTarget)) throw forbidden('only a volunteer it was dispatched to may claim this demand');
      },
      prepare: () => ({ responderId: viewer.account.id }),
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
      prepare: (demand) => {
        const deadline = (demand.completedAt?.getTime() ?? 0) + this.config.demand.reopenDays * 86_400_000;
        if (Date.now() > deadline) fail(ErrorCode.CONFLICT, ['input', 'id'], `the ${this.config.demand.reopenDays}-day window to reopen closed on ${new Date(deadline).toISOString()}`);
        return { responderId: null, dispatchOpen: false, completedAt: null, closedAt: null, rating: null, feedback: null };
      },
    });
  }

  cancel(ctx: Context, viewer: Viewer, input: DemandTransitionInput) {
    return this.run(ctx, viewer, input.id, { action: 'cancel', authorize: requester('cancel'), note: clean(input.note) });
  }

  escalate(ctx: Context, viewer: Viewer, input: DemandTransitionInput) {
    const reason = required(input.note, 'give the reason for escalating');
    return this.run(ctx, viewer, input.id, {
      action: 'escalate',
      authorize: handler('escalate'),
      note: reason,
      prepare: (demand) => {
        const level = escalatedLevel(demand.handlingLevel);
        if (!level) fail(ErrorCode.CONFLICT, ['input', 'id'], 'the demand is already handled at the DISTRICT level');
        return { handlingLevel: level };
      },
    });
  }

  private async run(ctx: Context, viewer: Viewer, globalId: string, step: Step): Promise<Demand> {
    const tx = txOf(ctx);
    const { demand, gridPath, isTarget } = await this.demands.requireForAction(ctx, viewer, tx, globalId);
    step.authorize(viewer, demand, gridPath, isTarget);
    const updated = await applyTransition(tx, demand, step, viewer.account.id);
    ctx.afterCommit.push(() => ctx.services.feed.notify(updated.eventId));
    return updated.demand;
  }
}

/** The state machine check, the conditional update and the event: shared by mutations and the sweeper. */
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
  await step.after?.(tx, demand);
  const event = await appendDemandEvent(tx, {
    demandId: demand.id,
    type: TRANSITIONS[step.action].event,
    fromStatus: demand.status,
    toStatus: to,
    actorId,
    note: step.note ?? null,
    data: { ...(step.data ?? {}), ...(changes.handlingLevel ? { handlingLevel: changes.handlingLevel } : {}) },
  });
  return { demand: await tx.findOneByOrFail(Demand, { id: demand.id }), eventId: event.id };
}

/**
 * Deadlines nobody watches by hand: OVERDUE once when `dueAt` passes, and closing demands the
 * requester left unrated. State lives in the rows (`overdueAt`, `completedAt`), and each change
 * is a conditional update, so a restart loses nothing and several processes never double-write.
 */
export class DemandSweeper {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly db: DataSource,
    private readonly config: Config,
    private readonly notify: (eventId: number) => void,
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

  /** One pass; overlapping calls share the pass in progress. */
  sweep(): Promise<void> {
    this.running ??= this.pass().finally(() => (this.running = null));
    return this.running;
  }

  private async pass(): Promise<void> {
    try {
      await this.markOverdue();
      await this.autoClose();
    } catch (err) {
      console.error('demand sweeper:', (err as Error).message);
    }
  }

  private async markOverdue(): Promise<void> {
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
        const event = await appendDemandEvent(tx, { demandId: id, type: TRANSITIONS.overdue.event, fromStatus: demand.status, toStatus: demand.status, actorId: null, note: `due ${demand.dueAt.toISOString()}` });
        return event.id;
      });
      if (eventId) this.notify(eventId);
    }
  }

  private async autoClose(): Promise<void> {
    const days = this.config.demand.autoCloseDays;
    const silent = await this.db
      .getRepository(Demand)
      .createQueryBuilder('d')
      .where('d.status = :completed AND d.completedAt < :before', { completed: DemandStatus.COMPLETED, before: new Date(Date.now() - days * 86_400_000) })
      .limit(500)
      .getMany();
    for (const demand of silent) {
      const eventId = await runInTransaction(this.db, async (tx) => {
        try {
          const step = { action: 'close' as const, note: `closed automatically after ${days} days without feedback`, prepare: () => ({ closedAt: new Date() }) };
          return (await applyTransition(tx, demand, step, null)).eventId;
        } catch (err) {
          if (err instanceof UserInputError) return null; // CONFLICT: the requester closed or reopened it meanwhile
          throw err;
        }
      });
      if (eventId) this.notify(eventId);
    }
  }
}

async function requireVolunteers(tx: EntityManager, globalIds: string[]): Promise<number[]> {
  const ids: number[] = [];
  for (const [i, globalId] of globalIds.entries()) {
    const decoded = fromGlobalId(globalId, ['Account']);
    if (!decoded) fail(ErrorCode.INVALID, ['input', 'volunteerIds', String(i)], 'not an account id');
    const account = await tx.findOneBy(Account, { id: decoded.id });
    if (!account || account.role !== Role.VOLUNTEER || account.disabledAt) fail(ErrorCode.NOT_FOUND, ['input', 'volunteerIds', String(i)], 'no such active volunteer');
    if (!ids.includes(account.id)) ids.push(account.id);
  }
  return ids;
}

function clean(text: string | null | undefined): string | null {
  return text?.trim() || null;
}

function required(text: string | null | undefined, message: string): string {
  const value = clean(text);
  if (!value) fail(ErrorCode.INVALID, ['input', 'note'], message);
  return value;
}
