import { In, type DataSource } from 'typeorm';
import { LogFeed, type Delivery as LogDelivery, type LogSource } from '../../core/log-feed';
import type { EventBus } from '../../core/event-bus';
import { Region } from '../region/region.entity';
import { DemandEvent, DemandEventAudience } from './demand-event.entity';
import { DEMAND_EVENT_SEQUENCE } from './demand-event.log';
import { Demand } from './demand.entity';

export const EVENT_CHANNEL = 'demand-event';

export type Delivery = LogDelivery<DemandEvent>;
export type DemandFeed = LogFeed<DemandEvent>;

const isPath = (key: string) => key.startsWith('/');

/**
 * The demand event log as the feed engine sees it: an event goes to the consoles of every region
 * above its grid (each prefix of the grid's materialized path) and to its audience topics (offers,
 * call-outs). A replay is a region's subtree (`g.path LIKE prefix%`) or one topic's rows.
 */
export const demandLog: LogSource<DemandEvent> = {
  sequence: DEMAND_EVENT_SEQUENCE,
  channel: EVENT_CHANNEL,

  async load(db: DataSource, after: number, before: number, key: string | null, limit: number): Promise<DemandEvent[]> {
    const query = db
      .getRepository(DemandEvent)
      .createQueryBuilder('e')
      .innerJoin(Demand, 'd', 'd.id = e.demandId')
      .innerJoin(Region, 'g', 'g.id = d.gridId')
      .addSelect('g.path', 'regionPath')
      .where('e.id > :after AND e.id < :before', { after, before })
      .orderBy('e.id', 'ASC')
      .limit(limit);
    if (key && isPath(key)) query.andWhere('g.path LIKE :prefix', { prefix: `${key}%` });
    if (key && !isPath(key)) query.innerJoin(DemandEventAudience, 'a', 'a.eventId = e.id AND a.topic = :topic', { topic: key }).addSelect('a.refId', 'refId');
    const { entities, raw } = await query.getRawAndEntities<{ regionPath: string; refId?: number | null }>();
    const events = entities.map((e, i) => Object.assign(e, { regionPath: raw[i].regionPath }));
    if (key && !isPath(key)) events.forEach((e, i) => (e.audience = [{ topic: key, refId: raw[i].refId == null ? null : Number(raw[i].refId) }]));
    if (key === null && events.length) await attachAudience(db, events);
    return events;
  },

  *keysOf(event: DemandEvent): Iterable<string> {
    const path = event.regionPath ?? '';
    for (let end = path.indexOf('/', 1); end !== -1; end = path.indexOf('/', end + 1)) yield path.slice(0, end + 1);
  },
};

async function attachAudience(db: DataSource, events: DemandEvent[]): Promise<void> {
  const rows = await db.getRepository(DemandEventAudience).findBy({ eventId: In(events.map((e) => e.id)) });
  const byEvent = new Map<number, DemandEventAudience[]>();
  for (const row of rows) byEvent.set(row.eventId, [...(byEvent.get(row.eventId) ?? []), row]);
  for (const e of events) e.audience = (byEvent.get(e.id) ?? []).map((a) => ({ topic: a.topic, refId: a.refId }));
}

export function createDemandFeed(db: DataSource, bus: EventBus, pollMs: number): DemandFeed {
  return new LogFeed(db, bus, pollMs, demandLog);
}
