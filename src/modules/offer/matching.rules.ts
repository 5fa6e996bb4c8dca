import { CandidateReasonCode as R } from './offer.enums';

/**
 * How candidates are scored (the reasons a dispatcher reads). Higher is better; certified hours
 * break ties, then the lower id, so a ranking is deterministic. The SQL in matching.service.ts
 * computes the same sum from these constants.
 */
export const POINTS = {
  skill: 40,
  certificate: 10,
  specialty: 40,
  /** Closeness by the deepest region shared with the demand's grid. */
  sameGrid: 30,
  sameCommunity: 20,
  sameStreet: 10,
  sameDistrict: 5,
  available: 20,
  /** Per available team member, up to `teamAvailableCap` of them. */
  teamMemberAvailable: 5,
  teamAvailableCap: 4,
  /** Per item of other work in hand, up to `loadCap` items. */
  load: -5,
  loadCap: 4,
} as const;

/** Distance bands (km → points), used instead of the hierarchy when both sides have coordinates. */
export const DISTANCE_BANDS: readonly [km: number, points: number][] = [
  [0.5, 30],
  [1, 25],
  [2, 20],
  [5, 10],
  [10, 5],
];

export function distancePoints(km: number): number {
  for (const [limit, points] of DISTANCE_BANDS) if (km <= limit) return points;
  return 0;
}

/** Kilometres per degree: equirectangular, good to a few metres across a city. */
export const KM_PER_DEGREE_LAT = 110.574;
export function kmPerDegreeLng(latitude: number): number {
  return 111.32 * Math.cos((latitude * Math.PI) / 180);
}

export function distanceKm(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const dx = (a.longitude - b.longitude) * kmPerDegreeLng((a.latitude + b.latitude) / 2);
  const dy = (a.latitude - b.latitude) * KM_PER_DEGREE_LAT;
  return Math.sqrt(dx * dx + dy * dy);
}

export interface Reason {
  code: R;
  points: number;
  detail: string;
}

export const CLOSENESS_DETAIL: Record<number, string> = {
  [POINTS.sameGrid]: 'in the demand\'s grid',
  [POINTS.sameCommunity]: 'in the demand\'s community',
  [POINTS.sameStreet]: 'in the demand\'s street',
  [POINTS.sameDistrict]: 'in the demand\'s district',
  0: 'outside the demand\'s district',
};

export function loadPoints(items: number): number {
  return POINTS.load * Math.min(items, POINTS.loadCap);
}

export function teamAvailablePoints(members: number): number {
  return POINTS.teamMemberAvailable * Math.min(members, POINTS.teamAvailableCap);
}

export function total(reasons: readonly Reason[]): number {
  return reasons.reduce((sum, r) => sum + r.points, 0);
}
