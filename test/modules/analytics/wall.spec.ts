import { expect } from 'chai';
import { asAdmin, gqlOk } from '../../support/client';
import { createDemand, createWorld, step, type World } from '../../support/demand-factories';
import { createAccount } from '../../support/factories';
import { harness } from '../../support/harness';
import { LiveClient } from '../../support/live-client';
import { VOLUNTEER_UPDATE } from '../../support/volunteer-factories';

const WALL = `subscription($regionId: ID!) { commandCenterStats(regionId: $regionId) {
  region { id } at open openByStatus { status count } overdue urgent volunteersOnDuty offersWaiting } }`;

interface Counters {
  at: string;
  open: number;
  openByStatus: { status: string; count: number }[];
  overdue: number;
  urgent: number;
  volunteersOnDuty: number;
  offersWaiting: number;
}

const last = (c: LiveClient<Counters>) => c.results[c.results.length - 1];
const status = (c: Counters, s: string) => c.openByStatus.find((x) => x.status === s)?.count;

describe('the command-center wall (commandCenterStats)', function () {
  this.timeout(60_000);
  let w: World;
  const opened: LiveClient<Counters>[] = [];

  async function watch(token: string, regionId: string, registered = true): Promise<LiveClient<Counters>> {
    const c = new LiveClient<Counters>(token);
    opened.push(c);
    await c.subscribe(WALL, { regionId }, { registered });
    return c;
  }

  before(async () => {
    w = await createWorld(1);
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((c) => c.close()));
  });

  it('pushes the counters now, then on every change, at most once a second, one computation shared by identical consoles', async () => {
    // given two consoles on street A
    const a = await watch(w.streetDispatcherA.token, w.A.id);
    const b = await watch(w.analystA.token, w.A.id);
    await a.until(() => a.results.length >= 1 && b.results.length >= 1, 'the first counters');
    const start = last(a).open;
    const computationsBefore = harness().app.services.wall.computations;
    // when twelve demands arrive in a burst, two of them urgent
    await Promise.all(Array.from({ length: 12 }, (_, i) => createDemand(w.resident.token, { gridId: w.gridA.id, urgency: i < 2 ? 'URGENT' : 'ROUTINE' })));
    // then both consoles see the same pushes, ending at twelve more open demands
    await a.until(() => last(a).open === start + 12 && last(b)?.open === start + 12, 'the burst to show');
    const pushes = a.results.slice(1);
    expect(b.results.slice(1)).to.deep.equal(pushes);
    expect(status(last(a), 'SUBMITTED')).to.be.at.least(12);
    expect(last(a).urgent).to.be.at.least(2);
    // fewer pushes than events, a second or more apart (the server's clock on each)
    expect(pushes.length).to.be.below(12);
    const times = a.results.map((r) => Date.parse(r.at));
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1], `push ${i}`).to.be.at.least(999);
    // and the two consoles cost one computation per push, not two
    const computations = harness().app.services.wall.computations - computationsBefore;
    expect(computations).to.be.at.most(pushes.length + 1);
  });

  it('counts volunteers on duty and offers waiting; changes outside the region, or that move no counter, push nothing', async () => {
    const c = await watch(w.streetDispatcherA.token, w.A.id);
    await c.until(() => c.results.length >= 1, 'the first counters');
    const before = last(c);
    // when the volunteer goes on duty
    const volunteer = w.volunteers[0];
    await gqlOk(VOLUNTEER_UPDATE, { input: { id: volunteer.volunteerId, onDuty: true } }, volunteer.token);
    await c.until(() => last(c).volunteersOnDuty === before.volunteersOnDuty + 1, 'the volunteer on duty');
    // and a demand is dispatched to them: one offer waiting
    const demand = await createDemand(w.resident.token, { gridId: w.gridA.id });
    await step('accept', w.communityDispatcherA.token, { id: demand.id });
    await step('dispatch', w.communityDispatcherA.token, { id: demand.id, volunteerIds: [volunteer.id] });
    await c.until(() => last(c).offersWaiting === before.offersWaiting + 1 && status(last(c), 'DISPATCHED') === status(before, 'DISPATCHED')! + 1, 'the offer');
    // when something outside street A happens, nothing is pushed
    const pushed = c.results.length;
    await createDemand(w.resident.token, { gridId: w.gridB.id });
    await new Promise((r) => setTimeout(r, 1500));
    expect(c.results.length).to.equal(pushed);
    // when the demand is escalated (counted again, but no counter moves), nothing is pushed either
    const computed = harness().app.services.wall.computations;
    await step('escalate', w.communityDispatcherA.token, { id: demand.id, note: '需要街道协调' });
    await c.until(() => harness().app.services.wall.computations > computed, 'the recount');
    await new Promise((r) => setTimeout(r, 100));
    expect(c.results.length).to.equal(pushed);
  });

  it('is for staff and analysts inside their scope; a disabled account is cut off with 4403', async () => {
    const resident = new LiveClient<Counters>(w.resident.token);
    opened.push(resident);
    await resident.subscribe(WALL, { regionId: w.A.id }, { registered: false });
    await resident.until(() => resident.errors.length > 0, 'the refusal');
    expect((resident.errors[0] as { extensions?: { code?: string } }).extensions?.code).to.equal('FORBIDDEN');
    const outside = new LiveClient<Counters>(w.streetDispatcherB.token);
    opened.push(outside);
    await outside.subscribe(WALL, { regionId: w.A.id }, { registered: false });
    await outside.until(() => outside.errors.length > 0, 'the refusal');
    expect((outside.errors[0] as { extensions?: { code?: string } }).extensions?.code).to.equal('FORBIDDEN');
    // a grid worker watches their grid
    const worker = await watch(w.gridWorkerA.token, w.gridA.id);
    await worker.until(() => worker.results.length >= 1, 'the counters');
    // an analyst who is disabled loses the wall at once
    const analyst = await createAccount('ANALYST', w.A.id);
    const c = await watch(analyst.token, w.A.id);
    await c.until(() => c.results.length >= 1, 'the counters');
    await gqlOk(`mutation($input: AccountDisableInput!) { accountDisable(input: $input) { userErrors { code } } }`, { input: { id: analyst.id } }, await asAdmin());
    await c.until(() => c.closeCode !== null, 'the close');
    expect(c.closeCode).to.equal(4403);
  });
});
