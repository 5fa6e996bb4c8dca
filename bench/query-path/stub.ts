/**
 * The stubbed database of bench/query-path.ts: a small region tree held in memory as real `Region`
 * entities, served through DataLoaders of the same shape and batching as the real ones
 * (src/modules/region/region.loaders.ts), and a request Context built like startApp's makeContext
 * (src/server/app.ts) but with nothing behind `db`.
 *
 * Honesty rules of the stub:
 * - `ctx.db` is a trap: any property read throws, so a resolver that reached past the loaders
 *   would fail the response-equality check instead of silently costing nothing.
 * - `ctx.services` holds the real RegionService (stateless; it only reads ctx.loaders) and throws
 *   for any other service, so the query provably needs nothing else.
 * - Every request gets a fresh loader set from the real `createLoaders()` (all ~40 DataLoaders, as
 *   in production); only `loaders.region` is replaced by the in-memory one. Each batch function
 *   counts one "statement", so the stub can report how many SQL statements it stands in for.
 */
import os from 'node:os';
import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config';
import type { ChildPageKey } from '../../src/core/loaders';
import { Account } from '../../src/modules/account/account.entity';
import { Role } from '../../src/modules/account/role';
import { Region, RegionLevel } from '../../src/modules/region/region.entity';
import type { RegionLoaders } from '../../src/modules/region/region.loaders';
import { RegionService } from '../../src/modules/region/region.service';
import { logger } from '../../src/core/logger';
import type { Context, Viewer } from '../../src/server/context';
import { createLoaders } from '../../src/server/loaders';
import type { Services } from '../../src/server/services';

/** Shape of the stubbed tree: one district, its streets, their communities, their grids. */
export const TREE = { streets: 12, communitiesPerStreet: 6, gridsPerCommunity: 4 };

/** A DataSource that refuses every use. */
const trapDb = new Proxy(
  {},
  {
    get(_target, property) {
      // Promise resolution and inspection probe these; answering undefined is not a database use.
      if (typeof property === 'symbol' || property === 'then' || property === 'toJSON') return undefined;
      throw new Error(`query-path bench: the stubbed context touched the database (db.${String(property)})`);
    },
  },
) as DataSource;

const config = loadConfig({ NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', DATA_DIR: os.tmpdir() }, []);

/** Only the region service exists; asking for any other throws. */
const services = new Proxy({ region: new RegionService() } as Partial<Services>, {
  get(target, property) {
    if (typeof property === 'symbol' || property === 'then' || property === 'toJSON') return undefined;
    if (property in target) return target[property as keyof Services];
    throw new Error(`query-path bench: the query used ctx.services.${String(property)}, which the stub does not provide`);
  },
}) as Services;

export interface World {
  district: Region;
  regions: number;
  /** Batch-function calls so far: what would have been SQL statements. */
  statements: number;
  regionLoaders(): RegionLoaders;
}

function region(id: number, level: RegionLevel, code: string, name: string, parent: Region | null, population: number | null): Region {
  const at = new Date(Date.UTC(2026, 0, 1));
  return Object.assign(new Region(), {
    id,
    level,
    code,
    name,
    parentId: parent?.id ?? null,
    path: `${parent?.path ?? '/'}${id}/`,
    population,
    createdAt: at,
    updatedAt: at,
  });
}

/** The tree, and loaders over it that answer like the SQL ones (keyset pages of limit + 1 rows ordered by id, counts). */
export function createWorld(): World {
  const byId = new Map<number, Region>();
  const children = new Map<number, Region[]>();
  let next = 1;
  const add = (level: RegionLevel, code: string, name: string, parent: Region | null, population: number | null): Region => {
    const r = region(next++, level, code, name, parent, population);
    byId.set(r.id, r);
    if (parent) children.set(parent.id, [...(children.get(parent.id) ?? []), r]);
    return r;
  };
  const district = add(RegionLevel.DISTRICT, '310101', 'Huangpu District', null, 662_030);
  for (let s = 1; s <= TREE.streets; s++) {
    const street = add(RegionLevel.STREET, `310101${String(s).padStart(3, '0')}`, `Street ${s}`, district, 40_000 + s * 1_000);
    for (let c = 1; c <= TREE.communitiesPerStreet; c++) {
      const community = add(RegionLevel.COMMUNITY, `${street.code}${String(c).padStart(3, '0')}`, `Community ${s}-${c}`, street, c % 3 === 0 ? null : 5_000 + c * 100);
      for (let g = 1; g <= TREE.gridsPerCommunity; g++) {
        add(RegionLevel.GRID, `${community.code}${String(g).padStart(2, '0')}`, `Grid ${s}-${c}-${g}`, community, null);
      }
    }
  }

  const world: World = {
    district,
    regions: byId.size,
    statements: 0,
    regionLoaders() {
      const groupOf = (k: ChildPageKey) => `${k.page.limit}:${k.page.afterKey ?? 0}`;
      return {
        byId: new DataLoader<number, Region | null>(async (ids) => {
          world.statements += 1;
          return ids.map((id) => byId.get(id) ?? null);
        }),
        childPage: new DataLoader<ChildPageKey, Region[], string>(
          async (keys) => {
            world.statements += new Set(keys.map(groupOf)).size; // the SQL loader sends one statement per page window
            return keys.map((k) => {
              const rows = (children.get(k.parentId) ?? []).filter((r) => r.id > (k.page.afterKey ?? 0));
              return rows.slice(0, k.page.limit + 1);
            });
          },
          { cacheKeyFn: (k) => `${k.parentId}/${groupOf(k)}` },
        ),
        childCount: new DataLoader<number, number>(async (parentIds) => {
          world.statements += 1;
          return parentIds.map((id) => children.get(id)?.length ?? 0);
        }),
      };
    },
  };
  return world;
}

/**
 * The signed-in console user: a dispatcher scoped to the district. In the real server
 * `authenticate()` verifies the JWT and re-reads the account (one SELECT); here the viewer is
 * given, for every server alike (the bench measures the JWT check separately, in-process).
 */
export function benchViewer(world: World): Viewer {
  const account = Object.assign(new Account(), {
    id: 1,
    username: 'bench-dispatcher',
    passwordHash: 'x',
    role: Role.DISPATCHER,
    scopeId: world.district.id,
    organisationId: null,
    disabledAt: null,
    disabledReason: null,
    createdById: null,
    createdAt: world.district.createdAt,
    updatedAt: world.district.createdAt,
    scopeRegion: world.district,
  });
  return { account, scopePath: world.district.path };
}

/** startApp's makeContext with the stub: the same fields, a fresh loader set per request. */
export function stubContext(world: World, viewer: Viewer, clientIp = ''): Context {
  const loaders = createLoaders(trapDb);
  loaders.region = world.regionLoaders();
  return {
    config,
    db: trapDb,
    services,
    loaders,
    viewer,
    authError: null,
    tx: null,
    clientIp,
    apiKeyId: null,
    afterCommit: [],
    tokenExpiresAt: null,
    closeConnection: null,
    timeBudget: null,
    log: logger,
    trace: null,
  };
}
