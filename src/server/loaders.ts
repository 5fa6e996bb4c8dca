import type { DataSource } from 'typeorm';
import { createAccountLoaders } from '../modules/account/account.loaders';
import { createCategoryLoaders } from '../modules/category/category.loaders';
import { createDemandLoaders } from '../modules/demand/demand.loaders';
import { Organisation } from '../modules/organisation/organisation.entity';
import { createRegionLoaders } from '../modules/region/region.loaders';
import { byIdLoader } from '../core/loaders';

/** A fresh set per request or subscription operation, so cached rows never outlive it. */
export function createLoaders(db: DataSource) {
  return {
    region: createRegionLoaders(db),
    account: createAccountLoaders(db),
    category: createCategoryLoaders(db),
    demand: createDemandLoaders(db),
    organisation: { byId: byIdLoader(db, Organisation) },
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
