import { registerEnumType } from 'type-graphql';
import type { Config } from '../../config';
import { badInput } from '../../core/errors';
import { fromGlobalId } from '../../core/relay';
import { isMysql } from '../../core/database';
import { namedQuery } from '../../core/sql';
import type { Context } from '../../server/context';
import type { RegionService } from '../region/region.service';
import { RegionLevel } from '../region/region.entity';
import { MembershipStatus } from '../team/team.enums';
import { calendarPeriod } from './leaderboard.rollup';

export enum LeaderboardPeriod {
  WEEK = 'WEEK',
  MONTH = 'MONTH',
  YEAR = 'YEAR',
  ALL_TIME = 'ALL_TIME',
}

registerEnumType(LeaderboardPeriod, {
  name: 'LeaderboardPeriod',
  description: 'Which certified hours a leaderboard counts (periods are in the city\'s time zone; weeks start on Monday).',
  valuesConfig: {
    WEEK: { description: 'The week containing `at`.' },
    MONTH: { description: 'The month containing `at`.' },
    YEAR: { description: 'The year containing `at`.' },
    ALL_TIME: { description: 'Every certified hour.' },
  },
});

export interface LeaderRow {
  volunteerId: number;
  minutes: number;
  rank: number;
}

export interface LeaderboardScope {
  regionId?: string | null;
  teamId?: string | null;
  organisationId?: string | null;
}

/**
 * Certified hours ranked within a region subtree (by home community), a team (active members) or
 * an organisation (employees). Ties go to more certified hours in all, then the older registration,
 * so a ranking never changes between two reads of the same data.
 */
export class LeaderboardService {
  constructor(
    private readonly config: Config,
    private readonly regions: RegionService,
  ) {}

  /** [from, to) of the period containing `at`, as instants; null for ALL_TIME. */
  bounds(period: LeaderboardPeriod, at: Date): { from: Date; to: Date } | null {
    if (period === LeaderboardPeriod.ALL_TIME) return null;
    const { from, to } = calendarPeriod(period, at, this.config.timeZone);
    return { from, to };
  }

  async rank(ctx: Context, period: LeaderboardPeriod, scope: LeaderboardScope, at: Date, first: number): Promise<LeaderRow[]> {
    if (first === 0) return [];
    const params: Record<string, unknown> = { active: MembershipStatus.ACTIVE };
    const where: string[] = [];
    // A district holds a quarter of a city's volunteers: walking the period's index from the top finds its
    // first places at once, but MariaDB would rather read every volunteer of the district and sort them.
    let walkIndex = false;
    if (scope.regionId) {
      const region = await this.regions.byArgument(ctx, scope.regionId);
      params.prefix = `${region.path}%`;
      walkIndex = region.level === RegionLevel.DISTRICT && !scope.teamId && !scope.organisationId;
      where.push('v.communityId IN (SELECT c.id FROM region c WHERE c.path LIKE :prefix)');
    }
    if (scope.teamId) {
      params.teamId = decode(scope.teamId, 'Team', 'teamId');
      where.push('v.id IN (SELECT tm.volunteerId FROM team_member tm WHERE tm.teamId = :teamId AND tm.status = :active)');
    }
    if (scope.organisationId) {
      params.organisationId = decode(scope.organisationId, 'Organisation', 'organisationId');
      where.push('v.organisationId = :organisationId');
    }
    const scoped = where.length ? `AND ${where.join(' AND ')}` : '';
    const board: Board =
      period === LeaderboardPeriod.ALL_TIME
        ? { from: `FROM volunteer v WHERE v.certifiedMinutes > 0 ${scoped}`, value: 'v.certifiedMinutes', ties: 'v.id ASC' }
        : {
            from: `FROM volunteer_minutes p INNER JOIN volunteer v ON v.id = p.volunteerId WHERE p.period = :key AND p.minutes > 0 ${scoped}`,
            value: 'p.minutes',
            ties: 'v.certifiedMinutes DESC, v.id ASC',
            walkIndex,
          };
    if (period !== LeaderboardPeriod.ALL_TIME) params.key = calendarPeriod(period, at, this.config.timeZone).key;
    const rows = await this.top(ctx, board, params, first);
    return rows.map((r, i) => ({ volunteerId: Number(r.volunteerId), minutes: Number(r.minutes), rank: i + 1 }));
  }

  /**
   * The first `first` places in two reads: the last place's minutes (walking an index of the
   * minutes from the top), then everyone at or above them, sorted with the tie-breaks. Sorting the
   * whole board by the tie-breaks would read every volunteer on it (500,000 in the full-scale city).
   */
  private async top(ctx: Context, board: Board, params: Record<string, unknown>, first: number): Promise<{ volunteerId: number; minutes: number | string }[]> {
    const order = board.walkIndex && isMysql(ctx.db) ? 'STRAIGHT_JOIN ' : '';
    const [last] = await namedQuery<{ minutes: number | string }>(ctx.db.manager, `SELECT ${order}${board.value} AS minutes ${board.from} ORDER BY ${board.value} DESC LIMIT 1 OFFSET ${first - 1}`, params);
    return namedQuery(
      ctx.db.manager,
      `SELECT v.id AS volunteerId, ${board.value} AS minutes ${board.from} AND ${board.value} >= :floor
       ORDER BY ${board.value} DESC, ${board.ties} LIMIT ${first}`,
      { ...params, floor: last ? Number(last.minutes) : 1 },
    );
  }
}

/** Where a board's rows come from, which column ranks them, and how ties are broken. */
interface Board {
  from: string;
  value: string;
  ties: string;
  /** Join in the written order (MySQL): the board's index first. */
  walkIndex?: boolean;
}

function decode(globalId: string, type: string, argument: string): number {
  const decoded = fromGlobalId(globalId, [type]);
  if (!decoded) throw badInput(`${argument}: not a ${type} id`);
  return decoded.id;
}
