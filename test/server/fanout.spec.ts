import { expect } from 'chai';
import { asAdmin, gqlOk } from '../support/client';
import { createDemand, createWorld, type World } from '../support/demand-factories';
import { Console, DEMAND_EVENTS, settle } from '../support/feed-client';
import { createAccount } from '../support/factories';
import { harness } from '../support/harness';
import { LiveClient } from '../support/live-client';

const WITH_CONTACT = /* GraphQL */ `
  subscription($regionId: ID!) {
    demandEvents(regionId: $regionId) { id type demand { id contactName } }
  }
`;

/** The server's fan-out engine, read in-process: executions and groups are what it saves. */
const fanout = () => harness().app.fanout;

describe('subscription fan-out', function () {
  this.timeout(60_000);
  let w: World;
  const clients: LiveClient[] = [];
  const watch = async (token: string, regionId: string, after: string | null = null) => {
    const c = new Console(token);
    clients.push(c);
    return c.watch(regionId, after ?? undefined);
  };

  before(async () => {
    w = await createWorld(0);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });

  it('identical consoles of different dispatchers share one source and one execution per event', async () => {
    // given five dispatchers of street A and two of street B, each on their own console
    const streetA = await Promise.all([1, 2, 3, 4, 5].map(() => createAccount('DISPATCHER', w.A.id)));
    const streetB = await Promise.all([1, 2].map(() => createAccount('DISPATCHER', w.B.id)));
    // (one at a time: a console knows it is registered when the server's count grows, which another's registration would fake)
    const onA: Console[] = [];
    for (const d of streetA) onA.push(await watch(d.token, w.A.id));
    const onB: Console[] = [];
    for (const d of streetB) onB.push(await watch(d.token, w.B.id));
    const groupsOf = (regionId: string) => fanout().sharedGroups().filter((g) => g.key.includes(JSON.stringify(regionId)));
    expect(groupsOf(w.A.id).map((g) => g.members)).to.deep.equal([5]);
    expect(groupsOf(w.B.id).map((g) => g.members)).to.deep.equal([2]);
    const before = fanout().executions;
    // when a demand is placed in A
    const placed = await createDemand(w.resident.token, { gridId: w.gridA.id });
    // then every console of A gets it, from one execution; B's consoles get nothing
    for (const c of onA) await c.until(() => c.events.length === 1, 'the event on A');
    await settle();
    expect(onA.map((c) => c.events.map((e) => [e.demand.id, e.type]))).to.deep.equal(onA.map(() => [[placed.id, 'CREATED']]));
    expect(onB.map((c) => c.events.length)).to.deep.equal([0, 0]);
    expect(fanout().executions - before).to.equal(1);
  });

  it('a console resuming from a cursor replays alone, then hears live events like the others', async () => {
    // given a live console and a demand it saw
    const live = await watch(w.streetDispatcherA.token, w.A.id);
    const first = await createDemand(w.resident.token, { gridId: w.gridA.id });
    await live.until(() => live.events.length === 1, 'the first event');
    const cursorBefore = live.events[0].cursor;
    const second = await createDemand(w.resident.token, { gridId: w.gridA.id });
    await live.until(() => live.events.length === 2, 'the second event');
    const shared = () => fanout().sharedGroups().filter((g) => g.key.includes(JSON.stringify(w.A.id)));
    // when a second console of the same dispatcher resumes after the first event
    const resumed = await watch(w.streetDispatcherA.token, w.A.id, cursorBefore);
    // then it does not join the live console's group, and gets exactly what it missed, then live events
    expect(shared().map((g) => g.members)).to.deep.equal([1]);
    await resumed.until(() => resumed.events.length === 1, 'the replay');
    const third = await createDemand(w.resident.token, { gridId: w.gridA.id });
    await resumed.until(() => resumed.events.length === 2, 'the live event');
    await live.until(() => live.events.length === 3, 'the live event on the first console');
    await settle();
    expect(resumed.events.map((e) => e.demand.id)).to.deep.equal([second.id, third.id]);
    expect(live.events.map((e) => e.demand.id)).to.deep.equal([first.id, second.id, third.id]);
  });

  it('a document whose result depends on who reads it executes once per account, and each sees their own view', async () => {
    // given the grid worker who will file a demand (two consoles) and a second grid worker of the same grid
    const other = await createAccount('GRID_WORKER', w.gridA.id);
    const filer = [new LiveClient<any>(w.gridWorkerA.token), new LiveClient<any>(w.gridWorkerA.token)];
    const bystander = new LiveClient<any>(other.token);
    clients.push(...filer, bystander);
    for (const c of [...filer, bystander]) await c.subscribe(WITH_CONTACT, { regionId: w.gridA.id });
    const before = fanout().executions;
    // when the first files a demand for a resident
    await createDemand(w.gridWorkerA.token, { gridId: w.gridA.id, contactName: '王小明', contactPhone: '13812345678' });
    // then the filer's consoles see the name, the other grid worker a masked one: two executions for three consoles
    for (const c of [...filer, bystander]) await c.until(() => c.results.length === 1, 'the event');
    await settle();
    expect(filer.map((c) => c.results[0].demand.contactName)).to.deep.equal(['王小明', '王小明']);
    expect(bystander.results[0].demand.contactName).to.equal('王**');
    expect(fanout().executions - before).to.equal(2);
  });

  it('parses and validates a document once, however many consoles send it', async () => {
    const documents = fanout().documents;
    const seen = await watch(w.streetDispatcherA.token, w.A.id);
    const misses = documents.misses;
    // when nine more consoles subscribe with the same document
    for (let i = 0; i < 9; i++) await watch(w.streetDispatcherA.token, w.A.id);
    // then none of them parsed it again
    expect(documents.misses).to.equal(misses);
    expect(seen.errors).to.deep.equal([]);
    expect(DEMAND_EVENTS).to.include('demandEvents');
  });

  it('cuts off the one member whose account is disabled; its group goes on serving the others', async () => {
    // given two dispatchers sharing a group
    const [leaving, staying] = await Promise.all([createAccount('DISPATCHER', w.A.id), createAccount('DISPATCHER', w.A.id)]);
    const gone = await watch(leaving.token, w.A.id);
    const still = await watch(staying.token, w.A.id);
    // when one account is disabled
    await gqlOk(`mutation($input: AccountDisableInput!) { accountDisable(input: $input) { userErrors { code } } }`, { input: { id: leaving.id } }, await asAdmin());
    await gone.until(() => gone.closeCode !== null, 'the close');
    const placed = await createDemand(w.resident.token, { gridId: w.gridA.id });
    // then that one was closed with 4403 and the other still hears events
    expect(gone.closeCode).to.equal(4403);
    await still.until(() => still.events.length === 1, 'the event');
    expect(still.events[0].demand.id).to.equal(placed.id);
    expect(still.closeCode).to.equal(null);
  });
});
