import { expect } from 'chai';
import { PairingVisit } from '../../../src/modules/pairing/pairing.entity';
import { errorCode, gql, gqlOk } from '../../support/client';
import { createWorld, type World } from '../../support/demand-factories';
import { harness } from '../../support/harness';
import { createTeam } from '../../support/team-factories';
import { createVolunteer, type VolunteerRef } from '../../support/volunteer-factories';

const FIELDS = 'id active vulnerability householdName householdPhone householdAddress startedOn endedOn endReason volunteer { id } team { id } grid { id } lastVisitAt visits { totalCount edges { node { minutes note volunteer { id } } } }';
const CREATE = `mutation($input: PairingCreateInput!) { pairingCreate(input: $input) { pairing { ${FIELDS} } userErrors { field message code } } }`;
const VISIT = `mutation($input: PairingVisitRecordInput!) { pairingVisitRecord(input: $input) { visit { id minutes note photos visitedAt volunteer { id } } userErrors { field message code } } }`;
const END = `mutation($input: PairingEndInput!) { pairingEnd(input: $input) { pairing { active endedOn endReason } userErrors { field message code } } }`;
const NODE = `query($id: ID!) { node(id: $id) { ... on Pairing { ${FIELDS} } } }`;
const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();
const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString().slice(0, 10);

describe('pairing (one helps one)', () => {
  let w: World;
  let helper: VolunteerRef;
  let teamMember: VolunteerRef;
  let stranger: VolunteerRef;
  const household = { householdName: '孙桂兰', householdPhone: '13799998888', householdAddress: '安康小区5栋2单元301', vulnerability: 'ELDERLY_ALONE', note: '腿脚不便，每周买菜' };
  before(async () => {
    w = await createWorld(0);
    const community = w.A.children[0].id;
    helper = await createVolunteer({ communityId: community });
    teamMember = await createVolunteer({ communityId: community });
    stranger = await createVolunteer({ communityId: community });
  });

  it('the grid worker pairs a volunteer with a household; the volunteer records visits; the staff see them', async () => {
    // given a pairing set up by the grid's worker
    const made = await gqlOk(CREATE, { input: { gridId: w.gridA.id, volunteerId: helper.volunteerId, startedOn: daysAgo(10), ...household } }, w.gridWorkerA.token);
    expect(made.pairingCreate.userErrors).to.deep.equal([]);
    const pairing = made.pairingCreate.pairing;
    expect(pairing).to.deep.include({ active: true, vulnerability: 'ELDERLY_ALONE', householdName: '孙桂兰', volunteer: { id: helper.volunteerId }, team: null, endedOn: null });
    // when the volunteer records two visits
    const first = await gqlOk(VISIT, { input: { pairingId: pairing.id, visitedAt: hoursAgo(30), minutes: 60, note: '买菜、量血压', photoUrls: ['https://img.example/v1.jpg'] } }, helper.token);
    expect(first.pairingVisitRecord.userErrors).to.deep.equal([]);
    expect(first.pairingVisitRecord.visit).to.deep.include({ minutes: 60, note: '买菜、量血压', photos: ['https://img.example/v1.jpg'], volunteer: { id: helper.volunteerId } });
    await gqlOk(VISIT, { input: { pairingId: pairing.id, visitedAt: hoursAgo(2), minutes: 45 } }, helper.token);
    // then the grid's staff see the visits, newest last, with when the latest was
    const seen = await gqlOk(NODE, { id: pairing.id }, w.communityDispatcherA.token);
    expect(seen.node.visits.totalCount).to.equal(2);
    expect(seen.node.visits.edges.map((e: any) => e.node.minutes)).to.deep.equal([60, 45]);
    expect(new Date(seen.node.lastVisitAt).getTime()).to.be.closeTo(Date.now() - 2 * 3600_000, 60_000);
    // and the volunteer sees the household's contact, and the pairing among their own
    const mine = await gqlOk(`{ viewer { volunteer { pairings { edges { node { id householdPhone householdAddress } } } } } }`, {}, helper.token);
    expect(mine.viewer.volunteer.pairings.edges.map((e: any) => e.node)).to.deep.equal([{ id: pairing.id, householdPhone: '13799998888', householdAddress: '安康小区5栋2单元301' }]);
    // and the staff list it in their scope, not another street's
    const list = `query($active: Boolean) { pairings(active: $active) { edges { node { id } } } }`;
    expect((await gqlOk(list, { active: true }, w.streetDispatcherA.token)).pairings.edges.map((e: any) => e.node.id)).to.include(pairing.id);
    expect((await gqlOk(list, {}, w.streetDispatcherB.token)).pairings.edges.map((e: any) => e.node.id)).not.to.include(pairing.id);
  });

  it('a team pairing: any active member records visits; the staff may record one for them; outsiders may not', async () => {
    const team = await createTeam(w.A.children[0].id, { members: [teamMember] });
    const made = await gqlOk(CREATE, { input: { gridId: w.gridA.id, teamId: team.id, startedOn: daysAgo(1), ...household, vulnerability: 'DISABLED' } }, w.communityDispatcherA.token);
    const id = made.pairingCreate.pairing.id;
    expect(made.pairingCreate.pairing.team).to.deep.equal({ id: team.id });
    expect((await gqlOk(VISIT, { input: { pairingId: id, visitedAt: hoursAgo(1), minutes: 30 } }, teamMember.token)).pairingVisitRecord.userErrors).to.deep.equal([]);
    const forThem = await gqlOk(VISIT, { input: { pairingId: id, volunteerId: teamMember.volunteerId, visitedAt: hoursAgo(3), minutes: 90, note: '代录' } }, w.gridWorkerA.token);
    expect(forThem.pairingVisitRecord.visit.volunteer).to.deep.equal({ id: teamMember.volunteerId });
    // a volunteer not in the team may not, nor may staff put them down as the visitor
    expect(errorCode(await gql(VISIT, { input: { pairingId: id, visitedAt: hoursAgo(1), minutes: 30 } }, stranger.token))).to.equal('FORBIDDEN');
    const wrongVisitor = await gqlOk(VISIT, { input: { pairingId: id, volunteerId: stranger.volunteerId, visitedAt: hoursAgo(1), minutes: 30 } }, w.gridWorkerA.token);
    expect(wrongVisitor.pairingVisitRecord.userErrors[0]).to.deep.include({ field: ['input', 'volunteerId'], code: 'INVALID' });
    expect(errorCode(await gql(VISIT, { input: { pairingId: id, volunteerId: teamMember.volunteerId, visitedAt: hoursAgo(1), minutes: 30 } }, stranger.token))).to.equal('FORBIDDEN');
  });

  it('refuses bad input, writing nothing; an ended pairing takes no more visits', async () => {
    // Begun yesterday: a visit an hour ago must not fall before the start just after midnight, city time.
    const made = await gqlOk(CREATE, { input: { gridId: w.gridA.id, volunteerId: helper.volunteerId, startedOn: daysAgo(1), ...household } }, w.gridWorkerA.token);
    const id = made.pairingCreate.pairing.id;
    const before = await harness().db.getRepository(PairingVisit).count();
    const cases: [Record<string, unknown>, string[], string][] = [
      [{ visitedAt: new Date(Date.now() + 3600_000).toISOString(), minutes: 30 }, ['input', 'visitedAt'], 'INVALID'],
      [{ visitedAt: hoursAgo(1), minutes: 0 }, ['input', 'minutes'], 'INVALID'],
      [{ visitedAt: hoursAgo(1), minutes: 721 }, ['input', 'minutes'], 'INVALID'],
      [{ visitedAt: hoursAgo(1), minutes: 30, photoUrls: ['javascript:alert(1)'] }, ['input', 'photoUrls', '0'], 'INVALID'],
      [{ visitedAt: hoursAgo(24 * 400), minutes: 30 }, ['input', 'visitedAt'], 'INVALID'],
    ];
    for (const [input, field, code] of cases) {
      const result = await gqlOk(VISIT, { input: { pairingId: id, ...input } }, helper.token);
      expect(result.pairingVisitRecord.userErrors[0], JSON.stringify(input)).to.deep.include({ field, code });
    }
    expect(await harness().db.getRepository(PairingVisit).count()).to.equal(before);
    const both = await gqlOk(CREATE, { input: { gridId: w.gridA.id, volunteerId: helper.volunteerId, teamId: (await createTeam(w.A.children[0].id)).id, ...household } }, w.gridWorkerA.token);
    expect(both.pairingCreate.userErrors[0]).to.deep.include({ field: ['input', 'volunteerId'], code: 'INVALID' });
    const community = await gqlOk(CREATE, { input: { gridId: w.A.children[0].id, volunteerId: helper.volunteerId, ...household } }, w.gridWorkerA.token);
    expect(community.pairingCreate.userErrors[0]).to.deep.include({ field: ['input', 'gridId'], code: 'INVALID' });
    expect(errorCode(await gql(CREATE, { input: { gridId: w.gridB.id, volunteerId: helper.volunteerId, ...household } }, w.gridWorkerA.token))).to.equal('FORBIDDEN');
    // when it ends
    const ended = await gqlOk(END, { input: { id, reason: '老人搬去养老院' } }, w.gridWorkerA.token);
    expect(ended.pairingEnd.pairing).to.deep.include({ active: false, endReason: '老人搬去养老院' });
    expect((await gqlOk(END, { input: { id, reason: '再次' } }, w.gridWorkerA.token)).pairingEnd.userErrors[0]).to.deep.include({ code: 'CONFLICT' });
    const late = await gqlOk(VISIT, { input: { pairingId: id, visitedAt: hoursAgo(1), minutes: 30 } }, helper.token);
    expect(late.pairingVisitRecord.userErrors[0]).to.deep.include({ field: ['input', 'pairingId'], code: 'CONFLICT' });
  });

  it('the household\'s details are masked for other dispatchers and hidden from analysts and other volunteers', async () => {
    const made = await gqlOk(CREATE, { input: { gridId: w.gridA.id, volunteerId: helper.volunteerId, ...household } }, w.gridWorkerA.token);
    const id = made.pairingCreate.pairing.id;
    const elsewhere = await gqlOk(NODE, { id }, w.streetDispatcherB.token);
    expect(elsewhere.node).to.deep.include({ householdName: '孙**', householdPhone: '137****8888', householdAddress: null });
    for (const token of [w.analystA.token, stranger.token, w.resident.token]) expect(errorCode(await gql(NODE, { id }, token))).to.equal('FORBIDDEN');
    expect(errorCode(await gql(`{ pairings { totalCount } }`, {}, w.analystA.token))).to.equal('FORBIDDEN');
  });
});
