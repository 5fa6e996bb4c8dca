import { registerEnumType } from 'type-graphql';
import type { Config } from '../../config';
import { badInput } from '../../core/errors';
import { fromGlobalId } from '../../core/relay';
import { namedQuery } from '../../core/sql';
import type { Context } from '../../server/context';
import type { RegionService } from '../region/region.service';
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
    if (scope.regionId) {
      params.prefix = `${(await this.regions.byArgument(ctx, scope.regionId)).path}%`;
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
    const rows =
      period === LeaderboardPeriod.ALL_TIME
        ? await namedQuery<{ volunteerId: number; minutes: number | string }>(
            ctx.db.manager,
            `SELECT v.id AS volunteerId, v.certifiedMinutes AS minutes FROM volunteer v
             WHERE v.certifiedMinutes > 0 ${scoped}
             ORDER BY v.certifiedMinutes DESC, v.id ASC LIMIT ${first}`,
            params,
          )
        : await this.topOfPeriod(ctx, calendarPeriod(period, at, this.config.timeZone).key, scoped, params, first);
    return rows.map((r, i) => ({ volunteerId: Number(r.volunteerId), minutes: Number(r.minutes), rank: i + 1 }));
  }

  /**
   * The first `first` of a period from its running totals, in two reads: the minutes of the last
   * place (walking the period's index from the top), then everyone at or above it sorted with the
   * tie-breaks. Sorting the whole period by the tie-breaks would read every volunteer in it.
   */
  private async topOfPeriod(ctx: Context, key: string, scoped: string, params: Record<string, unknown>, first: number): Promise<{ volunteerId: number; minutes: number | string }[]> {
    const from = `FROM volunteer_minutes p INNER JOIN volunteer v ON v.id = p.volunteerId WHERE p.period = :key AND p.minutes > 0 ${scoped}`;
    const all = { ...params, key };
    const [last] = await namedQuery<{ minutes: number | string }>(ctx.db.manager, `SELECT p.minutes AS minutes ${from} ORDER BY p.minutes DESC LIMIT 1 OFFSET ${first - 1}`, all);
    return namedQuery(
      ctx.db.manager,
      `SELECT p.volunteerId AS volunteerId, p.minutes AS minutes ${from} AND p.minutes >= :floor
       ORDER BY p.minutes DESC, v.certifiedMinutes DESC, p.volunteerId ASC LIMIT ${first}`,
      { ...all, floor: last ? Number(last.minutes) : 1 },
    );
  }
}

function decode(globalId: string, type: string, argument: string): number {
  const decoded = fromGlobalId(globalId, [type]);
  if (!decoded) throw badInput(`${argument}: not a ${type} id`);
  return decoded.id;
}
