import { expect } from 'chai';
import { SignJWT } from 'jose';
import { asAdmin, gqlOk } from '../../support/client';
import { createDemand, createWorld, step, type World } from '../../support/demand-factories';
import { Console, settle } from '../../support/feed-client';
import { createAccount } from '../../support/factories';
import { TEST_JWT_SECRET } from '../../support/harness';

const dbId = (globalId: string) => Number(Buffer.from(globalId, 'base64url').toString().split(':')[1]);

describe('demandEvents subscription', function () {
  this.timeout(60_000);
  let w: World;
  const consoles: Console[] = [];
  const open = async (token: string, regionId: string, after?: string, registered = true) => {
    const c = new Console(token);
    consoles.push(c);
    return c.watch(regionId, after, { registered });
  };

  before(async () => {
    w = await createWorld(1);
  });
  afterEach(async () => {
    await Promise.all(consoles.splice(0).map((c) => c.close()));
  });

  it('delivers each step of a demand in its street live, and nothing from another street', async () => {
    // given consoles on street A and street B
    const consoleA = await open(w.streetDispatcherA.token, w.A.id);
    const consoleB = await open(w.streetDispatcherB.token, w.B.id);
    // when a demand in A is placed and accepted, and one in B is placed
    const inA = await createDemand(w.resident.token, { gridId: w.gridA.id });
    await step('accept', w.communityDispatcherA.token, { id: inA.id });
    const inB = await createDemand(w.partner.token, { gridId: w.gridB.id });
    // then
    await consoleA.until(() => consoleA.events.length >= 2, 'two events on A');
    await consoleB.until(() => consoleB.events.length >= 1, 'one event on B');
    await settle();
    expect(consoleA.events.map((e) => [e.demand.id, e.type])).to.deep.equal([[inA.id, 'CREATED'], [inA.id, 'ACCEPTED']]);
    expect(consoleB.events.map((e) => [e.demand.id, e.type])).to.deep.equal([[inB.id, 'CREATED']]);
    expect(consoleA.events[1].demand.status).to.equal('ACCEPTED');
  });

  it('a console that reconnects with its last cursor receives exactly the 20 events it missed, in order, then new ones', async () => {
    // given a console that saw one event
    const first = await open(w.streetDispatcherA.token, w.A.id);
    const seed = await createDemand(w.resident.token, { gridId: w.gridA.id });
    await first.until(() => first.events.length === 1, 'the first event');
    const lastCursor = first.events[0].cursor;
    await first.close();
    // when 20 events happen while it is away (10 demands placed and accepted)
    const missed: string[] = [];
    for (let i = 0; i < 10; i++) {
      const d = await createDemand(w.resident.token, { gridId: w.gridA.id, title: `missed ${i}` });
      const accepted = await step('accept', w.communityDispatcherA.token, { id: d.id });
      missed.push(...accepted.events.edges.map((e: any) => e.cursor));
    }
    // and it reconnects with its last cursor
    const back = await open(w.streetDispatcherA.token, w.A.id, lastCursor);
    await back.until(() => back.events.length >= 20, '20 replayed events');
    // then it has exactly those 20, in order
    expect(back.events.map((e) => e.cursor)).to.deep.equal(missed);
    // and then it goes live
    const live = await createDemand(w.resident.token, { gridId: w.gridA.id, title: 'after reconnect' });
    await back.until(() => back.events.length >= 21, 'the live event');
    await settle();
    expect(back.events).to.have.length(21);
    expect(back.events[20].demand.id).to.equal(live.id);
    expect(back.events.map((e) => e.demand.id)).not.to.include(seed.id);
  });

  it('no gap and no duplicate when events keep coming during the replay', async () => {
    const marker = await createDemand(w.resident.token, { gridId: w.gridA.id, title: 'marker' });
    const after = marker.events.edges[0].cursor;
    for (let i = 0; i < 5; i++) await createDemand(w.resident.token, { gridId: w.gridA.id, title: `before ${i}` });
    // when the console resumes while 10 more are being placed
    const placing = (async () => {
      for (let i = 0; i < 10; i++) await createDemand(w.resident.token, { gridId: w.gridA.id, title: `during ${i}` });
    })();
    const c = await open(w.streetDispatcherA.token, w.A.id, after);
    await placing;
    await c.until(() => c.events.length >= 15, '15 events');
    await settle();
    const positions = c.events.map((e) => dbId(e.id));
    expect(positions).to.have.length(15);
    expect(new Set(positions).size).to.equal(15);
    expect([...positions].sort((a, b) => a - b)).to.deep.equal(positions);
  });

  it('refuses a region outside the caller\'s scope at subscribe with FORBIDDEN', async () => {
    const c = await open(w.streetDispatcherA.token, w.B.id, undefined, false);
    await c.until(() => c.errors.length > 0, 'an error');
    expect(JSON.stringify(c.errors)).to.contain('FORBIDDEN');
    const resident = await open(w.resident.token, w.gridA.id, undefined, false);
    await resident.until(() => resident.errors.length > 0, 'an error');
    expect(JSON.stringify(resident.errors)).to.contain('FORBIDDEN');
  });

  it('ends the subscription with 4403 when the token expires', async () => {
    // given a token that expires in two seconds
    const token = await new SignJWT({ role: 'DISPATCHER' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(String(dbId(w.streetDispatcherA.id)))
      .setIssuer('volunteer-grid')
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + 2)
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    const c = await open(token, w.A.id);
    // then
    await c.until(() => c.closeCode !== null, 'the close', 15_000);
    expect(c.closeCode).to.equal(4403);
  });

  it('ends the subscription with 4403 when the account is disabled', async () => {
    const dispatcher = await createAccount('DISPATCHER', w.A.id);
    const c = await open(dispatcher.token, w.A.id);
    await createDemand(w.resident.token, { gridId: w.gridA.id });
    await c.until(() => c.events.length === 1, 'an event');
    // when
    await gqlOk(`mutation($input: AccountDisableInput!) { accountDisable(input: $input) { userErrors { code } } }`, { input: { id: dispatcher.id } }, await asAdmin());
    // then
    await c.until(() => c.closeCode !== null, 'the close');
    expect(c.closeCode).to.equal(4403);
  });
});
