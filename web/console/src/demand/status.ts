import type { DemandRow, DemandStatus } from '../api/types';

/** Statuses in which a demand is still open (and can miss its deadline), as the server's state machine has them. */
export const OPEN_STATUSES: readonly DemandStatus[] = ['SUBMITTED', 'ACCEPTED', 'DISPATCHED', 'ASSIGNED', 'IN_SERVICE'];

export function isOpen(demand: Pick<DemandRow, 'status'>): boolean {
  return OPEN_STATUSES.includes(demand.status);
}

export function isUrgent(demand: Pick<DemandRow, 'urgency'>): boolean {
  return demand.urgency === 'URGENT' || demand.urgency === 'EMERGENCY';
}

/** The server's flag as last read, or the deadline passing since, while the console watches. */
export function isOverdue(demand: Pick<DemandRow, 'status' | 'overdue' | 'dueAt'>, now: number): boolean {
  if (!isOpen(demand)) return false;
  return demand.overdue || (demand.dueAt !== null && Date.parse(demand.dueAt) <= now);
}

/** Whether the demand lies in the region's subtree (a grid is its own subtree). */
export function isInRegion(demand: Pick<DemandRow, 'grid'>, regionId: string): boolean {
  return demand.grid.id === regionId || demand.grid.ancestors.some((a) => a.id === regionId);
}
