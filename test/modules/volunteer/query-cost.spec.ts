import { expect } from 'chai';
import { queryStats } from '../../../src/core/database';
import { gqlOk } from '../../support/client';
import { createWorld, type World } from '../../support/demand-factories';
import { createTeam } from '../../support/team-factories';
import { createVolunteer } from '../../support/volunteer-factories';

/** Nested lists of volunteers and teams cost the same number of statements however many rows they hold. */
describe('N+1 guard: volunteers and teams', function () {
  this.timeout(120_000);
  let w: World;
  const measure = async (query: string, variables: Record<string, unknown>, token: string, count: (data: any) => number) => {
    const before = queryStats.count;
    const data = await gqlOk(query, variables, token);
    return { statements: queryStats.count - before, n: count(data) };
  };

  beforeEach(async () => {
    w = await createWorld(0);
  });

  it('a page of volunteers with skills, certificates, windows, home, employer, teams and service', async () => {
    const q = `query($regionId: ID) { volunteers(regionId: $regionId, first: 100) { totalCount edges { node { id name phone age idNumberLast4 availableNow
      skills { code category { code } } certificates { name expired skill { code } } availability { weekday start end } homeCommunity { code } homeGrid { code }
      memberships { status team { name memberCount specialties { code } } } servedDemands(first: 5) { totalCount edges { node { id } } } moves { to { code } } } } } }`;
    const add = async (n: number) => {
      for (let i = 0; i < n; i++) await createVolunteer({ communityId: w.A.children[0].id, gridId: w.gridA.id, skills: ['FIRST_AID', 'NURSING'], availability: [{ weekday: 1, start: '08:00', end: '12:00' }] });
    };
    await add(3);
    const few = await measure(q, { regionId: w.A.id }, w.streetDispatcherA.token, (d) => d.volunteers.edges.length);
    await add(9);
    const many = await measure(q, { regionId: w.A.id }, w.streetDispatcherA.token, (d) => d.volunteers.edges.length);
    expect([few.n, many.n]).to.deep.equal([3, 12]);
    expect(few.statements).to.be.at.least(5);
    expect(many.statements).to.equal(few.statements);
  });

  it('a page of teams with specialties, leaders and rosters', async () => {
    const q = `query($regionId: ID) { teams(regionId: $regionId, first: 100) { totalCount edges { node { id name memberCount specialties { code } leader { name phone }
      region { code } members(first: 10) { totalCount edges { node { status volunteer { name skills { code } } } } } } } } }`;
    const add = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const leader = await createVolunteer({ communityId: w.A.children[0].id });
        const member = await createVolunteer({ communityId: w.A.children[0].id, skills: ['RESCUE'] });
        await createTeam(w.A.children[0].id, { specialties: ['EMERGENCY'], leader, members: [member] });
      }
    };
    await add(2);
    const few = await measure(q, { regionId: w.A.id }, w.streetDispatcherA.token, (d) => d.teams.edges.length);
    await add(6);
    const many = await measure(q, { regionId: w.A.id }, w.streetDispatcherA.token, (d) => d.teams.edges.length);
    expect([few.n, many.n]).to.deep.equal([2, 8]);
    expect(few.statements).to.be.at.least(5);
    expect(many.statements).to.equal(few.statements);
  });
});
