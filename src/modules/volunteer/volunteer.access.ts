import type { Viewer } from '../../server/context';
import { covers } from '../../server/jurisdiction';
import { Role } from '../account/role';
import type { Volunteer } from './volunteer.entity';

/**
 * How much of a volunteer a viewer sees. Each level includes the ones below it.
 * - FULL: everything (ID number's last four, birth date, coordinates): the person, platform admins,
 *   and dispatchers of their home community (the community side of dual management).
 * - CONTACT: name and phone: leaders and liaisons of their teams (who notify them), their own team's
 *   leader and liaison (whom they call), and their employer (the other side of dual management).
 * - BASIC: name, skills, status, teams, phone masked: any other dispatcher (candidates come from
 *   neighbouring streets too), grid workers in their community, and fellow members of their teams.
 * - NONE: everyone else (residents, analysts, other volunteers, other partners): not shown at all.
 */
export enum VolunteerAccess {
  NONE = 0,
  BASIC = 1,
  CONTACT = 2,
  FULL = 3,
}

export interface TeamRelation {
  /** The viewer leads or liaises a team the volunteer belongs to or asked to join. */
  viewerLeadsThem: boolean;
  /** The volunteer leads or liaises a team the viewer is an active member of. */
  theyLeadViewer: boolean;
  /** Both are active members of one team. */
  teammates: boolean;
}

export function volunteerAccess(viewer: Viewer, volunteer: Volunteer, homePath: string, relation: TeamRelation): VolunteerAccess {
  const { role, id, organisationId } = viewer.account;
  if (id === volunteer.accountId || role === Role.PLATFORM_ADMIN) return VolunteerAccess.FULL;
  if (role === Role.DISPATCHER && covers(viewer, homePath)) return VolunteerAccess.FULL;
  if (relation.viewerLeadsThem || relation.theyLeadViewer) return VolunteerAccess.CONTACT;
  if (role === Role.PARTNER && organisationId !== null && organisationId === volunteer.organisationId) return VolunteerAccess.CONTACT;
  if (role === Role.DISPATCHER) return VolunteerAccess.BASIC;
  // A grid worker works with the volunteers of the community around their grid(s).
  if (role === Role.GRID_WORKER && (covers(viewer, homePath) || viewer.scopePath?.startsWith(homePath))) return VolunteerAccess.BASIC;
  if (relation.teammates) return VolunteerAccess.BASIC;
  return VolunteerAccess.NONE;
}

/** Who may change a volunteer's registration, status and certificates: admins and their home community's dispatchers. */
export function mayManageVolunteer(viewer: Viewer, homePath: string): boolean {
  const role = viewer.account.role;
  return role === Role.PLATFORM_ADMIN || (role === Role.DISPATCHER && covers(viewer, homePath));
}
