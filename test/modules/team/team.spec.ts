import { expect } from 'chai';
import { TeamMember } from '../../../src/modules/team/team.entity';
import { asAdmin, errorCode, gql, gqlOk } from '../../support/client';
import { categoryId, createWorld, type World } from '../../support/demand-factories';
import { uniqueCode } from '../../support/factories';
import { harness } from '../../support/harness';
import { APPROVE, JOIN, TEAM_CREATE, createTeam } from '../../support/team-factories';
import { createVolunteer, type VolunteerRef } from '../../support/volunteer-factories';

const UPDATE = `mutation($input: TeamUpdateInput!) { teamUpdate(input: $input) { team { id name description specialties { code } liaison { id } leader { id } active } userErrors { field message code } } }`;
const DECIDE = (name: string) => `mutation($id: ID!, $note: String) { ${name}(input: { id: $id, note: $note }) { membership { id status decisionNote } userErrors { field message code } } }`;
const LEAVE = `mutation($teamId: ID!) { teamLeave(input: { teamId: $teamId }) { membership { status leftAt } userErrors { field message code } } }`;
const ROSTER = `query($id: ID!, $status: [MembershipStatus!]) { node(id: $id) { ... on Team { memberCount members(status: $status) { totalCount edges { node { status volunteer { id name phone } } } } } } }`;

describe('teams', () => {
  let w: World;
  let community: string;
  let leader: VolunteerRef;
  let alice: VolunteerRef;
  let bob: VolunteerRef;
  before(async () => {
    w = await createWorld(0);
    community = w.A.children[0].id;
    leader = await createVolunteer({ communityId: community, phone: '13511110000' });
    alice = await createVolunteer({ communityId: community, phone: '13522220000' });
    bob = await createVolunteer({ communityId: community, phone: '13533330000' });
  });

  it('each kind sits at its level, a sub-team inside its parent\'s region, names unique per region, within the creator\'s scope', async () => {
    const create = (token: string, input: Record<string, unknown>) => gqlOk(TEAM_CREATE, { input: { name: uniqueCode('队'), ...input } }, token);
    // given a street squad of street A, created by its dispatcher, with specialties and a leader
    const squad = await create(w.streetDispatcherA.token, { kind: 'STREET_SQUAD', regionId: w.A.id, specialtyIds: [await categoryId('ELDER_CARE')], leaderId: leader.volunteerId });
    expect(squad.teamCreate.userErrors).to.deep.equal([]);
    expect(squad.teamCreate.team).to.deep.include({ kind: 'STREET_SQUAD', memberCount: 1, leader: { id: leader.volunteerId }, specialties: [{ code: 'ELDER_CARE' }] });
    const squadId = squad.teamCreate.team.id;
    // then a community team may belong to it; one of street B may not
    const child = await create(w.streetDispatcherA.token, { kind: 'COMMUNITY_TEAM', regionId: community, parentId: squadId });
    expect(child.teamCreate.team.parent).to.deep.equal({ id: squadId });
    const foreign = await create(await asAdmin(), { kind: 'COMMUNITY_TEAM', regionId: w.B.children[0].id, parentId: squadId });
    expect(foreign.teamCreate.userErrors[0]).to.deep.include({ field: ['input', 'parentId'], code: 'INVALID' });
    // a kind at the wrong level, a taken name, and a region outside the scope are refused
    const wrongLevel = await create(await asAdmin(), { kind: 'DISTRICT_DETACHMENT', regionId: w.A.id });
    expect(wrongLevel.teamCreate.userErrors[0]).to.deep.include({ field: ['input', 'regionId'], code: 'INVALID' });
    const name = uniqueCode('队');
    await create(await asAdmin(), { name, kind: 'EMERGENCY_TEAM', regionId: w.A.id });
    const taken = await create(await asAdmin(), { name, kind: 'PROFESSIONAL_TEAM', regionId: w.A.id });
    expect(taken.teamCreate.userErrors[0]).to.deep.include({ field: ['input', 'name'], code: 'CONFLICT' });
    expect(errorCode(await gql(TEAM_CREATE, { input: { name: uniqueCode('队'), kind: 'STREET_SQUAD', regionId: w.B.id } }, w.streetDispatcherA.token))).to.equal('FORBIDDEN');
    expect(errorCode(await gql(TEAM_CREATE, { input: { name: uniqueCode('队'), kind: 'STREET_SQUAD', regionId: w.A.id } }, leader.token))).to.equal('FORBIDDEN');
    // and anyone signed in may browse teams
    const browse = await gqlOk(`query($r: ID!) { teams(regionId: $r, kind: [STREET_SQUAD]) { edges { node { id leader { id } children { id } } } } }`, { r: w.A.id }, w.resident.token);
    const seen = browse.teams.edges.find((e: any) => e.node.id === squadId).node;
    // a resident sees the team, not who leads it
    expect(seen).to.deep.equal({ id: squadId, leader: null, children: [{ id: child.teamCreate.team.id }] });
  });

  it('join request → the leader approves or rejects with a reason; members leave and may ask again', async () => {
    // given a team led by `leader`
    const team = await createTeam(community, { leader });
    // when alice and bob ask to join
    const aliceAsks = await gqlOk(JOIN, { teamId: team.id, note: '我会开车' }, alice.token);
    expect(aliceAsks.teamJoinRequest.membership).to.deep.include({ status: 'PENDING', note: '我会开车' });
    expect((await gqlOk(JOIN, { teamId: team.id }, alice.token)).teamJoinRequest.userErrors[0]).to.deep.include({ code: 'CONFLICT' });
    const bobAsks = await gqlOk(JOIN, { teamId: team.id }, bob.token);
    // then the leader approves alice, and rejects bob only with a reason
    const approved = await gqlOk(DECIDE('teamMembershipApprove'), { id: aliceAsks.teamJoinRequest.membership.id }, leader.token);
    expect(approved.teamMembershipApprove.membership.status).to.equal('ACTIVE');
    const noReason = await gqlOk(DECIDE('teamMembershipReject'), { id: bobAsks.teamJoinRequest.membership.id }, leader.token);
    expect(noReason.teamMembershipReject.userErrors[0]).to.deep.include({ field: ['input', 'note'], code: 'INVALID' });
    const rejected = await gqlOk(DECIDE('teamMembershipReject'), { id: bobAsks.teamJoinRequest.membership.id, note: '名额已满' }, leader.token);
    expect(rejected.teamMembershipReject.membership).to.deep.include({ status: 'REJECTED', decisionNote: '名额已满' });
    // a decided request cannot be decided again
    const again = await gqlOk(DECIDE('teamMembershipApprove'), { id: bobAsks.teamJoinRequest.membership.id }, leader.token);
    expect(again.teamMembershipApprove.userErrors[0]).to.deep.include({ code: 'CONFLICT' });
    expect(again.teamMembershipApprove.userErrors[0].message).to.contain('REJECTED');
    // the roster shows the leader and alice
    const roster = await gqlOk(ROSTER, { id: team.id }, leader.token);
    expect(roster.node.memberCount).to.equal(2);
    expect(roster.node.members.edges.map((e: any) => e.node.volunteer.id)).to.deep.equal([leader.volunteerId, alice.volunteerId]);
    // alice leaves, the leader may not, and bob may ask again after the rejection
    expect((await gqlOk(LEAVE, { teamId: team.id }, alice.token)).teamLeave.membership.status).to.equal('LEFT');
    expect((await gqlOk(LEAVE, { teamId: team.id }, leader.token)).teamLeave.userErrors[0]).to.deep.include({ code: 'CONFLICT' });
    expect((await gqlOk(JOIN, { teamId: team.id }, bob.token)).teamJoinRequest.membership.status).to.equal('PENDING');
    expect((await gqlOk(ROSTER, { id: team.id, status: ['PENDING', 'LEFT'] }, leader.token)).node.members.totalCount).to.equal(2);
  });

  it('the leader and a dispatcher deciding the same request at once: one wins, the other gets CONFLICT', async () => {
    const team = await createTeam(community, { leader });
    const carol = await createVolunteer({ communityId: community });
    const asked = await gqlOk(JOIN, { teamId: team.id }, carol.token);
    const id = asked.teamJoinRequest.membership.id;
    const results = await Promise.all([
      gqlOk(DECIDE('teamMembershipApprove'), { id }, leader.token),
      gqlOk(DECIDE('teamMembershipReject'), { id, note: '重复' }, w.communityDispatcherA.token),
      gqlOk(DECIDE('teamMembershipApprove'), { id }, w.streetDispatcherA.token),
    ]);
    const payloads = results.map((r) => Object.values(r)[0] as { membership: unknown; userErrors: { code: string }[] });
    expect(payloads.filter((p) => p.userErrors.length === 0)).to.have.length(1);
    for (const p of payloads.filter((x) => x.userErrors.length > 0)) expect(p.userErrors[0].code).to.equal('CONFLICT');
    const row = await harness().db.getRepository(TeamMember).findOneByOrFail({ id: Number(Buffer.from(id, 'base64url').toString().split(':')[1]) });
    expect(row.version).to.equal(1);
  });

  it('team leaders manage their own team within what a leader may change; other leaders and members may not', async () => {
    const team = await createTeam(community, { leader, members: [alice] });
    const otherLeader = await createVolunteer({ communityId: community });
    await createTeam(community, { leader: otherLeader });
    // the leader renames, re-specialises and names a liaison
    const changed = await gqlOk(UPDATE, { input: { id: team.id, name: uniqueCode('新队名'), description: '周末活动', specialtyIds: [await categoryId('HEALTH')], liaisonId: alice.volunteerId } }, leader.token);
    expect(changed.teamUpdate.userErrors).to.deep.equal([]);
    expect(changed.teamUpdate.team).to.deep.include({ description: '周末活动', specialties: [{ code: 'HEALTH' }] });
    expect(changed.teamUpdate.team.liaison).to.deep.equal({ id: alice.volunteerId });
    // but not dissolve it or hand over leadership; that is for dispatchers
    expect(errorCode(await gql(UPDATE, { input: { id: team.id, active: false } }, leader.token))).to.equal('FORBIDDEN');
    expect(errorCode(await gql(UPDATE, { input: { id: team.id, leaderId: alice.volunteerId } }, leader.token))).to.equal('FORBIDDEN');
    // another team's leader and a plain member may change nothing, nor decide on members
    expect(errorCode(await gql(UPDATE, { input: { id: team.id, name: 'x' } }, otherLeader.token))).to.equal('FORBIDDEN');
    expect(errorCode(await gql(UPDATE, { input: { id: team.id, name: 'x' } }, alice.token))).to.equal('FORBIDDEN');
    const dave = await createVolunteer({ communityId: community });
    const asked = await gqlOk(JOIN, { teamId: team.id }, dave.token);
    expect(errorCode(await gql(APPROVE, { id: asked.teamJoinRequest.membership.id }, otherLeader.token))).to.equal('FORBIDDEN');
    // a dispatcher of the region hands leadership over and removes the old leader with a reason
    const handover = await gqlOk(UPDATE, { input: { id: team.id, leaderId: alice.volunteerId } }, w.communityDispatcherA.token);
    expect(handover.teamUpdate.team.leader).to.deep.equal({ id: alice.volunteerId });
    const membership = (await gqlOk(`query($id: ID!) { node(id: $id) { ... on Team { members { edges { node { id volunteer { id } } } } } } }`, { id: team.id }, w.communityDispatcherA.token)).node.members.edges.find((e: any) => e.node.volunteer.id === leader.volunteerId).node.id;
    const removed = await gqlOk(DECIDE('teamMembershipRemove'), { id: membership, note: '调离' }, alice.token);
    expect(removed.teamMembershipRemove.membership).to.deep.include({ status: 'REMOVED', decisionNote: '调离' });
    expect(errorCode(await gql(UPDATE, { input: { id: team.id, name: 'y' } }, w.streetDispatcherB.token))).to.equal('FORBIDDEN');
  });

  it('the roster: leaders see phones, members see names, outsiders are refused', async () => {
    const team = await createTeam(community, { leader, members: [alice, bob] });
    const phones = async (token: string) => (await gqlOk(ROSTER, { id: team.id }, token)).node.members.edges.map((e: any) => e.node.volunteer.phone);
    expect(await phones(leader.token)).to.deep.equal(['13511110000', '13522220000', '13533330000']);
    // a member sees teammates' names with masked phones, and the leader's phone in full
    const asAlice = (await gqlOk(ROSTER, { id: team.id }, alice.token)).node.members.edges.map((e: any) => e.node.volunteer);
    expect(asAlice.map((v: any) => v.phone)).to.deep.equal(['13511110000', '13522220000', '135****0000']);
    expect(asAlice[2].name).to.equal('张志愿');
    // outsiders: residents, analysts and other volunteers
    const outsider = await createVolunteer({ communityId: community });
    for (const token of [w.resident.token, w.analystA.token, outsider.token]) expect(errorCode(await gql(ROSTER, { id: team.id }, token))).to.equal('FORBIDDEN');
    // a dispatcher of any street may see it (teams are dispatched across streets)
    expect((await gqlOk(ROSTER, { id: team.id }, w.streetDispatcherB.token)).node.memberCount).to.equal(3);
  });
});
