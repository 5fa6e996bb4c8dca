import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { byIdLoader, childCountLoader, childPageLoader } from '../../core/loaders';
import { DemandOffer } from '../offer/offer.entity';
import { DemandEvent } from './demand-event.entity';
import { Demand } from './demand.entity';
import { OPEN_STATUSES } from './demand.state-machine';

export function createDemandLoaders(db: DataSource) {
  const byId = byIdLoader(db, Demand);
  // Pages of several demands' histories in one statement, like the hierarchy's child pages.
  const eventPage = childPageLoader(db, DemandEvent, 'demand_event', 'demandId');
  const eventCount = childCountLoader(db, DemandEvent, 'demandId');
  // What a volunteer served, by responder account, oldest first.
  const byResponderPage = childPageLoader(db, Demand, 'demand', 'responderId');
  const byResponderCount = childCountLoader(db, Demand, 'responderId');

  // Open demands of many grids (a district's tree of queues) in one statement per level.
  const open = { sql: 'status IN (:...openStatuses)', params: { openStatuses: OPEN_STATUSES } };
  const openByGridPage = childPageLoader(db, Demand, 'demand', 'gridId', open);
  const openByGridCount = childCountLoader(db, Demand, 'gridId', open);

  const offers = new DataLoader<number, DemandOffer[]>(async (demandIds) => {
    const rows = await db.getRepository(DemandOffer).find({ where: { demandId: In([...demandIds]) }, order: { id: 'ASC' } });
    return demandIds.map((id) => rows.filter((r) => r.demandId === id));
  });

  return { byId, eventPage, eventCount, byResponderPage, byResponderCount, openByGridPage, openByGridCount, offers };
}

export type DemandLoaders = ReturnType<typeof createDemandLoaders>;
