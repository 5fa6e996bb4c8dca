import { DemandEventType as E, DemandStatus as S, HandlingLevel } from './demand.enums';

export type DemandAction = 'accept' | 'reject' | 'dispatch' | 'claim' | 'start' | 'complete' | 'close' | 'reopen' | 'cancel' | 'escalate' | 'overdue';

interface Transition {
  from: readonly S[];
  /** `null` keeps the status (escalation and overdue change something else). */
  to: S | null;
  event: E;
}

/** The workflow, as one table: which action may leave which status, where it goes, and what it records. */
export const TRANSITIONS: Record<DemandAction, Transition> = {
  accept: { from: [S.SUBMITTED], to: S.ACCEPTED, event: E.ACCEPTED },
  reject: { from: [S.SUBMITTED, S.ACCEPTED], to: S.REJECTED, event: E.REJECTED },
  dispatch: { from: [S.ACCEPTED], to: S.DISPATCHED, event: E.DISPATCHED },
  claim: { from: [S.DISPATCHED], to: S.ASSIGNED, event: E.CLAIMED },
  start: { from: [S.ASSIGNED], to: S.IN_SERVICE, event: E.STARTED },
  complete: { from: [S.IN_SERVICE], to: S.COMPLETED, event: E.COMPLETED },
  close: { from: [S.COMPLETED], to: S.CLOSED, event: E.CLOSED },
  reopen: { from: [S.COMPLETED, S.CLOSED], to: S.ACCEPTED, event: E.REOPENED },
  cancel: { from: [S.SUBMITTED, S.ACCEPTED, S.DISPATCHED, S.ASSIGNED], to: S.CANCELLED, event: E.CANCELLED },
  escalate: { from: [S.SUBMITTED, S.ACCEPTED, S.DISPATCHED], to: null, event: E.ESCALATED },
  overdue: { from: [S.SUBMITTED, S.ACCEPTED, S.DISPATCHED, S.ASSIGNED, S.IN_SERVICE], to: null, event: E.OVERDUE },
};

/** Statuses in which a demand still has a deadline to miss. */
export const OPEN_STATUSES = TRANSITIONS.overdue.from;

/** The status after `action`, or null when the action is not allowed from `current`. */
export function nextStatus(action: DemandAction, current: S): S | null {
  const t = TRANSITIONS[action];
  if (!t.from.includes(current)) return null;
  return t.to ?? current;
}

const LEVEL_ORDER = [HandlingLevel.COMMUNITY, HandlingLevel.STREET, HandlingLevel.DISTRICT];

/** Community → street → district; null at the top. */
export function escalatedLevel(level: HandlingLevel): HandlingLevel | null {
  return LEVEL_ORDER[LEVEL_ORDER.indexOf(level) + 1] ?? null;
}

/** Depth of the region level that handles demands at this handling level (district 0, street 1, community 2). */
export function handlingDepth(level: HandlingLevel): number {
  return 2 - LEVEL_ORDER.indexOf(level);
}
