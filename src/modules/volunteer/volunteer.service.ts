import { ServiceRecord } from '../record/record.entity';
import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import type { Config } from '../../config';
import { ErrorCode, badInput, fail, forbidden } from '../../core/errors';
import { fromGlobalId, parsePage, toConnection, type Connection } from '../../core/relay';
import { saveUnique } from '../../core/unique';
import { txOf, type Context, type Viewer } from '../../server/context';
import { assertCovers } from '../../server/jurisdiction';
import { Account } from '../account/account.entity';
import { Role } from '../account/role';
import type { OrganisationService } from '../organisation/organisation.service';
import { Region } from '../region/region.entity';
import type { RegionService } from '../region/region.service';
import type { SkillService } from '../skill/skill.service';
import { isAvailableAt, localClock, type LocalClock, type Window } from './availability';
import { IdHasher, isCalendarDate } from './id-number';
import { VolunteerAccess, mayManageVolunteer, volunteerAccess } from './volunteer.access';
import { Volunteer, VolunteerAvailability, VolunteerCertificate, VolunteerMove, VolunteerSkill } from './volunteer.entity';
import { IdType, VolunteerStatus } from './volunteer.enums';
import { checkCoordinates, checkHome, checkRegistrantAccount, identityOf, pastDate, statusReason, toWindows } from './volunteer.rules';
import type {
  VolunteerCertificateAddInput,
  VolunteerCertificateRemoveInput,
  VolunteerMoveInput,
  VolunteerRegisterInput,
  VolunteerStatusSetInput,
  VolunteerUpdateInput,
  VolunteersArgs,
} from './volunteer.inputs';

/** Fields a volunteer may change themself; the rest of `VolunteerUpdateInput` is for staff. */
const SELF_FIELDS = new Set(['id', 'phone', 'skillIds', 'availability', 'onDuty', 'latitude', 'longitude']);

/** Real-name registration, profiles, moves and status; who sees how much is volunteer.access.ts. */
export class VolunteerService {
  constructor(
    private readonly regions: RegionService,
    private readonly skills: SkillService,
    private readonly organisations: OrganisationService,
    private readonly hasher: IdHasher,
    private readonly config: Config,
  ) {}

  clock(at = new Date()): LocalClock {
    return localClock(at, this.config.timeZone);
  }

  async register(ctx: Context, viewer: Viewer, input: VolunteerRegisterInput): Promise<Volunteer> {
    const tx = txOf(ctx);
    const { community, grid } = await this.requireHome(tx, input.communityId, input.gridId);
    const account = await this.registrant(tx, viewer, input.accountId, community.path);
    if (await tx.existsBy(Volunteer, { accountId: account.id })) fail(ErrorCode.CONFLICT, ['input', 'accountId'], `account "${account.username}" is already registered as a volunteer`);
    const identity = identityOf(input, this.hasher, this.clock().date);
    checkCoordinates(input.latitude, input.longitude);
    const organisation = input.organisationId ? await this.organisations.require(tx, ['input', 'organisationId'], input.organisationId) : null;
    const skillIds = await this.skills.requireMany(tx, ['input', 'skillIds'], input.skillIds ?? []);
    const windows = toWindows(input.availability ?? []);
    const reportedInAt = this.pastDate(input.reportedInAt, ['input', 'reportedInAt']);
    const volunteer = tx.create(Volunteer, {
      accountId: account.id,
      name: input.name.trim(),
      phone: input.phone.trim(),
      ...identity,
      partyMember: input.partyMember ?? false,
      communityId: community.id,
      gridId: grid?.id ?? null,
      reportedInAt,
      organisationId: organisation?.id ?? null,
      onDuty: false,
      status: VolunteerStatus.ACTIVE,
      statusReason: null,
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
      certifiedMinutes: 0,
      createdById: viewer.account.id,
    });
    await saveUnique(tx, Volunteer, volunteer, [
      { where: { idHash: identity.idHash }, field: ['input', 'idNumber'], message: 'this ID number is already registered as a volunteer', index: 'uq_volunteer_id_hash', column: 'volunteer.idHash' },
      { where: { accountId: account.id }, field: ['input', 'accountId'], message: `account "${account.username}" is already registered as a volunteer`, check: false, index: 'uq_volunteer_account', column: 'volunteer.accountId' },
    ]);
    await replaceSkills(tx, volunteer.id, skillIds);
    await replaceWindows(tx, volunteer.id, windows);
    // The history of homes starts with the first one, so a later move is never the only trace.
    await tx.insert(VolunteerMove, { volunteerId: volunteer.id, fromCommunityId: null, toCommunityId: community.id, reportedInAt, note: 'registered', movedById: viewer.account.id });
    return volunteer;
  }

  async update(ctx: Context, viewer: Viewer, input: VolunteerUpdateInput): Promise<Volunteer> {
    const tx = txOf(ctx);
    const volunteer = await this.requireTarget(tx, viewer, input.id);
    const self = volunteer.accountId === viewer.account.id;
    const home = await this.homePath(tx, volunteer);
    const manager = mayManageVolunteer(viewer, home);
    if (!self && !manager) throw forbidden('only the volunteer and their community\'s dispatchers may change the registration');
    const staffOnly = Object.keys(input).filter((k) => (input as unknown as Record<string, unknown>)[k] !== undefined && !SELF_FIELDS.has(k));
    if (!manager && staffOnly.length) throw forbidden(`only the volunteer's community may change ${staffOnly.join(', ')}`);
    if (input.name != null) volunteer.name = input.name.trim();
    if (input.phone != null) volunteer.phone = input.phone.trim();
    if (input.partyMember != null) volunteer.partyMember = input.partyMember;
    if (input.onDuty != null) volunteer.onDuty = input.onDuty;
    if (input.gender != null || input.birthDate != null) {
      if (volunteer.idType === IdType.RESIDENT_ID) fail(ErrorCode.INVALID, ['input', input.gender != null ? 'gender' : 'birthDate'], 'a resident ID states gender and birth date; they cannot be changed');
      if (input.gender != null) volunteer.gender = input.gender;
      if (input.birthDate != null) volunteer.birthDate = this.pastDate(input.birthDate, ['input', 'birthDate'])!;
    }
    if (input.organisationId !== undefined) {
      volunteer.organisationId = input.organisationId === null ? null : (await this.organisations.require(tx, ['input', 'organisationId'], input.organisationId)).id;
    }
    if (input.latitude !== undefined || input.longitude !== undefined) {
      checkCoordinates(input.latitude, input.longitude);
      volunteer.latitude = input.latitude ?? null;
      volunteer.longitude = input.longitude ?? null;
    }
    await tx.save(Volunteer, volunteer);
    if (input.skillIds) await replaceSkills(tx, volunteer.id, await this.skills.requireMany(tx, ['input', 'skillIds'], input.skillIds));
    if (input.availability) await replaceWindows(tx, volunteer.id, toWindows(input.availability));
    if (input.onDuty != null) ctx.afterCommit.push(() => ctx.services.wall.volunteersChanged(home));
    return volunteer;
  }

  /** A new home community; the person's demands, teams and records are theirs and stay with them. */
  async move(ctx: Context, viewer: Viewer, input: VolunteerMoveInput): Promise<Volunteer> {
    const tx = txOf(ctx);
    const volunteer = await this.requireTarget(tx, viewer, input.id);
    const { community, grid } = await this.requireHome(tx, input.communityId, input.gridId);
    if (volunteer.accountId !== viewer.account.id) {
      // Staff take the person in: the new community's dispatchers (or an admin) record the reporting-in.
      if (!mayManageVolunteer(viewer, community.path)) throw forbidden('only the new community\'s dispatchers record a volunteer reporting in there');
    }
    if (community.id === volunteer.communityId && (grid?.id ?? null) === volunteer.gridId) fail(ErrorCode.INVALID, ['input', 'communityId'], 'that is already their home');
    const reportedInAt = this.pastDate(input.reportedInAt, ['input', 'reportedInAt']);
    const oldHome = await this.homePath(tx, volunteer);
    ctx.afterCommit.push(() => [oldHome, community.path].forEach((path) => ctx.services.wall.volunteersChanged(path)));
    await tx.insert(VolunteerMove, {
      volunteerId: volunteer.id,
      fromCommunityId: volunteer.communityId,
      toCommunityId: community.id,
      reportedInAt,
      note: input.note?.trim() || null,
      movedById: viewer.account.id,
    });
    volunteer.communityId = community.id;
    volunteer.gridId = grid?.id ?? null;
    volunteer.reportedInAt = reportedInAt;
    // Their service counts where they live now, as it always has (analytics group records by home).
    await tx.update(ServiceRecord, { volunteerId: volunteer.id }, { homeCommunityId: community.id });
    return tx.save(Volunteer, volunteer);
  }

  async setStatus(ctx: Context, viewer: Viewer, input: VolunteerStatusSetInput): Promise<Volunteer> {
    const tx = txOf(ctx);
    const volunteer = await this.requireById(tx, ['input', 'id'], input.id);
    const home = await this.homePath(tx, volunteer);
    if (!mayManageVolunteer(viewer, home)) throw forbidden('only the volunteer\'s community dispatchers may change their status');
    ctx.afterCommit.push(() => ctx.services.wall.volunteersChanged(home));
    volunteer.statusReason = statusReason(input.status, input.reason);
    volunteer.status = input.status;
    if (input.status !== VolunteerStatus.ACTIVE) volunteer.onDuty = false;
    return tx.save(Volunteer, volunteer);
  }

  async addCertificate(ctx: Context, viewer: Viewer, input: VolunteerCertificateAddInput): Promise<VolunteerCertificate> {
    const tx = txOf(ctx);
    const volunteer = await this.requireById(tx, ['input', 'volunteerId'], input.volunteerId);
    if (!mayManageVolunteer(viewer, await this.homePath(tx, volunteer))) throw forbidden('only the volunteer\'s community dispatchers record certificates');
    const skill = input.skillId ? await this.skills.require(tx, ['input', 'skillId'], input.skillId) : null;
    for (const field of ['issuedOn', 'expiresOn'] as const) if (input[field] && !isCalendarDate(input[field]!)) fail(ErrorCode.INVALID, ['input', field], 'not a calendar date');
    if (input.issuedOn && input.expiresOn && input.expiresOn < input.issuedOn) fail(ErrorCode.INVALID, ['input', 'expiresOn'], 'a certificate cannot expire before it was issued');
    return tx.save(
      tx.create(VolunteerCertificate, {
        volunteerId: volunteer.id,
        name: input.name.trim(),
        skillId: skill?.id ?? null,
        issuer: input.issuer?.trim() || null,
        number: input.number?.trim() || null,
        issuedOn: input.issuedOn ?? null,
        expiresOn: input.expiresOn ?? null,
        createdById: viewer.account.id,
      }),
    );
  }

  async removeCertificate(ctx: Context, viewer: Viewer, input: VolunteerCertificateRemoveInput): Promise<Volunteer> {
    const tx = txOf(ctx);
    const decoded = fromGlobalId(input.id, ['VolunteerCertificate']);
    if (!decoded) fail(ErrorCode.INVALID, ['input', 'id'], 'not a certificate id');
    const certificate = await tx.findOneBy(VolunteerCertificate, { id: decoded.id });
    if (!certificate) fail(ErrorCode.NOT_FOUND, ['input', 'id'], 'no such certificate');
    const volunteer = await tx.findOneByOrFail(Volunteer, { id: certificate.volunteerId });
    if (!mayManageVolunteer(viewer, await this.homePath(tx, volunteer))) throw forbidden('only the volunteer\'s community dispatchers remove certificates');
    await tx.delete(VolunteerCertificate, { id: certificate.id });
    return volunteer;
  }

  /** Staff lists: their scope's volunteers (by home community), or a partner's employees. */
  async list(ctx: Context, viewer: Viewer, args: VolunteersArgs): Promise<Connection<Volunteer>> {
    const page = parsePage(args);
    const query = ctx.db.getRepository(Volunteer).createQueryBuilder('v').innerJoin(Region, 'c', 'c.id = v.communityId');
    await this.restrictToViewer(ctx, viewer, query, args.regionId);
    applyFilters(query, args);
    const pageQuery = query.clone();
    if (page.afterKey !== null) pageQuery.andWhere('v.id > :afterKey', { afterKey: page.afterKey });
    const rows = await pageQuery.orderBy('v.id', 'ASC').take(page.limit + 1).getMany();
    return toConnection(rows, page, (v) => v.id, () => query.getCount());
  }

  /** How much of the volunteer the request's viewer sees (volunteer.access.ts), from per-request loaders. */
  async access(ctx: Context, volunteer: Volunteer): Promise<VolunteerAccess> {
    const viewer = ctx.viewer;
    if (!viewer) return VolunteerAccess.NONE;
    const community = await ctx.loaders.region.byId.load(volunteer.communityId);
    const me = viewer.account.role === Role.VOLUNTEER ? await ctx.loaders.volunteer.byAccountId.load(viewer.account.id) : null;
    const relations = me ? await ctx.loaders.volunteer.teamRelations.load(me.id) : null;
    return volunteerAccess(viewer, volunteer, community?.path ?? '', {
      viewerLeadsThem: relations?.led.has(volunteer.id) ?? false,
      theyLeadViewer: relations?.leaders.has(volunteer.id) ?? false,
      teammates: relations?.teammates.has(volunteer.id) ?? false,
    });
  }

  /** For fields that lead to a volunteer: the volunteer, or null when the viewer may not see them at all. */
  async visible(ctx: Context, volunteer: Volunteer | null): Promise<Volunteer | null> {
    if (!volunteer) return null;
    return (await this.access(ctx, volunteer)) > VolunteerAccess.NONE ? volunteer : null;
  }

  /** For `node(id)`: null when missing, FORBIDDEN when the viewer may not see the volunteer. */
  async byId(ctx: Context, id: number): Promise<Volunteer | null> {
    const volunteer = await ctx.loaders.volunteer.byId.load(id);
    if (!volunteer) return null;
    if ((await this.access(ctx, volunteer)) === VolunteerAccess.NONE) throw forbidden('the volunteer is outside your jurisdiction');
    return volunteer;
  }

  async availableNow(ctx: Context, volunteer: Volunteer): Promise<boolean> {
    if (volunteer.status !== VolunteerStatus.ACTIVE) return false;
    const windows = await ctx.loaders.volunteer.availability.load(volunteer.id);
    return isAvailableAt(volunteer.onDuty, windows, this.clock());
  }

  /** The caller's own registration, which serving requires: FORBIDDEN without one or while not ACTIVE. */
  async requireServing(manager: EntityManager, viewer: Viewer): Promise<Volunteer> {
    const volunteer = await manager.findOneBy(Volunteer, { accountId: viewer.account.id });
    if (!volunteer) throw forbidden('register as a volunteer (real name) before taking demands');
    if (volunteer.status !== VolunteerStatus.ACTIVE) throw forbidden(`your volunteer registration is ${volunteer.status}`);
    return volunteer;
  }

  /** A volunteer named in an input by its Volunteer id or its VOLUNTEER account id. */
  async requireById(manager: EntityManager, field: string[], globalId: string): Promise<Volunteer> {
    const decoded = fromGlobalId(globalId, ['Volunteer', 'Account']);
    if (!decoded) fail(ErrorCode.INVALID, field, 'not a volunteer id');
    const volunteer = await manager.findOneBy(Volunteer, decoded.type === 'Volunteer' ? { id: decoded.id } : { accountId: decoded.id });
    if (!volunteer) fail(ErrorCode.NOT_FOUND, field, 'no such registered volunteer');
    return volunteer;
  }

  /** The account a volunteer signs in with (where their notices go). */
  async accountOf(manager: EntityManager, volunteerId: number): Promise<number> {
    return (await manager.findOneByOrFail(Volunteer, { id: volunteerId })).accountId;
  }

  async homePath(manager: EntityManager, volunteer: Volunteer): Promise<string> {
    return (await manager.findOneByOrFail(Region, { id: volunteer.communityId })).path;
  }

  private async requireTarget(tx: EntityManager, viewer: Viewer, globalId: string | undefined): Promise<Volunteer> {
    if (globalId) return this.requireById(tx, ['input', 'id'], globalId);
    const own = await tx.findOneBy(Volunteer, { accountId: viewer.account.id });
    if (!own) fail(ErrorCode.NOT_FOUND, ['input', 'id'], 'you are not registered as a volunteer; name the volunteer');
    return own;
  }

  /** Whose registration this is: the caller themself, or (for staff) the VOLUNTEER account given. */
  private async registrant(tx: EntityManager, viewer: Viewer, accountId: string | undefined, homePath: string): Promise<Account> {
    if (!accountId) {
      if (viewer.account.role !== Role.VOLUNTEER) fail(ErrorCode.INVALID, ['input', 'accountId'], 'name the VOLUNTEER account to register');
      return viewer.account;
    }
    if (!mayManageVolunteer(viewer, homePath)) throw forbidden('only the home community\'s dispatchers register volunteers for others');
    const decoded = fromGlobalId(accountId, ['Account']);
    if (!decoded) fail(ErrorCode.INVALID, ['input', 'accountId'], 'not an account id');
    const account = await tx.findOneBy(Account, { id: decoded.id });
    if (!account) fail(ErrorCode.NOT_FOUND, ['input', 'accountId'], 'no such account');
    checkRegistrantAccount(account);
    return account;
  }

  /** A calendar date not after today (the city's today). */
  private pastDate(value: string | null | undefined, field: string[]): string | null {
    return pastDate(value, this.clock().date, field);
  }

  private async requireHome(manager: EntityManager, communityId: string, gridId?: string): Promise<{ community: Region; grid: Region | null }> {
    const community = await this.regions.requireRegion(manager, ['input', 'communityId'], communityId);
    checkHome(community, null);
    if (!gridId) return { community, grid: null };
    const grid = await this.regions.requireRegion(manager, ['input', 'gridId'], gridId);
    checkHome(community, grid);
    return { community, grid };
  }

  private async restrictToViewer(ctx: Context, viewer: Viewer, query: SelectQueryBuilder<Volunteer>, regionId?: string): Promise<void> {
    const role = viewer.account.role;
    if (regionId) {
      const region = await this.regions.byArgument(ctx, regionId);
      if (role !== Role.PLATFORM_ADMIN && role !== Role.PARTNER) assertCovers(viewer, region.path, 'the region');
      query.andWhere('c.path LIKE :regionPrefix', { regionPrefix: `${region.path}%` });
    }
    if (role === Role.DISPATCHER || role === Role.GRID_WORKER) query.andWhere('c.path LIKE :scopePrefix', { scopePrefix: `${viewer.scopePath}%` });
    if (role === Role.PARTNER) query.andWhere('v.organisationId = :own', { own: viewer.account.organisationId ?? -1 });
  }
}

function applyFilters(query: SelectQueryBuilder<Volunteer>, args: VolunteersArgs): void {
  if (args.status?.length) query.andWhere('v.status IN (:...statuses)', { statuses: args.status });
  if (args.onDuty != null) query.andWhere('v.onDuty = :onDuty', { onDuty: args.onDuty });
  if (args.partyMember != null) query.andWhere('v.partyMember = :partyMember', { partyMember: args.partyMember });
  if (args.organisationId) {
    const decoded = fromGlobalId(args.organisationId, ['Organisation']);
    if (!decoded) throw badInput('organisationId: not an organisation id');
    query.andWhere('v.organisationId = :organisationId', { organisationId: decoded.id });
  }
  if (args.skillId) {
    const decoded = fromGlobalId(args.skillId, ['Skill']);
    if (!decoded) throw badInput('skillId: not a skill id');
    query.andWhere('EXISTS (SELECT 1 FROM volunteer_skill fs WHERE fs.volunteerId = v.id AND fs.skillId = :skillId)', { skillId: decoded.id });
  }
  if (args.categoryId) {
    const decoded = fromGlobalId(args.categoryId, ['ServiceCategory']);
    if (!decoded) throw badInput('categoryId: not a service category id');
    query.andWhere('EXISTS (SELECT 1 FROM volunteer_skill fs INNER JOIN skill fk ON fk.id = fs.skillId WHERE fs.volunteerId = v.id AND fk.categoryId = :categoryId)', { categoryId: decoded.id });
  }
}

async function replaceSkills(tx: EntityManager, volunteerId: number, skillIds: number[]): Promise<void> {
  await tx.delete(VolunteerSkill, { volunteerId });
  if (skillIds.length) await tx.insert(VolunteerSkill, skillIds.map((skillId) => ({ volunteerId, skillId })));
}

async function replaceWindows(tx: EntityManager, volunteerId: number, windows: Window[]): Promise<void> {
  await tx.delete(VolunteerAvailability, { volunteerId });
  if (windows.length) await tx.insert(VolunteerAvailability, windows.map((w) => ({ volunteerId, ...w })));
}

