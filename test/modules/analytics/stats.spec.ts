import { expect } from 'chai';
import { gql, gqlOk } from '../../support/client';
import { buildAnalyticsCity, type AnalyticsCity } from '../../support/analytics-dataset';
import { createAccount, type AccountRef } from '../../support/factories';

const STATS = `query($regionId: ID!, $from: String!, $to: String!, $timeZone: String) {
  regionStats(regionId: $regionId, from: $from, to: $to, timeZone: $timeZone) {
    region { code } from to timeZone residents
    volunteers { registered active participationRate registeredPer1000Residents partyMemberShare byGender { gender count } byAgeBand { band count } }
    hours { total perRegisteredVolunteer per1000Residents byCategory { category { code } hours } }
    demands {
      total byStatus { status count } byCategory { category { code } count } byChannel { channel count } byUrgency { urgency count }
      resolutionRate cityProblems cityProblemsFixed rectificationRate
      timeToAccept { count medianMinutes p90Minutes } timeToAssign { count medianMinutes p90Minutes } timeToComplete { count medianMinutes p90Minutes }
      overdueShare escalationShare rated averageRating satisfiedShare
    }
  } }`;
const RANKING = `query($regionId: ID!, $metric: RegionMetric!, $order: SortOrder) {
  regionRanking(regionId: $regionId, metric: $metric, from: "2026-03-01", to: "2026-03-31", order: $order) { rank value region { code } stats { volunteers { registered } } } }`;
const SERIES = `query($regionId: ID!, $metric: RegionMetric!, $bucket: TimeBucket!, $from: String!, $to: String!, $timeZone: String) {
  regionSeries(regionId: $regionId, metric: $metric, bucket: $bucket, from: $from, to: $to, timeZone: $timeZone) { label start end value } }`;
const HEATMAP = `query($regionId: ID!) { regionHeatmap(regionId: $regionId) { grid { code } open overdue urgent } }`;

const counts = <K extends string>(key: K, entries: Record<string, number>) => Object.entries(entries).map(([k, count]) => ({ [key]: k, count }));

/*
 * The figures below are worked out by hand from the data set (test/support/analytics-dataset.ts).
 * CI runs this file on SQLite and again on MariaDB: both must give exactly these numbers.
 */
describe('analytics: region figures, rankings, series and heat map', function () {
  this.timeout(120_000);
  let city: AnalyticsCity;
  let analyst: AccountRef;

  before(async () => {
    city = await buildAnalyticsCity();
    analyst = await createAccount('ANALYST', city.district.id);
  });

  it('regionStats gives the district\'s volunteers, hours and demands for March, read in Shanghai time', async () => {
    const { regionStats: s } = await gqlOk(STATS, { regionId: city.district.id, from: '2026-03-01', to: '2026-03-31' }, analyst.token);
    expect(s).to.deep.include({ region: { code: city.district.code }, from: '2026-03-01', to: '2026-03-31', timeZone: 'Asia/Shanghai', residents: 25_000 });
    expect(s.volunteers).to.deep.equal({
      registered: 5,
      active: 3,
      participationRate: 0.6,
      registeredPer1000Residents: 0.2,
      partyMemberShare: 0.6,
      byGender: [{ gender: 'FEMALE', count: 3 }, { gender: 'MALE', count: 2 }],
      byAgeBand: counts('band', { UNDER_18: 1, FROM_18_TO_34: 1, FROM_35_TO_44: 1, FROM_45_TO_59: 1, FROM_60: 1 }),
    });
    expect(s.hours).to.deep.equal({
      total: 5,
      perRegisteredVolunteer: 1,
      per1000Residents: 0.2,
      byCategory: [{ category: { code: 'ELDER_CARE' }, hours: 3.5 }, { category: { code: 'ENVIRONMENT' }, hours: 1.5 }],
    });
    expect(s.demands).to.deep.equal({
      total: 8,
      byStatus: counts('status', { SUBMITTED: 1, ACCEPTED: 1, REJECTED: 1, DISPATCHED: 0, ASSIGNED: 0, IN_SERVICE: 0, COMPLETED: 1, CLOSED: 3, CANCELLED: 1 }),
      byCategory: [{ category: { code: 'ELDER_CARE' }, count: 7 }, { category: { code: 'ENVIRONMENT' }, count: 1 }],
      byChannel: counts('channel', { RESIDENT_APP: 3, HOTLINE: 1, GRID_VISIT: 0, SURVEY: 0, PARTNER_API: 0, CITY_PROBLEM: 3, WALK_IN: 1 }),
      byUrgency: counts('urgency', { ROUTINE: 6, URGENT: 1, EMERGENCY: 1 }),
      resolutionRate: 0.5714, // 4 served of 7 (one cancelled)
      cityProblems: 3,
      cityProblemsFixed: 1,
      rectificationRate: 0.3333,
      timeToAccept: { count: 5, medianMinutes: 20.5, p90Minutes: 40 }, // 5, 10, 20.5, 30, 40
      timeToAssign: { count: 4, medianMinutes: 45, p90Minutes: 90 }, // 30, 45, 60, 90
      timeToComplete: { count: 4, medianMinutes: 180, p90Minutes: 600 }, // 120, 180, 240, 600
      overdueShare: 0.25,
      escalationShare: 0.25,
      rated: 3,
      averageRating: 4,
      satisfiedShare: 0.6667,
    });
  });

  it('the time zone decides which instants fall in the period', async () => {
    // In UTC, D7 (23:59 on 31 March in Shanghai) stays in March and D8 (1 April 00:00 Shanghai = 31 March 16:00 UTC) joins it;
    // R4 (1 March 00:30 Shanghai = 28 February UTC) leaves March, and R5 (1 April 00:30 Shanghai) joins it.
    const { regionStats: s } = await gqlOk(STATS, { regionId: city.district.id, from: '2026-03-01', to: '2026-03-31', timeZone: 'UTC' }, analyst.token);
    expect(s.demands.total).to.equal(9);
    expect(s.hours.total).to.equal(5.25); // 300 - 30 + 45 minutes
    expect(s.volunteers.active).to.equal(3); // V5 leaves, V2 joins
  });

  it('an empty period has counts of zero and no rates, never a division by zero', async () => {
    const { regionStats: s } = await gqlOk(STATS, { regionId: city.s2.id, from: '2020-01-01', to: '2020-01-31' }, analyst.token);
    expect(s.residents).to.equal(5_000);
    expect(s.volunteers).to.deep.include({ registered: 0, active: 0, participationRate: null, registeredPer1000Residents: 0, partyMemberShare: null });
    expect(s.demands).to.deep.include({ total: 0, resolutionRate: null, rectificationRate: null, overdueShare: null, averageRating: null, timeToAccept: { count: 0, medianMinutes: null, p90Minutes: null } });
    expect(s.hours).to.deep.equal({ total: 0, perRegisteredVolunteer: null, per1000Residents: 0, byCategory: [] });
  });

  it('ranks the child regions by any figure; equal values share a place, listed by code', async () => {
    const ranking = async (metric: string, order?: string) =>
      (await gqlOk(RANKING, { regionId: city.district.id, metric, order }, analyst.token)).regionRanking.map((e: any) => [e.rank, e.region.code, e.value]);
    expect(await ranking('RESOLUTION_RATE')).to.deep.equal([[1, city.s1.code, 0.8], [2, city.s2.code, 0]]);
    expect(await ranking('HOURS_PER_1000_RESIDENTS')).to.deep.equal([[1, city.s1.code, 0.23], [2, city.s2.code, 0.1]]);
    const [first, second] = [city.s1.code, city.s2.code].sort();
    expect(await ranking('VOLUNTEERS_PER_1000_RESIDENTS')).to.deep.equal([[1, first, 0.2], [1, second, 0.2]]);
    expect(await ranking('PARTICIPATION_RATE', 'ASC')).to.deep.equal([[1, city.s1.code, 0.5], [2, city.s2.code, 1]]);
    // Times: less is better, so ASC; S2 has no accepted demand, so no median: unranked, last.
    expect(await ranking('MEDIAN_MINUTES_TO_ACCEPT', 'ASC')).to.deep.equal([[1, city.s1.code, 20.5], [null, city.s2.code, null]]);
    const communities = (await gqlOk(RANKING, { regionId: city.s1.id, metric: 'MEDIAN_MINUTES_TO_ACCEPT', order: 'ASC' }, analyst.token)).regionRanking;
    expect(communities.map((e: any) => [e.rank, e.region.code, e.value, e.stats.volunteers.registered])).to.deep.equal([[1, city.c1.code, 10, 3], [2, city.c2.code, 40, 1]]);
    expect((await gqlOk(RANKING, { regionId: city.g3a.id, metric: 'DEMANDS' }, analyst.token)).regionRanking).to.deep.equal([]);
  });

  it('follows a figure over days, ISO weeks or months; stock figures are counted at each bucket\'s end', async () => {
    const series = async (metric: string, bucket: string, from: string, to: string) =>
      (await gqlOk(SERIES, { regionId: city.district.id, metric, bucket, from, to }, analyst.token)).regionSeries;
    const weeks = await series('DEMANDS', 'WEEK', '2026-03-01', '2026-03-31');
    expect(weeks.map((p: any) => [p.label, p.value])).to.deep.equal([['2026-W09', 0], ['2026-W10', 6], ['2026-W11', 1], ['2026-W12', 0], ['2026-W13', 0], ['2026-W14', 1]]);
    expect(weeks[1]).to.deep.include({ start: '2026-03-01T16:00:00.000Z', end: '2026-03-08T16:00:00.000Z' }); // Monday 2 to Sunday 8 March, Shanghai
    const registered = await series('REGISTERED_VOLUNTEERS', 'MONTH', '2026-01-01', '2026-04-30');
    expect(registered.map((p: any) => [p.label, p.value])).to.deep.equal([['2026-01', 4], ['2026-02', 4], ['2026-03', 5], ['2026-04', 6]]);
    const hours = await series('HOURS', 'MONTH', '2026-02-01', '2026-04-30');
    expect(hours.map((p: any) => p.value)).to.deep.equal([0, 5, 0.75]);
    const days = await series('DEMANDS', 'DAY', '2026-03-30', '2026-03-31');
    expect(days.map((p: any) => [p.label, p.value])).to.deep.equal([['2026-03-30', 0], ['2026-03-31', 1]]);
  });

  it('the heat map counts open and overdue demands per grid, busiest first', async () => {
    const { regionHeatmap } = await gqlOk(HEATMAP, { regionId: city.district.id }, analyst.token);
    expect(regionHeatmap).to.deep.equal([
      { grid: { code: city.g3a.code }, open: 2, overdue: 1, urgent: 1 },
      { grid: { code: city.g2a.code }, open: 1, overdue: 1, urgent: 0 },
    ]);
  });

  it('refuses bad periods with the argument at fault, and too long a series', async () => {
    const problem = async (vars: Record<string, unknown>, query = STATS) => {
      const res = await gql(query, { regionId: city.district.id, from: '2026-03-01', to: '2026-03-31', ...vars }, analyst.token);
      const ext = res.errors?.[0]?.extensions as Record<string, unknown> | undefined;
      return ext && { code: ext.code, field: ext.field, reason: ext.reason };
    };
    expect(await problem({ from: '2026-02-30' })).to.deep.equal({ code: 'BAD_USER_INPUT', field: ['from'], reason: 'INVALID' });
    expect(await problem({ to: '2026-02-01' })).to.deep.equal({ code: 'BAD_USER_INPUT', field: ['to'], reason: 'INVALID' });
    expect(await problem({ timeZone: 'Mars/Olympus' })).to.deep.equal({ code: 'BAD_USER_INPUT', field: ['timeZone'], reason: 'INVALID' });
    expect(await problem({ metric: 'DEMANDS', bucket: 'DAY', from: '2025-01-01', to: '2026-03-31' }, SERIES)).to.deep.equal({ code: 'LIMIT_EXCEEDED', field: ['bucket'], reason: 'LIMIT_EXCEEDED' });
  });
});
