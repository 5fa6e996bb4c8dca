import { expect } from 'chai';
import { queryStats } from '../../../src/core/database';
import { Demand } from '../../../src/modules/demand/demand.entity';
import { errorCode, gql, gqlOk } from '../../support/client';
import { categoryId, createDemand, createWorld, demandAt, step, type World } from '../../support/demand-factories';
import { harness } from '../../support/harness';

const DEMANDS = `query($regionId: ID, $status: [DemandStatus!], $categoryId: ID, $urgency: [Urgency!], $channel: [DemandChannel!], $overdue: Boolean, $createdFrom: DateTime, $createdTo: DateTime, $first: Int, $after: String) {
  demands(regionId: $regionId, status: $status, categoryId: $categoryId, urgency: $urgency, channel: $channel, overdue: $overdue, createdFrom: $createdFrom, createdTo: $createdTo, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id title status urgency channel overdue contactName contactPhone requester { id } } } } }`;
const ids = (data: any) => data.demands.edges.map((e: any) => e.node.id);
const dbId = (globalId: string) => Number(Buffer.from(globalId, 'base64url').toString().split(':')[1]);

describe('reading demands', () => {
  let w: World;
  let mine: any;
  let elsewhere: any;
  before(async () => {
    w = await createWorld(1);
    mine = await createDemand(w.resident.token, { gridId: w.gridA.id, title: '帮忙取药', contactName: '王秀英', contactPhone: '13812345678', urgency: 'URGENT', categoryId: await categoryId('HEALTH') });
    elsewhere = await createDemand(w.partner.token, { gridId: w.gridB.id, contactName: '李四', contactPhone: '13900001111' });
  });

  it('staff see their scope\'s subtree, newest first; a region outside it is FORBIDDEN', async () => {
    const a = await gqlOk(DEMANDS, {}, w.streetDispatcherA.token);
    expect(ids(a)).to.include(mine.id);
    expect(ids(a)).not.to.include(elsewhere.id);
    const district = await gqlOk(DEMANDS, { regionId: w.tree.id }, w.districtDispatcher.token);
    expect(ids(district)).to.include.members([mine.id, elsewhere.id]);
    expect(ids(district).indexOf(elsewhere.id)).to.be.lessThan(ids(district).indexOf(mine.id));
    expect(errorCode(await gql(DEMANDS, { regionId: w.B.id }, w.streetDispatcherA.token))).to.equal('FORBIDDEN');
    // analysts read figures, not demands
    expect(errorCode(await gql(DEMANDS, {}, w.analystA.token))).to.equal('FORBIDDEN');
  });

  it('a resident sees only their own demands; a partner only what it filed', async () => {
    const own = await gqlOk(DEMANDS, {}, w.resident.token);
    expect(ids(own)).to.deep.equal([mine.id]);
    expect(ids(await gqlOk(DEMANDS, {}, w.otherResident.token))).to.deep.equal([]);
    expect(ids(await gqlOk(DEMANDS, {}, w.partner.token))).to.deep.equal([elsewhere.id]);
    expect(errorCode(await gql(`query($id: ID!) { node(id: $id) { id } }`, { id: mine.id }, w.otherResident.token))).to.equal('FORBIDDEN');
  });

  it('masks the requester\'s name and phone except for the requester, the handling dispatchers and the responder', async () => {
    const contact = async (token: string) => {
      const data = await gqlOk(`query($id: ID!) { node(id: $id) { ... on Demand { contactName contactPhone requester { id } } } }`, { id: mine.id }, token);
      return data.node;
    };
    expect(await contact(w.resident.token)).to.deep.equal({ contactName: '王秀英', contactPhone: '13812345678', requester: { id: w.resident.id } });
    expect((await contact(w.communityDispatcherA.token)).contactName).to.equal('王秀英');
    expect((await contact(w.streetDispatcherA.token)).contactPhone).to.equal('13812345678');
    expect(errorCode(await gql(`query($id: ID!) { node(id: $id) { id } }`, { id: mine.id }, w.analystA.token))).to.equal('FORBIDDEN');
    expect((await contact(w.gridWorkerA.token)).contactName).to.equal('王**');
    // once escalated to the street, the community no longer handles it
    await step('escalate', w.communityDispatcherA.token, { id: mine.id, note: '需街道协调' });
    expect((await contact(w.communityDispatcherA.token)).contactName).to.equal('王**');
    // the responder sees it
    const served = await demandAt(w, 'ASSIGNED', { contactName: '赵六', contactPhone: '13700002222' });
    const asResponder = await gqlOk(`query($id: ID!) { node(id: $id) { ... on Demand { contactName } } }`, { id: served.id }, w.volunteers[0].token);
    expect(asResponder.node.contactName).to.equal('赵六');
  });

  it('filters by status, category, urgency, channel, creation time and overdue, and pages stably', async () => {
    const t = w.streetDispatcherA.token;
    expect(ids(await gqlOk(DEMANDS, { status: ['SUBMITTED'], urgency: ['URGENT'], categoryId: await categoryId('HEALTH') }, t))).to.include(mine.id);
    expect(ids(await gqlOk(DEMANDS, { status: ['CLOSED'] }, t))).not.to.include(mine.id);
    expect(ids(await gqlOk(DEMANDS, { channel: ['HOTLINE'] }, t))).not.to.include(mine.id);
    expect(ids(await gqlOk(DEMANDS, { createdFrom: new Date(Date.now() + 60_000).toISOString() }, t))).to.deep.equal([]);
    expect(ids(await gqlOk(DEMANDS, { createdTo: new Date(Date.now() + 60_000).toISOString() }, t))).to.include(mine.id);
    // given a demand whose deadline has passed
    const late = await createDemand(w.resident.token, { gridId: w.gridA.id, title: 'late' });
    await harness().db.getRepository(Demand).update({ id: dbId(late.id) }, { dueAt: new Date(Date.now() - 60_000) });
    const overdue = await gqlOk(DEMANDS, { overdue: true }, t);
    expect(ids(overdue)).to.include(late.id);
    expect(ids(overdue)).not.to.include(mine.id);
    expect(overdue.demands.edges.find((e: any) => e.node.id === late.id).node.overdue).to.equal(true);
    expect(ids(await gqlOk(DEMANDS, { overdue: false }, t))).not.to.include(late.id);
    // paging
    const all = ids(await gqlOk(DEMANDS, { first: 100 }, t));
    const page1 = await gqlOk(DEMANDS, { first: 2 }, t);
    const page2 = await gqlOk(DEMANDS, { first: 2, after: page1.demands.pageInfo.endCursor }, t);
    expect([...ids(page1), ...ids(page2)]).to.deep.equal(all.slice(0, 4));
    expect(page1.demands.totalCount).to.equal(all.length);
  });

  it('shows a volunteer the demands offered to them and those they serve', async () => {
    const offered = await demandAt(w, 'DISPATCHED');
    const notOffered = await demandAt(w, 'ACCEPTED');
    const seen = ids(await gqlOk(DEMANDS, {}, w.volunteers[0].token));
    expect(seen).to.include(offered.id);
    expect(seen).not.to.include(notOffered.id);
  });
});

describe('reading demands: statements per request', () => {
  it('a page of demands with category, grid, responder and events costs the same for 3 demands as for 12', async () => {
    const w = await createWorld(1);
    const q = `query($regionId: ID) { demands(regionId: $regionId, first: 100) { totalCount edges { node { id category { code } grid { code ancestors { code } }
      responder { username } dispatchedTo { username } contactName events(first: 10) { totalCount edges { cursor node { type actor { username } } } } } } } }`;
    const measure = async () => {
      const before = queryStats.count;
      const data = await gqlOk(q, { regionId: w.A.id }, w.streetDispatcherA.token);
      return { statements: queryStats.count - before, n: data.demands.edges.length };
    };
    for (let i = 0; i < 3; i++) await demandAt(w, 'ASSIGNED');
    const few = await measure();
    for (let i = 0; i < 9; i++) await demandAt(w, 'ASSIGNED');
    const many = await measure();
    expect([few.n, many.n]).to.deep.equal([3, 12]);
    expect(few.statements).to.be.at.least(5); // the counter sees this request's statements
    expect(many.statements).to.equal(few.statements);
  });

  it('node(id) resolves a demand event for those who may read its demand', async () => {
    const w = await createWorld(1);
    const d = await createDemand(w.resident.token, { gridId: w.gridA.id });
    const eventId = (await gqlOk(`query($id: ID!) { node(id: $id) { ... on Demand { events { edges { node { id } } } } } }`, { id: d.id }, w.resident.token)).node.events.edges[0].node.id;
    const seen = await gqlOk(`query($id: ID!) { node(id: $id) { ... on DemandEvent { type demand { id } } } }`, { id: eventId }, w.streetDispatcherA.token);
    expect(seen.node).to.deep.equal({ type: 'CREATED', demand: { id: d.id } });
    expect(errorCode(await gql(`query($id: ID!) { node(id: $id) { id } }`, { id: eventId }, w.otherResident.token))).to.equal('FORBIDDEN');
  });
});
