/**
 * Star levels (星级) from approved hours. Thresholds are configuration (STAR_THRESHOLDS_HOURS,
 * default 100 / 300 / 600 / 1,000 / 1,500 hours for 1 to 5 stars): local schemes differ.
 */
export interface StarProgress {
  stars: number;
  hours: number;
  /** The next level and the hours it needs; null at the top. */
  nextStars: number | null;
  nextThresholdHours: number | null;
  hoursToNext: number | null;
}

export function starsFor(hours: number, thresholds: readonly number[]): number {
  return thresholds.filter((t) => hours >= t).length;
}

export function starProgress(minutes: number, thresholds: readonly number[]): StarProgress {
  const hours = round2(minutes / 60);
  const stars = starsFor(hours, thresholds);
  const next = thresholds[stars] ?? null;
  return { stars, hours, nextStars: next === null ? null : stars + 1, nextThresholdHours: next, hoursToNext: next === null ? null : round2(next - hours) };
}

/**
 * A team's stars: the level its active members reach on average, so that a team is not rated by
 * one tireless member nor dragged down by its size; a team with fewer than three active members
 * has no stars yet.
 */
export const TEAM_MIN_MEMBERS = 3;

export function teamStars(memberMinutes: readonly number[], thresholds: readonly number[]): number {
  if (memberMinutes.length < TEAM_MIN_MEMBERS) return 0;
  const meanHours = memberMinutes.reduce((sum, m) => sum + m, 0) / memberMinutes.length / 60;
  return starsFor(meanHours, thresholds);
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
