import { createHmac } from 'node:crypto';
import { In, type DataSource, type EntityManager } from 'typeorm';
import type { Config } from '../../config';
import { current, lockRow } from '../../core/database';
import { ErrorCode, fail, forbidden } from '../../core/errors';
import { fromGlobalId, parsePage, toConnection, toGlobalId, type Connection } from '../../core/relay';
import { runInTransaction } from '../../core/transaction';
import { txOf, type Context, type Viewer } from '../../server/context';
import type { SweepTask } from '../demand/demand-workflow.service';
import { NoticeKind } from '../notice/notice.entity';
import type { NewNotice } from '../notice/notice.log';
import type { NoticeService } from '../notice/notice.service';
import { distanceKm } from '../offer/matching.rules';
import type { RecordService } from '../record/record.service';
import { VolunteerSkill } from '../volunteer/volunteer.entity';
import type { VolunteerService } from '../volunteer/volunteer.service';
import { Activity, ActivitySignup, Project, ProjectSkill } from './project.entity';
import { ActivityStatus, CheckInMethod, ProjectStatus, SignupStatus } from './project.enums';
import type { ActivityCancelInput, ActivityCheckInInput, ActivityInput, AttendanceMarkInput, SignupInput, SignupsArgs } from './project.inputs';
import type { ProjectService } from './project.service';

/** Check-in opens this long before an activity starts. */
const CHECK_IN_OPENS_MS = 60 * 60_000;

export interface CheckInCode {
  code: string;
  expiresAt: Date;
  qrPayload: string;
}

/**
 * Sign-ups against capacity with a waitlist, attendance (a rotating code, optional location proof,
 * or the organiser's marks), no-shows, and forgotten check-outs closed by the sweeper. Changes to one
 * activity's places run under its row lock, so the count of CONFIRMED sign-ups never passes capacity.
 */
export class ActivityService {
  constructor(
    private readonly db: DataSource,
    private readonly config: Config,
    private readonly projects: ProjectService,
    private readonly volunteers: VolunteerService,
    private readonly records: RecordService,
    private readonly notices: NoticeService,
  ) {}

  async signUp(ctx: Context, viewer: Viewer, input: ActivityInput): Promise<ActivitySignup> {
    const tx = txOf(ctx);
    const volunteer = await this.volunteers.requireServing(tx, viewer);
    const activity = await this.lock(tx, ['input', 'activityId'], input.activityId);
    const project = await tx.findOneByOrFail(Project, { id: activity.projectId });
    if (project.status !== ProjectStatus.OPEN || !project.recruitmentOpen) fail(ErrorCode.CONFLICT, ['input', 'activityId'], 'the project does not take sign-ups now');
    if (activity.status !== ActivityStatus.SCHEDULED) fail(ErrorCode.CONFLICT, ['input', 'activityId'], 'the activity was cancelled');
    if (activity.startsAt.getTime() <= Date.now()) fail(ErrorCode.CONFLICT, ['input', 'activityId'], 'the activity has started');
    const required = (await tx.findBy(ProjectSkill, { projectId: project.id })).map((s) => s.skillId);
    if (required.length) {
      const held = new Set((await tx.findBy(VolunteerSkill, { volunteerId: volunteer.id, skillId: In(required) })).map((s) => s.skillId));
      if (held.size < required.length) fail(ErrorCode.FORBIDDEN, ['input', 'activityId'], 'the project needs skills you have not registered');
    }
    const existing = await this.signupOf(tx, activity.id, volunteer.id);
    if (existing && (existing.status === SignupStatus.CONFIRMED || existing.status === SignupStatus.WAITLISTED)) fail(ErrorCode.CONFLICT, ['input', 'activityId'], `you are ${existing.status} already`);
    const now = new Date();
    const confirmed = activity.confirmedCount < activity.capacity;
    const values = { status: confirmed ? SignupStatus.CONFIRMED : SignupStatus.WAITLISTED, queuedAt: now, confirmedAt: confirmed ? now : null, cancelledAt: null };
    let signup: ActivitySignup;
    if (existing) {
      await tx.update(ActivitySignup, { id: existing.id }, { ...values, version: existing.version + 1 });
      signup = await tx.findOneByOrFail(ActivitySignup, { id: existing.id });
    } else {
      signup = tx.create(ActivitySignup, { activityId: activity.id, volunteerId: volunteer.id, ...values });
      await tx.insert(ActivitySignup, signup);
    }
    if (confirmed) await tx.increment(Activity, { id: activity.id }, 'confirmedCount', 1);
    return signup;
  }

  /** The volunteer withdraws before it starts; a place freed goes to the first on the waitlist, who is told live. */
  async cancelSignUp(ctx: Context, viewer: Viewer, input: ActivityInput): Promise<ActivitySignup> {
    const tx = txOf(ctx);
    const volunteer = await this.volunteers.requireServing(tx, viewer);
    const activity = await this.lock(tx, ['input', 'activityId'], input.activityId);
    const signup = await this.signupOf(tx, activity.id, volunteer.id);
    if (!signup || (signup.status !== SignupStatus.CONFIRMED && signup.status !== SignupStatus.WAITLISTED)) fail(ErrorCode.NOT_FOUND, ['input', 'activityId'], 'you are not signed up');
    if (activity.startsAt.getTime() <= Date.now()) fail(ErrorCode.CONFLICT, ['input', 'activityId'], 'the activity has started; tell the organiser instead');
    await tx.update(ActivitySignup, { id: signup.id }, { status: SignupStatus.CANCELLED, cancelledAt: new Date(), version: signup.version + 1 });
    if (signup.status === SignupStatus.CONFIRMED) await this.fillPlace(ctx, tx, activity);
    return tx.findOneByOrFail(ActivitySignup, { id: signup.id });
  }

  /** The organiser calls one activity off; everyone signed up is told. */
  async cancelActivity(ctx: Context, viewer: Viewer, input: ActivityCancelInput): Promise<Activity> {
    const tx = txOf(ctx);
    const activity = await this.lock(tx, ['input', 'activityId'], input.activityId);
    const project = await tx.findOneByOrFail(Project, { id: activity.projectId });
    await this.projects.assertOrganiser(tx, viewer, project);
    if (activity.status === ActivityStatus.CANCELLED) fail(ErrorCode.CONFLICT, ['input', 'activityId'], 'the activity is cancelled already');
    if (activity.endsAt.getTime() <= Date.now()) fail(ErrorCode.CONFLICT, ['input', 'activityId'], 'the activity is over');
    await this.callOff(ctx, tx, activity, project, input.reason.trim());
    return tx.findOneByOrFail(Activity, { id: activity.id });
  }

  /** Closing a project calls off its future activities. */
  async closeProject(ctx: Context, viewer: Viewer, globalId: string, reason: string): Promise<Project> {
    const tx = txOf(ctx);
    const project = await this.projects.require(tx, ['input', 'id'], globalId);
    await this.projects.assertOrganiser(tx, viewer, project);
    if (project.status === ProjectStatus.CLOSED) fail(ErrorCode.CONFLICT, ['input', 'id'], 'the project is closed already');
    await tx.update(Project, { id: project.id }, { status: ProjectStatus.CLOSED, recruitmentOpen: false });
    const future = await current(tx.getRepository(Activity).createQueryBuilder('a').where('a.projectId = :p AND a.status = :s AND a.startsAt > :now', { p: project.id, s: ActivityStatus.SCHEDULED, now: new Date() })).getMany();
    for (const activity of future) await this.callOff(ctx, tx, activity, project, reason.trim());
    return tx.findOneByOrFail(Project, { id: project.id });
  }

  /** The code the organiser shows: HMAC of the activity's secret and the current period, as 6 digits and a QR payload. */
  async checkInCode(ctx: Context, viewer: Viewer, activityId: string): Promise<CheckInCode> {
    const activity = await this.require(ctx.db.manager, ['activityId'], activityId);
    await this.projects.assertOrganiser(ctx.db.manager, viewer, await ctx.db.getRepository(Project).findOneByOrFail({ id: activity.projectId }));
    const period = this.period(Date.now());
    const code = this.code(activity, period);
    return { code, expiresAt: new Date((period + 1) * this.config.activity.checkInCodeSeconds * 1000), qrPayload: `volunteer-grid:checkin:${toGlobalId('Activity', activity.id)}:${code}` };
  }

  async checkIn(ctx: Context, viewer: Viewer, input: ActivityCheckInInput): Promise<ActivitySignup> {
    const tx = txOf(ctx);
    const volunteer = await this.volunteers.requireServing(tx, viewer);
    const activity = await this.require(tx, ['input', 'activityId'], input.activityId);
    const project = await tx.findOneByOrFail(Project, { id: activity.projectId });
    const signup = await tx.findOneBy(ActivitySignup, { activityId: activity.id, volunteerId: volunteer.id });
    if (!signup || signup.status !== SignupStatus.CONFIRMED) fail(ErrorCode.FORBIDDEN, ['input', 'activityId'], 'check-in is for volunteers with a confirmed place');
    if (signup.checkedInAt) fail(ErrorCode.CONFLICT, ['input', 'activityId'], 'you are checked in already');
    const now = Date.now();
    if (activity.status !== ActivityStatus.SCHEDULED || now < activity.startsAt.getTime() - CHECK_IN_OPENS_MS || now > activity.endsAt.getTime()) {
      fail(ErrorCode.CONFLICT, ['input', 'activityId'], 'check-in opens an hour before the activity and closes at its end');
    }
    if (!this.codeMatches(activity, input.code, now)) fail(ErrorCode.INVALID, ['input', 'code'], 'the code is wrong or has expired; scan the one shown now');
    this.checkLocation(project, input.latitude ?? null, input.longitude ?? null);
    await tx.update(ActivitySignup, { id: signup.id }, { checkedInAt: new Date(now), checkInMethod: CheckInMethod.CODE, checkInLatitude: input.latitude ?? null, checkInLongitude: input.longitude ?? null, version: signup.version + 1 });
    return tx.findOneByOrFail(ActivitySignup, { id: signup.id });
  }

  /** The time counted is capped to the activity's window, so a late check-out cannot inflate hours. */
  async checkOut(ctx: Context, viewer: Viewer, input: ActivityInput): Promise<ActivitySignup> {
    const tx = txOf(ctx);
    const volunteer = await this.volunteers.requireServing(tx, viewer);
    const activity = await this.require(tx, ['input', 'activityId'], input.activityId);
    const signup = await tx.findOneBy(ActivitySignup, { activityId: activity.id, volunteerId: volunteer.id });
    if (!signup?.checkedInAt) fail(ErrorCode.CONFLICT, ['input', 'activityId'], 'you have not checked in');
    if (signup.checkedOutAt) fail(ErrorCode.CONFLICT, ['input', 'activityId'], 'you are checked out already');
    await tx.update(ActivitySignup, { id: signup.id }, { checkedOutAt: new Date(), version: signup.version + 1 });
    const done = await tx.findOneByOrFail(ActivitySignup, { id: signup.id });
    await this.records.forAttendance(tx, done, activity, await tx.findOneByOrFail(Project, { id: activity.projectId }), false);
    return done;
  }

  /** The organiser records attendance (for someone without a phone, or to put right a forgotten check-out). */
  async markAttendance(ctx: Context, viewer: Viewer, input: AttendanceMarkInput): Promise<ActivitySignup> {
    const tx = txOf(ctx);
    const { signup, activity, project } = await this.requireSignupForOrganiser(tx, viewer, input.signupId);
    if (signup.status !== SignupStatus.CONFIRMED && signup.status !== SignupStatus.NO_SHOW) fail(ErrorCode.CONFLICT, ['input', 'signupId'], `the sign-up is ${signup.status}`);
    const window = { from: activity.startsAt.getTime() - CHECK_IN_OPENS_MS, to: activity.endsAt.getTime() + 12 * 3600_000 };
    const inAt = input.checkedInAt.getTime();
    if (inAt < window.from || inAt > window.to || inAt > Date.now()) fail(ErrorCode.INVALID, ['input', 'checkedInAt'], 'not a time of this activity');
    if (input.checkedOutAt && (input.checkedOutAt.getTime() < inAt || input.checkedOutAt.getTime() > Date.now())) fail(ErrorCode.INVALID, ['input', 'checkedOutAt'], 'check-out is after check-in and not in the future');
    await tx.update(ActivitySignup, { id: signup.id }, {
      status: SignupStatus.CONFIRMED,
      checkedInAt: input.checkedInAt,
      checkedOutAt: input.checkedOutAt ?? null,
      checkInMethod: CheckInMethod.ORGANISER,
      autoCheckedOut: false,
      version: signup.version + 1,
    });
    const marked = await tx.findOneByOrFail(ActivitySignup, { id: signup.id });
    await this.records.forAttendance(tx, marked, activity, project, false);
    return marked;
  }

  /** After the start, a confirmed volunteer who did not check in is marked as a no-show. */
  async markNoShow(ctx: Context, viewer: Viewer, input: SignupInput): Promise<ActivitySignup> {
    const tx = txOf(ctx);
    const { signup, activity } = await this.requireSignupForOrganiser(tx, viewer, input.signupId);
    if (signup.status !== SignupStatus.CONFIRMED || signup.checkedInAt) fail(ErrorCode.CONFLICT, ['input', 'signupId'], signup.checkedInAt ? 'they checked in' : `the sign-up is ${signup.status}`);
    if (activity.startsAt.getTime() > Date.now()) fail(ErrorCode.CONFLICT, ['input', 'signupId'], 'the activity has not started');
    await tx.update(ActivitySignup, { id: signup.id }, { status: SignupStatus.NO_SHOW, version: signup.version + 1 });
    return tx.findOneByOrFail(ActivitySignup, { id: signup.id });
  }

  /** Sign-ups of an activity: for its organisers (statuses default to those with or waiting for a place). */
  async signups(ctx: Context, activity: Activity, args: SignupsArgs): Promise<Connection<ActivitySignup>> {
    const viewer = ctx.viewer;
    const project = await ctx.db.getRepository(Project).findOneByOrFail({ id: activity.projectId });
    if (!viewer || !(await this.projects.isOrganiser(ctx.db.manager, viewer, project))) throw forbidden('the list of sign-ups is for the organisers');
    const page = parsePage(args);
    const statuses = args.status?.length ? args.status : [SignupStatus.CONFIRMED, SignupStatus.WAITLISTED];
    const query = ctx.db.getRepository(ActivitySignup).createQueryBuilder('s').where('s.activityId = :a AND s.status IN (:...statuses)', { a: activity.id, statuses });
    const pageQuery = query.clone();
    if (page.afterKey !== null) pageQuery.andWhere('s.id > :afterKey', { afterKey: page.afterKey });
    const rows = await pageQuery.orderBy('s.id', 'ASC').take(page.limit + 1).getMany();
    return toConnection(rows, page, (s) => s.id, () => query.getCount());
  }

  /** 1 for the first in line; null unless WAITLISTED. */
  async waitlistPosition(ctx: Context, signup: ActivitySignup): Promise<number | null> {
    if (signup.status !== SignupStatus.WAITLISTED) return null;
    const ahead = await ctx.db
      .getRepository(ActivitySignup)
      .createQueryBuilder('s')
      .where('s.activityId = :a AND s.status = :w', { a: signup.activityId, w: SignupStatus.WAITLISTED })
      .andWhere('(s.queuedAt < :q OR (s.queuedAt = :q AND s.id < :id))', { q: signup.queuedAt, id: signup.id })
      .getCount();
    return ahead + 1;
  }

  waitlistCount(ctx: Context, activity: Activity): Promise<number> {
    return ctx.loaders.project.waitlistCount.load(activity.id);
  }

  /** A volunteer's own sign-up for an activity, if any. */
  async mine(ctx: Context, activity: Activity): Promise<ActivitySignup | null> {
    const me = ctx.viewer ? await ctx.loaders.volunteer.byAccountId.load(ctx.viewer.account.id) : null;
    return me ? ((await ctx.loaders.project.signupsOf.load(me.id)).find((s) => s.activityId === activity.id) ?? null) : null;
  }

  /** A volunteer's sign-ups, newest first. */
  async ofVolunteer(ctx: Context, volunteerId: number, args: SignupsArgs): Promise<Connection<ActivitySignup>> {
    const page = parsePage(args);
    const query = ctx.db.getRepository(ActivitySignup).createQueryBuilder('s').where('s.volunteerId = :v', { v: volunteerId });
    if (args.status?.length) query.andWhere('s.status IN (:...statuses)', { statuses: args.status });
    const pageQuery = query.clone();
    if (page.afterKey !== null) pageQuery.andWhere('s.id < :afterKey', { afterKey: page.afterKey });
    const rows = await pageQuery.orderBy('s.id', 'DESC').take(page.limit + 1).getMany();
    return toConnection(rows, page, (s) => s.id, () => query.getCount());
  }

  /** For `node(id)`: the volunteer and the organisers see a sign-up. */
  async signupById(ctx: Context, id: number): Promise<ActivitySignup | null> {
    const signup = await ctx.db.getRepository(ActivitySignup).findOneBy({ id });
    if (!signup || !ctx.viewer) return null;
    const me = await ctx.loaders.volunteer.byAccountId.load(ctx.viewer.account.id);
    if (me?.id === signup.volunteerId) return signup;
    const activity = await ctx.db.getRepository(Activity).findOneByOrFail({ id: signup.activityId });
    const project = await ctx.db.getRepository(Project).findOneByOrFail({ id: activity.projectId });
    if (!(await this.projects.isOrganiser(ctx.db.manager, ctx.viewer, project))) throw forbidden('the sign-up is not yours');
    return signup;
  }

  isOrganiserOf(ctx: Context, activity: Activity): Promise<boolean> {
    if (!ctx.viewer) return Promise.resolve(false);
    const viewer = ctx.viewer;
    return ctx.db.getRepository(Project).findOneByOrFail({ id: activity.projectId }).then((p) => this.projects.isOrganiser(ctx.db.manager, viewer, p));
  }

  /** Closes check-ins left open past the activity's end (plus the grace), flags their records and tells the volunteer. */
  sweepTask(): SweepTask {
    return {
      name: 'forgotten check-outs',
      run: async () => {
        const before = new Date(Date.now() - this.config.activity.autoCheckOutMinutes * 60_000);
        const open = await this.db
          .getRepository(ActivitySignup)
          .createQueryBuilder('s')
          .innerJoin(Activity, 'a', 'a.id = s.activityId')
          .where('s.checkedOutAt IS NULL AND s.checkedInAt IS NOT NULL AND a.endsAt < :before', { before })
          .limit(500)
          .getMany();
        for (const signup of open) {
          const published = await runInTransaction(this.db, async (tx) => {
            const activity = await tx.findOneByOrFail(Activity, { id: signup.activityId });
            const closed = await tx
              .createQueryBuilder()
              .update(ActivitySignup)
              .set({ checkedOutAt: activity.endsAt, autoCheckedOut: true, version: () => 'version + 1' })
              .where('id = :id AND checkedOutAt IS NULL', { id: signup.id })
              .execute();
            if (closed.affected !== 1) return null; // another process, or the volunteer checked out meanwhile
            const row = await tx.findOneByOrFail(ActivitySignup, { id: signup.id });
            const project = await tx.findOneByOrFail(Project, { id: activity.projectId });
            const record = await this.records.forAttendance(tx, row, activity, project, true);
            const volunteer = await this.volunteers.accountOf(tx, signup.volunteerId);
            return this.notices.sendIn(tx, [{ accountId: volunteer, kind: NoticeKind.CHECKOUT_AUTO_CLOSED, refId: record?.id ?? null, message: `you did not check out of "${project.title}"; it was closed at its end and waits for review` }]);
          });
          published?.();
        }
        return 0;
      },
    };
  }

  /** The place a cancellation freed goes to the first in line (queuedAt, then id); otherwise the count drops. */
  private async fillPlace(ctx: Context, tx: EntityManager, activity: Activity): Promise<void> {
    const next = await current(tx.getRepository(ActivitySignup).createQueryBuilder('s').where('s.activityId = :a AND s.status = :w', { a: activity.id, w: SignupStatus.WAITLISTED }))
      .orderBy('s.queuedAt', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .getOne();
    if (!next) {
      await tx.decrement(Activity, { id: activity.id }, 'confirmedCount', 1);
      return;
    }
    await tx.update(ActivitySignup, { id: next.id }, { status: SignupStatus.CONFIRMED, confirmedAt: new Date(), version: next.version + 1 });
    const project = await tx.findOneByOrFail(Project, { id: activity.projectId });
    await this.notices.send(ctx, [{ accountId: await this.volunteers.accountOf(tx, next.volunteerId), kind: NoticeKind.SIGNUP_PROMOTED, refId: next.id, message: `a place came free: you are confirmed for "${project.title}" at ${activity.startsAt.toISOString()}` }]);
  }

  private async callOff(ctx: Context, tx: EntityManager, activity: Activity, project: Project, reason: string): Promise<void> {
    await tx.update(Activity, { id: activity.id }, { status: ActivityStatus.CANCELLED, cancelReason: reason });
    const affected = await current(tx.getRepository(ActivitySignup).createQueryBuilder('s').where('s.activityId = :a AND s.status IN (:...open)', { a: activity.id, open: [SignupStatus.CONFIRMED, SignupStatus.WAITLISTED] })).getMany();
    const notices: NewNotice[] = [];
    for (const s of affected) notices.push({ accountId: await this.volunteers.accountOf(tx, s.volunteerId), kind: NoticeKind.ACTIVITY_CANCELLED, refId: activity.id, message: `"${project.title}" at ${activity.startsAt.toISOString()} is cancelled: ${reason}` });
    await this.notices.send(ctx, notices);
  }

  private checkLocation(project: Project, latitude: number | null, longitude: number | null): void {
    if (project.checkInRadiusMeters === null || project.latitude === null || project.longitude === null) return;
    if (latitude === null || longitude === null) fail(ErrorCode.INVALID, ['input', 'latitude'], 'this activity needs your location to check in');
    const meters = Math.round(distanceKm({ latitude, longitude }, { latitude: project.latitude, longitude: project.longitude }) * 1000);
    if (meters > project.checkInRadiusMeters) fail(ErrorCode.FORBIDDEN, ['input', 'latitude'], `you are ${meters} m from the place; check in within ${project.checkInRadiusMeters} m`);
  }

  private period(at: number): number {
    return Math.floor(at / (this.config.activity.checkInCodeSeconds * 1000));
  }

  private code(activity: Activity, period: number): string {
    const mac = createHmac('sha256', activity.codeSecret).update(String(period)).digest();
    return String(mac.readUInt32BE(0) % 1_000_000).padStart(6, '0');
  }

  /** The code shown now or in the period before (the organiser's screen may have just changed). */
  private codeMatches(activity: Activity, given: string, at: number): boolean {
    const code = given.trim().split(':').pop() ?? '';
    const period = this.period(at);
    return [period, period - 1].some((p) => this.code(activity, p) === code);
  }

  /**
   * The activity, locked and read as committed now: sign-ups of one activity run one at a time, and
   * every read after the lock is a locking read too (see `current`), so counts are never stale.
   */
  private async lock(tx: EntityManager, field: string[], globalId: string): Promise<Activity> {
    const decoded = fromGlobalId(globalId, ['Activity']);
    if (!decoded) fail(ErrorCode.INVALID, field, 'not an activity id');
    const activity = await lockRow(tx, Activity, decoded.id);
    if (!activity) fail(ErrorCode.NOT_FOUND, field, 'no such activity');
    return activity;
  }

  /** This volunteer's sign-up for the activity, current (the caller holds the activity's lock). */
  private signupOf(tx: EntityManager, activityId: number, volunteerId: number): Promise<ActivitySignup | null> {
    return current(tx.getRepository(ActivitySignup).createQueryBuilder('s').where('s.activityId = :a AND s.volunteerId = :v', { a: activityId, v: volunteerId })).getOne();
  }

  private async require(manager: EntityManager, field: string[], globalId: string): Promise<Activity> {
    const decoded = fromGlobalId(globalId, ['Activity']);
    if (!decoded) fail(ErrorCode.INVALID, field, 'not an activity id');
    const activity = await manager.findOneBy(Activity, { id: decoded.id });
    if (!activity) fail(ErrorCode.NOT_FOUND, field, 'no such activity');
    return activity;
  }

  private async requireSignupForOrganiser(tx: EntityManager, viewer: Viewer, globalId: string) {
    const decoded = fromGlobalId(globalId, ['ActivitySignup']);
    if (!decoded) fail(ErrorCode.INVALID, ['input', 'signupId'], 'not a sign-up id');
    const signup = await tx.findOneBy(ActivitySignup, { id: decoded.id });
    if (!signup) fail(ErrorCode.NOT_FOUND, ['input', 'signupId'], 'no such sign-up');
    const activity = await tx.findOneByOrFail(Activity, { id: signup.activityId });
    const project = await tx.findOneByOrFail(Project, { id: activity.projectId });
    await this.projects.assertOrganiser(tx, viewer, project);
    return { signup, activity, project };
  }
}
