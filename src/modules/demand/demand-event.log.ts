import type { EntityManager } from 'typeorm';
import { DemandEvent } from './demand-event.entity';
import type { DemandEventType, DemandStatus } from './demand.enums';

export const DEMAND_EVENT_SEQUENCE = 'demand_event';

export interface NewDemandEvent {
  demandId: number;
  type: DemandEventType;
  fromStatus: DemandStatus | null;
  toStatus: DemandStatus;
  actorId: number | null;
  note?: string | null;
  data?: Record<string, unknown> | null;
}

/**
 * Appends to the event log inside the caller's transaction (the outbox). The position comes from
 * the event_sequence row, whose lock is held until commit: positions are gapless and a later
 * position never commits before an earlier one, which is what makes `after: <cursor>` a safe
 * resume point. Call it as the transaction's last write, to hold that lock briefly.
 */
export async function appendDemandEvent(tx: EntityManager, event: NewDemandEvent): Promise<DemandEvent> {
  await tx.query('UPDATE event_sequence SET value = value + 1 WHERE name = ?', [DEMAND_EVENT_SEQUENCE]);
  const [{ value }] = await tx.query('SELECT value FROM event_sequence WHERE name = ?', [DEMAND_EVENT_SEQUENCE]);
  const row = tx.create(DemandEvent, {
    id: Number(value),
    demandId: event.demandId,
    type: event.type,
    fromStatus: event.fromStatus,
    toStatus: event.toStatus,
    actorId: event.actorId,
    note: event.note ?? null,
    data: event.data ? JSON.stringify(event.data) : null,
    at: new Date(),
  });
  await tx.insert(DemandEvent, row);
  return row;
}
