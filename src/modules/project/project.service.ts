import { randomBytes } from 'node:crypto';
import type { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import type { Config } from '../../config';
import { ErrorCode, badInput, fail, forbidden } from '../../core/errors';
import { addDays, localClock, zonedToUtc } from '../../core/local-time';
import { fromGlobalId, parsePage, toConnection, type Connection } from '../../core/relay';
import { runInTransaction } from '../../core/transaction';
import { txOf, type Context, type Viewer } from '../../server/context';
import { assertCovers, covers } from '../../server/jurisdiction';
import { Role } from '../account/role';
import type { CategoryService } from '../category/category.service';
import type { SweepTask } from '../demand/demand-workflow.service';
import { Region } from '../region/region.entity';
import type { RegionService } from '../region/region.service';
import type { SkillService } from '../skill/skill.service';
import { Team } from '../team/team.entity';
import type { TeamService } from '../team/team.service';
import { parseClockTime } from '../volunteer/availability';
import { Volunteer } from '../volunteer/volunteer.entity';
import { Activity, Project, ProjectSkill } from './project.entity';
import { ActivityStatus, ProjectStatus } from './project.enums';
import type { ActivitiesArgs, ProjectClaimInput, ProjectPublishInput, ProjectUpdateInput, ProjectsArgs, ScheduleInput } from './project.inputs';
import { ScheduleKind, occurrences, scheduleProblem, type Schedule } from './schedule';

/**
 * Projects (published with content, time, place and contact), teams claiming them, the public
 * listing, and their activities: one per occurrence of the schedule, kept `horizonDays` ahead.
 */
export class ProjectService {
  constructor(
    private readonly db: DataSource,
    private readonly config: Config,
    private readonly regions: RegionService,
    private readonly categories: CategoryService,
    private readonly skills: SkillService,
    private readonly teams: TeamService,
  ) {}

  today(): string {
    return localClock(new Date(), this.config.timeZone).date;
  }

  /** A dispatcher in scope, or a team's leader for their team (inside its region), publishes. */
  async publish(ctx: Context, viewer: Viewer, input: ProjectPublishInput): Promise<Project> {
    const tx = txOf(ctx);
    const region = await this.regions.requireRegion(tx, ['input', 'regionId'], input.regionId);
    const team = input.teamId ? await this.teams.requireTeam(tx, ['input', 'teamId'], input.teamId) : null;
    await this.assertMayPublish(tx, viewer, region, team);
    if (team && !team.active) fail(ErrorCode.INVALID, ['input', 'teamId'], 'the team is dissolved');
    const category = await this.categories.require(tx, ['input', 'categoryId'], input.categoryId);
    if ((input.latitude == null) !== (input.longitude == null)) fail(ErrorCode.INVALID, ['input', 'latitude'], 'give latitude and longitude together');
    if (input.checkInRadiusMeters != null && input.latitude == null) fail(ErrorCode.INVALID, ['input', 'checkInRadiusMeters'], 'location proof needs the place\'s coordinates');
    const schedule = this.schedule(input.schedule);
    const skillIds = await this.skills.requireMany(tx, ['input', 'requiredSkillIds'], input.requiredSkillIds ?? []);
    const project = await tx.save(
      tx.create(Project, {
        title: input.title.trim(),
        content: input.content?.trim() || null,
        categoryId: category.id,
        regionId: region.id,
        publishedById: viewer.account.id,
        publisherTeamId: team?.id ?? null,
        organiserTeamId: team?.id ?? null,
        address: input.address.trim(),
        latitude: input.latitude ?? null,
        longitude: input.longitude ?? null,
        checkInRadiusMeters: input.checkInRadiusMeters ?? null,
        contactName: input.contactName.trim(),
        contactPhone: input.contactPhone.trim(),
        scheduleKind: schedule.kind,
        startsOn: schedule.from,
        endsOn: schedule.until,
        weekday: schedule.weekday,
        nth: schedule.nth,
        monthDay: schedule.monthDay,
        month: schedule.month,
        startMinute: schedule.startMinute,
        endMinute: schedule.endMinute,
        capacity: input.capacity,
        recruitmentOpen: input.recruitmentOpen ?? true,
        status: ProjectStatus.OPEN,
        generatedUntil: null,
      }),
    );
    if (skillIds.length) await tx.insert(ProjectSkill, skillIds.map((skillId) => ({ projectId: project.id, skillId })));
    await this.generate(tx, project);
    return project;
  }

  async update(ctx: Context, viewer: Viewer, input: ProjectUpdateInput): Promise<Project> {
    const tx = txOf(ctx);
    const project = await this.require(tx, ['input', 'id'], input.id);
    await this.assertOrganiser(tx, viewer, project);
    if (input.title != null) project.title = input.title.trim();
    if (input.content != null) project.content = input.content.trim() || null;
    if (input.contactName != null) project.contactName = input.contactName.trim();
    if (input.contactPhone != null) project.contactPhone = input.contactPhone.trim();
    if (input.recruitmentOpen != null) project.recruitmentOpen = input.recruitmentOpen;
    return tx.save(Project, project);
  }

  /** First claim wins: a conditional update on `organiserTeamId IS NULL`. */
  async claim(ctx: Context, viewer: Viewer, input: ProjectClaimInput): Promise<Project> {
    const tx = txOf(ctx);
    const project = await this.require(tx, ['input', 'projectId'], input.projectId);
    const team = await this.teams.requireTeam(tx, ['input', 'teamId'], input.teamId);
    const teamRegion = await tx.findOneByOrFail(Region, { id: team.regionId });
    const me = await tx.findOneBy(Volunteer, { accountId: viewer.account.id });
    const leads = me !== null && (team.leaderId === me.id || team.liaisonId === me.id);
    if (!leads && !(viewer.account.role === Role.PLATFORM_ADMIN || (viewer.account.role === Role.DISPATCHER && covers(viewer, teamRegion.path)))) {
      throw forbidden('only the team\'s leader or liaison, or dispatchers of its region, claim projects for it');
    }
    if (!team.active) fail(ErrorCode.INVALID, ['input', 'teamId'], 'the team is dissolved');
    if (project.status !== ProjectStatus.OPEN) fail(ErrorCode.CONFLICT, ['input', 'projectId'], 'the project is closed');
    const region = await tx.findOneByOrFail(Region, { id: project.regionId });
    if (!region.path.startsWith(teamRegion.path) && !teamRegion.path.startsWith(region.path)) {
      fail(ErrorCode.INVALID, ['input', 'teamId'], `${team.name} is based in ${teamRegion.name}, away from ${region.name}`);
    }
    const claimed = await tx
      .createQueryBuilder()
      .update(Project)
      .set({ organiserTeamId: team.id, version: () => 'version + 1' })
      .where('id = :id AND organiserTeamId IS NULL', { id: project.id })
      .execute();
    if (claimed.affected !== 1) {
      const current = await tx.findOneByOrFail(Project, { id: project.id });
      const holder = current.organiserTeamId === null ? null : await tx.findOneBy(Team, { id: current.organiserTeamId });
      fail(ErrorCode.CONFLICT, ['input', 'projectId'], `${holder?.name ?? 'another team'} organises it already`);
    }
    return tx.findOneByOrFail(Project, { id: project.id });
  }

  /** The public listing: open projects, filtered; no login needed, so only public fields exist on Project. */
  async list(ctx: Context, args: ProjectsArgs): Promise<Connection<Project>> {
    const page = parsePage(args);
    const query = ctx.db.getRepository(Project).createQueryBuilder('p').innerJoin(Region, 'r', 'r.id = p.regionId').where('p.status = :open', { open: ProjectStatus.OPEN });
    if (args.regionId) query.andWhere('r.path LIKE :prefix', { prefix: `${(await this.regions.byArgument(ctx, args.regionId)).path}%` });
    if (args.categoryId) {
      const decoded = fromGlobalId(args.categoryId, ['ServiceCategory']);
      if (!decoded) throw badInput('categoryId: not a service category id');
      query.andWhere('p.categoryId = :categoryId', { categoryId: decoded.id });
    }
    applyActivityWindow(query, args);
    const pageQuery = query.clone();
    if (page.afterKey !== null) pageQuery.andWhere('p.id < :afterKey', { afterKey: page.afterKey });
    const rows = await pageQuery.orderBy('p.id', 'DESC').take(page.limit + 1).getMany();
    return toConnection(rows, page, (p) => p.id, () => query.getCount());
  }

  /** A project's activities in a window (default from now), soonest first; batched across projects. */
  async activities(ctx: Context, project: Project, args: ActivitiesArgs): Promise<Connection<Activity>> {
    const page = parsePage(args);
    const from = args.from ?? ctx.loaders.project.now;
    const to = args.to ?? null;
    const rows = page.limit === 0 ? [] : await ctx.loaders.project.activityPage(from, to).load({ parentId: project.id, page });
    return toConnection(rows, page, (a) => a.id, () => ctx.loaders.project.activityCount(from, to).load(project.id));
  }

  /** Creates the activities of the schedule from today (or where it left off) to the horizon; twice is harmless. */
  async generate(tx: EntityManager, project: Project): Promise<number> {
    if (project.status !== ProjectStatus.OPEN) return 0;
    const today = this.today();
    const first = project.generatedUntil && project.generatedUntil >= today ? addDays(project.generatedUntil, 1) : today;
    const last = addDays(today, this.config.activity.horizonDays);
    const dates = occurrences(project.schedule, first, last);
    for (const date of dates) {
      await tx
        .createQueryBuilder()
        .insert()
        .into(Activity)
        .values({
          projectId: project.id,
          startsAt: zonedToUtc(date, project.startMinute, this.config.timeZone),
          endsAt: zonedToUtc(date, project.endMinute, this.config.timeZone),
          capacity: project.capacity,
          confirmedCount: 0,
          status: ActivityStatus.SCHEDULED,
          cancelReason: null,
          codeSecret: randomBytes(24).toString('base64url'),
        })
        .orIgnore()
        .execute();
    }
    const until = project.scheduleKind === ScheduleKind.ONE_OFF ? project.startsOn : project.endsOn !== null && project.endsOn < last ? project.endsOn : last;
    await tx.update(Project, { id: project.id }, { generatedUntil: until });
    project.generatedUntil = until;
    return dates.length;
  }

  /** Keeps repeating projects' activities `horizonDays` ahead, day after day. */
  sweepTask(): SweepTask {
    return {
      name: 'project schedules',
      run: async () => {
        const horizon = addDays(this.today(), this.config.activity.horizonDays);
        const due = await this.db
          .getRepository(Project)
          .createQueryBuilder('p')
          .where('p.status = :open AND p.scheduleKind <> :once AND p.generatedUntil < :horizon', { open: ProjectStatus.OPEN, once: ScheduleKind.ONE_OFF, horizon })
          .andWhere('(p.endsOn IS NULL OR p.generatedUntil < p.endsOn)')
          .limit(200)
          .getMany();
        for (const project of due) await runInTransaction(this.db, (tx) => this.generate(tx, project));
        return 0; // activities are not events
      },
    };
  }

  async require(manager: EntityManager, field: string[], globalId: string): Promise<Project> {
    const decoded = fromGlobalId(globalId, ['Project']);
    if (!decoded) fail(ErrorCode.INVALID, field, 'not a project id');
    const project = await manager.findOneBy(Project, { id: decoded.id });
    if (!project) fail(ErrorCode.NOT_FOUND, field, 'no such project');
    return project;
  }

  /** Who runs a project: its publisher, admins, dispatchers covering its region, its teams' leaders and liaisons. */
  async isOrganiser(manager: EntityManager, viewer: Viewer, project: Project): Promise<boolean> {
    const role = viewer.account.role;
    if (role === Role.PLATFORM_ADMIN || project.publishedById === viewer.account.id) return true;
    if (role === Role.DISPATCHER) return covers(viewer, (await manager.findOneByOrFail(Region, { id: project.regionId })).path);
    if (role !== Role.VOLUNTEER) return false;
    const me = await manager.findOneBy(Volunteer, { accountId: viewer.account.id });
    if (!me) return false;
    const teamIds = [project.organiserTeamId, project.publisherTeamId].filter((id): id is number => id !== null);
    for (const teamId of teamIds) {
      const team = await manager.findOneBy(Team, { id: teamId });
      if (team && (team.leaderId === me.id || team.liaisonId === me.id)) return true;
    }
    return false;
  }

  async assertOrganiser(manager: EntityManager, viewer: Viewer, project: Project): Promise<void> {
    if (!(await this.isOrganiser(manager, viewer, project))) throw forbidden('only the project\'s organisers may do this');
  }

  private async assertMayPublish(tx: EntityManager, viewer: Viewer, region: Region, team: Team | null): Promise<void> {
    if (viewer.account.role === Role.PLATFORM_ADMIN) return;
    if (viewer.account.role === Role.DISPATCHER) return assertCovers(viewer, region.path, 'the region');
    const me = await tx.findOneBy(Volunteer, { accountId: viewer.account.id });
    if (!team || !me || (team.leaderId !== me.id && team.liaisonId !== me.id)) throw forbidden('a volunteer publishes projects as the leader or liaison of a team');
    const teamRegion = await tx.findOneByOrFail(Region, { id: team.regionId });
    if (!region.path.startsWith(teamRegion.path)) throw forbidden(`${team.name} publishes within ${teamRegion.name}`);
  }

  private schedule(input: ScheduleInput): Schedule {
    const startMinute = parseClockTime(input.start);
    const endMinute = parseClockTime(input.end, { endOfDay: true });
    if (startMinute === null) fail(ErrorCode.INVALID, ['input', 'schedule', 'start'], 'start must be a time from 00:00 to 23:59');
    if (endMinute === null) fail(ErrorCode.INVALID, ['input', 'schedule', 'end'], 'end must be a time from 00:01 to 24:00');
    const schedule: Schedule = {
      kind: input.kind,
      from: input.from,
      until: input.kind === ScheduleKind.ONE_OFF ? null : (input.until ?? null),
      weekday: input.weekday ?? null,
      nth: input.nth ?? null,
      monthDay: input.monthDay ?? null,
      month: input.month ?? null,
      startMinute,
      endMinute,
    };
    const problem = scheduleProblem(schedule);
    if (problem) fail(ErrorCode.INVALID, ['input', 'schedule', problem.field], problem.message);
    if (schedule.from < this.today()) fail(ErrorCode.INVALID, ['input', 'schedule', 'from'], 'a schedule starts today or later');
    return schedule;
  }
}

/** Projects with an activity in the window, optionally one that still takes sign-ups and has free places. */
function applyActivityWindow(query: SelectQueryBuilder<Project>, args: ProjectsArgs): void {
  const conditions = ['x.projectId = p.id', 'x.status = :scheduled', 'x.startsAt >= :windowFrom'];
  if (args.to) conditions.push('x.startsAt < :windowTo');
  if (args.hasFreePlaces) conditions.push('x.confirmedCount < x.capacity');
  query.andWhere(`EXISTS (SELECT 1 FROM activity x WHERE ${conditions.join(' AND ')})`, { scheduled: ActivityStatus.SCHEDULED, windowFrom: args.from ?? new Date(), windowTo: args.to });
  if (args.hasFreePlaces) query.andWhere('p.recruitmentOpen = :recruiting', { recruiting: true });
}
