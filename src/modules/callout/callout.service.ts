import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { ErrorCode, fail, forbidden } from '../../core/errors';
import { encodeCursor, fromGlobalId } from '../../core/relay';
import { txOf, type Context, type Viewer } from '../../server/context';
import { covers } from '../../server/jurisdiction';
import { Role } from '../account/role';
import { DemandEventAudience } from '../demand/demand-event.entity';
import { appendDemandEvent, topics } from '../demand/demand-event.log';
import { isHandler } from '../demand/demand.access';
import { Demand } from '../demand/demand.entity';
import { DemandEventType } from '../demand/demand.enums';
import type { DemandService } from '../demand/demand.service';
import { OPEN_STATUSES } from '../demand/demand.state-machine';
import { Team } from '../team/team.entity';
import { TeamKind } from '../team/team.enums';
import type { TeamService } from '../team/team.service';
import { Volunteer } from '../volunteer/volunteer.entity';
import { EmergencyCallout, EmergencyCalloutMember, EmergencyCalloutTeam } from './callout.entity';
import { CalloutAnswer } from './callout.enums';
import type { EmergencyCalloutAnswerInput, EmergencyCalloutCreateInput } from './callout.inputs';
import { CalloutCounts } from './callout.types';

export function createCalloutLoaders(db: DataSource) {
  return {
    members: new DataLoader<number, EmergencyCalloutMember[]>(async (calloutIds) => {
      const rows = await db.getRepository(EmergencyCalloutMember).find({ where: { calloutId: In([...calloutIds]) }, order: { id: 'ASC' } });
      return calloutIds.map((id) => rows.filter((r) => r.calloutId === id));
    }),
    teamIds: new DataLoader<number, number[]>(async (calloutIds) => {
      const rows = await db.getRepository(EmergencyCalloutTeam).findBy({ calloutId: In([...calloutIds]) });
      return calloutIds.map((id) => rows.filter((r) => r.calloutId === id).map((r) => r.teamId));
    }),
    byDemand: new DataLoader<number, EmergencyCallout[]>(async (demandIds) => {
      const rows = await db.getRepository(EmergencyCallout).find({ where: { demandId: In([...demandIds]) }, order: { id: 'ASC' } });
      return demandIds.map((id) => rows.filter((r) => r.demandId === id));
    }),
  };
}

/**
 * Emergency call-out: every active member of the called emergency teams is alerted live (their
 * `callout-member` topic), answers COMING or CANNOT, and whoever watches the call-out (its `callout`
 * topic) sees the counts and the roster change live. Both are events on the demand's log.
 */
export class CalloutService {
  constructor(
    private readonly demands: DemandService,
    private readonly teams: TeamService,
  ) {}

  async create(ctx: Context, viewer: Viewer, input: EmergencyCalloutCreateInput): Promise<EmergencyCallout> {
    const tx = txOf(ctx);
    const { demand, gridPath } = await this.demands.requireForAction(ctx, viewer, tx, input.demandId);
    if (!isHandler(viewer, demand, gridPath)) throw forbidden(`only a dispatcher of the ${demand.handlingLevel} level may call out teams for this demand`);
    if (!OPEN_STATUSES.includes(demand.status)) fail(ErrorCode.CONFLICT, ['input', 'demandId'], `the demand is ${demand.status}`);
    const teamIds: number[] = [];
    for (const [i, globalId] of input.teamIds.entries()) {
      const field = ['input', 'teamIds', String(i)];
      const team = await this.teams.requireTeam(tx, field, globalId);
      if (team.kind !== TeamKind.EMERGENCY_TEAM) fail(ErrorCode.INVALID, field, `${team.name} is a ${team.kind}, not an EMERGENCY_TEAM`);
      if (!team.active) fail(ErrorCode.INVALID, field, `${team.name} is dissolved`);
      if (!teamIds.includes(team.id)) teamIds.push(team.id);
    }
    const members = new Map<number, Volunteer & { teamId: number }>();
    for (const m of await this.teams.servingMembers(tx, teamIds)) if (!members.has(m.id)) members.set(m.id, m);
    if (!members.size) fail(ErrorCode.INVALID, ['input', 'teamIds'], 'the teams have no active member to alert');
    const callout = await tx.save(tx.create(EmergencyCallout, { demandId: demand.id, message: input.message.trim(), createdById: viewer.account.id }));
    await tx.insert(EmergencyCalloutTeam, teamIds.map((teamId) => ({ calloutId: callout.id, teamId })));
    await tx.insert(
      EmergencyCalloutMember,
      [...members.values()].map((m) => ({ calloutId: callout.id, volunteerId: m.id, accountId: m.accountId, teamId: m.teamId, answer: CalloutAnswer.PENDING, note: null, answeredAt: null })),
    );
    const event = await appendDemandEvent(tx, {
      demandId: demand.id,
      type: DemandEventType.CALLOUT,
      fromStatus: demand.status,
      toStatus: demand.status,
      actorId: viewer.account.id,
      note: callout.message,
      data: { calloutId: callout.id, teamIds, invited: members.size },
      audience: [{ topic: topics.callout(callout.id), refId: callout.id }, ...[...members.values()].map((m) => ({ topic: topics.calloutMember(m.accountId), refId: callout.id }))],
    });
    ctx.afterCommit.push(() => ctx.services.feed.notify(event.id));
    return callout;
  }

  async answer(ctx: Context, viewer: Viewer, input: EmergencyCalloutAnswerInput): Promise<{ response: EmergencyCalloutMember; callout: EmergencyCallout }> {
    const tx = txOf(ctx);
    const decoded = fromGlobalId(input.calloutId, ['EmergencyCallout']);
    if (!decoded) fail(ErrorCode.INVALID, ['input', 'calloutId'], 'not a call-out id');
    const callout = await tx.findOneBy(EmergencyCallout, { id: decoded.id });
    if (!callout) fail(ErrorCode.NOT_FOUND, ['input', 'calloutId'], 'no such call-out');
    const response = await tx.findOneBy(EmergencyCalloutMember, { calloutId: callout.id, accountId: viewer.account.id });
    if (!response) throw forbidden('the call-out did not reach you');
    const demand = await tx.findOneByOrFail(Demand, { id: callout.demandId });
    if (!OPEN_STATUSES.includes(demand.status)) fail(ErrorCode.CONFLICT, ['input', 'calloutId'], `the demand is ${demand.status}; no answer is needed any more`);
    Object.assign(response, { answer: input.answer, note: input.note?.trim() || null, answeredAt: new Date() });
    await tx.save(EmergencyCalloutMember, response);
    const event = await appendDemandEvent(tx, {
      demandId: demand.id,
      type: DemandEventType.CALLOUT_ANSWERED,
      fromStatus: demand.status,
      toStatus: demand.status,
      actorId: viewer.account.id,
      note: response.note,
      data: { calloutId: callout.id, answer: input.answer },
      audience: [{ topic: topics.callout(callout.id), refId: callout.id }],
    });
    ctx.afterCommit.push(() => ctx.services.feed.notify(event.id));
    return { response, callout };
  }

  /** Who may watch a call-out: platform admins, dispatchers covering the demand's grid, and leaders and liaisons of the called teams. */
  async mayWatch(ctx: Context, viewer: Viewer, callout: EmergencyCallout): Promise<boolean> {
    const demand = await ctx.loaders.demand.byId.load(callout.demandId);
    const grid = demand ? await ctx.loaders.region.byId.load(demand.gridId) : null;
    if (!demand || !grid) return false;
    if (viewer.account.role === Role.PLATFORM_ADMIN || isHandler(viewer, demand, grid.path)) return true;
    if (viewer.account.role === Role.DISPATCHER && covers(viewer, grid.path)) return true;
    const me = viewer.account.role === Role.VOLUNTEER ? await ctx.loaders.volunteer.byAccountId.load(viewer.account.id) : null;
    if (!me) return false;
    const teams = (await ctx.loaders.team.byId.loadMany(await ctx.loaders.callout.teamIds.load(callout.id))).filter((t): t is Team => t instanceof Team);
    return teams.some((t) => t.leaderId === me.id || t.liaisonId === me.id);
  }

  /** Watchers see the call-out; members see it too (their own answer, the counts, not the roster). */
  async byId(ctx: Context, id: number): Promise<EmergencyCallout | null> {
    const callout = await ctx.db.getRepository(EmergencyCallout).findOneBy({ id });
    if (!callout || !ctx.viewer) return null;
    if (await this.mayWatch(ctx, ctx.viewer, callout)) return callout;
    if (await this.myResponse(ctx, callout)) return callout;
    throw forbidden('the call-out did not reach you');
  }

  /** For `emergencyCalloutUpdates`: the call-out, if the viewer may watch it. */
  async requireWatchable(ctx: Context, viewer: Viewer, globalId: string): Promise<EmergencyCallout> {
    const decoded = fromGlobalId(globalId, ['EmergencyCallout']);
    const callout = decoded ? await ctx.db.getRepository(EmergencyCallout).findOneBy({ id: decoded.id }) : null;
    if (!callout || !(await this.mayWatch(ctx, viewer, callout))) throw forbidden('you may not watch this call-out');
    return callout;
  }

  async counts(ctx: Context, callout: EmergencyCallout): Promise<CalloutCounts> {
    const members = await ctx.loaders.callout.members.load(callout.id);
    const count = (answer: CalloutAnswer) => members.filter((m) => m.answer === answer).length;
    return Object.assign(new CalloutCounts(), { invited: members.length, coming: count(CalloutAnswer.COMING), cannot: count(CalloutAnswer.CANNOT), pending: count(CalloutAnswer.PENDING) });
  }

  /** The roster (all answers, or only some) for watchers; members get only their own row. */
  async responses(ctx: Context, callout: EmergencyCallout, answers: CalloutAnswer[] | null): Promise<EmergencyCalloutMember[]> {
    const viewer = ctx.viewer;
    if (!viewer) return [];
    const members = await ctx.loaders.callout.members.load(callout.id);
    const visible = (await this.mayWatch(ctx, viewer, callout)) ? members : members.filter((m) => m.accountId === viewer.account.id);
    const picked = answers?.length ? visible.filter((m) => answers.includes(m.answer)) : visible;
    // Who is coming, in the order they said so.
    return [...picked].sort((a, b) => (a.answeredAt?.getTime() ?? Infinity) - (b.answeredAt?.getTime() ?? Infinity) || a.id - b.id);
  }

  async myResponse(ctx: Context, callout: EmergencyCallout): Promise<EmergencyCalloutMember | null> {
    if (!ctx.viewer) return null;
    return (await ctx.loaders.callout.members.load(callout.id)).find((m) => m.accountId === ctx.viewer!.account.id) ?? null;
  }

  /** The position of the call-out's latest event: subscribe with it as `after` to miss nothing. */
  async cursor(ctx: Context, callout: EmergencyCallout): Promise<string> {
    const row = await ctx.db
      .getRepository(DemandEventAudience)
      .createQueryBuilder('a')
      .select('MAX(a.eventId)', 'position')
      .where('a.topic = :topic', { topic: topics.callout(callout.id) })
      .getRawOne<{ position: number | null }>();
    return encodeCursor(Number(row?.position ?? 0));
  }

  /** Call-outs of a demand, for those who may watch them, or the member's own. */
  async ofDemand(ctx: Context, demand: Demand): Promise<EmergencyCallout[]> {
    const viewer = ctx.viewer;
    if (!viewer) return [];
    const all = await ctx.loaders.callout.byDemand.load(demand.id);
    const shown: EmergencyCallout[] = [];
    for (const c of all) if ((await this.mayWatch(ctx, viewer, c)) || (await this.myResponse(ctx, c))) shown.push(c);
    return shown;
  }
}
