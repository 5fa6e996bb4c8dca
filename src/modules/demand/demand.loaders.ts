import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { byIdLoader, childCountLoader, childPageLoader } from '../../core/loaders';
import { DemandEvent } from './demand-event.entity';
import { Demand, DemandDispatchTarget } from './demand.entity';

export function createDemandLoaders(db: DataSource) {
  const byId = byIdLoader(db, Demand);
  // Pages of several demands' histories in one statement, like the hierarchy's child pages.
  const eventPage = childPageLoader(db, DemandEvent, 'demand_event', 'demandId');
  const eventCount = childCountLoader(db, DemandEvent, 'demandId');

  const targets = new DataLoader<number, number[]>(async (demandIds) => {
    const rows = await db.getRepository(DemandDispatchTarget).findBy({ demandId: In([...demandIds]) });
    return demandIds.map((id) => rows.filter((r) => r.demandId === id).map((r) => r.accountId));
  });

  return { byId, eventPage, eventCount, targets };
}

export type DemandLoaders = ReturnType<typeof createDemandLoaders>;
