import { expect } from 'chai';
import { queryStats } from '../../../src/core/database';
import { asAdmin, errorCode, gql, gqlOk } from '../../support/client';
import { categoryId, createWorld, type World } from '../../support/demand-factories';
import { harness } from '../../support/harness';
import { LiveClient } from '../../support/live-client';
import { PUBLISH, SIGN_UP, cityDate, projectInput, publishProject } from '../../support/project-factories';
import { createTeam } from '../../support/team-factories';
import { createVolunteer, skillId, type VolunteerRef } from '../../support/volunteer-factories';

const PUBLIC = `query($regionId: ID, $categoryId: ID, $from: DateTime, $to: DateTime, $hasFreePlaces: Boolean) {
  projects(regionId: $regionId, categoryId: $categoryId, from: $from, to: $to, hasFreePlaces: $hasFreePlaces, first: 100) {
    totalCount edges { node { id title contactPhone organiserTeam { name } schedule { description } activities(first: 3) { edges { node { startsAt freePlaces } } } } } } }`;
const CLAIM = `mutation($p: ID!, $t: ID!) { projectClaim(input: { projectId: $p, teamId: $t }) { project { organiserTeam { id } } userErrors { field message code } } }`;

/** A GraphQL request with no Authorization header at all: the public. */
async function anonymous(query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(harness().url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  return (await res.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] };
}

describe('projects', function () {
  this.timeout(60_000);
  let w: World;
  let leader: VolunteerRef;
  let community: string;
  before(async () => {
    w = await createWorld(0);
    community = w.A.children[0].id;
    leader = await createVolunteer({ communityId: community });
  });

  it('a dispatcher publishes a project repeating on the first Saturday of every month; its activities are made ahead', async () => {
    const project = await publishProject(w.streetDispatcherA.token, w.A.id, {
      title: '每月第一个周六义诊',
      schedule: { kind: 'MONTHLY_WEEKDAY', nth: 1, weekday: 6, from: cityDate(0), start: '08:30', end: '11:30' },
      capacity: 12,
    });
    expect(project).to.deep.include({ status: 'OPEN', capacity: 12, recruitmentOpen: true, organiserTeam: null });
    expect(project.schedule).to.deep.include({ kind: 'MONTHLY_WEEKDAY', nth: 1, weekday: 6, start: '08:30', end: '11:30', description: 'the first Saturday of every month, 08:30-11:30' });
    // 60 days ahead hold one or two first Saturdays; each starts 08:30 in Shanghai (00:30Z) on a Saturday there
    const activities = project.activities.edges.map((e: any) => e.node);
    expect(activities.length).to.be.within(1, 3);
    for (const a of activities) {
      const start = new Date(a.startsAt);
      expect(start.getUTCHours() * 60 + start.getUTCMinutes()).to.equal(30);
      expect(new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', weekday: 'short' }).format(start)).to.equal('Sat');
      expect(Number(new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', day: 'numeric' }).format(start))).to.be.at.most(7);
      expect(a).to.deep.include({ capacity: 12, confirmedCount: 0, freePlaces: 12, status: 'SCHEDULED' });
    }
  });

  it('a team leader publishes for their team inside its region; others are refused, and bad input changes nothing', async () => {
    const team = await createTeam(community, { leader });
    const own = await publishProject(leader.token, w.gridA.id, { teamId: team.id });
    expect(own.organiserTeam).to.deep.equal({ id: team.id });
    expect(own.publisherTeam).to.deep.equal({ id: team.id });
    const input = async (o: Record<string, unknown>) => ({ categoryId: await categoryId('ELDER_CARE'), ...projectInput(w.gridA.id, o) });
    // outside the team's region, without a team, as a plain member, as another street's dispatcher
    expect(errorCode(await gql(PUBLISH, { input: await input({ regionId: w.B.id, teamId: team.id }) }, leader.token))).to.equal('FORBIDDEN');
    expect(errorCode(await gql(PUBLISH, { input: await input({}) }, leader.token))).to.equal('FORBIDDEN');
    expect(errorCode(await gql(PUBLISH, { input: await input({}) }, w.streetDispatcherB.token))).to.equal('FORBIDDEN');
    const cases: [Record<string, unknown>, string[]][] = [
      [{ schedule: { kind: 'WEEKLY', from: cityDate(1), start: '09:00', end: '10:00' } }, ['input', 'schedule', 'weekday']],
      [{ schedule: { kind: 'ONE_OFF', from: cityDate(-1), start: '09:00', end: '10:00' } }, ['input', 'schedule', 'from']],
      [{ schedule: { kind: 'ONE_OFF', from: cityDate(1), start: '10:00', end: '09:00' } }, ['input', 'schedule', 'end']],
      [{ schedule: { kind: 'YEARLY', month: 2, monthDay: 30, from: cityDate(1), start: '09:00', end: '10:00' } }, ['input', 'schedule', 'monthDay']],
      [{ capacity: 0 }, ['input', 'capacity']],
      [{ checkInRadiusMeters: 200 }, ['input', 'checkInRadiusMeters']],
      [{ contactPhone: 'ring me' }, ['input', 'contactPhone']],
    ];
    for (const [o, field] of cases) {
      const data = await gqlOk(PUBLISH, { input: await input(o) }, w.streetDispatcherA.token);
      expect(data.projectPublish.userErrors[0], JSON.stringify(o)).to.deep.include({ field, code: 'INVALID' });
    }
  });

  it('the public listing needs no login and filters by region subtree, category, time window and free places', async () => {
    const elder = await publishProject(w.communityDispatcherA.token, w.gridA.id, { title: '公开列表-助老', capacity: 1, schedule: { kind: 'ONE_OFF', from: cityDate(5), start: '14:00', end: '16:00' } });
    const health = await publishProject(w.streetDispatcherB.token, w.gridB.id, { title: '公开列表-义诊', categoryId: await categoryId('HEALTH'), schedule: { kind: 'ONE_OFF', from: cityDate(20), start: '09:00', end: '10:00' } });
    const ids = (res: any) => res.data.projects.edges.map((e: any) => e.node.id);
    // no Authorization header at all
    const all = await anonymous(PUBLIC, { regionId: w.tree.id });
    expect(all.errors).to.equal(undefined);
    expect(ids(all)).to.include.members([elder.id, health.id]);
    expect(all.data.projects.edges.find((e: any) => e.node.id === elder.id).node).to.deep.include({ contactPhone: '13800001111' });
    expect(ids(await anonymous(PUBLIC, { regionId: w.B.id }))).to.deep.equal([health.id]);
    expect(ids(await anonymous(PUBLIC, { regionId: w.tree.id, categoryId: await categoryId('HEALTH') }))).to.deep.equal([health.id]);
    const soon = { regionId: w.tree.id, from: new Date().toISOString(), to: new Date(Date.now() + 10 * 86_400_000).toISOString() };
    expect(ids(await anonymous(PUBLIC, soon))).to.include(elder.id).and.not.to.include(health.id);
    // the single place of `elder` taken: it has no free places left
    const v = await createVolunteer({ communityId: community });
    await gqlOk(SIGN_UP, { a: elder.activities.edges[0].node.id }, v.token);
    expect(ids(await anonymous(PUBLIC, { regionId: w.tree.id, hasFreePlaces: true }))).to.include(health.id).and.not.to.include(elder.id);
    // and the private parts of the system stay closed to the public
    expect(errorCode(await anonymous(`{ volunteers { totalCount } }`) as any)).to.equal('UNAUTHENTICATED');
  });

  it('teams claim a project nobody organises; of two claiming at once one wins, and only its leader or the region\'s dispatchers may claim', async () => {
    const open = await publishProject(w.streetDispatcherA.token, w.A.id, { title: '待认领' });
    const leader2 = await createVolunteer({ communityId: community });
    const [t1, t2] = [await createTeam(community, { leader }), await createTeam(w.A.id, { kind: 'STREET_SQUAD', leader: leader2 })];
    expect(errorCode(await gql(CLAIM, { p: open.id, t: t1.id }, leader2.token))).to.equal('FORBIDDEN');
    const results = await Promise.all([gqlOk(CLAIM, { p: open.id, t: t1.id }, leader.token), gqlOk(CLAIM, { p: open.id, t: t2.id }, leader2.token)]);
    const winners = results.filter((r) => r.projectClaim.userErrors.length === 0);
    expect(winners).to.have.length(1);
    const loser = results.find((r) => r.projectClaim.userErrors.length > 0)!;
    expect(loser.projectClaim.userErrors[0]).to.deep.include({ field: ['input', 'projectId'], code: 'CONFLICT' });
    expect(loser.projectClaim.userErrors[0].message).to.contain('organises it already');
    // a team of another street is too far away
    const farLeader = await createVolunteer({ communityId: w.B.children[0].id });
    const far = await createTeam(w.B.children[0].id, { leader: farLeader });
    const other = await publishProject(w.streetDispatcherA.token, w.A.id, { title: '又一个' });
    expect((await gqlOk(CLAIM, { p: other.id, t: far.id }, farLeader.token)).projectClaim.userErrors[0]).to.deep.include({ field: ['input', 'teamId'], code: 'INVALID' });
  });

  it('closing a project cancels its future activities and tells everyone signed up, live', async () => {
    const project = await publishProject(w.communityDispatcherA.token, w.gridA.id, { schedule: { kind: 'WEEKLY', weekday: 3, from: cityDate(1), until: cityDate(20), start: '19:00', end: '20:00' } });
    const [first] = project.activities.edges.map((e: any) => e.node.id);
    const v = await createVolunteer({ communityId: community });
    const listener = new LiveClient(v.token);
    try {
      await listener.subscribe(`subscription { notices { kind message activity { id status cancelReason } } }`);
      await gqlOk(SIGN_UP, { a: first }, v.token);
      const closed = await gqlOk(`mutation($id: ID!) { projectClose(input: { id: $id, reason: "场地维修" }) { project { status recruitmentOpen activities { edges { node { status } } } } userErrors { code } } }`, { id: project.id }, w.communityDispatcherA.token);
      expect(closed.projectClose.project).to.deep.include({ status: 'CLOSED', recruitmentOpen: false });
      expect(new Set(closed.projectClose.project.activities.edges.map((e: any) => e.node.status))).to.deep.equal(new Set(['CANCELLED']));
      await listener.until(() => listener.results.length === 1, 'the cancellation notice');
      expect(listener.results[0]).to.deep.include({ kind: 'ACTIVITY_CANCELLED' });
      expect(listener.results[0].activity).to.deep.equal({ id: first, status: 'CANCELLED', cancelReason: '场地维修' });
      expect(listener.results[0].message).to.contain('场地维修');
      expect(errorCode(await gql(`mutation($id: ID!) { projectClose(input: { id: $id, reason: "x" }) { userErrors { code } } }`, { id: project.id }, w.streetDispatcherB.token))).to.equal('FORBIDDEN');
    } finally {
      await listener.close();
    }
  });

  it('the public listing with nested activities, skills, teams and regions costs the same for 2 projects as for 8', async () => {
    const region = (await createWorld(0)).tree.id;
    const q = `query($r: ID) { projects(regionId: $r, first: 100) { edges { node { id title category { code } region { name ancestors { name } } organiserTeam { name } requiredSkills { code }
      schedule { description } activities(first: 5) { totalCount edges { node { id freePlaces waitlistCount mySignup { status } project { id } } } } } } } }`;
    const measure = async () => {
      const before = queryStats.count;
      const data = await gqlOk(q, { r: region }, w.resident.token);
      return { statements: queryStats.count - before, n: data.projects.edges.length };
    };
    const add = async (n: number) => {
      for (let i = 0; i < n; i++) await publishProject(await asAdmin(), region, { schedule: { kind: 'WEEKLY', weekday: 1 + (i % 7), from: cityDate(1), until: cityDate(40), start: '09:00', end: '10:00' }, requiredSkillIds: [await skillId('NURSING')] });
    };
    await add(2);
    const few = await measure();
    await add(6);
    const many = await measure();
    expect([few.n, many.n]).to.deep.equal([2, 8]);
    expect(few.statements).to.be.at.least(5);
    expect(many.statements).to.equal(few.statements);
  });
});
