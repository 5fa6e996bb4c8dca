import { expect } from 'chai';
import { Demand } from '../../../src/modules/demand/demand.entity';
import { DemandEvent } from '../../../src/modules/demand/demand-event.entity';
import { errorCode, gql, gqlOk } from '../../support/client';
import { OPS, createDemand, createWorld, demandAt, step, type World } from '../../support/demand-factories';
import { harness } from '../../support/harness';

const dbId = (globalId: string) => Number(Buffer.from(globalId, 'base64url').toString().split(':')[1]);
const eventCount = () => harness().db.getRepository(DemandEvent).count();

async function refused(op: keyof typeof OPS, token: string, input: Record<string, unknown>) {
  const data = await gqlOk(OPS[op], { input }, token);
  const payload = Object.values(data)[0] as { demand: unknown; userErrors: { field: string[]; code: string; message: string }[] };
  expect(payload.demand).to.equal(null);
  expect(payload.userErrors).to.have.length(1);
  return payload.userErrors[0];
}

describe('demand workflow', () => {
  let w: World;
  before(async () => {
    w = await createWorld(3);
  });

  it('goes SUBMITTED → ACCEPTED → DISPATCHED → ASSIGNED → IN_SERVICE → COMPLETED → CLOSED, one event per step', async () => {
    const completed = await demandAt(w, 'COMPLETED');
    const closed = await step('close', w.resident.token, { id: completed.id, rating: 5, feedback: '非常满意' });
    expect(closed).to.deep.include({ status: 'CLOSED', rating: 5 });
    expect(closed.responder.id).to.equal(w.volunteers[0].id);
    const types = closed.events.edges.map((e: any) => e.node.type);
    expect(types).to.deep.equal(['CREATED', 'ACCEPTED', 'DISPATCHED', 'CLAIMED', 'STARTED', 'COMPLETED', 'CLOSED']);
    const cursors = closed.events.edges.map((e: any) => e.cursor);
    expect(new Set(cursors).size).to.equal(cursors.length);
    const positions = cursors.map((c: string) => Number(Buffer.from(c, 'base64url').toString().split(':')[1]));
    expect([...positions].sort((a, b) => a - b)).to.deep.equal(positions);
    expect(closed.events.edges[1].node.actor.id).to.equal(w.communityDispatcherA.id);
  });

  it('a step not allowed from the current status is CONFLICT naming that status, and writes nothing', async () => {
    const d = await createDemand(w.resident.token, { gridId: w.gridA.id });
    const before = await eventCount();
    // who may act is checked before the status: a volunteer who is not its responder is FORBIDDEN
    expect(errorCode(await gql(OPS.start, { input: { id: d.id } }, w.volunteers[0].token))).to.equal('FORBIDDEN');
    const conflict = await refused('dispatch', w.communityDispatcherA.token, { id: d.id, openRecruitment: true });
    expect(conflict).to.deep.include({ code: 'CONFLICT', field: ['input', 'id'] });
    expect(conflict.message).to.contain('SUBMITTED');
    const closeEarly = await refused('close', w.resident.token, { id: d.id, rating: 4 });
    expect(closeEarly.code).to.equal('CONFLICT');
    expect(await eventCount()).to.equal(before);
  });

  it('reject needs a reason, which the requester sees', async () => {
    const d = await createDemand(w.resident.token, { gridId: w.gridA.id });
    expect(await refused('reject', w.communityDispatcherA.token, { id: d.id, note: '   ' })).to.deep.include({ field: ['input', 'note'], code: 'INVALID' });
    await step('reject', w.communityDispatcherA.token, { id: d.id, note: '不属于志愿服务范围，请拨打12345' });
    const seen = await gqlOk(`query($id: ID!) { node(id: $id) { ... on Demand { status rejectionReason events { edges { node { type note actor { id } } } } } } }`, { id: d.id }, w.resident.token);
    expect(seen.node.status).to.equal('REJECTED');
    expect(seen.node.rejectionReason).to.equal('不属于志愿服务范围，请拨打12345');
    expect(seen.node.events.edges[1].node).to.deep.equal({ type: 'REJECTED', note: '不属于志愿服务范围，请拨打12345', actor: { id: w.communityDispatcherA.id } });
  });

  it('escalates community → street → district with a reason; each level\'s dispatchers handle it in turn', async () => {
    const d = await createDemand(w.resident.token, { gridId: w.gridA.id });
    expect(await refused('escalate', w.communityDispatcherA.token, { id: d.id })).to.deep.include({ field: ['input', 'note'], code: 'INVALID' });
    const atStreet = await step('escalate', w.communityDispatcherA.token, { id: d.id, note: '需要街道协调物业' });
    expect(atStreet).to.deep.include({ handlingLevel: 'STREET', status: 'SUBMITTED' });
    // the community can no longer act; the street can
    expect(errorCode(await gql(OPS.accept, { input: { id: d.id } }, w.communityDispatcherA.token))).to.equal('FORBIDDEN');
    const atDistrict = await step('escalate', w.streetDispatcherA.token, { id: d.id, note: '涉及多个部门' });
    expect(atDistrict.handlingLevel).to.equal('DISTRICT');
    expect(errorCode(await gql(OPS.accept, { input: { id: d.id } }, w.streetDispatcherA.token))).to.equal('FORBIDDEN');
    expect((await refused('escalate', w.districtDispatcher.token, { id: d.id, note: 'more' })).code).to.equal('CONFLICT');
    const accepted = await step('accept', w.districtDispatcher.token, { id: d.id });
    expect(accepted.events.edges.map((e: any) => e.node.type)).to.deep.equal(['CREATED', 'ESCALATED', 'ESCALATED', 'ACCEPTED']);
  });

  it('dispatchers of another street are refused every step', async () => {
    const d = await createDemand(w.resident.token, { gridId: w.gridA.id });
    for (const op of ['accept', 'reject', 'escalate'] as const) {
      expect(errorCode(await gql(OPS[op], { input: { id: d.id, note: 'x' } }, w.streetDispatcherB.token)), op).to.equal('FORBIDDEN');
    }
    expect(errorCode(await gql(OPS.accept, { input: { id: d.id } }, w.analystA.token))).to.equal('FORBIDDEN');
  });

  it('only the volunteers it was dispatched to may claim; only the responder starts and completes', async () => {
    const d = await demandAt(w, 'DISPATCHED'); // to volunteers[0]
    expect(errorCode(await gql(OPS.claim, { input: { id: d.id } }, w.volunteers[1].token))).to.equal('FORBIDDEN');
    await step('claim', w.volunteers[0].token, { id: d.id });
    expect(errorCode(await gql(OPS.start, { input: { id: d.id } }, w.volunteers[1].token))).to.equal('FORBIDDEN');
    await step('start', w.volunteers[0].token, { id: d.id });
    const bad = await refused('complete', w.volunteers[0].token, { id: d.id, photoUrls: ['file:///etc/passwd'] });
    expect(bad).to.deep.include({ field: ['input', 'photoUrls', '0'], code: 'INVALID' });
    const done = await step('complete', w.volunteers[0].token, { id: d.id, note: '已修好', photoUrls: ['https://img.example/1.jpg'] });
    expect(done.status).to.equal('COMPLETED');
  });

  it('open recruitment lets any volunteer claim; unknown volunteers and teams are refused at dispatch', async () => {
    const d = await demandAt(w, 'ACCEPTED');
    expect(await refused('dispatch', w.communityDispatcherA.token, { id: d.id })).to.deep.include({ code: 'INVALID', field: ['input'] });
    expect(await refused('dispatch', w.communityDispatcherA.token, { id: d.id, volunteerIds: [w.resident.id] })).to.deep.include({ code: 'NOT_FOUND', field: ['input', 'volunteerIds', '0'] });
    expect(await refused('dispatch', w.communityDispatcherA.token, { id: d.id, teamId: Buffer.from('Team:999999999').toString('base64url') })).to.deep.include({ code: 'NOT_FOUND', field: ['input', 'teamId'] });
    await step('dispatch', w.communityDispatcherA.token, { id: d.id, openRecruitment: true });
    const claimed = await step('claim', w.volunteers[2].token, { id: d.id });
    expect(claimed.responder.id).to.equal(w.volunteers[2].id);
  });

  it('the requester closes with a rating of 1 to 5 and nobody else closes', async () => {
    const d = await demandAt(w, 'COMPLETED');
    for (const rating of [0, 6]) expect(await refused('close', w.resident.token, { id: d.id, rating })).to.deep.include({ field: ['input', 'rating'], code: 'INVALID' });
    expect(errorCode(await gql(OPS.close, { input: { id: d.id, rating: 5 } }, w.otherResident.token))).to.equal('FORBIDDEN');
    expect(errorCode(await gql(OPS.close, { input: { id: d.id, rating: 5 } }, w.volunteers[0].token))).to.equal('FORBIDDEN');
    expect((await step('close', w.resident.token, { id: d.id, rating: 1, feedback: '没修好' })).rating).to.equal(1);
  });

  it('reopens as "not fixed" within the window, back to ACCEPTED for a new dispatch; not after it', async () => {
    const d = await demandAt(w, 'COMPLETED');
    await step('close', w.resident.token, { id: d.id, rating: 2 });
    expect(await refused('reopen', w.resident.token, { id: d.id })).to.deep.include({ field: ['input', 'note'], code: 'INVALID' });
    const reopened = await step('reopen', w.resident.token, { id: d.id, note: '水管又漏了' });
    expect(reopened).to.deep.include({ status: 'ACCEPTED', rating: null, responder: null });
    // given another demand completed longer ago than the window (time moved on)
    const old = await demandAt(w, 'COMPLETED');
    await harness().db.getRepository(Demand).update({ id: dbId(old.id) }, { completedAt: new Date(Date.now() - 15 * 86_400_000) });
    const late = await refused('reopen', w.resident.token, { id: old.id, note: 'still broken' });
    expect(late.code).to.equal('CONFLICT');
    expect(late.message).to.contain('window');
  });

  it('the requester cancels before service starts, not after', async () => {
    const early = await demandAt(w, 'ASSIGNED');
    expect((await step('cancel', w.resident.token, { id: early.id, note: '已自行解决' })).status).to.equal('CANCELLED');
    const late = await demandAt(w, 'IN_SERVICE');
    expect((await refused('cancel', w.resident.token, { id: late.id })).code).to.equal('CONFLICT');
    const other = await demandAt(w, 'SUBMITTED');
    expect(errorCode(await gql(OPS.cancel, { input: { id: other.id } }, w.otherResident.token))).to.equal('FORBIDDEN');
  });

  it('refuses unknown and foreign ids with the field at fault', async () => {
    expect(await refused('accept', w.communityDispatcherA.token, { id: 'nope' })).to.deep.include({ field: ['input', 'id'], code: 'INVALID' });
    expect(await refused('accept', w.communityDispatcherA.token, { id: w.gridA.id })).to.deep.include({ field: ['input', 'id'], code: 'INVALID' });
    expect(await refused('accept', w.communityDispatcherA.token, { id: Buffer.from('Demand:99999999').toString('base64url') })).to.deep.include({ field: ['input', 'id'], code: 'NOT_FOUND' });
  });
});
