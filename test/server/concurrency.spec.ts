import { expect } from 'chai';
import { Demand } from '../../src/modules/demand/demand.entity';
import { DemandEvent } from '../../src/modules/demand/demand-event.entity';
import { gql, gqlOk } from '../support/client';
import { DEMAND_CREATE, OPS, categoryId, createWorld, demandAt, type World } from '../support/demand-factories';
import { uniqueCode } from '../support/factories';
import { harness } from '../support/harness';
import { SIGN_UP, createVolunteers, publishProject } from '../support/project-factories';
import type { VolunteerRef } from '../support/volunteer-factories';

const PARALLEL = 200;
const dbId = (globalId: string) => Number(Buffer.from(globalId, 'base64url').toString().split(':')[1]);
const REDEEM = `mutation($s: ID!) { timebankRedeem(input: { listedServiceId: $s }) { entry { credits balanceAfter } userErrors { field message code } } }`;
const BALANCE = `{ timebankAccount { balance } }`;

/**
 * The four invariants that contention breaks first, each hit by 200 requests at the same moment, all
 * four at once (800 requests in flight): CI runs this on MariaDB, where they run truly in parallel.
 */
describe(`concurrency: ${PARALLEL} parallel requests per invariant, all at once`, function () {
  this.timeout(300_000);
  let w: World;
  let crowd: VolunteerRef[];

  before(async () => {
    w = await createWorld(0);
    crowd = await createVolunteers(PARALLEL, { communityId: w.A.children[0].id });
  });

  /** 10 credits for `who`: certified service, approved. */
  async function earnTenCredits(who: VolunteerRef): Promise<void> {
    const created = await gqlOk(`mutation($input: ServiceRecordCreateInput!) { serviceRecordCreate(input: $input) { record { id } userErrors { code } } }`, {
      input: { volunteerId: who.volunteerId, categoryId: await categoryId('CONVENIENCE'), startedAt: new Date(Date.now() - 30 * 3600_000).toISOString(), minutes: 600, description: '便民' },
    }, w.communityDispatcherA.token);
    await gqlOk(`mutation($ids: [ID!]!) { serviceRecordsApprove(input: { ids: $ids }) { userErrors { code } } }`, { ids: [created.serviceRecordCreate.record.id] }, w.communityDispatcherA.token);
  }

  it('one winner per claim, no capacity exceeded, no negative balance, no duplicate from retried idempotent creates', async () => {
    // given an open-recruitment demand, an activity with 20 places, a volunteer holding 10 credits
    // and a service costing 1, and an idempotency key
    const demand = await demandAt(w, 'ACCEPTED');
    await gqlOk(OPS.dispatch, { input: { id: demand.id, openRecruitment: true } }, w.communityDispatcherA.token);
    const activityId = (await publishProject(w.communityDispatcherA.token, w.gridA.id, { capacity: 20 })).activities.edges[0].node.id;
    const payer = crowd[0];
    await earnTenCredits(payer);
    const serviceName = uniqueCode('理发');
    await gqlOk(`mutation($input: ListedServiceCreateInput!) { listedServiceCreate(input: $input) { userErrors { code } } }`, { input: { name: serviceName, credits: 1, regionId: w.A.id } }, w.streetDispatcherA.token);
    const service = (await gqlOk(`query($r: ID!) { listedServices(regionId: $r) { id name } }`, { r: w.gridA.id }, payer.token)).listedServices.find((s: any) => s.name === serviceName);
    expect(await balance(payer)).to.equal(10);
    const key = uniqueCode('retry');
    const createInput = { gridId: w.gridA.id, categoryId: await categoryId(), title: '楼道灯坏了', idempotencyKey: key };

    // when 4 × 200 requests arrive together
    const [claims, signups, redeems, creates] = await Promise.all([
      Promise.all(crowd.map((v) => gqlOk(OPS.claim, { input: { id: demand.id } }, v.token))),
      Promise.all(crowd.map((v) => gqlOk(SIGN_UP, { a: activityId }, v.token))),
      Promise.all(crowd.map(() => gqlOk(REDEEM, { s: service.id }, payer.token))),
      Promise.all(crowd.map(() => gqlOk(DEMAND_CREATE, { input: createInput }, w.resident.token))),
    ]);

    // then exactly one volunteer holds the demand, and one CLAIMED event says so
    const claimed = claims.filter((r) => r.demandClaim.userErrors.length === 0);
    expect(claimed).to.have.length(1);
    for (const r of claims) if (r.demandClaim.userErrors.length) expect(r.demandClaim.userErrors[0].code).to.equal('CONFLICT');
    const events = await harness().db.getRepository(DemandEvent).findBy({ demandId: dbId(demand.id), type: 'CLAIMED' as DemandEvent['type'] });
    expect(events).to.have.length(1);

    // and the activity has exactly its 20 places taken, the other 180 wait in line
    const statuses = signups.map((r) => r.activitySignUp.signup?.status);
    expect(statuses.filter((s) => s === 'CONFIRMED')).to.have.length(20);
    expect(statuses.filter((s) => s === 'WAITLISTED')).to.have.length(PARALLEL - 20);
    const activity = await gqlOk(`query($id: ID!) { node(id: $id) { ... on Activity { confirmedCount freePlaces waitlistCount } } }`, { id: activityId }, w.communityDispatcherA.token);
    expect(activity.node).to.deep.equal({ confirmedCount: 20, freePlaces: 0, waitlistCount: PARALLEL - 20 });

    // and ten withdrawals went through, the rest were refused for the balance, which ends at zero
    const paid = redeems.filter((r) => r.timebankRedeem.userErrors.length === 0);
    expect(paid).to.have.length(10);
    for (const r of redeems) if (r.timebankRedeem.userErrors.length) expect(r.timebankRedeem.userErrors[0].code).to.equal('INSUFFICIENT_BALANCE');
    expect(paid.map((r) => r.timebankRedeem.entry.balanceAfter).sort((a, b) => a - b)).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(await balance(payer)).to.equal(0);

    // and 200 retries of one create made one demand, and every retry was answered with it
    for (const r of creates) expect(r.demandCreate.userErrors).to.deep.equal([]);
    expect(new Set(creates.map((r) => r.demandCreate.demand.id)).size).to.equal(1);
    expect(await harness().db.getRepository(Demand).countBy({ idempotencyKey: key })).to.equal(1);
  });

  it('writes that meet on shared rows (one volunteer offered many demands, records certified by two people at once) all succeed', async () => {
    // given 40 accepted demands, one volunteer, and 40 pending records of another volunteer who has no time-bank account yet
    const [target, earner] = [crowd[1], crowd[2]];
    const demands = await Promise.all(Array.from({ length: 40 }, () => demandAt(w, 'ACCEPTED')));
    const records: string[] = [];
    for (let i = 0; i < 40; i++) {
      const created = await gqlOk(`mutation($input: ServiceRecordCreateInput!) { serviceRecordCreate(input: $input) { record { id } userErrors { code } } }`, {
        input: { volunteerId: earner.volunteerId, categoryId: await categoryId('CONVENIENCE'), startedAt: new Date(Date.now() - (30 + i) * 3600_000).toISOString(), minutes: 60, description: `第${i}次` },
      }, w.communityDispatcherA.token);
      records.push(created.serviceRecordCreate.record.id);
    }
    // when every demand is offered to the one volunteer at once, and two certifiers approve the records at once
    const certifiers = [w.communityDispatcherA.token, w.streetDispatcherA.token];
    const [dispatched, approved] = await Promise.all([
      Promise.all(demands.map((d) => gql(OPS.dispatch, { input: { id: d.id, volunteerIds: [target.volunteerId] } }, w.communityDispatcherA.token))),
      Promise.all(records.map((id, i) => gql(`mutation($ids: [ID!]!) { serviceRecordsApprove(input: { ids: $ids }) { userErrors { code message } } }`, { ids: [id] }, certifiers[i % 2]))),
    ]);
    // then no request failed, and the ledger holds every record once
    for (const r of [...dispatched, ...approved]) expect(r.errors, JSON.stringify(r.errors)).to.equal(undefined);
    for (const r of dispatched) expect(r.data.demandDispatch.userErrors).to.deep.equal([]);
    for (const r of approved) expect(r.data.serviceRecordsApprove.userErrors).to.deep.equal([]);
    expect(await balance(earner)).to.equal(40);
  });

  async function balance(who: VolunteerRef): Promise<number> {
    return (await gqlOk(BALANCE, {}, who.token)).timebankAccount.balance;
  }
});
