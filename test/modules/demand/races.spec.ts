import { expect } from 'chai';
import { DemandEvent } from '../../../src/modules/demand/demand-event.entity';
import { gql, type GraphQLResponse } from '../../support/client';
import { OPS, createWorld, demandAt, type World } from '../../support/demand-factories';
import type { AccountRef } from '../../support/factories';
import { createVolunteer } from '../../support/volunteer-factories';
import { harness } from '../../support/harness';

const dbId = (globalId: string) => Number(Buffer.from(globalId, 'base64url').toString().split(':')[1]);
const eventsOf = (globalId: string) => harness().db.getRepository(DemandEvent).find({ where: { demandId: dbId(globalId) }, order: { id: 'ASC' } });

/** Fifty callers at once on one demand: the conditional update lets exactly one through. */
describe('demand races', function () {
  this.timeout(120_000);
  let w: World;
  let volunteers: AccountRef[];
  before(async () => {
    w = await createWorld(1);
    volunteers = [];
    for (let i = 0; i < 50; i++) volunteers.push(await createVolunteer({ communityId: w.A.children[0].id }));
  });

  const outcome = (results: GraphQLResponse[], field: string) => {
    for (const r of results) expect(r.errors, JSON.stringify(r.errors)).to.equal(undefined);
    const payloads = results.map((r) => r.data[field]);
    return {
      winners: payloads.filter((p) => p.userErrors.length === 0),
      losers: payloads.filter((p) => p.userErrors.length > 0),
    };
  };

  it('50 parallel demandDispatch calls: one succeeds, 49 get CONFLICT, one DISPATCHED event', async () => {
    // given
    const d = await demandAt(w, 'ACCEPTED');
    // when
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => gql(OPS.dispatch, { input: { id: d.id, openRecruitment: true, note: `dispatcher call ${i}` } }, w.communityDispatcherA.token)),
    );
    // then
    const { winners, losers } = outcome(results, 'demandDispatch');
    expect(winners).to.have.length(1);
    expect(losers).to.have.length(49);
    for (const l of losers) expect(l.userErrors[0]).to.deep.include({ code: 'CONFLICT' }).and.to.have.property('message').that.contains('DISPATCHED');
    const events = await eventsOf(d.id);
    expect(events.filter((e) => e.type === 'DISPATCHED')).to.have.length(1);
  });

  it('50 volunteers claiming one open demand at once: exactly one responder, one CLAIMED event', async () => {
    // given
    const d = await demandAt(w, 'ACCEPTED');
    const dispatched = await gql(OPS.dispatch, { input: { id: d.id, openRecruitment: true } }, w.communityDispatcherA.token);
    expect(dispatched.data.demandDispatch.userErrors).to.deep.equal([]);
    // when
    const results = await Promise.all(volunteers.map((v) => gql(OPS.claim, { input: { id: d.id } }, v.token)));
    // then
    const { winners, losers } = outcome(results, 'demandClaim');
    expect(winners).to.have.length(1);
    expect(losers).to.have.length(49);
    for (const l of losers) expect(l.userErrors[0]).to.deep.include({ code: 'CONFLICT' }).and.to.have.property('message').that.contains('ASSIGNED');
    const events = await eventsOf(d.id);
    const claims = events.filter((e) => e.type === 'CLAIMED');
    expect(claims).to.have.length(1);
    expect(winners[0].demand.responder.id).to.equal(volunteers.find((v) => dbId(v.id) === claims[0].actorId)!.id);
  });
});
