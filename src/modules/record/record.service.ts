import type { Config } from '../../config';
import { In, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { isMysql } from '../../core/database';
import { ErrorCode, badInput, fail, forbidden } from '../../core/errors';
import { fromGlobalId, parsePage, toConnection, type Connection } from '../../core/relay';
import { txOf, type Context, type Viewer } from '../../server/context';
import { assertCovers, covers } from '../../server/jurisdiction';
import { Role } from '../account/role';
import { ServiceCategory } from '../category/category.entity';
import type { CategoryService } from '../category/category.service';
import { DemandEvent } from '../demand/demand-event.entity';
import type { Demand } from '../demand/demand.entity';
import { DemandEventType } from '../demand/demand.enums';
import { checkPhotoUrls } from '../demand/demand.service';
import { NoticeKind } from '../notice/notice.entity';
import type { NoticeService } from '../notice/notice.service';
import type { NewNotice } from '../notice/notice.log';
import type { Pairing, PairingVisit } from '../pairing/pairing.entity';
import { Vulnerability } from '../pairing/pairing.enums';
import type { Activity, ActivitySignup, Project } from '../project/project.entity';
import { Region } from '../region/region.entity';
import type { RegionService } from '../region/region.service';
import { Team } from '../team/team.entity';
import type { TeamService } from '../team/team.service';
import { EntryKind } from '../timebank/timebank.entity';
import { post } from '../timebank/timebank.ledger';
import { VolunteerAccess } from '../volunteer/volunteer.access';
import { Volunteer } from '../volunteer/volunteer.entity';
import type { VolunteerService } from '../volunteer/volunteer.service';
import { ServiceRecord } from './record.entity';
import { addCertifiedMinutes } from './leaderboard.rollup';
import { CorrectionStatus, RecordSource, RecordStatus } from './record.enums';
import type {
  CertifierRecordsArgs,
  ServiceRecordCorrectionRequestInput,
  ServiceRecordCorrectionResolveInput,
  ServiceRecordCreateInput,
  ServiceRecordDeclineInput,
  ServiceRecordsApproveInput,
  ServiceRecordsArgs,
} from './record.inputs';

/** The category a pairing visit counts under, by the household's need. */
export const VISIT_CATEGORY: Record<Vulnerability, string> = {
  ELDERLY_ALONE: 'ELDER_CARE',
  DISABLED: 'DISABILITY',
  LEFT_BEHIND_CHILD: 'CHILD_CARE',
  LOW_INCOME: 'POVERTY_RELIEF',
  SERIOUSLY_ILL: 'HEALTH',
  OTHER: 'CONVENIENCE',
};

/**
 * Service records: written as service happens (check-out, a demand completed, a visit) or by
 * hand; certified by whoever organised the service: the organising team's leader or liaison, or a
 * dispatcher whose scope covers where it happened. Approval counts the hours (stars, leaderboards)
 * and deposits time-bank credits in the same transaction.
 */
export class RecordService {
  constructor(
    private readonly config: Config,
    private readonly regions: RegionService,
    private readonly categories: CategoryService,
    private readonly teams: TeamService,
    private readonly volunteers: VolunteerService,
    private readonly notices: NoticeService,
  ) {}

  /** Check-out (or the organiser's marks): the time inside the activity's window; re-marking updates a PENDING record. */
  async forAttendance(tx: EntityManager, signup: ActivitySignup, activity: Activity, project: Project, needsReview: boolean): Promise<ServiceRecord | null> {
    if (!signup.checkedInAt || !signup.checkedOutAt) return null;
    const startedAt = new Date(Math.max(signup.checkedInAt.getTime(), activity.startsAt.getTime()));
    const endedAt = new Date(Math.min(signup.checkedOutAt.getTime(), activity.endsAt.getTime()));
    const minutes = Math.max(0, Math.round((endedAt.getTime() - startedAt.getTime()) / 60_000));
    const existing = await tx.findOneBy(ServiceRecord, { activitySignupId: signup.id });
    if (existing) {
      if (existing.status !== RecordStatus.PENDING) return existing; // certified: changes go through a correction
      await tx.update(ServiceRecord, { id: existing.id }, { startedAt, endedAt: endedAt < startedAt ? startedAt : endedAt, minutes, needsReview, version: existing.version + 1 });
      return tx.findOneByOrFail(ServiceRecord, { id: existing.id });
    }
    return this.insert(tx, {
      volunteerId: signup.volunteerId,
      source: RecordSource.ACTIVITY,
      activitySignupId: signup.id,
      categoryId: project.categoryId,
      regionId: project.regionId,
      teamId: project.organiserTeamId,
      startedAt,
      endedAt: endedAt < startedAt ? startedAt : endedAt,
      minutes,
      description: project.title,
      needsReview,
    });
  }

  /** A completed demand: the responder's time from starting to completing it. */
  async forCompletedDemand(tx: EntityManager, demand: Demand): Promise<ServiceRecord | null> {
    if (demand.responderId === null || !demand.completedAt) return null;
    const volunteer = await tx.findOneBy(Volunteer, { accountId: demand.responderId });
    const started = await tx.findOne(DemandEvent, { where: { demandId: demand.id, type: DemandEventType.STARTED }, order: { id: 'DESC' } });
    if (!volunteer || !started || (await tx.existsBy(ServiceRecord, { demandId: demand.id }))) return null;
    return this.insert(tx, {
      volunteerId: volunteer.id,
      source: RecordSource.DEMAND,
      demandId: demand.id,
      categoryId: demand.categoryId,
      regionId: demand.gridId,
      teamId: demand.dispatchTeamId,
      startedAt: started.at,
      endedAt: demand.completedAt,
      minutes: Math.max(1, Math.round((demand.completedAt.getTime() - started.at.getTime()) / 60_000)),
      description: demand.title,
      needsReview: false,
    });
  }

  async forVisit(tx: EntityManager, visit: PairingVisit, pairing: Pairing): Promise<ServiceRecord> {
    const category = (await tx.findOneBy(ServiceCategory, { code: VISIT_CATEGORY[pairing.vulnerability] })) ?? (await tx.findOneByOrFail(ServiceCategory, { active: true }));
    return this.insert(tx, {
      volunteerId: visit.volunteerId,
      source: RecordSource.PAIRING_VISIT,
      pairingVisitId: visit.id,
      categoryId: category.id,
      regionId: pairing.gridId,
      teamId: pairing.teamId,
      startedAt: visit.visitedAt,
      endedAt: new Date(visit.visitedAt.getTime() + visit.minutes * 60_000),
      minutes: visit.minutes,
      description: visit.note ?? 'pairing visit',
      photos: visit.photos,
      needsReview: false,
    });
  }

  /** By hand: a volunteer for themself (with at least one evidence photo), or staff for a volunteer in their scope. */
  async create(ctx: Context, viewer: Viewer, input: ServiceRecordCreateInput): Promise<ServiceRecord> {
    const tx = txOf(ctx);
    const volunteer = input.volunteerId ? await this.volunteers.requireById(tx, ['input', 'volunteerId'], input.volunteerId) : await this.volunteers.requireServing(tx, viewer);
    const self = volunteer.accountId === viewer.account.id;
    const home = await tx.findOneByOrFail(Region, { id: volunteer.communityId });
    const region = input.regionId ? await this.regions.requireRegion(tx, ['input', 'regionId'], input.regionId) : home;
    const team = input.teamId ? await this.teams.requireTeam(tx, ['input', 'teamId'], input.teamId) : null;
    if (!self) {
      const staff = viewer.account.role === Role.PLATFORM_ADMIN || (viewer.account.role === Role.DISPATCHER && covers(viewer, region.path)) || (await this.leads(tx, viewer, team));
      if (!staff) throw forbidden('you may record only your own service, or service organised in your scope or by your team');
    }
    if (self && !input.photoUrls?.length) fail(ErrorCode.INVALID, ['input', 'photoUrls'], 'give at least one evidence photo');
    checkPhotoUrls(input.photoUrls, ['input', 'photoUrls']);
    if (input.startedAt.getTime() + input.minutes * 60_000 > Date.now() + 60_000) fail(ErrorCode.INVALID, ['input', 'startedAt'], 'the service cannot end in the future');
    const category = await this.categories.require(tx, ['input', 'categoryId'], input.categoryId);
    return this.insert(tx, {
      volunteerId: volunteer.id,
      source: RecordSource.MANUAL,
      categoryId: category.id,
      regionId: region.id,
      teamId: team?.id ?? null,
      startedAt: input.startedAt,
      endedAt: new Date(input.startedAt.getTime() + input.minutes * 60_000),
      minutes: input.minutes,
      description: input.description.trim(),
      photos: input.photoUrls ?? [],
      needsReview: false,
      createdById: viewer.account.id,
    });
  }

  /** All or none: each record must be PENDING and certifiable by the viewer (never their own). */
  async approve(ctx: Context, viewer: Viewer, input: ServiceRecordsApproveInput): Promise<ServiceRecord[]> {
    const tx = txOf(ctx);
    const records = await this.requireMany(tx, input.ids);
    const notices: NewNotice[] = [];
    for (const [i, record] of records.entries()) {
      const field = ['input', 'ids', String(i)];
      const certifier = await this.assertCertifier(tx, viewer, record);
      await this.decide(tx, record, { status: RecordStatus.APPROVED, ...certifier }, field);
      await this.count(tx, record, record.minutes);
      const volunteer = await tx.findOneByOrFail(Volunteer, { id: record.volunteerId });
      notices.push({ accountId: volunteer.accountId, kind: NoticeKind.RECORD_APPROVED, refId: record.id, message: `${hours(record.minutes)} h certified: ${record.description ?? record.source}` });
    }
    await this.notices.send(ctx, notices);
    return tx.findBy(ServiceRecord, { id: In(records.map((r) => r.id)) }).then((rows) => records.map((r) => rows.find((x) => x.id === r.id)!));
  }

  async decline(ctx: Context, viewer: Viewer, input: ServiceRecordDeclineInput): Promise<ServiceRecord> {
    const tx = txOf(ctx);
    const [record] = await this.requireMany(tx, [input.id], ['input', 'id']);
    const certifier = await this.assertCertifier(tx, viewer, record);
    const reason = input.reason.trim();
    await this.decide(tx, record, { status: RecordStatus.DECLINED, declineReason: reason, ...certifier }, ['input', 'id']);
    const volunteer = await tx.findOneByOrFail(Volunteer, { id: record.volunteerId });
    await this.notices.send(ctx, [{ accountId: volunteer.accountId, kind: NoticeKind.RECORD_DECLINED, refId: record.id, message: `record declined: ${reason}` }]);
    return tx.findOneByOrFail(ServiceRecord, { id: record.id });
  }

  /** The volunteer asks; one open request at a time, on a record not declined. */
  async requestCorrection(ctx: Context, viewer: Viewer, input: ServiceRecordCorrectionRequestInput): Promise<ServiceRecord> {
    const tx = txOf(ctx);
    const [record] = await this.requireMany(tx, [input.id], ['input', 'id']);
    const volunteer = await tx.findOneByOrFail(Volunteer, { id: record.volunteerId });
    if (volunteer.accountId !== viewer.account.id) throw forbidden('only the volunteer asks to correct their record');
    if (record.status === RecordStatus.DECLINED) fail(ErrorCode.CONFLICT, ['input', 'id'], 'the record was declined');
    if (record.correctionStatus === CorrectionStatus.REQUESTED) fail(ErrorCode.CONFLICT, ['input', 'id'], 'a correction is already waiting for an answer');
    if (input.minutes === record.minutes) fail(ErrorCode.INVALID, ['input', 'minutes'], 'that is the time the record already has');
    await this.decide(tx, record, { correctionStatus: CorrectionStatus.REQUESTED, correctionMinutes: input.minutes, correctionReason: input.reason.trim(), correctionNote: null }, ['input', 'id'], [record.status]);
    return tx.findOneByOrFail(ServiceRecord, { id: record.id });
  }

  /** The certifier answers; accepting an approved record moves the counted hours and credits by the difference. */
  async resolveCorrection(ctx: Context, viewer: Viewer, input: ServiceRecordCorrectionResolveInput): Promise<ServiceRecord> {
    const tx = txOf(ctx);
    const [record] = await this.requireMany(tx, [input.id], ['input', 'id']);
    await this.assertCertifier(tx, viewer, record);
    if (record.correctionStatus !== CorrectionStatus.REQUESTED) fail(ErrorCode.CONFLICT, ['input', 'id'], 'no correction is waiting for an answer');
    const note = input.note?.trim() || null;
    if (!input.accept && !note) fail(ErrorCode.INVALID, ['input', 'note'], 'say why the correction is refused');
    const minutes = input.accept ? record.correctionMinutes! : record.minutes;
    await this.decide(tx, record, { correctionStatus: input.accept ? CorrectionStatus.ACCEPTED : CorrectionStatus.REFUSED, correctionNote: note, minutes }, ['input', 'id'], [record.status]);
    if (input.accept && record.status === RecordStatus.APPROVED) await this.count(tx, record, minutes - record.minutes);
    const volunteer = await tx.findOneByOrFail(Volunteer, { id: record.volunteerId });
    await this.notices.send(ctx, [{ accountId: volunteer.accountId, kind: NoticeKind.CORRECTION_RESOLVED, refId: record.id, message: input.accept ? `correction accepted: ${hours(minutes)} h` : `correction refused: ${note}` }]);
    return tx.findOneByOrFail(ServiceRecord, { id: record.id });
  }

  /** A volunteer's records, newest first: for them, their community, their team leaders and employer. */
  async ofVolunteer(ctx: Context, volunteer: Volunteer, args: ServiceRecordsArgs): Promise<Connection<ServiceRecord>> {
    if ((await this.volunteers.access(ctx, volunteer)) < VolunteerAccess.CONTACT) return toConnection([], parsePage(args), () => 0, async () => 0);
    const query = ctx.db.getRepository(ServiceRecord).createQueryBuilder('r').where('r.volunteerId = :v', { v: volunteer.id });
    return this.page(query, args);
  }

  /** The records a certifier works through: in a dispatcher's scope, or of the teams a volunteer leads. */
  async forCertifier(ctx: Context, viewer: Viewer, args: CertifierRecordsArgs): Promise<Connection<ServiceRecord>> {
    const query = ctx.db.getRepository(ServiceRecord).createQueryBuilder('r').innerJoin(Region, 'g', 'g.id = r.regionId');
    const role = viewer.account.role;
    if (role === Role.DISPATCHER) query.andWhere('g.path LIKE :scope', { scope: `${viewer.scopePath}%` });
    if (role === Role.VOLUNTEER) {
      const me = await ctx.loaders.volunteer.byAccountId.load(viewer.account.id);
      const led = me ? (await ctx.db.getRepository(Team).find({ where: [{ leaderId: me.id }, { liaisonId: me.id }] })).map((t) => t.id) : [];
      if (!led.length) throw forbidden('certifiers are dispatchers and the leaders and liaisons of teams');
      query.andWhere('r.teamId IN (:...led)', { led });
    }
    if (args.regionId) {
      const region = await this.regions.byArgument(ctx, args.regionId);
      if (role !== Role.PLATFORM_ADMIN && role !== Role.VOLUNTEER) assertCovers(viewer, region.path, 'the region');
      query.andWhere('g.path LIKE :region', { region: `${region.path}%` });
    }
    if (args.teamId) {
      const decoded = fromGlobalId(args.teamId, ['Team']);
      if (!decoded) throw badInput('teamId: not a team id');
      query.andWhere('r.teamId = :teamId', { teamId: decoded.id });
    }
    return this.page(query, args);
  }

  /** Who sees a record: whoever sees the volunteer's service, and whoever may certify it. */
  async byId(ctx: Context, id: number): Promise<ServiceRecord | null> {
    const record = await ctx.db.getRepository(ServiceRecord).findOneBy({ id });
    if (!record || !ctx.viewer) return null;
    const volunteer = await ctx.loaders.volunteer.byId.load(record.volunteerId);
    if (volunteer && (await this.volunteers.access(ctx, volunteer)) >= VolunteerAccess.CONTACT) return record;
    if (await this.certifier(ctx.db.manager, ctx.viewer, record)) return record;
    throw forbidden('the record is not yours to see');
  }

  /** The viewer as certifier of the record (what is stored with the decision), or null. */
  async certifier(manager: EntityManager, viewer: Viewer, record: ServiceRecord): Promise<Partial<ServiceRecord> | null> {
    const base = { certifiedById: viewer.account.id, certifiedAt: new Date() };
    if (viewer.account.role === Role.PLATFORM_ADMIN) return { ...base, certifierTeamId: null, certifierOrganisationId: null, certifierRegionId: null };
    if (viewer.account.role === Role.DISPATCHER) {
      const region = await manager.findOneByOrFail(Region, { id: record.regionId });
      return covers(viewer, region.path) ? { ...base, certifierTeamId: null, certifierOrganisationId: null, certifierRegionId: viewer.account.scopeId } : null;
    }
    const team = record.teamId === null ? null : await manager.findOneBy(Team, { id: record.teamId });
    if (team && (await this.leads(manager, viewer, team))) return { ...base, certifierTeamId: team.id, certifierOrganisationId: team.organisationId, certifierRegionId: null };
    return null;
  }

  private async assertCertifier(tx: EntityManager, viewer: Viewer, record: ServiceRecord): Promise<Partial<ServiceRecord>> {
    const volunteer = await tx.findOneByOrFail(Volunteer, { id: record.volunteerId });
    if (volunteer.accountId === viewer.account.id) throw forbidden('nobody certifies their own service');
    const certifier = await this.certifier(tx, viewer, record);
    if (!certifier) throw forbidden('only whoever organised the service certifies it: its team\'s leader or liaison, or a dispatcher of where it happened');
    return certifier;
  }

  /** Counted hours and deposited credits move together (approval, or an accepted correction's difference). */
  private async count(tx: EntityManager, record: ServiceRecord, minutes: number): Promise<void> {
    if (minutes === 0) return;
    await tx.increment(Volunteer, { id: record.volunteerId }, 'certifiedMinutes', minutes);
    await addCertifiedMinutes(tx, record.volunteerId, record.startedAt, minutes, this.config.timeZone);
    const category = await tx.findOneByOrFail(ServiceCategory, { id: record.categoryId });
    const cents = Math.round((minutes * category.creditCentsPerHour) / 60);
    if (cents === 0) return;
    const volunteer = await tx.findOneByOrFail(Volunteer, { id: record.volunteerId });
    const kind = record.status === RecordStatus.APPROVED && record.certifiedAt ? EntryKind.ADJUSTMENT : EntryKind.DEPOSIT;
    await post(tx, volunteer.accountId, { kind, amount: cents, serviceRecordId: record.id, note: record.description }, ['input', 'id']);
  }

  /** A conditional update on the version: of two certifiers deciding at once, one wins. */
  private async decide(tx: EntityManager, record: ServiceRecord, changes: Partial<ServiceRecord>, field: string[], from: RecordStatus[] = [RecordStatus.PENDING]): Promise<void> {
    if (!from.includes(record.status)) fail(ErrorCode.CONFLICT, field, `the record is ${record.status}`);
    const result = await tx
      .createQueryBuilder()
      .update(ServiceRecord)
      .set({ ...changes, version: () => 'version + 1' })
      .where('id = :id AND version = :version', { id: record.id, version: record.version })
      .execute();
    if (result.affected !== 1) {
      const query = tx.getRepository(ServiceRecord).createQueryBuilder('r').select('r.status', 'status').where('r.id = :id', { id: record.id });
      if (isMysql(tx.connection)) query.setLock('pessimistic_write');
      fail(ErrorCode.CONFLICT, field, `the record changed meanwhile; it is now ${(await query.getRawOne<{ status: string }>())?.status}`);
    }
  }

  private async leads(manager: EntityManager, viewer: Viewer, team: Team | null): Promise<boolean> {
    if (!team) return false;
    const me = await manager.findOneBy(Volunteer, { accountId: viewer.account.id });
    return me !== null && (team.leaderId === me.id || team.liaisonId === me.id);
  }

  private async requireMany(tx: EntityManager, globalIds: string[], field?: string[]): Promise<ServiceRecord[]> {
    const ids = globalIds.map((globalId, i) => {
      const decoded = fromGlobalId(globalId, ['ServiceRecord']);
      if (!decoded) fail(ErrorCode.INVALID, field ?? ['input', 'ids', String(i)], 'not a service record id');
      return decoded.id;
    });
    if (new Set(ids).size !== ids.length) fail(ErrorCode.INVALID, field ?? ['input', 'ids'], 'a record is named twice');
    const rows = await tx.findBy(ServiceRecord, { id: In(ids) });
    return ids.map((id, i) => rows.find((r) => r.id === id) ?? fail(ErrorCode.NOT_FOUND, field ?? ['input', 'ids', String(i)], 'no such service record'));
  }

  private async insert(tx: EntityManager, values: Partial<ServiceRecord>): Promise<ServiceRecord> {
    const { communityId } = await tx.findOneOrFail(Volunteer, { where: { id: values.volunteerId }, select: { id: true, communityId: true } });
    const record = tx.create(ServiceRecord, { photos: [], status: RecordStatus.PENDING, homeCommunityId: communityId, ...values });
    await tx.insert(ServiceRecord, record);
    return tx.findOneByOrFail(ServiceRecord, { id: record.id });
  }

  private async page(query: SelectQueryBuilder<ServiceRecord>, args: ServiceRecordsArgs): Promise<Connection<ServiceRecord>> {
    const page = parsePage(args);
    if (args.status?.length) query.andWhere('r.status IN (:...statuses)', { statuses: args.status });
    if (args.source?.length) query.andWhere('r.source IN (:...sources)', { sources: args.source });
    if (args.needsReview != null) query.andWhere('r.needsReview = :needsReview', { needsReview: args.needsReview });
    if (args.from) query.andWhere('r.startedAt >= :from', { from: args.from });
    if (args.to) query.andWhere('r.startedAt < :to', { to: args.to });
    const pageQuery = query.clone();
    if (page.afterKey !== null) pageQuery.andWhere('r.id < :afterKey', { afterKey: page.afterKey });
    const rows = await pageQuery.orderBy('r.id', 'DESC').take(page.limit + 1).getMany();
    return toConnection(rows, page, (r) => r.id, () => query.getCount());
  }
}

function hours(minutes: number): string {
  return (Math.round((minutes / 60) * 100) / 100).toString();
}
