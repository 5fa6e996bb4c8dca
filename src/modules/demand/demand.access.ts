import type { Viewer } from '../../server/context';
import { Role } from '../account/role';
import type { DemandOffer } from '../offer/offer.entity';
import { levelDepth } from '../region/region.entity';
import type { Demand } from './demand.entity';
import { handlingDepth } from './demand.state-machine';

/**
 * Who may do what to a demand. Jurisdiction itself (is the grid inside a scope) is the prefix test
 * of server/jurisdiction; these rules add the demand's own relations (requester, responder,
 * handling level).
 */

/** A dispatcher of the handling level: its scope covers the grid and sits at or above the handling level. */
export function isHandler(viewer: Viewer, demand: Demand, gridPath: string): boolean {
  if (viewer.account.role === Role.PLATFORM_ADMIN) return true;
  const scope = viewer.account.scopeRegion;
  if (viewer.account.role !== Role.DISPATCHER || !scope) return false;
  return gridPath.startsWith(scope.path) && levelDepth(scope.level) <= handlingDepth(demand.handlingLevel);
}

/** The person the demand is for: its requester account, or whoever filed it on someone's behalf. */
export function isRequester(viewer: Viewer, demand: Demand): boolean {
  return viewer.account.id === (demand.requesterId ?? demand.createdById);
}

export function isResponder(viewer: Viewer, demand: Demand): boolean {
  return demand.responderId !== null && viewer.account.id === demand.responderId;
}

/** The requester's name and phone: the requester, the filer, the responder and the handling dispatchers. */
export function maySeeContact(viewer: Viewer, demand: Demand, gridPath: string): boolean {
  return isRequester(viewer, demand) || viewer.account.id === demand.createdById || isResponder(viewer, demand) || isHandler(viewer, demand, gridPath);
}

/** A volunteer's ties to a demand beyond serving it: their latest offer of it, and whether they were called out for it. */
export interface VolunteerRelation {
  offer: DemandOffer | null;
  calledOut: boolean;
}

export const NO_RELATION: VolunteerRelation = { offer: null, calledOut: false };

/** Whether the viewer may read the demand at all. */
export function mayRead(viewer: Viewer, demand: Demand, gridPath: string, relation: VolunteerRelation): boolean {
  const { role, id } = viewer.account;
  switch (role) {
    case Role.PLATFORM_ADMIN:
      return true;
    case Role.DISPATCHER:
    case Role.GRID_WORKER:
      return viewer.scopePath !== null && gridPath.startsWith(viewer.scopePath);
    // Analysts get aggregates (regionStats, the wall, de-identified exports), never a demand: its
    // title, address and photos describe a person.
    case Role.RESIDENT:
      return isRequester(viewer, demand);
    case Role.VOLUNTEER:
      // Offered to them (or open to all), called out for it, or served by them; an offer stays visible
      // after someone else claims it, so a losing claimant hears CONFLICT, not FORBIDDEN.
      return isResponder(viewer, demand) || relation.offer !== null || relation.calledOut || demand.dispatchOpen;
    case Role.PARTNER:
      return demand.createdById === id || (viewer.account.organisationId !== null && demand.organisationId === viewer.account.organisationId);
    default:
      return false;
  }
}

export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? '*' : chars[0] + '*'.repeat(chars.length - 1);
}

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\s/g, '');
  if (digits.length <= 4) return '*'.repeat(digits.length);
  const keepStart = digits.length >= 11 ? 3 : 0;
  return digits.slice(0, keepStart) + '*'.repeat(digits.length - keepStart - 4) + digits.slice(-4);
}
