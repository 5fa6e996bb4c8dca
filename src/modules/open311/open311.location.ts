import type { EntityManager } from 'typeorm';
import { distanceKm } from '../offer/matching.rules';
import { Region, RegionLevel } from '../region/region.entity';
import type { Problems } from './open311.params';

/**
 * Where a report goes: every demand belongs to a grid of the jurisdiction (a district). Grids have
 * no boundaries, only an optional centre point, so:
 * - `address_id` is a grid's code;
 * - `lat`/`long` go to the grid whose centre is nearest, if one lies within NEAREST_GRID_MAX_KM (a
 *   grid is a few hundred households: farther than that the point is not in the district);
 * - `address_string` is matched against the names (and codes) of the district's streets,
 *   communities and grids; it must point at one grid, by naming it or a community that has only one.
 * When lat/long finds no grid and an address_string was also sent, the address decides.
 */
export const NEAREST_GRID_MAX_KM = 3;

export interface Location {
  latitude?: number;
  longitude?: number;
  addressString?: string;
  addressId?: string;
}

export async function resolveGrid(manager: EntityManager, district: Region, location: Location, problems: Problems): Promise<Region | null> {
  const { latitude, longitude, addressString, addressId } = location;
  // A malformed coordinate is reported as such; guessing from the rest would report a second, misleading problem.
  if (problems.has(['lat']) || problems.has(['long'])) return null;
  if (addressId !== undefined) {
    const grid = await manager.findOneBy(Region, { code: addressId, level: RegionLevel.GRID });
    if (grid && grid.path.startsWith(district.path)) return grid;
    problems.invalid(['address_id'], `no grid of ${district.name} has the code "${addressId}"`);
    return null;
  }
  if (latitude !== undefined && longitude !== undefined) {
    const near = await nearestGrid(manager, district, latitude, longitude);
    if (near.grid) return near.grid;
    if (addressString === undefined) {
      problems.invalid(['lat'], near.reason);
      return null;
    }
  }
  if (addressString !== undefined) {
    const regions = await manager.createQueryBuilder(Region, 'r').where('r.path LIKE :prefix', { prefix: `${district.path}%` }).getMany();
    const match = matchAddress(addressString, regions);
    if ('grid' in match) return match.grid;
    problems.invalid(['address_string'], match.reason);
    return null;
  }
  problems.invalid(['location'], 'give lat and long, address_string or address_id');
  return null;
}

async function nearestGrid(manager: EntityManager, district: Region, latitude: number, longitude: number): Promise<{ grid: Region; reason?: never } | { grid?: never; reason: string }> {
  // A box a little larger than the radius narrows the grids read; the distance decides.
  const dLat = (NEAREST_GRID_MAX_KM / 111) * 1.1;
  const dLng = dLat / Math.max(Math.cos((latitude * Math.PI) / 180), 0.01);
  const candidates = await manager
    .createQueryBuilder(Region, 'r')
    .where('r.path LIKE :prefix AND r.level = :grid', { prefix: `${district.path}%`, grid: RegionLevel.GRID })
    .andWhere('r.latitude BETWEEN :south AND :north AND r.longitude BETWEEN :west AND :east', {
      south: latitude - dLat,
      north: latitude + dLat,
      west: longitude - dLng,
      east: longitude + dLng,
    })
    .getMany();
  const point = { latitude, longitude };
  const ranked = candidates
    .map((grid) => ({ grid, km: distanceKm(point, { latitude: grid.latitude!, longitude: grid.longitude! }) }))
    .filter((c) => c.km <= NEAREST_GRID_MAX_KM)
    .sort((a, b) => a.km - b.km || a.grid.id - b.grid.id);
  if (ranked.length) return { grid: ranked[0].grid };
  const anyCentre = await manager
    .createQueryBuilder(Region, 'r')
    .where('r.path LIKE :prefix AND r.level = :grid AND r.latitude IS NOT NULL', { prefix: `${district.path}%`, grid: RegionLevel.GRID })
    .getExists();
  return {
    reason: anyCentre
      ? `no grid of ${district.name} has its centre within ${NEAREST_GRID_MAX_KM} km of this point`
      : `the grids of ${district.name} have no recorded centres, so a point cannot be placed; send address_string or address_id`,
  };
}

/** Text compared without case, width, spaces or punctuation: "安康社区 3号楼" ~ "安康社区3号楼". */
function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '');
}

interface Mention {
  region: Region;
  start: number;
  end: number;
}

/**
 * The grid an address names. Each region whose name or code occurs in the address is a mention;
 * a mention inside a longer one does not count ("安康" inside "新安康社区"). Candidates are the
 * grids mentioned, else the grids of the communities mentioned; the candidate with the most
 * mentions on its own path (district, street, community, grid) wins, and a tie is ambiguous.
 */
export function matchAddress(address: string, regions: Region[]): { grid: Region } | { reason: string } {
  const text = normalise(address);
  const mentions: Mention[] = [];
  for (const region of regions) {
    for (const key of new Set([normalise(region.name), normalise(region.code)])) {
      if ([...key].length < 2) continue;
      for (let at = text.indexOf(key); at >= 0; at = text.indexOf(key, at + 1)) mentions.push({ region, start: at, end: at + key.length });
    }
  }
  const kept = mentions.filter((m) => !mentions.some((o) => o !== m && o.start <= m.start && o.end >= m.end && o.end - o.start > m.end - m.start));
  const named = new Map(kept.map((m) => [m.region.id, m.region]));
  const mentioned = [...named.values()];
  let candidates = mentioned.filter((r) => r.level === RegionLevel.GRID);
  if (!candidates.length) {
    const communities = new Set(mentioned.filter((r) => r.level === RegionLevel.COMMUNITY).map((r) => r.id));
    candidates = regions.filter((r) => r.level === RegionLevel.GRID && r.parentId !== null && communities.has(r.parentId));
  }
  if (!candidates.length) return { reason: 'names no grid or community of this district; name the community and grid, or send address_id (the grid\'s code)' };
  const score = (grid: Region) => grid.path.split('/').filter((id) => id && named.has(Number(id))).length;
  const best = Math.max(...candidates.map(score));
  const winners = candidates.filter((g) => score(g) === best);
  if (winners.length === 1) return { grid: winners[0] };
  const names = winners.slice(0, 5).map((g) => g.name).join(', ');
  return { reason: `fits ${winners.length} grids (${names}${winners.length > 5 ? ', ...' : ''}); name the grid, or send address_id (the grid's code)` };
}
