import { expect } from 'chai';
import { ROLLUP_ZONE_SETTING, ensureCertifiedMinutes } from '../../../src/modules/record/leaderboard.rollup';
import { Volunteer } from '../../../src/modules/volunteer/volunteer.entity';
import { asAdmin, gqlOk } from '../../support/client';
import { categoryId, createWorld, type World } from '../../support/demand-factories';
import { uniqueCode } from '../../support/factories';
import { harness } from '../../support/harness';
import { addMember, createTeam } from '../../support/team-factories';
import { createVolunteer, type VolunteerRef } from '../../support/volunteer-factories';

const BOARD = `query($period: LeaderboardPeriod!, $regionId: ID, $teamId: ID, $organisationId: ID, $at: DateTime) {
  leaderboard(period: $period, regionId: $regionId, teamId: $teamId, organisationId: $organisationId, at: $at) { rank hours stars name volunteer { id } } }`;
const dbId = (globalId: string) => Number(Buffer.from(globalId, 'base64url').toString().split(':')[1]);

// Wednesday 17 June 2026, noon in Shanghai: its week began Monday 15 June (00:00 Shanghai = 14 June 16:00Z).
const AT = '2026-06-17T04:00:00.000Z';

describe('stars and leaderboards', function () {
  this.timeout(90_000);
  let w: World;
  let v: Record<'a' | 'b' | 'c' | 'd' | 'e' | 'f', VolunteerRef>;
  let fThisWeek: string;

  /** Certified service for `who`: entered by the community dispatcher and approved by the street's. */
  async function served(who: VolunteerRef, startedAt: string, hours: number): Promise<string[]> {
    const ids: string[] = [];
    for (let left = hours * 60; left > 0; left -= 1440) {
      const created = await gqlOk(`mutation($input: ServiceRecordCreateInput!) { serviceRecordCreate(input: $input) { record { id } userErrors { code message } } }`, {
        input: { volunteerId: who.volunteerId, categoryId: await categoryId('CONVENIENCE'), startedAt, minutes: Math.min(left, 1440), description: '便民服务' },
      }, w.communityDispatcherA.token);
      expect(created.serviceRecordCreate.userErrors).to.deep.equal([]);
      const approved = await gqlOk(`mutation($ids: [ID!]!) { serviceRecordsApprove(input: { ids: $ids }) { userErrors { code message } } }`, { ids: [created.serviceRecordCreate.record.id] }, w.streetDispatcherA.token);
      expect(approved.serviceRecordsApprove.userErrors).to.deep.equal([]);
      ids.push(created.serviceRecordCreate.record.id);
    }
    return ids;
  }

  before(async () => {
    w = await createWorld(0);
    const community = w.A.children[0].id;
    const make = (name: string) => createVolunteer({ communityId: community, name });
    v = { a: await make('安一'), b: await make('白二'), c: await make('陈三'), d: await make('丁四'), e: await make('鄂五'), f: await make('冯六') };
    await served(v.a, '2026-06-16T02:00:00Z', 5); // this week
    await served(v.b, '2026-06-16T03:00:00Z', 3); // this week
    await served(v.b, '2026-06-03T03:00:00Z', 4); // this month, an earlier week
    await served(v.c, '2026-02-10T03:00:00Z', 10); // this year
    await served(v.d, '2025-11-01T03:00:00Z', 20); // last year
    await served(v.e, '2026-06-15T00:00:00Z', 5); // Monday 08:00 Shanghai: this week
    await served(v.e, '2025-12-30T03:00:00Z', 1); // last year: more hours in all
    [fThisWeek] = await served(v.f, '2026-06-17T01:00:00Z', 5); // this week
  });

  it('ranks a region\'s volunteers by certified hours for the week, month, year and all time, with ties broken the same way every time', async () => {
    const ranking = async (period: string) => (await gqlOk(BOARD, { period, regionId: w.A.id, at: AT }, w.communityDispatcherA.token)).leaderboard.map((e: any) => [e.rank, e.name, e.hours]);
    // e, a and f have 5 hours each this week: e has more hours in all; a and f the same, a registered first
    expect(await ranking('WEEK')).to.deep.equal([[1, '鄂五', 5], [2, '安一', 5], [3, '冯六', 5], [4, '白二', 3]]);
    expect(await ranking('MONTH')).to.deep.equal([[1, '白二', 7], [2, '鄂五', 5], [3, '安一', 5], [4, '冯六', 5]]);
    expect(await ranking('YEAR')).to.deep.equal([[1, '陈三', 10], [2, '白二', 7], [3, '鄂五', 5], [4, '安一', 5], [5, '冯六', 5]]);
    expect(await ranking('ALL_TIME')).to.deep.equal([[1, '丁四', 20], [2, '陈三', 10], [3, '白二', 7], [4, '鄂五', 6], [5, '安一', 5], [6, '冯六', 5]]);
    // the same question twice gives the same answer
    expect(await ranking('WEEK')).to.deep.equal(await ranking('WEEK'));
    // another district's board does not list them
    const elsewhere = await createWorld(0);
    expect((await gqlOk(BOARD, { period: 'ALL_TIME', regionId: elsewhere.tree.id, at: AT }, w.resident.token)).leaderboard).to.deep.equal([]);
  });

  it('ranks within a team (active members) or an organisation (employees); names are masked for those who may not see the volunteers', async () => {
    const team = await createTeam(w.A.children[0].id, { members: [v.b, v.c] });
    const board = await gqlOk(BOARD, { period: 'YEAR', teamId: team.id, at: AT }, w.communityDispatcherA.token);
    expect(board.leaderboard.map((e: any) => [e.rank, e.name, e.volunteer?.id])).to.deep.equal([[1, '陈三', v.c.volunteerId], [2, '白二', v.b.volunteerId]]);
    const org = (await gqlOk(`mutation { organisationCreate(input: { name: "${uniqueCode('公司')}", kind: ENTERPRISE }) { organisation { id } } }`, {}, await asAdmin())).organisationCreate.organisation.id;
    for (const who of [v.a, v.f]) await gqlOk(`mutation($input: VolunteerUpdateInput!) { volunteerUpdate(input: $input) { userErrors { code } } }`, { input: { id: who.volunteerId, organisationId: org } }, w.communityDispatcherA.token);
    const byOrg = await gqlOk(BOARD, { period: 'WEEK', organisationId: org, at: AT }, w.resident.token);
    // a resident sees the ranking, with masked names and no registrations
    expect(byOrg.leaderboard.map((e: any) => [e.rank, e.name, e.volunteer])).to.deep.equal([[1, '安*', null], [2, '冯*', null]]);
    // an employee added to the team later brings their hours in
    await addMember(team, v.d);
    expect((await gqlOk(BOARD, { period: 'ALL_TIME', teamId: team.id }, w.communityDispatcherA.token)).leaderboard.map((e: any) => e.name)).to.deep.equal(['丁四', '陈三', '白二']);
  });

  it('stars follow the configured thresholds; the volunteer sees the next one; a team\'s stars follow its members\' average', async () => {
    const progress = await gqlOk(`query($id: ID!) { node(id: $id) { ... on Volunteer { stars { stars hours nextStars nextThresholdHours hoursToNext } } } }`, { id: v.d.volunteerId }, v.d.token);
    expect(progress.node.stars).to.deep.equal({ stars: 0, hours: 20, nextStars: 1, nextThresholdHours: 100, hoursToNext: 80 });
    await served(v.d, '2025-10-01T03:00:00Z', 96);
    const one = await gqlOk(`{ viewer { volunteer { stars { stars hours nextThresholdHours } } } }`, {}, v.d.token);
    expect(one.viewer.volunteer.stars).to.deep.equal({ stars: 1, hours: 116, nextThresholdHours: 300 });
    expect((await gqlOk(BOARD, { period: 'ALL_TIME', regionId: w.A.id }, w.resident.token)).leaderboard[0]).to.deep.include({ name: '丁*', stars: 1 });
    // team stars: three members averaging 300 hours reach 2 stars
    const members = [await createVolunteer({ communityId: w.A.children[0].id }), await createVolunteer({ communityId: w.A.children[0].id }), await createVolunteer({ communityId: w.A.children[0].id })];
    const team = await createTeam(w.A.children[0].id, { members });
    const TEAM_STARS = `query($id: ID!) { node(id: $id) { ... on Team { stars } } }`;
    expect((await gqlOk(TEAM_STARS, { id: team.id }, w.resident.token)).node.stars).to.equal(0);
    for (const [i, m] of members.entries()) await harness().db.getRepository(Volunteer).update({ id: dbId(m.volunteerId) }, { certifiedMinutes: [400, 300, 200][i] * 60 });
    expect((await gqlOk(TEAM_STARS, { id: team.id }, w.resident.token)).node.stars).to.equal(2);
  });

  it('keeps each period\'s totals as records are certified and corrected, recomputes them from the records when needed, and cuts ties exactly at `first`', async () => {
    const board = async (period: string, first = 20) => (await gqlOk(BOARD.replace('at: $at)', 'at: $at, first: $first)').replace('$at: DateTime)', '$at: DateTime, $first: Int)'), { period, regionId: w.A.id, at: AT, first }, w.communityDispatcherA.token)).leaderboard.map((e: any) => [e.rank, e.name, e.hours]);
    // Given e, a and f with 5 hours each this week: the second place falls inside the tie
    expect(await board('WEEK', 2)).to.deep.equal([[1, '鄂五', 5], [2, '安一', 5]]);
    expect(await board('WEEK', 0)).to.deep.equal([]);
    // When f's certified record of this week is corrected to 6 hours
    const asked = await gqlOk(`mutation($id: ID!) { serviceRecordCorrectionRequest(input: { id: $id, minutes: 360, reason: "多服务了一小时" }) { userErrors { code } } }`, { id: fThisWeek }, v.f.token);
    expect(asked.serviceRecordCorrectionRequest.userErrors).to.deep.equal([]);
    const answered = await gqlOk(`mutation($id: ID!) { serviceRecordCorrectionResolve(input: { id: $id, accept: true }) { userErrors { code } } }`, { id: fThisWeek }, w.streetDispatcherA.token);
    expect(answered.serviceRecordCorrectionResolve.userErrors).to.deep.equal([]);
    // Then the week, month and year move by the difference
    expect((await board('WEEK')).slice(0, 2)).to.deep.equal([[1, '冯六', 6], [2, '鄂五', 5]]);
    expect((await board('YEAR'))[1]).to.deep.equal([2, '白二', 7]);
    expect((await board('YEAR'))[2]).to.deep.equal([3, '冯六', 6]);
    // and all time, where e and f now tie at 6 hours and the seventh place falls inside the tie (e registered
    // first; the first three are the team members given 400, 300 and 200 hours above)
    const allTime = await board('ALL_TIME', 7);
    expect(allTime.slice(3)).to.deep.equal([[4, '丁四', 116], [5, '陈三', 10], [6, '白二', 7], [7, '鄂五', 6]]);
    const kept = { week: await board('WEEK'), month: await board('MONTH'), year: await board('YEAR') };
    // When the totals are lost (records loaded in bulk, an upgrade) or were cut in another time zone
    const { db, config } = harness();
    await db.query('DELETE FROM volunteer_minutes');
    await db.query('DELETE FROM app_setting WHERE name = ?', [ROLLUP_ZONE_SETTING]);
    expect(await board('WEEK')).to.deep.equal([]);
    // Then a start recomputes them from the certified records, once, to the same boards
    expect(await ensureCertifiedMinutes(db, config.timeZone)).to.equal(true);
    expect(await ensureCertifiedMinutes(db, config.timeZone)).to.equal(false);
    expect({ week: await board('WEEK'), month: await board('MONTH'), year: await board('YEAR') }).to.deep.equal(kept);
    expect(await ensureCertifiedMinutes(db, 'UTC')).to.equal(true);
    expect(await ensureCertifiedMinutes(db, config.timeZone)).to.equal(true);
    expect({ week: await board('WEEK'), month: await board('MONTH'), year: await board('YEAR') }).to.deep.equal(kept);
  });
});
