import type { DataSource } from 'typeorm';
import { byIdLoader } from '../core/loaders';
import { createAccountLoaders } from '../modules/account/account.loaders';
import { createCalloutLoaders } from '../modules/callout/callout.service';
import { createCategoryLoaders } from '../modules/category/category.loaders';
import { createDemandLoaders } from '../modules/demand/demand.loaders';
import { Organisation } from '../modules/organisation/organisation.entity';
import { createPairingLoaders } from '../modules/pairing/pairing.service';
import { createProjectLoaders } from '../modules/project/project.loaders';
import { createRegionLoaders } from '../modules/region/region.loaders';
import { Skill } from '../modules/skill/skill.entity';
import { createTeamLoaders } from '../modules/team/team.loaders';
import { createVolunteerLoaders } from '../modules/volunteer/volunteer.loaders';

/** A fresh set per request or subscription operation, so cached rows never outlive it. */
export function createLoaders(db: DataSource) {
  return {
    region: createRegionLoaders(db),
    account: createAccountLoaders(db),
    category: createCategoryLoaders(db),
    demand: createDemandLoaders(db),
    organisation: { byId: byIdLoader(db, Organisation) },
    skill: { byId: byIdLoader(db, Skill) },
    volunteer: createVolunteerLoaders(db),
    team: createTeamLoaders(db),
    callout: createCalloutLoaders(db),
    pairing: createPairingLoaders(db),
    project: createProjectLoaders(db),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
