import DataLoader from 'dataloader';
import { Brackets, In, type DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { ErrorCode, fail, forbidden } from '../../core/errors';
import { childCountLoader, childPageLoader } from '../../core/loaders';
import { fromGlobalId, parsePage, toConnection, type Connection, type PageArgs } from '../../core/relay';
import { txOf, type Context, type Viewer } from '../../server/context';
import { assertCovers, covers } from '../../server/jurisdiction';
import { Role } from '../account/role';
import { checkPhotoUrls } from '../demand/demand.service';
import { Region, RegionLevel } from '../region/region.entity';
import type { RecordService } from '../record/record.service';
import type { RegionService } from '../region/region.service';
import { TeamMember } from '../team/team.entity';
import { MembershipStatus } from '../team/team.enums';
import type { TeamService } from '../team/team.service';
import { isCalendarDate } from '../volunteer/id-number';
import { Volunteer } from '../volunteer/volunteer.entity';
import { VolunteerStatus } from '../volunteer/volunteer.enums';
import type { VolunteerService } from '../volunteer/volunteer.service';
import { Pairing, PairingVisit } from './pairing.entity';
import type { PairingCreateInput, PairingEndInput, PairingVisitRecordInput, PairingsArgs } from './pairing.inputs';

export function createPairingLoaders(db: DataSource) {
  return {
    visitPage: childPageLoader(db, PairingVisit, 'pairing_visit', 'pairingId'),
    visitCount: childCountLoader(db, PairingVisit, 'pairingId'),
    lastVisit: new DataLoader<number, Date | null>(async (pairingIds) => {
      const rows = await db
        .getRepository(PairingVisit)
        .createQueryBuilder('v')
        .select('v.pairingId', 'pairingId')
        .addSelect('MAX(v.visitedAt)', 'last')
        .where('v.pairingId IN (:...pairingIds)', { pairingIds: [...pairingIds] })
        .groupBy('v.pairingId')
        .getRawMany<{ pairingId: number; last: string | Date }>();
      const map = new Map(rows.map((r) => [Number(r.pairingId), r.last]));
      return pairingIds.map((id) => (map.has(id) ? asDate(map.get(id)!) : null));
    }),
  };
}

/** Raw MAX() comes back as a string on SQLite (UTC, TypeORM's format) and as a Date on MySQL. */
function asDate(value: string | Date): Date {
  return value instanceof Date ? value : new Date(`${value.replace(' ', 'T')}Z`);
}

/** Platform admins, and dispatchers and grid workers whose scope covers the household's grid. */
export function mayManagePairing(viewer: Viewer, gridPath: string): boolean {
  const role = viewer.account.role;
  return role === Role.PLATFORM_ADMIN || ((role === Role.DISPATCHER || role === Role.GRID_WORKER) && covers(viewer, gridPath));
}

/**
 * One helps one: who helps whom, and the visits. The household's contact details are for its
 * grid's staff and its helpers (the paired volunteer, the paired team's active members) only.
 */
export class PairingService {
  constructor(
    private readonly regions: RegionService,
    private readonly volunteers: VolunteerService,
    private readonly teams: TeamService,
    private readonly records: RecordService,
  ) {}

  async create(ctx: Context, viewer: Viewer, input: PairingCreateInput): Promise<Pairing> {
    const tx = txOf(ctx);
    const grid = await this.regions.requireRegion(tx, ['input', 'gridId'], input.gridId);
    if (grid.level !== RegionLevel.GRID) fail(ErrorCode.INVALID, ['input', 'gridId'], `a household lives in a grid, not a ${grid.level}`);
    if (!mayManagePairing(viewer, grid.path)) throw forbidden('the grid is outside your jurisdiction');
    if (Boolean(input.volunteerId) === Boolean(input.teamId)) fail(ErrorCode.INVALID, ['input', 'volunteerId'], 'pair the household with a volunteer or a team (one of them)');
    let volunteerId: number | null = null;
    let teamId: number | null = null;
    if (input.volunteerId) {
      const volunteer = await this.volunteers.requireById(tx, ['input', 'volunteerId'], input.volunteerId);
      if (volunteer.status !== VolunteerStatus.ACTIVE) fail(ErrorCode.INVALID, ['input', 'volunteerId'], `the volunteer is ${volunteer.status}`);
      volunteerId = volunteer.id;
    } else {
      const team = await this.teams.requireTeam(tx, ['input', 'teamId'], input.teamId!);
      if (!team.active) fail(ErrorCode.INVALID, ['input', 'teamId'], 'the team is dissolved');
      teamId = team.id;
    }
    const today = this.volunteers.clock().date;
    const startedOn = input.startedOn ?? today;
    if (!isCalendarDate(startedOn)) fail(ErrorCode.INVALID, ['input', 'startedOn'], 'not a calendar date');
    return tx.save(
      tx.create(Pairing, {
        volunteerId,
        teamId,
        gridId: grid.id,
        householdName: input.householdName.trim(),
        householdPhone: input.householdPhone?.trim() || null,
        householdAddress: input.householdAddress?.trim() || null,
        vulnerability: input.vulnerability,
        note: input.note?.trim() || null,
        startedOn,
        endedOn: null,
        endReason: null,
        createdById: viewer.account.id,
      }),
    );
  }

  async end(ctx: Context, viewer: Viewer, input: PairingEndInput): Promise<Pairing> {
    const tx = txOf(ctx);
    const pairing = await this.require(tx, ['input', 'id'], input.id);
    if (!mayManagePairing(viewer, await this.gridPath(tx, pairing))) throw forbidden('the household\'s grid is outside your jurisdiction');
    if (pairing.endedOn) fail(ErrorCode.CONFLICT, ['input', 'id'], `the pairing ended on ${pairing.endedOn}`);
    pairing.endedOn = this.volunteers.clock().date;
    pairing.endReason = input.reason.trim();
    return tx.save(Pairing, pairing);
  }

  /** A helper records their own visit; the grid's staff may record one for a helper. */
  async recordVisit(ctx: Context, viewer: Viewer, input: PairingVisitRecordInput): Promise<PairingVisit> {
    const tx = txOf(ctx);
    const pairing = await this.require(tx, ['input', 'pairingId'], input.pairingId);
    const staff = mayManagePairing(viewer, await this.gridPath(tx, pairing));
    const visitor = input.volunteerId ? await this.volunteers.requireById(tx, ['input', 'volunteerId'], input.volunteerId) : await tx.findOneBy(Volunteer, { accountId: viewer.account.id });
    if (!visitor) fail(ErrorCode.INVALID, ['input', 'volunteerId'], 'name the volunteer who visited');
    if (visitor.accountId !== viewer.account.id && !staff) throw forbidden('you may record only your own visits');
    if (!(await this.helps(tx, pairing, visitor.id))) {
      if (visitor.accountId === viewer.account.id && !staff) throw forbidden('you are not paired with this household');
      fail(ErrorCode.INVALID, ['input', 'volunteerId'], 'the volunteer is not paired with this household');
    }
    if (pairing.endedOn) fail(ErrorCode.CONFLICT, ['input', 'pairingId'], `the pairing ended on ${pairing.endedOn}`);
    if (input.visitedAt.getTime() > Date.now() + 60_000) fail(ErrorCode.INVALID, ['input', 'visitedAt'], 'a visit cannot be in the future');
    if (this.volunteers.clock(input.visitedAt).date < pairing.startedOn) fail(ErrorCode.INVALID, ['input', 'visitedAt'], `the pairing began on ${pairing.startedOn}`);
    checkPhotoUrls(input.photoUrls, ['input', 'photoUrls']);
    const visit = await tx.save(
      tx.create(PairingVisit, {
        pairingId: pairing.id,
        volunteerId: visitor.id,
        visitedAt: input.visitedAt,
        minutes: input.minutes,
        note: input.note?.trim() || null,
        photos: input.photoUrls ?? [],
        recordedById: viewer.account.id,
      }),
    );
    // Every visit is service: a PENDING record for the grid's staff (or the paired team's leader) to certify.
    await this.records.forVisit(tx, visit, pairing);
    return visit;
  }

  /** Staff lists of their scope's pairings, newest first. */
  async list(ctx: Context, viewer: Viewer, args: PairingsArgs): Promise<Connection<Pairing>> {
    const page = parsePage(args);
    const query = ctx.db.getRepository(Pairing).createQueryBuilder('p').innerJoin(Region, 'g', 'g.id = p.gridId');
    if (viewer.account.role !== Role.PLATFORM_ADMIN) query.andWhere('g.path LIKE :scope', { scope: `${viewer.scopePath}%` });
    if (args.regionId) {
      const region = await this.regions.byArgument(ctx, args.regionId);
      assertCovers(viewer, region.path, 'the region');
      query.andWhere('g.path LIKE :region', { region: `${region.path}%` });
    }
    if (args.active != null) query.andWhere(args.active ? 'p.endedOn IS NULL' : 'p.endedOn IS NOT NULL');
    if (args.vulnerability?.length) query.andWhere('p.vulnerability IN (:...vulnerability)', { vulnerability: args.vulnerability });
    return this.page(query, page);
  }

  /** A volunteer's pairings, their own and their active teams': for the person and their community. */
  async ofVolunteer(ctx: Context, volunteer: Volunteer, args: PageArgs): Promise<Connection<Pairing>> {
    const page = parsePage(args);
    const teamIds = (await ctx.loaders.volunteer.memberships.load(volunteer.id)).filter((m) => m.status === MembershipStatus.ACTIVE).map((m) => m.teamId);
    const query = ctx.db
      .getRepository(Pairing)
      .createQueryBuilder('p')
      .where(new Brackets((w) => (teamIds.length ? w.where('p.volunteerId = :v', { v: volunteer.id }).orWhere('p.teamId IN (:...teamIds)', { teamIds }) : w.where('p.volunteerId = :v', { v: volunteer.id }))));
    return this.page(query, page);
  }

  visits(ctx: Context, pairing: Pairing, args: PageArgs): Promise<Connection<PairingVisit>> {
    const page = parsePage(args);
    return (page.limit === 0 ? Promise.resolve([]) : ctx.loaders.pairing.visitPage.load({ parentId: pairing.id, page })).then((rows) =>
      toConnection(rows, page, (v) => v.id, () => ctx.loaders.pairing.visitCount.load(pairing.id)),
    );
  }

  /** Whether the viewer sees the pairing at all, and whether they see the household's contact details. */
  async access(ctx: Context, pairing: Pairing): Promise<{ read: boolean; contact: boolean }> {
    const viewer = ctx.viewer;
    if (!viewer) return { read: false, contact: false };
    const grid = await ctx.loaders.region.byId.load(pairing.gridId);
    if (grid && mayManagePairing(viewer, grid.path)) return { read: true, contact: true };
    const me = await ctx.loaders.volunteer.byAccountId.load(viewer.account.id);
    if (me) {
      const memberships = await ctx.loaders.volunteer.memberships.load(me.id);
      if (pairing.volunteerId === me.id || memberships.some((m) => m.teamId === pairing.teamId && m.status === MembershipStatus.ACTIVE)) return { read: true, contact: true };
    }
    // Dispatchers elsewhere and the helper's own community see that the pairing exists, not who is helped.
    return { read: viewer.account.role === Role.DISPATCHER, contact: false };
  }

  async byId(ctx: Context, id: number): Promise<Pairing | null> {
    const pairing = await ctx.db.getRepository(Pairing).findOneBy({ id });
    if (!pairing) return null;
    if (!(await this.access(ctx, pairing)).read) throw forbidden('the pairing is outside your jurisdiction');
    return pairing;
  }

  private async helps(tx: EntityManager, pairing: Pairing, volunteerId: number): Promise<boolean> {
    if (pairing.volunteerId === volunteerId) return true;
    if (pairing.teamId === null) return false;
    return tx.existsBy(TeamMember, { teamId: pairing.teamId, volunteerId, status: In([MembershipStatus.ACTIVE]) });
  }

  private async require(tx: EntityManager, field: string[], globalId: string): Promise<Pairing> {
    const decoded = fromGlobalId(globalId, ['Pairing']);
    if (!decoded) fail(ErrorCode.INVALID, field, 'not a pairing id');
    const pairing = await tx.findOneBy(Pairing, { id: decoded.id });
    if (!pairing) fail(ErrorCode.NOT_FOUND, field, 'no such pairing');
    return pairing;
  }

  private async gridPath(tx: EntityManager, pairing: Pairing): Promise<string> {
    return (await tx.findOneByOrFail(Region, { id: pairing.gridId })).path;
  }

  private async page(query: SelectQueryBuilder<Pairing>, page: ReturnType<typeof parsePage>): Promise<Connection<Pairing>> {
    const pageQuery = query.clone();
    if (page.afterKey !== null) pageQuery.andWhere('p.id < :afterKey', { afterKey: page.afterKey });
    const rows = await pageQuery.orderBy('p.id', 'DESC').take(page.limit + 1).getMany();
    return toConnection(rows, page, (p) => p.id, () => query.getCount());
  }
}
