import type { EntityManager } from 'typeorm';
import type { Config } from '../../config';
import { namedQuery } from '../../core/sql';
import { ServiceCategory } from '../category/category.entity';
import type { Demand } from '../demand/demand.entity';
import { DemandStatus } from '../demand/demand.enums';
import { Region, pathIds } from '../region/region.entity';
import { localClock } from '../volunteer/availability';
import { VolunteerStatus } from '../volunteer/volunteer.enums';
import { MembershipStatus } from '../team/team.enums';
import { CLOSENESS_DETAIL, DISTANCE_BANDS, KM_PER_DEGREE_LAT, POINTS, distancePoints, kmPerDegreeLng, loadPoints, teamAvailablePoints, total, type Reason } from './matching.rules';
import { CandidateKind, CandidateReasonCode as R, OfferStatus } from './offer.enums';

export interface Candidate {
  kind: CandidateKind;
  score: number;
  /** Tie-break: certified minutes (a team: its active members' together). */
  certifiedMinutes: number;
  volunteerId: number | null;
  accountId: number | null;
  teamId: number | null;
  distanceKm: number | null;
  availableNow: boolean;
  reasons: Reason[];
}

/** Everything about the demand that the ranking queries need, computed once. */
interface Target {
  demandId: number;
  categoryId: number;
  categoryName: string;
  gridPath: string;
  communityPrefix: string;
  streetPrefix: string;
  districtPrefix: string;
  coords: { latitude: number; longitude: number } | null;
  weekday: number;
  minute: number;
  today: string;
  now: Date;
}

interface VolunteerRow {
  volunteerId: number;
  accountId: number;
  certifiedMinutes: number;
  skillPoints: number;
  certificatePoints: number;
  hierarchyPoints: number;
  latitude: number | null;
  longitude: number | null;
  d2: number | null;
  availablePoints: number;
  pendingElsewhere: number;
  offeredNow: number;
}

interface TeamRow {
  teamId: number;
  specialtyPoints: number;
  hierarchyPoints: number;
  availableMembers: number;
  openDemands: number;
  certifiedMinutes: number;
}

const SERVING = [DemandStatus.ASSIGNED, DemandStatus.IN_SERVICE];
const TEAM_BUSY = [DemandStatus.DISPATCHED, DemandStatus.ASSIGNED, DemandStatus.IN_SERVICE];

/** Closeness in the hierarchy: the deepest region the candidate's home shares with the demand's grid. */
const HIERARCHY = (column: string) => `CASE WHEN ${column} = :gridPath THEN ${POINTS.sameGrid}
  WHEN ${column} LIKE :communityLike THEN ${POINTS.sameCommunity}
  WHEN ${column} LIKE :streetLike THEN ${POINTS.sameStreet}
  WHEN ${column} LIKE :districtLike THEN ${POINTS.sameDistrict} ELSE 0 END`;

/** On duty and inside a weekly window now, or on duty with no windows at all. */
const AVAILABLE = (v: string) => `${v}.onDuty = 1 AND (
  NOT EXISTS (SELECT 1 FROM volunteer_availability wa WHERE wa.volunteerId = ${v}.id)
  OR EXISTS (SELECT 1 FROM volunteer_availability wb WHERE wb.volunteerId = ${v}.id AND wb.weekday = :weekday AND wb.startMinute <= :minute AND wb.endMinute > :minute))`;

const DISTANCE_CASE = `CASE ${DISTANCE_BANDS.map(([km, points]) => `WHEN c.d2 <= ${km * km} THEN ${points}`).join(' ')} ELSE 0 END`;
const capped = (column: string, each: number, cap: number) => `(CASE WHEN ${column} > ${cap} THEN ${each * cap} ELSE ${column} * ${each} END)`;

/**
 * `demandCandidates`: ranks the district's volunteers and teams for a demand in SQL (so a large
 * city is one indexed query each, not a scan in JavaScript), then explains the top ones.
 */
export class MatchingService {
  constructor(private readonly config: Config) {}

  async rank(manager: EntityManager, demand: Demand, first: number, kinds: readonly CandidateKind[]): Promise<Candidate[]> {
    const target = await this.target(manager, demand);
    const volunteers = kinds.includes(CandidateKind.VOLUNTEER) ? await this.rankVolunteers(manager, target, first, false) : [];
    const teams = kinds.includes(CandidateKind.TEAM) ? await this.rankTeams(manager, target, first) : [];
    return [...volunteers, ...teams].sort(byRank).slice(0, first);
  }

  /** The next volunteers for auto-dispatch: as ranked, leaving out anyone this demand was ever offered to. */
  async next(manager: EntityManager, demand: Demand, count: number): Promise<Candidate[]> {
    return this.rankVolunteers(manager, await this.target(manager, demand), count, true);
  }

  private async target(manager: EntityManager, demand: Demand): Promise<Target> {
    const grid = await manager.findOneByOrFail(Region, { id: demand.gridId });
    const category = await manager.findOneByOrFail(ServiceCategory, { id: demand.categoryId });
    const ids = pathIds(grid.path);
    const prefix = (depth: number) => `/${ids.slice(0, depth).join('/')}/`;
    const now = new Date();
    const clock = localClock(now, this.config.timeZone);
    return {
      demandId: demand.id,
      categoryId: demand.categoryId,
      categoryName: category.name,
      gridPath: grid.path,
      districtPrefix: prefix(1),
      streetPrefix: prefix(2),
      communityPrefix: prefix(3),
      coords: demand.latitude !== null && demand.longitude !== null ? { latitude: demand.latitude, longitude: demand.longitude } : null,
      weekday: clock.weekday,
      minute: clock.minute,
      today: clock.date,
      now,
    };
  }

  private params(t: Target): Record<string, unknown> {
    return {
      demandId: t.demandId,
      categoryId: t.categoryId,
      gridPath: t.gridPath,
      communityLike: `${t.communityPrefix}%`,
      streetLike: `${t.streetPrefix}%`,
      districtLike: `${t.districtPrefix}%`,
      weekday: t.weekday,
      minute: t.minute,
      today: t.today,
      now: t.now,
      lat: t.coords?.latitude ?? 0,
      lng: t.coords?.longitude ?? 0,
      kx: kmPerDegreeLng(t.coords?.latitude ?? 0),
      ky: KM_PER_DEGREE_LAT,
      pending: OfferStatus.PENDING,
      declined: OfferStatus.DECLINED,
      serving: SERVING,
      teamBusy: TEAM_BUSY,
      activeVolunteer: VolunteerStatus.ACTIVE,
      activeMember: MembershipStatus.ACTIVE,
    };
  }

  private async rankVolunteers(manager: EntityManager, t: Target, limit: number, excludeOffered: boolean): Promise<Candidate[]> {
    const closeness = t.coords ? `CASE WHEN c.d2 IS NULL THEN c.hierarchyPoints ELSE ${DISTANCE_CASE} END` : 'c.hierarchyPoints';
    const rows = await namedQuery<VolunteerRow>(
      manager,
      `SELECT c.* FROM (
         SELECT v.id AS volunteerId, v.accountId AS accountId, v.certifiedMinutes AS certifiedMinutes, v.latitude AS latitude, v.longitude AS longitude,
           CASE WHEN EXISTS (SELECT 1 FROM volunteer_skill vs INNER JOIN skill s ON s.id = vs.skillId WHERE vs.volunteerId = v.id AND s.categoryId = :categoryId)
             THEN ${POINTS.skill} ELSE 0 END AS skillPoints,
           CASE WHEN EXISTS (SELECT 1 FROM volunteer_certificate vc INNER JOIN skill cs ON cs.id = vc.skillId
                             WHERE vc.volunteerId = v.id AND cs.categoryId = :categoryId AND (vc.expiresOn IS NULL OR vc.expiresOn >= :today))
             THEN ${POINTS.certificate} ELSE 0 END AS certificatePoints,
           ${HIERARCHY('h.path')} AS hierarchyPoints,
           ${t.coords ? `CASE WHEN v.latitude IS NULL THEN NULL ELSE ((v.longitude - :lng) * :kx) * ((v.longitude - :lng) * :kx) + ((v.latitude - :lat) * :ky) * ((v.latitude - :lat) * :ky) END` : 'NULL'} AS d2,
           CASE WHEN ${AVAILABLE('v')} THEN ${POINTS.available} ELSE 0 END AS availablePoints,
           (SELECT COUNT(*) FROM demand_offer po WHERE po.volunteerId = v.id AND po.status = :pending AND po.demandId <> :demandId AND po.expiresAt > :now) AS pendingElsewhere,
           CASE WHEN EXISTS (SELECT 1 FROM demand_offer oo WHERE oo.demandId = :demandId AND oo.volunteerId = v.id AND oo.status = :pending) THEN 1 ELSE 0 END AS offeredNow
         FROM volunteer v
         INNER JOIN region h ON h.id = COALESCE(v.gridId, v.communityId)
         INNER JOIN account a ON a.id = v.accountId
         WHERE v.status = :activeVolunteer AND a.disabledAt IS NULL AND h.path LIKE :districtLike
           AND NOT EXISTS (SELECT 1 FROM demand b WHERE b.responderId = v.accountId AND b.status IN (:...serving))
           AND NOT EXISTS (SELECT 1 FROM demand_offer x WHERE x.demandId = :demandId AND x.volunteerId = v.id${excludeOffered ? '' : ' AND x.status = :declined'})
       ) c
       ORDER BY (c.skillPoints + c.certificatePoints + ${closeness} + c.availablePoints - ${capped('c.pendingElsewhere', -POINTS.load, POINTS.loadCap)}) DESC,
         c.certifiedMinutes DESC, c.volunteerId ASC
       LIMIT ${Math.max(0, Math.floor(limit))}`,
      this.params(t),
    );
    const skills = await this.matchingSkills(manager, t.categoryId, rows.map((r) => Number(r.volunteerId)));
    return rows.map((row) => this.explainVolunteer(t, row, skills.get(Number(row.volunteerId)) ?? []));
  }

  private async rankTeams(manager: EntityManager, t: Target, limit: number): Promise<Candidate[]> {
    const rows = await namedQuery<TeamRow>(
      manager,
      `SELECT c.* FROM (
         SELECT t.id AS teamId,
           CASE WHEN EXISTS (SELECT 1 FROM team_specialty ts WHERE ts.teamId = t.id AND ts.categoryId = :categoryId) THEN ${POINTS.specialty} ELSE 0 END AS specialtyPoints,
           ${HIERARCHY('r.path')} AS hierarchyPoints,
           (SELECT COUNT(*) FROM team_member am INNER JOIN volunteer v ON v.id = am.volunteerId
             WHERE am.teamId = t.id AND am.status = :activeMember AND v.status = :activeVolunteer AND ${AVAILABLE('v')}) AS availableMembers,
           (SELECT COUNT(*) FROM team_member mm INNER JOIN volunteer mv ON mv.id = mm.volunteerId
             WHERE mm.teamId = t.id AND mm.status = :activeMember AND mv.status = :activeVolunteer) AS members,
           (SELECT COUNT(*) FROM demand b WHERE b.dispatchTeamId = t.id AND b.status IN (:...teamBusy) AND b.id <> :demandId) AS openDemands,
           (SELECT COALESCE(SUM(hv.certifiedMinutes), 0) FROM team_member hm INNER JOIN volunteer hv ON hv.id = hm.volunteerId
             WHERE hm.teamId = t.id AND hm.status = :activeMember) AS certifiedMinutes
         FROM team t INNER JOIN region r ON r.id = t.regionId
         WHERE t.active = 1 AND r.path LIKE :districtLike
       ) c
       WHERE c.members > 0
       ORDER BY (c.specialtyPoints + c.hierarchyPoints + ${capped('c.availableMembers', POINTS.teamMemberAvailable, POINTS.teamAvailableCap)}
         - ${capped('c.openDemands', -POINTS.load, POINTS.loadCap)}) DESC, c.certifiedMinutes DESC, c.teamId ASC
       LIMIT ${Math.max(0, Math.floor(limit))}`,
      this.params(t),
    );
    return rows.map((row) => this.explainTeam(t, row));
  }

  private explainVolunteer(t: Target, row: VolunteerRow, skills: string[]): Candidate {
    const reasons: Reason[] = [];
    if (Number(row.skillPoints) > 0) reasons.push({ code: R.SKILL, points: POINTS.skill, detail: `${t.categoryName}: ${skills.join(', ')}` });
    else reasons.push({ code: R.NO_SKILL, points: 0, detail: `no skill of ${t.categoryName}` });
    if (Number(row.certificatePoints) > 0) reasons.push({ code: R.CERTIFICATE, points: POINTS.certificate, detail: `holds an unexpired certificate for ${t.categoryName}` });
    let distanceKm: number | null = null;
    if (t.coords && row.latitude !== null && row.longitude !== null) {
      distanceKm = Math.round(Math.sqrt(Number(row.d2)) * 100) / 100;
      reasons.push({ code: R.DISTANCE, points: distancePoints(Math.sqrt(Number(row.d2))), detail: `${distanceKm} km from the demand` });
    } else {
      const points = Number(row.hierarchyPoints);
      reasons.push({ code: R.CLOSENESS, points, detail: `lives ${CLOSENESS_DETAIL[points]}` });
    }
    const availableNow = Number(row.availablePoints) > 0;
    reasons.push(availableNow ? { code: R.AVAILABLE, points: POINTS.available, detail: 'on duty now' } : { code: R.UNAVAILABLE, points: 0, detail: 'off duty or outside their weekly hours' });
    const load = Number(row.pendingElsewhere);
    if (load > 0) reasons.push({ code: R.LOAD, points: loadPoints(load), detail: `${load} pending offer(s) of other demands` });
    if (Number(row.offeredNow) > 0) reasons.push({ code: R.ALREADY_OFFERED, points: 0, detail: 'already offered this demand; waiting for an answer' });
    const minutes = Number(row.certifiedMinutes);
    reasons.push({ code: R.HOURS, points: 0, detail: `${Math.round(minutes / 6) / 10} certified hours (tie-break)` });
    return { kind: CandidateKind.VOLUNTEER, score: total(reasons), certifiedMinutes: minutes, volunteerId: Number(row.volunteerId), accountId: Number(row.accountId), teamId: null, distanceKm, availableNow, reasons };
  }

  private explainTeam(t: Target, row: TeamRow): Candidate {
    const reasons: Reason[] = [];
    if (Number(row.specialtyPoints) > 0) reasons.push({ code: R.SPECIALTY, points: POINTS.specialty, detail: `specialises in ${t.categoryName}` });
    else reasons.push({ code: R.NO_SKILL, points: 0, detail: `does not specialise in ${t.categoryName}` });
    const closeness = Number(row.hierarchyPoints);
    reasons.push({ code: R.CLOSENESS, points: closeness, detail: `based ${CLOSENESS_DETAIL[closeness]}` });
    const available = Number(row.availableMembers);
    reasons.push(available > 0 ? { code: R.AVAILABLE, points: teamAvailablePoints(available), detail: `${available} member(s) available now` } : { code: R.UNAVAILABLE, points: 0, detail: 'no member available now' });
    const open = Number(row.openDemands);
    if (open > 0) reasons.push({ code: R.LOAD, points: loadPoints(open), detail: `${open} other open demand(s) dispatched to the team` });
    const minutes = Number(row.certifiedMinutes);
    reasons.push({ code: R.HOURS, points: 0, detail: `${Math.round(minutes / 6) / 10} certified hours among members (tie-break)` });
    return { kind: CandidateKind.TEAM, score: total(reasons), certifiedMinutes: minutes, volunteerId: null, accountId: null, teamId: Number(row.teamId), distanceKm: null, availableNow: available > 0, reasons };
  }

  /** Names of each volunteer's skills in the demand's category, for the SKILL reason. */
  private async matchingSkills(manager: EntityManager, categoryId: number, volunteerIds: number[]): Promise<Map<number, string[]>> {
    const map = new Map<number, string[]>();
    if (!volunteerIds.length) return map;
    const rows = await namedQuery<{ volunteerId: number; name: string }>(
      manager,
      `SELECT vs.volunteerId AS volunteerId, s.name AS name FROM volunteer_skill vs INNER JOIN skill s ON s.id = vs.skillId
       WHERE vs.volunteerId IN (:...volunteerIds) AND s.categoryId = :categoryId ORDER BY s.code`,
      { volunteerIds, categoryId },
    );
    for (const r of rows) map.set(Number(r.volunteerId), [...(map.get(Number(r.volunteerId)) ?? []), r.name]);
    return map;
  }
}

/** Score, then certified hours, then volunteers before teams, then the lower id: deterministic. */
function byRank(a: Candidate, b: Candidate): number {
  return b.score - a.score || b.certifiedMinutes - a.certifiedMinutes || (a.kind === b.kind ? 0 : a.kind === CandidateKind.VOLUNTEER ? -1 : 1) || (a.volunteerId ?? a.teamId ?? 0) - (b.volunteerId ?? b.teamId ?? 0);
}
