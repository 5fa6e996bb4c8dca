import type { EntityManager } from 'typeorm';
import { nextPosition } from '../../core/sequence';
import { DemandEvent, DemandEventAudience, type Audience } from './demand-event.entity';
import { markMilestone } from './demand-milestones';
import { DemandEventReason, type DemandEventType, type DemandStatus } from './demand.enums';

export const DEMAND_EVENT_SEQUENCE = 'demand_event';

export interface NewDemandEvent {
  demandId: number;
  type: DemandEventType;
  fromStatus: DemandStatus | null;
  toStatus: DemandStatus;
  actorId: number | null;
  note?: string | null;
  data?: Record<string, unknown> | null;
  /** Default: MANUAL when there is an actor, else none. */
  reason?: DemandEventReason | null;
  /** Who besides the region's consoles hears of it. */
  audience?: Audience[];
  /** When it happened; now unless given (data written after the fact: imports, test histories). */
  at?: Date;
}

/**
 * Appends to the event log inside the caller's transaction (the outbox). The position comes from
 * the event_sequence row, whose lock is held until commit: positions are gapless and a later
 * position never commits before an earlier one, which is what makes `after: <cursor>` a safe
 * resume point. Call it as the transaction's last write, to hold that lock briefly.
 */
export async function appendDemandEvent(tx: EntityManager, event: NewDemandEvent): Promise<DemandEvent> {
  const at = event.at ?? new Date();
  // Before the position: its lock is held until commit, so nothing else belongs after it.
  await markMilestone(tx, event.demandId, event.type, at);
  const value = await nextPosition(tx, DEMAND_EVENT_SEQUENCE);
  const row = tx.create(DemandEvent, {
    id: Number(value),
    demandId: event.demandId,
    type: event.type,
    fromStatus: event.fromStatus,
    toStatus: event.toStatus,
    actorId: event.actorId,
    note: event.note ?? null,
    reason: event.reason !== undefined ? event.reason : event.actorId !== null ? DemandEventReason.MANUAL : null,
    data: event.data && Object.keys(event.data).length ? JSON.stringify(event.data) : null,
    at,
  });
  await tx.insert(DemandEvent, row);
  const audience = dedupe(event.audience ?? []);
  if (audience.length) await tx.insert(DemandEventAudience, audience.map((a) => ({ eventId: row.id, topic: a.topic, refId: a.refId })));
  row.audience = audience;
  return row;
}

function dedupe(audience: Audience[]): Audience[] {
  const seen = new Map<string, Audience>();
  for (const a of audience) if (!seen.has(a.topic)) seen.set(a.topic, a);
  return [...seen.values()];
}

/** Audience topics: one place that spells them. */
export const topics = {
  /** Offers made to a volunteer account, and their fate. */
  offers: (accountId: number) => `offer:${accountId}`,
  /** Emergency call-outs reaching a team member's account. */
  calloutMember: (accountId: number) => `callout-member:${accountId}`,
  /** Everything about one call-out (the dispatcher's live roster). */
  callout: (calloutId: number) => `callout:${calloutId}`,
};
