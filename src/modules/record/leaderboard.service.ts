import { registerEnumType } from 'type-graphql';
import type { Config } from '../../config';
import { badInput } from '../../core/errors';
import { addDays, localClock, zonedToUtc } from '../../core/local-time';
import { fromGlobalId } from '../../core/relay';
import { namedQuery } from '../../core/sql';
import type { Context } from '../../server/context';
import type { RegionService } from '../region/region.service';
import { MembershipStatus } from '../team/team.enums';
import { RecordStatus } from './record.enums';

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
    const { date, weekday } = localClock(at, this.config.timeZone);
    const [y, m] = date.split('-').map(Number);
    let first: string;
    let next: string;
    if (period === LeaderboardPeriod.WEEK) {
      first = addDays(date, 1 - weekday);
      next = addDays(first, 7);
    } else if (period === LeaderboardPeriod.MONTH) {
      first = `${y}-${String(m).padStart(2, '0')}-01`;
      next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
    } else {
      first = `${y}-01-01`;
      next = `${y + 1}-01-01`;
    }
    return { from: zonedToUtc(first, 0, this.config.timeZone), to: zonedToUtc(next, 0, this.config.timeZone) };
  }

  async rank(ctx: Context, period: LeaderboardPeriod, scope: LeaderboardScope, at: Date, first: number): Promise<LeaderRow[]> {
    const params: Record<string, unknown> = { approved: RecordStatus.APPROVED, active: MembershipStatus.ACTIVE };
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
    const bounds = this.bounds(period, at);
    const scoped = where.length ? `AND ${where.join(' AND ')}` : '';
    const sql = bounds
      ? `SELECT r.volunteerId AS volunteerId, SUM(r.minutes) AS minutes, MAX(v.certifiedMinutes) AS allTime
         FROM service_record r INNER JOIN volunteer v ON v.id = r.volunteerId
         WHERE r.status = :approved AND r.startedAt >= :from AND r.startedAt < :to ${scoped}
         GROUP BY r.volunteerId
         ORDER BY minutes DESC, allTime DESC, r.volunteerId ASC LIMIT ${first}`
      : `SELECT v.id AS volunteerId, v.certifiedMinutes AS minutes FROM volunteer v
         WHERE v.certifiedMinutes > 0 ${scoped}
         ORDER BY v.certifiedMinutes DESC, v.id ASC LIMIT ${first}`;
    const rows = await namedQuery<{ volunteerId: number; minutes: number | string }>(ctx.db.manager, sql, { ...params, ...bounds });
    return rows.map((r, i) => ({ volunteerId: Number(r.volunteerId), minutes: Number(r.minutes), rank: i + 1 }));
  }
}

function decode(globalId: string, type: string, argument: string): number {
  const decoded = fromGlobalId(globalId, [type]);
  if (!decoded) throw badInput(`${argument}: not a ${type} id`);
  return decoded.id;
}
