import type { Viewer } from '../../server/context';
import { covers } from '../../server/jurisdiction';
import { Role } from '../account/role';
import { RegionLevel } from '../region/region.entity';
import type { Team } from './team.entity';
import { TeamKind } from './team.enums';

/** The levels a team of each kind may call home; professional and emergency teams exist at every level. */
export const KIND_LEVELS: Record<TeamKind, readonly RegionLevel[]> = {
  DISTRICT_DETACHMENT: [RegionLevel.DISTRICT],
  STREET_SQUAD: [RegionLevel.STREET],
  COMMUNITY_TEAM: [RegionLevel.COMMUNITY, RegionLevel.GRID],
  PROFESSIONAL_TEAM: [RegionLevel.DISTRICT, RegionLevel.STREET, RegionLevel.COMMUNITY, RegionLevel.GRID],
  EMERGENCY_TEAM: [RegionLevel.DISTRICT, RegionLevel.STREET, RegionLevel.COMMUNITY, RegionLevel.GRID],
};

/** Platform admins and dispatchers whose scope covers the team's home region manage everything about it. */
export function mayManageTeam(viewer: Viewer, regionPath: string): boolean {
  const role = viewer.account.role;
  return role === Role.PLATFORM_ADMIN || (role === Role.DISPATCHER && covers(viewer, regionPath));
}

/** The team's leader (a volunteer id); leaders decide membership and change name, description, specialties and liaison. */
export function isLeader(myVolunteerId: number | null, team: Team): boolean {
  return myVolunteerId !== null && team.leaderId === myVolunteerId;
}

/**
 * Who may read a team's roster: staff (any dispatcher: candidates and call-outs cross streets), grid
 * workers of its region, its leader and liaison, its active members, and its organisation's partners.
 */
export function mayViewRoster(viewer: Viewer, team: Team, regionPath: string, myVolunteerId: number | null, isActiveMember: boolean): boolean {
  const { role, organisationId } = viewer.account;
  if (role === Role.PLATFORM_ADMIN || role === Role.DISPATCHER) return true;
  if (role === Role.GRID_WORKER && covers(viewer, regionPath)) return true;
  if (role === Role.PARTNER) return organisationId !== null && organisationId === team.organisationId;
  return myVolunteerId !== null && (team.leaderId === myVolunteerId || team.liaisonId === myVolunteerId || isActiveMember);
}
