import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { DemandEvent } from '../../../src/modules/demand/demand-event.entity';
import { DemandOffer } from '../../../src/modules/offer/offer.entity';
import { errorCode, gql, gqlOk } from '../../support/client';
import { categoryId, createDemand, createWorld, step, type World } from '../../support/demand-factories';
import { Console } from '../../support/feed-client';
import { harness, testEnv } from '../../support/harness';
import { LiveClient } from '../../support/live-client';
import { createTeam } from '../../support/team-factories';
import { createVolunteer, type VolunteerRef } from '../../support/volunteer-factories';

const run = promisify(execFile);
const root = path.join(__dirname, '..', '..', '..');
const dbId = (globalId: string) => Number(Buffer.from(globalId, 'base64url').toString().split(':')[1]);
const eventsOf = (demandId: string) => harness().db.getRepository(DemandEvent).find({ where: { demandId: dbId(demandId) }, order: { id: 'ASC' } });

const OFFERS = `subscription($after: String) { demandOffers(after: $after) { cursor type offer { id status round demand { id status } volunteer { id } team { id } } } }`;
const MY_OFFERS = `query($status: [OfferStatus!]) { myOffers(status: $status) { totalCount edges { node { id status demand { id } } } } }`;
const ACCEPT = `mutation($id: ID!) { offerAccept(input: { id: $id }) { offer { id status } demand { id status responder { id } } userErrors { field message code } } }`;
const DECLINE = `mutation($id: ID!, $reason: String) { offerDecline(input: { id: $id, reason: $reason }) { offer { id status declineReason } userErrors { field message code } } }`;
const OFFER_CREATE = `mutation($input: OfferCreateInput!) { offerCreate(input: $input) { offers { id volunteer { id } round } userErrors { field message code } } }`;
const DISPATCH = `mutation($input: DemandDispatchInput!) { demandDispatch(input: $input) { demand { id status autoDispatch offers { id status volunteer { id } } } userErrors { field message code } } }`;

interface Update {
  cursor: string;
  type: string;
  offer: { id: string; status: string; round: number; demand: { id: string; status: string }; volunteer: { id: string } | null; team: { id: string } | null };
}

/** A second process on the same database: `npm run sweep`, one pass. */
function sweepInAnotherProcess() {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...testEnv(harness().tmpDir) };
  if (harness().config.database.kind === 'sqlite') env.DATABASE_URL = `sqlite:${(harness().config.database as { file: string }).file}`;
  return run(process.execPath, ['-r', './src/register.js', 'src/cli/sweep.ts'], { cwd: root, env, timeout: 60_000 });
}

async function offerOf(volunteer: VolunteerRef, demandId: string): Promise<string> {
  const data = await gqlOk(MY_OFFERS, {}, volunteer.token);
  const edge = data.myOffers.edges.find((e: any) => e.node.demand.id === demandId);
  expect(edge, 'a pending offer').to.not.equal(undefined);
  return edge.node.id;
}

describe('pushed offers (送单)', function () {
  this.timeout(120_000);
  let w: World;
  const clients: LiveClient<Update>[] = [];
  const listen = async (v: VolunteerRef, after?: string) => {
    const c = new LiveClient<Update>(v.token);
    clients.push(c);
    return c.subscribe(OFFERS, { after: after ?? null });
  };
  const volunteer = () => createVolunteer({ communityId: w.A.children[0].id, gridId: w.gridA.id, onDuty: true, skills: ['MEAL_DELIVERY'] });
  const accepted = async () => step('accept', w.communityDispatcherA.token, { id: (await createDemand(w.resident.token, { gridId: w.gridA.id, categoryId: await categoryId('ELDER_CARE') })).id });

  before(async () => {
    w = await createWorld(0);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });

  it('dispatching to volunteers pushes each an offer live; the first accept wins and the others are told it was withdrawn', async () => {
    // given three volunteers watching their offers
    const [a, b, c] = [await volunteer(), await volunteer(), await volunteer()];
    const [la, lb, lc] = [await listen(a), await listen(b), await listen(c)];
    // when a dispatcher dispatches a demand to all three
    const d = await accepted();
    const dispatched = await gqlOk(DISPATCH, { input: { id: d.id, volunteerIds: [a.volunteerId, b.volunteerId, c.id] } }, w.communityDispatcherA.token);
    expect(dispatched.demandDispatch.userErrors).to.deep.equal([]);
    expect(dispatched.demandDispatch.demand.offers.map((o: any) => o.volunteer.id)).to.deep.equal([a.volunteerId, b.volunteerId, c.volunteerId]);
    // then each receives the offer
    for (const [l, v] of [[la, a], [lb, b], [lc, c]] as const) {
      await l.until(() => l.results.length === 1, 'the offer');
      expect(l.results[0]).to.deep.include({ type: 'DISPATCHED' });
      expect(l.results[0].offer).to.deep.include({ status: 'PENDING', round: 1, demand: { id: d.id, status: 'DISPATCHED' }, volunteer: { id: v.volunteerId } });
    }
    // and the offered volunteers may read the demand, others may not
    expect((await gqlOk(`query($id: ID!) { node(id: $id) { ... on Demand { title } } }`, { id: d.id }, a.token)).node.title).to.equal('帮老人买菜');
    expect(errorCode(await gql(`query($id: ID!) { node(id: $id) { id } }`, { id: d.id }, (await volunteer()).token))).to.equal('FORBIDDEN');
    // when b accepts
    const won = await gqlOk(ACCEPT, { id: lb.results[0].offer.id }, b.token);
    expect(won.offerAccept.userErrors).to.deep.equal([]);
    expect(won.offerAccept.offer.status).to.equal('ACCEPTED');
    expect(won.offerAccept.demand).to.deep.equal({ id: d.id, status: 'ASSIGNED', responder: { id: b.id } });
    // then a and c are told live that theirs was withdrawn, and b that it was accepted
    for (const [l, status] of [[la, 'WITHDRAWN'], [lb, 'ACCEPTED'], [lc, 'WITHDRAWN']] as const) {
      await l.until(() => l.results.length === 2, 'the second update');
      expect(l.results[1]).to.deep.include({ type: 'CLAIMED' });
      expect(l.results[1].offer.status).to.equal(status);
    }
    // and a late accept is CONFLICT, naming what happened
    const late = await gqlOk(ACCEPT, { id: la.results[0].offer.id }, a.token);
    expect(late.offerAccept.userErrors[0]).to.deep.include({ field: ['input', 'id'], code: 'CONFLICT', message: 'the offer is WITHDRAWN' });
    expect(errorCode(await gql(ACCEPT, { id: lc.results[0].offer.id }, a.token))).to.equal('FORBIDDEN');
  });

  it('two volunteers accepting the same demand at once: exactly one wins; so do twenty', async () => {
    for (const n of [2, 20]) {
      const vs: VolunteerRef[] = [];
      for (let i = 0; i < n; i++) vs.push(await volunteer());
      const d = await accepted();
      await step('dispatch', w.communityDispatcherA.token, { id: d.id, volunteerIds: vs.map((v) => v.volunteerId) });
      const offers = await Promise.all(vs.map((v) => offerOf(v, d.id)));
      const results = await Promise.all(vs.map((v, i) => gqlOk(ACCEPT, { id: offers[i] }, v.token)));
      const winners = results.filter((r) => r.offerAccept.userErrors.length === 0);
      expect(winners, `${n} at once`).to.have.length(1);
      for (const r of results.filter((x) => x.offerAccept.userErrors.length)) expect(r.offerAccept.userErrors[0].code).to.equal('CONFLICT');
      const rows = await harness().db.getRepository(DemandOffer).findBy({ demandId: dbId(d.id) });
      expect(rows.filter((o) => o.status === 'ACCEPTED')).to.have.length(1);
      expect(rows.filter((o) => o.status === 'WITHDRAWN')).to.have.length(n - 1);
      expect((await eventsOf(d.id)).filter((e) => e.type === 'CLAIMED')).to.have.length(1);
    }
  });

  it('declining stops further offers of that demand to that person, and the consoles see the reason', async () => {
    const [a, b] = [await volunteer(), await volunteer()];
    const console = await new Console(w.streetDispatcherA.token).watch(w.A.id);
    try {
      const d = await accepted();
      await step('dispatch', w.communityDispatcherA.token, { id: d.id, volunteerIds: [a.volunteerId] });
      const declined = await gqlOk(DECLINE, { id: await offerOf(a, d.id), reason: '今天在外地' }, a.token);
      expect(declined.offerDecline.offer).to.deep.include({ status: 'DECLINED', declineReason: '今天在外地' });
      await console.until(() => console.events.some((e) => e.type === 'OFFER_DECLINED'), 'the OFFER_DECLINED event');
      expect(console.events.find((e) => e.type === 'OFFER_DECLINED')).to.deep.include({ toStatus: 'DISPATCHED' });
      // naming them again is refused, a team dispatch passes them over, candidates leave them out
      const again = await gqlOk(OFFER_CREATE, { input: { demandId: d.id, volunteerIds: [a.volunteerId] } }, w.communityDispatcherA.token);
      expect(again.offerCreate.userErrors[0]).to.deep.include({ field: ['input', 'volunteerIds', '0'], code: 'INVALID', message: 'the volunteer declined this demand' });
      const team = await createTeam(w.A.children[0].id, { members: [a, b] });
      const viaTeam = await gqlOk(OFFER_CREATE, { input: { demandId: d.id, teamId: team.id } }, w.communityDispatcherA.token);
      expect(viaTeam.offerCreate.userErrors).to.deep.equal([]);
      expect(viaTeam.offerCreate.offers.map((o: any) => o.volunteer.id)).to.deep.equal([b.volunteerId]);
      expect(viaTeam.offerCreate.offers[0].round).to.equal(2);
      const candidates = await gqlOk(`query($id: ID!) { demandCandidates(demandId: $id, first: 100, kinds: [VOLUNTEER]) { volunteer { id } } }`, { id: d.id }, w.communityDispatcherA.token);
      expect(candidates.demandCandidates.map((c: any) => c.volunteer.id)).not.to.include(a.volunteerId);
      // a decision on an offer no longer pending is CONFLICT
      expect((await gqlOk(DECLINE, { id: await offerOf(b, d.id) }, b.token)).offerDecline.userErrors).to.deep.equal([]);
      const twice = await gqlOk(DECLINE, { id: (await gqlOk(`{ myOffers(status: [DECLINED]) { edges { node { id } } } }`, {}, b.token)).myOffers.edges[0].node.id }, b.token);
      expect(twice.offerDecline.userErrors[0]).to.deep.include({ code: 'CONFLICT' });
    } finally {
      await console.close();
    }
  });

  it('dispatching to a team offers it to each active, registered member; pending members and suspended ones are left out', async () => {
    const [m1, m2, pending, suspended] = [await volunteer(), await volunteer(), await volunteer(), await volunteer()];
    const team = await createTeam(w.A.children[0].id, { members: [m1, m2, suspended] });
    await gqlOk(`mutation($t: ID!) { teamJoinRequest(input: { teamId: $t }) { userErrors { code } } }`, { t: team.id }, pending.token);
    await gqlOk(`mutation($input: VolunteerStatusSetInput!) { volunteerStatusSet(input: $input) { userErrors { code } } }`, { input: { id: suspended.volunteerId, status: 'SUSPENDED', reason: '暂停' } }, w.communityDispatcherA.token);
    const listener = await listen(m2);
    const d = await accepted();
    const dispatched = await gqlOk(DISPATCH, { input: { id: d.id, teamId: team.id } }, w.communityDispatcherA.token);
    expect(dispatched.demandDispatch.demand.offers.map((o: any) => o.volunteer.id)).to.deep.equal([m1.volunteerId, m2.volunteerId]);
    await listener.until(() => listener.results.length === 1, 'the team offer');
    expect(listener.results[0].offer.team).to.deep.equal({ id: team.id });
    // a team with nobody to offer it to is refused
    const empty = await createTeam(w.A.children[0].id, {});
    const other = await accepted();
    const refused = await gqlOk(DISPATCH, { input: { id: other.id, teamId: empty.id } }, w.communityDispatcherA.token);
    expect(refused.demandDispatch.userErrors[0]).to.deep.include({ field: ['input', 'teamId'], code: 'INVALID' });
  });

  it('offers expire; with auto-dispatch the next candidates get it, exactly once with two processes sweeping', async () => {
    // given a district of its own with six candidates, and a demand auto-dispatched (AUTO_DISPATCH_BATCH = 3 by default)
    w = await createWorld(0);
    const vs: VolunteerRef[] = [];
    for (let i = 0; i < 6; i++) vs.push(await volunteer());
    const listeners = await Promise.all(vs.map((v) => listen(v)));
    const d = await accepted();
    const dispatched = await gqlOk(DISPATCH, { input: { id: d.id, autoDispatch: true } }, w.communityDispatcherA.token);
    expect(dispatched.demandDispatch.userErrors).to.deep.equal([]);
    expect(dispatched.demandDispatch.demand.autoDispatch).to.equal(true);
    const first = dispatched.demandDispatch.demand.offers.map((o: any) => o.volunteer.id);
    expect(first).to.have.length(3);
    // when the first round's offers pass their expiry, and two processes sweep at once
    await harness().db.getRepository(DemandOffer).update({ demandId: dbId(d.id) }, { expiresAt: new Date(Date.now() - 1000) });
    await Promise.all([harness().app.services.sweeper.sweep(), sweepInAnotherProcess()]);
    await Promise.all([harness().app.services.sweeper.sweep(), sweepInAnotherProcess()]);
    // then one OFFERS_EXPIRED and one auto-dispatched round, to the three others
    const events = await eventsOf(d.id);
    expect(events.filter((e) => e.type === 'OFFERS_EXPIRED')).to.have.length(1);
    const rounds = events.filter((e) => e.type === 'OFFERED');
    expect(rounds).to.have.length(1);
    expect(rounds[0]).to.include({ reason: 'AUTO_DISPATCH', actorId: null, fromStatus: 'DISPATCHED', toStatus: 'DISPATCHED' });
    const offers = await harness().db.getRepository(DemandOffer).find({ where: { demandId: dbId(d.id) }, order: { id: 'ASC' } });
    expect(offers.map((o) => [o.round, o.status])).to.deep.equal([[1, 'EXPIRED'], [1, 'EXPIRED'], [1, 'EXPIRED'], [2, 'PENDING'], [2, 'PENDING'], [2, 'PENDING']]);
    // and everyone heard: the first three that theirs expired, the next three of their new offer
    for (const [i, v] of vs.entries()) {
      const l = listeners[i];
      if (first.includes(v.volunteerId)) {
        await l.until(() => l.results.some((u) => u.type === 'OFFERS_EXPIRED'), 'the expiry');
        expect(l.results.map((u) => u.type)).to.deep.equal(['DISPATCHED', 'OFFERS_EXPIRED']);
        expect(l.results[1].offer.status).to.equal('EXPIRED');
      } else {
        await l.until(() => l.results.length === 1, 'the next round');
        expect(l.results[0]).to.deep.include({ type: 'OFFERED' });
        expect(l.results[0].offer).to.deep.include({ status: 'PENDING', round: 2 });
      }
    }
  });

  it('with auto-dispatch, the last decline of a round offers the demand to the next candidates at once', async () => {
    // given a district of its own with four candidates and an auto-dispatched demand (three offered)
    w = await createWorld(0);
    const vs: VolunteerRef[] = [];
    for (let i = 0; i < 4; i++) vs.push(await volunteer());
    const fourth = await listen(vs[3]);
    const d = await accepted();
    const first = (await gqlOk(DISPATCH, { input: { id: d.id, autoDispatch: true } }, w.communityDispatcherA.token)).demandDispatch.demand.offers;
    expect(first.map((o: any) => o.volunteer.id)).to.deep.equal(vs.slice(0, 3).map((v) => v.volunteerId));
    // when the three decline, one after another
    for (const [i, v] of vs.slice(0, 3).entries()) {
      const declined = await gqlOk(DECLINE, { id: first[i].id, reason: '没空' }, v.token);
      expect(declined.offerDecline.userErrors).to.deep.equal([]);
    }
    // then the fourth is offered it right away, without waiting for a sweep
    await fourth.until(() => fourth.results.length === 1, 'the next round');
    expect(fourth.results[0]).to.deep.include({ type: 'OFFERED' });
    expect(fourth.results[0].offer).to.deep.include({ status: 'PENDING', round: 2, demand: { id: d.id, status: 'DISPATCHED' } });
    const rounds = (await eventsOf(d.id)).filter((e) => e.type === 'OFFERED');
    expect(rounds.map((e) => e.reason)).to.deep.equal(['AUTO_DISPATCH']);
    // and with nobody left, a decline leaves it waiting for open claims or a dispatcher
    await gqlOk(DECLINE, { id: fourth.results[0].offer.id }, vs[3].token);
    expect((await eventsOf(d.id)).filter((e) => e.type === 'OFFERED')).to.have.length(1);
  });

  it('a volunteer who was away catches up: with the last cursor the feed replays exactly what was missed, and myOffers lists what is open', async () => {
    const v = await volunteer();
    const first = await listen(v);
    const d1 = await accepted();
    await step('dispatch', w.communityDispatcherA.token, { id: d1.id, volunteerIds: [v.volunteerId] });
    // (the sweeper may also offer the on-duty volunteer a demand left open by an earlier test: only this test's demands count)
    const ours = (u: Update) => [d1.id, d2?.id, d3?.id].includes(u.offer.demand.id);
    let d2: any = null;
    let d3: any = null;
    await first.until(() => first.results.some(ours), 'the first offer');
    const cursor = first.results.find(ours)!.cursor;
    await first.close();
    // while away: two more offers, and the first is cancelled by the requester
    d2 = await accepted();
    d3 = await accepted();
    await step('dispatch', w.communityDispatcherA.token, { id: d2.id, volunteerIds: [v.volunteerId] });
    await step('dispatch', w.communityDispatcherA.token, { id: d3.id, volunteerIds: [v.volunteerId] });
    await step('cancel', w.resident.token, { id: d1.id, note: '不需要了' });
    // when it reconnects with its last cursor
    const back = await listen(v, cursor);
    await back.until(() => back.results.filter(ours).length === 3, 'three missed updates');
    // then exactly those three, in order, and nothing else of them
    expect(back.results.filter(ours).map((u) => [u.type, u.offer.demand.id, u.offer.status])).to.deep.equal([
      ['DISPATCHED', d2.id, 'PENDING'],
      ['DISPATCHED', d3.id, 'PENDING'],
      ['CANCELLED', d1.id, 'WITHDRAWN'],
    ]);
    const mine = (edges: any[]) => edges.map((e: any) => e.node.demand.id).filter((id: string) => [d1.id, d2.id, d3.id].includes(id));
    const open = await gqlOk(MY_OFFERS, {}, v.token);
    expect(mine(open.myOffers.edges)).to.deep.equal([d3.id, d2.id]);
    const all = await gqlOk(MY_OFFERS, { status: ['PENDING', 'WITHDRAWN', 'EXPIRED', 'ACCEPTED', 'DECLINED'] }, v.token);
    expect(mine(all.myOffers.edges)).to.have.length(3);
  });

  it('only volunteers subscribe to offers; only handlers offer more; a dispatched demand only', async () => {
    const refused = new LiveClient(w.streetDispatcherA.token);
    clients.push(refused as LiveClient<Update>);
    await refused.subscribe(OFFERS, {}, { registered: false });
    await refused.until(() => refused.errors.length > 0, 'the refusal');
    expect(JSON.stringify(refused.errors)).to.contain('FORBIDDEN');
    const d = await accepted();
    const v = await volunteer();
    const early = await gqlOk(OFFER_CREATE, { input: { demandId: d.id, volunteerIds: [v.volunteerId] } }, w.communityDispatcherA.token);
    expect(early.offerCreate.userErrors[0]).to.deep.include({ field: ['input', 'demandId'], code: 'CONFLICT' });
    await step('dispatch', w.communityDispatcherA.token, { id: d.id, openRecruitment: true });
    expect(errorCode(await gql(OFFER_CREATE, { input: { demandId: d.id, volunteerIds: [v.volunteerId] } }, w.streetDispatcherB.token))).to.equal('FORBIDDEN');
    const more = await gqlOk(OFFER_CREATE, { input: { demandId: d.id, candidates: 2 } }, w.communityDispatcherA.token);
    expect(more.offerCreate.userErrors).to.deep.equal([]);
    expect(more.offerCreate.offers).to.have.length(2);
  });
});
