import { expect } from 'chai';
import { ServiceRecord } from '../../../src/modules/record/record.entity';
import { asAdmin, errorCode, gql, gqlOk } from '../../support/client';
import { categoryId, createWorld, demandAt, type World } from '../../support/demand-factories';
import { uniqueCode } from '../../support/factories';
import { harness } from '../../support/harness';
import { createTeam } from '../../support/team-factories';
import { createVolunteer, type VolunteerRef } from '../../support/volunteer-factories';

const RECORD_FIELDS = 'id status source minutes hours needsReview declineReason correctionStatus correctionMinutes certifiedBy { id } certifyingTeam { id } certifyingOrganisation { id } certifyingRegion { id } volunteer { id }';
const CREATE = `mutation($input: ServiceRecordCreateInput!) { serviceRecordCreate(input: $input) { record { ${RECORD_FIELDS} } userErrors { field message code } } }`;
const APPROVE = `mutation($ids: [ID!]!) { serviceRecordsApprove(input: { ids: $ids }) { records { ${RECORD_FIELDS} } userErrors { field message code } } }`;
const DECLINE = `mutation($id: ID!, $reason: String!) { serviceRecordDecline(input: { id: $id, reason: $reason }) { record { ${RECORD_FIELDS} } userErrors { field message code } } }`;
const ASK = `mutation($id: ID!, $minutes: Int!, $reason: String!) { serviceRecordCorrectionRequest(input: { id: $id, minutes: $minutes, reason: $reason }) { record { ${RECORD_FIELDS} } userErrors { field message code } } }`;
const ANSWER = `mutation($id: ID!, $accept: Boolean!, $note: String) { serviceRecordCorrectionResolve(input: { id: $id, accept: $accept, note: $note }) { record { ${RECORD_FIELDS} } userErrors { field message code } } }`;
const MINE = `{ viewer { volunteer { certifiedHours stars { stars hours } serviceRecords { totalCount edges { node { id status source } } } } } }`;
const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();
const balance = async (token: string) => (await gqlOk(`{ timebankAccount { balance } }`, {}, token)).timebankAccount.balance;

describe('service records', function () {
  this.timeout(60_000);
  let w: World;
  let community: string;
  before(async () => {
    w = await createWorld(1);
    community = w.A.children[0].id;
  });

  /** A record the volunteer enters with evidence, in `regionId` (default their home), optionally for a team. */
  async function entered(v: VolunteerRef, minutes = 120, extra: Record<string, unknown> = {}) {
    const data = await gqlOk(CREATE, { input: { categoryId: await categoryId('ENVIRONMENT'), startedAt: hoursAgo(5), minutes, description: '清理楼道', photoUrls: ['https://img.example/proof.jpg'], ...extra } }, v.token);
    expect(data.serviceRecordCreate.userErrors, JSON.stringify(data.serviceRecordCreate.userErrors)).to.deep.equal([]);
    return data.serviceRecordCreate.record;
  }

  it('a completed demand becomes a PENDING record of the responder\'s time; its handlers certify it, and the hours count', async () => {
    const [v] = w.volunteers;
    const d = await demandAt(w, 'COMPLETED');
    const records = await gqlOk(MINE, {}, v.token);
    const fromDemand = records.viewer.volunteer.serviceRecords.edges.map((e: any) => e.node).find((n: any) => n.source === 'DEMAND');
    expect(fromDemand).to.deep.include({ status: 'PENDING' });
    // the volunteer may not certify their own; another street's dispatcher may not either
    expect(errorCode(await gql(APPROVE, { ids: [fromDemand.id] }, v.token))).to.equal('FORBIDDEN');
    expect(errorCode(await gql(APPROVE, { ids: [fromDemand.id] }, w.streetDispatcherB.token))).to.equal('FORBIDDEN');
    const approved = await gqlOk(APPROVE, { ids: [fromDemand.id] }, w.communityDispatcherA.token);
    expect(approved.serviceRecordsApprove.records[0]).to.deep.include({ status: 'APPROVED', certifiedBy: { id: w.communityDispatcherA.id }, certifyingRegion: { id: community } });
    expect(d.status).to.equal('COMPLETED');
  });

  it('by hand with evidence, then certified in bulk: all or none; approval counts the hours and deposits credits', async () => {
    const v = await createVolunteer({ communityId: community });
    const noEvidence = await gqlOk(CREATE, { input: { categoryId: await categoryId('ENVIRONMENT'), startedAt: hoursAgo(5), minutes: 60, description: '清理楼道' } }, v.token);
    expect(noEvidence.serviceRecordCreate.userErrors[0]).to.deep.include({ field: ['input', 'photoUrls'], code: 'INVALID' });
    const future = await gqlOk(CREATE, { input: { categoryId: await categoryId('ENVIRONMENT'), startedAt: new Date(Date.now() + 3600_000).toISOString(), minutes: 60, description: 'x', photoUrls: ['https://img.example/p.jpg'] } }, v.token);
    expect(future.serviceRecordCreate.userErrors[0]).to.deep.include({ field: ['input', 'startedAt'], code: 'INVALID' });
    const [r1, r2, r3] = [await entered(v, 120), await entered(v, 90), await entered(v, 30)];
    // one of three is not pending: the whole batch is refused, and none is approved
    await gqlOk(DECLINE, { id: r3.id, reason: '照片无法证明' }, w.communityDispatcherA.token);
    const refused = await gqlOk(APPROVE, { ids: [r1.id, r2.id, r3.id] }, w.communityDispatcherA.token);
    expect(refused.serviceRecordsApprove.records).to.equal(null);
    expect(refused.serviceRecordsApprove.userErrors[0]).to.deep.include({ field: ['input', 'ids', '2'], code: 'CONFLICT' });
    expect((await harness().db.getRepository(ServiceRecord).findOneByOrFail({ id: Number(Buffer.from(r1.id, 'base64url').toString().split(':')[1]) })).status).to.equal('PENDING');
    // the two pending ones, approved together
    const ok = await gqlOk(APPROVE, { ids: [r1.id, r2.id] }, w.communityDispatcherA.token);
    expect(ok.serviceRecordsApprove.records.map((r: any) => r.status)).to.deep.equal(['APPROVED', 'APPROVED']);
    const mine = await gqlOk(MINE, {}, v.token);
    expect(mine.viewer.volunteer).to.deep.include({ certifiedHours: 3.5 });
    expect(mine.viewer.volunteer.stars).to.deep.equal({ stars: 0, hours: 3.5 });
    // ENVIRONMENT earns the default 1 credit an hour
    expect(await balance(v.token)).to.equal(3.5);
    // the declined one says why, and the volunteer heard of both decisions
    const notices = await gqlOk(`{ myNotices { edges { node { kind message } } } }`, {}, v.token);
    expect(notices.myNotices.edges.map((e: any) => e.node.kind)).to.deep.equal(['RECORD_APPROVED', 'RECORD_APPROVED', 'RECORD_DECLINED']);
    expect(notices.myNotices.edges[2].node.message).to.contain('照片无法证明');
  });

  it('a team\'s leader certifies what the team organised, and the record carries the team\'s organisation', async () => {
    const org = (await gqlOk(`mutation { organisationCreate(input: { name: "${uniqueCode('志愿协会')}", kind: NGO }) { organisation { id } } }`, {}, await asAdmin())).organisationCreate.organisation.id;
    const leader = await createVolunteer({ communityId: community });
    const member = await createVolunteer({ communityId: community });
    const team = await createTeam(community, { leader, members: [member] });
    await harness().db.query('UPDATE team SET organisationId = ? WHERE id = ?', [Number(Buffer.from(org, 'base64url').toString().split(':')[1]), Number(Buffer.from(team.id, 'base64url').toString().split(':')[1])]);
    const r = await entered(member, 60, { teamId: team.id, regionId: w.B.children[0].id });
    // the leader of that team may; the dispatcher of street A may not (it happened in street B)
    expect(errorCode(await gql(APPROVE, { ids: [r.id] }, w.communityDispatcherA.token))).to.equal('FORBIDDEN');
    const approved = await gqlOk(APPROVE, { ids: [r.id] }, leader.token);
    expect(approved.serviceRecordsApprove.records[0]).to.deep.include({ status: 'APPROVED', certifyingTeam: { id: team.id }, certifyingOrganisation: { id: org }, certifyingRegion: null });
    // the leader's queue lists the team's records
    const queue = await gqlOk(`{ serviceRecords(status: [APPROVED]) { edges { node { id } } } }`, {}, leader.token);
    expect(queue.serviceRecords.edges.map((e: any) => e.node.id)).to.include(r.id);
    expect(errorCode(await gql(`{ serviceRecords { totalCount } }`, {}, member.token))).to.equal('FORBIDDEN');
  });

  it('the volunteer asks for a correction; accepting it on a certified record moves hours and credits by the difference', async () => {
    const v = await createVolunteer({ communityId: community });
    const r = await entered(v, 60);
    await gqlOk(APPROVE, { ids: [r.id] }, w.communityDispatcherA.token);
    expect(errorCode(await gql(ASK, { id: r.id, minutes: 90, reason: '漏记了半小时' }, w.volunteers[0].token))).to.equal('FORBIDDEN');
    const asked = await gqlOk(ASK, { id: r.id, minutes: 90, reason: '漏记了半小时' }, v.token);
    expect(asked.serviceRecordCorrectionRequest.record).to.deep.include({ correctionStatus: 'REQUESTED', correctionMinutes: 90, minutes: 60, status: 'APPROVED' });
    expect((await gqlOk(ASK, { id: r.id, minutes: 100, reason: 'again' }, v.token)).serviceRecordCorrectionRequest.userErrors[0]).to.deep.include({ code: 'CONFLICT' });
    const noNote = await gqlOk(ANSWER, { id: r.id, accept: false }, w.communityDispatcherA.token);
    expect(noNote.serviceRecordCorrectionResolve.userErrors[0]).to.deep.include({ field: ['input', 'note'], code: 'INVALID' });
    const accepted = await gqlOk(ANSWER, { id: r.id, accept: true, note: '已核实' }, w.communityDispatcherA.token);
    expect(accepted.serviceRecordCorrectionResolve.record).to.deep.include({ correctionStatus: 'ACCEPTED', minutes: 90, hours: 1.5 });
    expect((await gqlOk(MINE, {}, v.token)).viewer.volunteer.certifiedHours).to.equal(1.5);
    expect(await balance(v.token)).to.equal(1.5);
    // a correction downwards takes the credits back; spent credits cannot be taken, so it is refused
    await gqlOk(ASK, { id: r.id, minutes: 10, reason: '多记了' }, v.token);
    await gqlOk(`mutation($input: ListedServiceCreateInput!) { listedServiceCreate(input: $input) { userErrors { code } } }`, { input: { name: '理发', credits: 1.5, regionId: community } }, w.communityDispatcherA.token);
    const service = (await gqlOk(`query($r: ID!) { listedServices(regionId: $r) { id name } }`, { r: w.gridA.id }, v.token)).listedServices.find((s: any) => s.name === '理发');
    await gqlOk(`mutation($s: ID!) { timebankRedeem(input: { listedServiceId: $s }) { userErrors { code } } }`, { s: service.id }, v.token);
    const spent = await gqlOk(ANSWER, { id: r.id, accept: true }, w.communityDispatcherA.token);
    expect(spent.serviceRecordCorrectionResolve.userErrors[0]).to.deep.include({ code: 'INSUFFICIENT_BALANCE' });
    expect((await gqlOk(MINE, {}, v.token)).viewer.volunteer.certifiedHours).to.equal(1.5);
  });

  it('records stay with the volunteer across moves; the new community sees them, the old one no longer does', async () => {
    const v = await createVolunteer({ communityId: community });
    const r = await entered(v, 45);
    await gqlOk(APPROVE, { ids: [r.id] }, w.communityDispatcherA.token);
    // the hours of both communities (UTC days around the record) before the move
    const STATS = `query($regionId: ID!, $from: String!, $to: String!) { regionStats(regionId: $regionId, from: $from, to: $to, timeZone: "UTC") { hours { total } } }`;
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const hoursIn = async (regionId: string): Promise<number> => (await gqlOk(STATS, { regionId, from: day(-1), to: day(0) }, await asAdmin())).regionStats.hours.total;
    const before = { oldHome: await hoursIn(community), newHome: await hoursIn(w.B.children[0].id) };
    expect(before.oldHome).to.be.at.least(0.75);
    await gqlOk(`mutation($input: VolunteerMoveInput!) { volunteerMove(input: $input) { userErrors { code } } }`, { input: { id: v.volunteerId, communityId: w.B.children[0].id } }, w.streetDispatcherB.token);
    const RECORDS = `query($id: ID!) { node(id: $id) { ... on Volunteer { certifiedHours serviceRecords { edges { node { id status certifyingRegion { id } } } } } } }`;
    const byB = await gqlOk(RECORDS, { id: v.volunteerId }, w.streetDispatcherB.token);
    expect(byB.node.serviceRecords.edges.map((e: any) => e.node)).to.deep.equal([{ id: r.id, status: 'APPROVED', certifyingRegion: { id: community } }]);
    expect(byB.node.certifiedHours).to.equal(0.75);
    const byA = await gqlOk(RECORDS, { id: v.volunteerId }, w.communityDispatcherA.token);
    expect(byA.node.serviceRecords.edges).to.deep.equal([]);
    // and their hours count in the figures of their new home, no longer in the old one's
    expect(await hoursIn(w.B.children[0].id)).to.be.closeTo(before.newHome + 0.75, 1e-9);
    expect(await hoursIn(community)).to.be.closeTo(before.oldHome - 0.75, 1e-9);
    // records from pairing visits too
    const pairing = await gqlOk(`mutation($input: PairingCreateInput!) { pairingCreate(input: $input) { pairing { id } userErrors { code } } }`, { input: { gridId: w.gridA.id, volunteerId: v.volunteerId, householdName: '周奶奶', vulnerability: 'ELDERLY_ALONE', startedOn: new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10) } }, w.gridWorkerA.token);
    const VISIT = `mutation($input: PairingVisitRecordInput!) { pairingVisitRecord(input: $input) { userErrors { code } } }`;
    await gqlOk(VISIT, { input: { pairingId: pairing.pairingCreate.pairing.id, visitedAt: hoursAgo(2), minutes: 40 } }, v.token);
    const visits = await gqlOk(`{ viewer { volunteer { serviceRecords(source: [PAIRING_VISIT]) { edges { node { minutes status category { code } } } } } } }`, {}, v.token);
    expect(visits.viewer.volunteer.serviceRecords.edges.map((e: any) => e.node)).to.deep.equal([{ minutes: 40, status: 'PENDING', category: { code: 'ELDER_CARE' } }]);
  });
});
