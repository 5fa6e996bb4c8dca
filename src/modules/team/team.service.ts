import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { isMysql } from '../../core/database';
import { ErrorCode, badInput, fail, forbidden } from '../../core/errors';
import { fromGlobalId, parsePage, toConnection, type Connection } from '../../core/relay';
import { saveUnique } from '../../core/unique';
import { txOf, type Context, type Viewer } from '../../server/context';
import { assertCovers } from '../../server/jurisdiction';
import type { CategoryService } from '../category/category.service';
import type { OrganisationService } from '../organisation/organisation.service';
import { Region } from '../region/region.entity';
import type { RegionService } from '../region/region.service';
import { Volunteer } from '../volunteer/volunteer.entity';
import { VolunteerStatus } from '../volunteer/volunteer.enums';
import type { VolunteerService } from '../volunteer/volunteer.service';
import { KIND_LEVELS, isLeader, mayManageTeam, mayViewRoster } from './team.access';
import { Team, TeamMember, TeamSpecialty } from './team.entity';
import { MembershipStatus } from './team.enums';
import type { RosterArgs, TeamCreateInput, TeamJoinRequestInput, TeamLeaveInput, TeamMembershipDecisionInput, TeamUpdateInput, TeamsArgs } from './team.inputs';

/** Fields a team's leader may change; the rest of `TeamUpdateInput` is for its dispatchers. */
const LEADER_FIELDS = new Set(['id', 'name', 'description', 'specialtyIds', 'liaisonId']);

/** Teams, their hierarchy and membership: join request → approve / reject, leaving, removal. */
export class TeamService {
  constructor(
    private readonly regions: RegionService,
    private readonly categories: CategoryService,
    private readonly organisations: OrganisationService,
    private readonly volunteers: VolunteerService,
  ) {}

  create(ctx: Context, viewer: Viewer, input: TeamCreateInput): Promise<Team> {
    return this.createIn(txOf(ctx), viewer, input);
  }

  /** `viewer` null: the operator of a command-line import, who holds the database's credentials and may create anything. */
  async createIn(tx: EntityManager, viewer: Viewer | null, input: TeamCreateInput): Promise<Team> {
    const region = await this.regions.requireRegion(tx, ['input', 'regionId'], input.regionId);
    if (viewer) assertCovers(viewer, region.path, 'the team\'s home region');
    if (!KIND_LEVELS[input.kind].includes(region.level)) fail(ErrorCode.INVALID, ['input', 'regionId'], `a ${input.kind} is based in a ${KIND_LEVELS[input.kind].join(' or ')}, not a ${region.level}`);
    const parent = input.parentId ? await this.requireParent(tx, input.parentId, region) : null;
    const organisation = input.organisationId ? await this.organisations.require(tx, ['input', 'organisationId'], input.organisationId) : null;
    const specialties = await this.requireCategories(tx, input.specialtyIds ?? []);
    const leader = input.leaderId ? await this.requireServingVolunteer(tx, ['input', 'leaderId'], input.leaderId) : null;
    const liaison = input.liaisonId ? await this.requireServingVolunteer(tx, ['input', 'liaisonId'], input.liaisonId) : null;
    const name = input.name.trim();
    const team = await saveUnique(
      tx,
      Team,
      tx.create(Team, {
        name,
        kind: input.kind,
        regionId: region.id,
        parentId: parent?.id ?? null,
        organisationId: organisation?.id ?? null,
        description: input.description?.trim() || null,
        leaderId: leader?.id ?? null,
        liaisonId: liaison?.id ?? null,
        active: true,
        createdById: viewer?.account.id ?? null,
      }),
      { where: { regionId: region.id, name }, field: ['input', 'name'], message: `a team named "${name}" already exists in ${region.name}` },
    );
    await replaceSpecialties(tx, team.id, specialties);
    for (const person of [leader, liaison]) if (person) await this.enrol(tx, team, person, viewer);
    return team;
  }

  async update(ctx: Context, viewer: Viewer, input: TeamUpdateInput): Promise<Team> {
    const tx = txOf(ctx);
    const team = await this.requireTeam(tx, ['input', 'id'], input.id);
    const region = await tx.findOneByOrFail(Region, { id: team.regionId });
    const manager = mayManageTeam(viewer, region.path);
    const me = await this.myVolunteerId(tx, viewer);
    if (!manager && !isLeader(me, team)) throw forbidden('only the team\'s leader and dispatchers of its region may change it');
    const dispatcherOnly = Object.keys(input).filter((k) => (input as unknown as Record<string, unknown>)[k] !== undefined && !LEADER_FIELDS.has(k));
    if (!manager && dispatcherOnly.length) throw forbidden(`only dispatchers of the team's region may change ${dispatcherOnly.join(', ')}`);
    const nameChanged = input.name != null && input.name.trim() !== team.name;
    if (input.name != null) team.name = input.name.trim();
    if (input.description != null) team.description = input.description.trim() || null;
    if (input.active != null) team.active = input.active;
    if (input.leaderId) {
      const leader = await this.requireServingVolunteer(tx, ['input', 'leaderId'], input.leaderId);
      team.leaderId = leader.id;
      await this.enrol(tx, team, leader, viewer);
    }
    if (input.liaisonId !== undefined) {
      const liaison = input.liaisonId === null ? null : await this.requireServingVolunteer(tx, ['input', 'liaisonId'], input.liaisonId);
      team.liaisonId = liaison?.id ?? null;
      if (liaison) await this.enrol(tx, team, liaison, viewer);
    }
    await saveUnique(tx, Team, team, { where: { regionId: team.regionId, name: team.name }, field: ['input', 'name'], message: `a team named "${team.name}" already exists in ${region.name}`, check: nameChanged });
    if (input.specialtyIds) await replaceSpecialties(tx, team.id, await this.requireCategories(tx, input.specialtyIds));
    return team;
  }

  /** A volunteer asks to join; a volunteer who left or was turned down may ask again. */
  async requestToJoin(ctx: Context, viewer: Viewer, input: TeamJoinRequestInput): Promise<TeamMember> {
    const tx = txOf(ctx);
    const volunteer = await this.volunteers.requireServing(tx, viewer);
    const team = await this.requireTeam(tx, ['input', 'teamId'], input.teamId);
    if (!team.active) fail(ErrorCode.CONFLICT, ['input', 'teamId'], 'the team is dissolved');
    const existing = await tx.findOneBy(TeamMember, { teamId: team.id, volunteerId: volunteer.id });
    if (existing?.status === MembershipStatus.ACTIVE) fail(ErrorCode.CONFLICT, ['input', 'teamId'], 'you are already a member');
    if (existing?.status === MembershipStatus.PENDING) fail(ErrorCode.CONFLICT, ['input', 'teamId'], 'you have already asked to join; wait for the answer');
    const request = { status: MembershipStatus.PENDING, note: input.note?.trim() || null, decisionNote: null, requestedAt: new Date(), decidedAt: null, decidedById: null, leftAt: null };
    if (existing) {
      await this.decide(tx, existing, request, [MembershipStatus.REJECTED, MembershipStatus.LEFT, MembershipStatus.REMOVED], ['input', 'teamId']);
      return tx.findOneByOrFail(TeamMember, { id: existing.id });
    }
    return saveUnique(tx, TeamMember, tx.create(TeamMember, { teamId: team.id, volunteerId: volunteer.id, ...request }), {
      where: { teamId: team.id, volunteerId: volunteer.id },
      field: ['input', 'teamId'],
      message: 'you have already asked to join',
      check: false,
    });
  }

  approve(ctx: Context, viewer: Viewer, input: TeamMembershipDecisionInput): Promise<TeamMember> {
    return this.rule(ctx, viewer, input, MembershipStatus.PENDING, MembershipStatus.ACTIVE, false);
  }

  reject(ctx: Context, viewer: Viewer, input: TeamMembershipDecisionInput): Promise<TeamMember> {
    return this.rule(ctx, viewer, input, MembershipStatus.PENDING, MembershipStatus.REJECTED, true);
  }

  remove(ctx: Context, viewer: Viewer, input: TeamMembershipDecisionInput): Promise<TeamMember> {
    return this.rule(ctx, viewer, input, MembershipStatus.ACTIVE, MembershipStatus.REMOVED, true);
  }

  async leave(ctx: Context, viewer: Viewer, input: TeamLeaveInput): Promise<TeamMember> {
    const tx = txOf(ctx);
    const team = await this.requireTeam(tx, ['input', 'teamId'], input.teamId);
    const me = await this.myVolunteerId(tx, viewer);
    const membership = me === null ? null : await tx.findOneBy(TeamMember, { teamId: team.id, volunteerId: me });
    if (!membership || (membership.status !== MembershipStatus.ACTIVE && membership.status !== MembershipStatus.PENDING)) {
      fail(ErrorCode.NOT_FOUND, ['input', 'teamId'], 'you are not a member of this team');
    }
    if (team.leaderId === me) fail(ErrorCode.CONFLICT, ['input', 'teamId'], 'the leader cannot leave; ask a dispatcher to appoint a new leader first');
    await this.decide(tx, membership, { status: MembershipStatus.LEFT, leftAt: new Date() }, [MembershipStatus.ACTIVE, MembershipStatus.PENDING], ['input', 'teamId']);
    if (team.liaisonId === me) await tx.update(Team, { id: team.id }, { liaisonId: null });
    return tx.findOneByOrFail(TeamMember, { id: membership.id });
  }

  async list(ctx: Context, args: TeamsArgs): Promise<Connection<Team>> {
    const page = parsePage(args);
    const query = ctx.db.getRepository(Team).createQueryBuilder('t').innerJoin(Region, 'r', 'r.id = t.regionId');
    await applyTeamFilters(ctx, query, args);
    const pageQuery = query.clone();
    if (page.afterKey !== null) pageQuery.andWhere('t.id > :afterKey', { afterKey: page.afterKey });
    const rows = await pageQuery.orderBy('t.id', 'ASC').take(page.limit + 1).getMany();
    return toConnection(rows, page, (t) => t.id, () => query.getCount());
  }

  /** The roster: FORBIDDEN for viewers who are neither staff, nor its leader, liaison, members or organisation. */
  async roster(ctx: Context, team: Team, args: RosterArgs): Promise<Connection<TeamMember>> {
    const page = parsePage(args);
    await this.assertRosterVisible(ctx, team);
    const statuses = args.status?.length ? args.status : [MembershipStatus.ACTIVE];
    const rows = page.limit === 0 ? [] : await ctx.loaders.team.rosterPage(statuses).load({ parentId: team.id, page });
    return toConnection(rows, page, (m) => m.id, () => ctx.loaders.team.rosterCount(statuses).load(team.id));
  }

  /** The viewer's own membership of a team, if any. */
  async myMembership(ctx: Context, team: Team): Promise<TeamMember | null> {
    const me = ctx.viewer ? await ctx.loaders.volunteer.byAccountId.load(ctx.viewer.account.id) : null;
    if (!me) return null;
    return (await ctx.loaders.volunteer.memberships.load(me.id)).find((m) => m.teamId === team.id) ?? null;
  }

  /** A membership is visible to the member and to whoever may read the team's roster. */
  async membershipById(ctx: Context, id: number): Promise<TeamMember | null> {
    const membership = await ctx.loaders.team.membershipById.load(id);
    if (!membership) return null;
    const team = await ctx.loaders.team.byId.load(membership.teamId);
    const me = ctx.viewer ? await ctx.loaders.volunteer.byAccountId.load(ctx.viewer.account.id) : null;
    if (me?.id !== membership.volunteerId) await this.assertRosterVisible(ctx, team!);
    return membership;
  }

  private async assertRosterVisible(ctx: Context, team: Team): Promise<void> {
    const viewer = ctx.viewer;
    const region = await ctx.loaders.region.byId.load(team.regionId);
    const me = viewer ? await ctx.loaders.volunteer.byAccountId.load(viewer.account.id) : null;
    const mine = me ? (await ctx.loaders.volunteer.memberships.load(me.id)).some((m) => m.teamId === team.id && m.status === MembershipStatus.ACTIVE) : false;
    if (!viewer || !region || !mayViewRoster(viewer, team, region.path, me?.id ?? null, mine)) throw forbidden('the team\'s roster is for its leaders, members and dispatchers');
  }

  async requireTeam(manager: EntityManager, field: string[], globalId: string): Promise<Team> {
    const decoded = fromGlobalId(globalId, ['Team']);
    if (!decoded) fail(ErrorCode.INVALID, field, 'not a team id');
    const team = await manager.findOneBy(Team, { id: decoded.id });
    if (!team) fail(ErrorCode.NOT_FOUND, field, 'no such team');
    return team;
  }

  /** ACTIVE members whose registration is ACTIVE too: who a team dispatch or call-out reaches. */
  async servingMembers(manager: EntityManager, teamIds: number[]): Promise<(Volunteer & { teamId: number })[]> {
    if (!teamIds.length) return [];
    const { entities, raw } = await manager
      .getRepository(Volunteer)
      .createQueryBuilder('v')
      .innerJoin(TeamMember, 'm', 'm.volunteerId = v.id')
      .addSelect('m.teamId', 'teamId')
      .where('m.teamId IN (:...teamIds) AND m.status = :active AND v.status = :serving', { teamIds, active: MembershipStatus.ACTIVE, serving: VolunteerStatus.ACTIVE })
      .orderBy('v.id', 'ASC')
      .getRawAndEntities<{ teamId: number }>();
    return entities.map((v, i) => Object.assign(v, { teamId: Number(raw[i].teamId) }));
  }

  /** Approve, reject or remove: the leader or dispatchers of the team's region; of two deciding at once, one wins. */
  private async rule(ctx: Context, viewer: Viewer, input: TeamMembershipDecisionInput, from: MembershipStatus, to: MembershipStatus, needsReason: boolean): Promise<TeamMember> {
    const tx = txOf(ctx);
    const decoded = fromGlobalId(input.id, ['TeamMember']);
    if (!decoded) fail(ErrorCode.INVALID, ['input', 'id'], 'not a membership id');
    const membership = await tx.findOneBy(TeamMember, { id: decoded.id });
    if (!membership) fail(ErrorCode.NOT_FOUND, ['input', 'id'], 'no such membership');
    const team = await tx.findOneByOrFail(Team, { id: membership.teamId });
    const region = await tx.findOneByOrFail(Region, { id: team.regionId });
    if (!mayManageTeam(viewer, region.path) && !isLeader(await this.myVolunteerId(tx, viewer), team)) throw forbidden('only the team\'s leader and dispatchers of its region decide on members');
    const note = input.note?.trim() || null;
    if (needsReason && !note) fail(ErrorCode.INVALID, ['input', 'note'], 'give the reason; the volunteer sees it');
    if (to === MembershipStatus.REMOVED && team.leaderId === membership.volunteerId) fail(ErrorCode.CONFLICT, ['input', 'id'], 'appoint a new leader before removing this one');
    if (to === MembershipStatus.ACTIVE && !team.active) fail(ErrorCode.CONFLICT, ['input', 'id'], 'the team is dissolved');
    const now = new Date();
    const changes: Partial<TeamMember> = to === MembershipStatus.REMOVED ? { status: to, decisionNote: note, leftAt: now, decidedById: viewer.account.id } : { status: to, decisionNote: note, decidedAt: now, decidedById: viewer.account.id };
    await this.decide(tx, membership, changes, [from], ['input', 'id']);
    if (to === MembershipStatus.REMOVED && team.liaisonId === membership.volunteerId) await tx.update(Team, { id: team.id }, { liaisonId: null });
    return tx.findOneByOrFail(TeamMember, { id: membership.id });
  }

  /** A conditional update on status and version: CONFLICT naming the current status when someone decided first. */
  private async decide(tx: EntityManager, membership: TeamMember, changes: Partial<TeamMember>, from: MembershipStatus[], field: string[]): Promise<void> {
    if (!from.includes(membership.status)) fail(ErrorCode.CONFLICT, field, `the membership is ${membership.status}`);
    const result = await tx
      .createQueryBuilder()
      .update(TeamMember)
      .set({ ...changes, version: () => 'version + 1' })
      .where('id = :id AND version = :version', { id: membership.id, version: membership.version })
      .execute();
    if (result.affected !== 1) {
      const query = tx.getRepository(TeamMember).createQueryBuilder('m').select('m.status', 'status').where('m.id = :id', { id: membership.id });
      if (isMysql(tx.connection)) query.setLock('pessimistic_write');
      const current = await query.getRawOne<{ status: MembershipStatus }>();
      fail(ErrorCode.CONFLICT, field, `the membership changed meanwhile; it is now ${current?.status}`);
    }
  }

  /** Makes a leader or liaison an active member (a dispatcher's appointment needs no request). */
  private async enrol(tx: EntityManager, team: Team, volunteer: Volunteer, viewer: Viewer | null): Promise<void> {
    const now = new Date();
    const existing = await tx.findOneBy(TeamMember, { teamId: team.id, volunteerId: volunteer.id });
    const active = { status: MembershipStatus.ACTIVE, decidedAt: now, decidedById: viewer?.account.id ?? null, leftAt: null, decisionNote: null };
    if (existing) {
      if (existing.status !== MembershipStatus.ACTIVE) await tx.update(TeamMember, { id: existing.id }, { ...active, version: existing.version + 1 });
      return;
    }
    await tx.insert(TeamMember, { teamId: team.id, volunteerId: volunteer.id, note: null, requestedAt: now, ...active });
  }

  private async requireParent(tx: EntityManager, globalId: string, region: Region): Promise<Team> {
    const parent = await this.requireTeam(tx, ['input', 'parentId'], globalId);
    const parentRegion = await tx.findOneByOrFail(Region, { id: parent.regionId });
    if (!region.path.startsWith(parentRegion.path)) fail(ErrorCode.INVALID, ['input', 'parentId'], `the parent team is based in ${parentRegion.name}, which does not contain ${region.name}`);
    if (!parent.active) fail(ErrorCode.INVALID, ['input', 'parentId'], 'the parent team is dissolved');
    return parent;
  }

  private async requireServingVolunteer(tx: EntityManager, field: string[], globalId: string): Promise<Volunteer> {
    const volunteer = await this.volunteers.requireById(tx, field, globalId);
    if (volunteer.status !== VolunteerStatus.ACTIVE) fail(ErrorCode.INVALID, field, `the volunteer is ${volunteer.status}`);
    return volunteer;
  }

  private async requireCategories(tx: EntityManager, globalIds: string[]): Promise<number[]> {
    const ids: number[] = [];
    for (const [i, globalId] of globalIds.entries()) ids.push((await this.categories.require(tx, ['input', 'specialtyIds', String(i)], globalId)).id);
    return [...new Set(ids)];
  }

  private async myVolunteerId(tx: EntityManager, viewer: Viewer): Promise<number | null> {
    return (await tx.findOneBy(Volunteer, { accountId: viewer.account.id }))?.id ?? null;
  }
}

async function replaceSpecialties(tx: EntityManager, teamId: number, categoryIds: number[]): Promise<void> {
  await tx.delete(TeamSpecialty, { teamId });
  if (categoryIds.length) await tx.insert(TeamSpecialty, categoryIds.map((categoryId) => ({ teamId, categoryId })));
}

async function applyTeamFilters(ctx: Context, query: SelectQueryBuilder<Team>, args: TeamsArgs): Promise<void> {
  if (!args.includeInactive) query.andWhere('t.active = :active', { active: true });
  if (args.kind?.length) query.andWhere('t.kind IN (:...kinds)', { kinds: args.kind });
  if (args.regionId) {
    const region = await ctx.services.region.byArgument(ctx, args.regionId);
    query.andWhere('r.path LIKE :prefix', { prefix: `${region.path}%` });
  }
  if (args.categoryId) {
    const decoded = fromGlobalId(args.categoryId, ['ServiceCategory']);
    if (!decoded) throw badInput('categoryId: not a service category id');
    query.andWhere('t.id IN (SELECT s.teamId FROM team_specialty s WHERE s.categoryId = :categoryId)', { categoryId: decoded.id });
  }
}

