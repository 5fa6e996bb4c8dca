import type { DemandDetail, HandlingLevel, RegionLevel, Viewer } from '../api/types';

export type DemandAction = 'accept' | 'reject' | 'dispatch' | 'escalate' | 'close';

/**
 * Which buttons to show: the server's rules (demand.access.ts, the state machine) restated, so a
 * desk is not offered what it would be refused. The server still decides; a refusal is shown.
 */
const SCOPE_DEPTH: Record<RegionLevel, number> = { DISTRICT: 0, STREET: 1, COMMUNITY: 2, GRID: 3 };
const HANDLING_DEPTH: Record<HandlingLevel, number> = { DISTRICT: 0, STREET: 1, COMMUNITY: 2 };
const NEXT_LEVEL: Record<HandlingLevel, HandlingLevel | null> = { COMMUNITY: 'STREET', STREET: 'DISTRICT', DISTRICT: null };

/** A dispatcher of the handling level: its scope (which covers every demand the console shows) sits at or above it. */
export function isHandler(viewer: Viewer, demand: Pick<DemandDetail, 'handlingLevel'>): boolean {
  if (viewer.role === 'PLATFORM_ADMIN') return true;
  if (viewer.role !== 'DISPATCHER' || !viewer.scope) return false;
  return SCOPE_DEPTH[viewer.scope.level] <= HANDLING_DEPTH[demand.handlingLevel];
}

/**
 * The person the demand is for: its requester account, or, without one, whoever filed it (the
 * first event's actor). Whoever filed a demand always sees its requester, so a null requester
 * here means there is none.
 */
export function isRequester(viewer: Viewer, demand: Pick<DemandDetail, 'requester' | 'events'>): boolean {
  if (demand.requester) return demand.requester.id === viewer.id;
  const created = demand.events.edges.find((e) => e.node.type === 'CREATED')?.node;
  return created?.actor?.id === viewer.id;
}

export function escalationTarget(demand: Pick<DemandDetail, 'handlingLevel'>): HandlingLevel | null {
  return NEXT_LEVEL[demand.handlingLevel];
}

export function allowedActions(viewer: Viewer, demand: DemandDetail): DemandAction[] {
  const actions: DemandAction[] = [];
  const status = demand.status;
  if (isHandler(viewer, demand)) {
    if (status === 'SUBMITTED') actions.push('accept');
    if (status === 'ACCEPTED') actions.push('dispatch');
    if ((status === 'SUBMITTED' || status === 'ACCEPTED' || status === 'DISPATCHED') && escalationTarget(demand)) actions.push('escalate');
    if (status === 'SUBMITTED' || status === 'ACCEPTED') actions.push('reject');
  }
  if (status === 'COMPLETED' && isRequester(viewer, demand)) actions.push('close');
  return actions;
}
