import type { DataSource } from 'typeorm';
import { byIdLoader, childCountLoader, childPageLoader } from '../../core/loaders';
import { Region } from './region.entity';

/** Per-request batching for the hierarchy: one query per level of a nested query, however many regions it spans. */
export function createRegionLoaders(db: DataSource) {
  return {
    byId: byIdLoader(db, Region),
    childPage: childPageLoader(db, Region, 'region', 'parentId'),
    childCount: childCountLoader(db, Region, 'parentId'),
  };
}

export type RegionLoaders = ReturnType<typeof createRegionLoaders>;
