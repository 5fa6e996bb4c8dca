import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { Demand } from '../../../src/modules/demand/demand.entity';
import { DemandEvent } from '../../../src/modules/demand/demand-event.entity';
import { DemandSweeper } from '../../../src/modules/demand/demand-workflow.service';
import { asAdmin, gqlOk } from '../../support/client';
import { categoryId, createDemand, createWorld, demandAt, step, type World } from '../../support/demand-factories';
import { Console } from '../../support/feed-client';
import { harness, testEnv } from '../../support/harness';

const run = promisify(execFile);
const root = path.join(__dirname, '..', '..', '..');
const dbId = (globalId: string) => Number(Buffer.from(globalId, 'base64url').toString().split(':')[1]);
const eventsOf = (id: string) => harness().db.getRepository(DemandEvent).find({ where: { demandId: dbId(id) }, order: { id: 'ASC' } });
const demandRow = (id: string) => harness().db.getRepository(Demand).findOneByOrFail({ id: dbId(id) });
/** Moves a demand's escalation deadline into the past, as if the hours had gone by. */
const deadlinePassed = (id: string) => harness().db.getRepository(Demand).update({ id: dbId(id) }, { escalateAt: new Date(Date.now() - 1000) });

function sweepInAnotherProcess() {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...testEnv(harness().tmpDir) };
  if (harness().config.database.kind === 'sqlite') env.DATABASE_URL = `sqlite:${(harness().config.database as { file: string }).file}`;
  return run(process.execPath, ['-r', './src/register.js', 'src/cli/sweep.ts'], { cwd: root, env, timeout: 60_000 });
}

const LEVELS = `{ serviceCategories { code serviceLevels { urgency completeWithinHours handlingDeadlines { level withinHours } } } }`;

describe('deadline escalation', function () {
  this.timeout(120_000);
  let w: World;
  before(async () => {
    w = await createWorld(1);
  });

  it('each category has a handling deadline per level and urgency, which admins change', async () => {
    const levels = (await gqlOk(LEVELS, {}, w.resident.token)).serviceCategories.find((c: any) => c.code === 'ELDER_CARE').serviceLevels;
    const routine = levels.find((l: any) => l.urgency === 'ROUTINE');
    // the default: a third of the time to complete at each of community and street
    expect(routine.handlingDeadlines).to.deep.equal([
      { level: 'COMMUNITY', withinHours: 16 },
      { level: 'STREET', withinHours: 16 },
    ]);
    const UPDATE = `mutation($input: ServiceCategoryUpdateInput!) { serviceCategoryUpdate(input: $input) { serviceCategory { serviceLevels { urgency handlingDeadlines { level withinHours } } } userErrors { field code message } } }`;
    const id = await categoryId('MEDIATION');
    const changed = await gqlOk(UPDATE, { input: { id, serviceLevels: [{ urgency: 'URGENT', acceptWithinHours: 8, completeWithinHours: 72, communityHandlingHours: 12, streetHandlingHours: 24 }] } }, await asAdmin());
    expect(changed.serviceCategoryUpdate.userErrors).to.deep.equal([]);
    const urgent = changed.serviceCategoryUpdate.serviceCategory.serviceLevels.find((l: any) => l.urgency === 'URGENT');
    expect(urgent.handlingDeadlines).to.deep.equal([{ level: 'COMMUNITY', withinHours: 12 }, { level: 'STREET', withinHours: 24 }]);
    const tooLong = await gqlOk(UPDATE, { input: { id, serviceLevels: [{ urgency: 'URGENT', acceptWithinHours: 8, completeWithinHours: 72, communityHandlingHours: 50, streetHandlingHours: 50 }] } }, await asAdmin());
    expect(tooLong.serviceCategoryUpdate.userErrors[0]).to.deep.include({ field: ['input', 'serviceLevels', '0', 'streetHandlingHours'], code: 'INVALID' });
  });

  it('a demand shows when it escalates; not assigned by then, it climbs community → street → district, once per level, live to the street\'s console', async () => {
    // given a fresh demand and a console of street A
    const d = await createDemand(w.resident.token, { gridId: w.gridA.id });
    const placed = new Date(d.createdAt).getTime();
    const shown = await gqlOk(`query($id: ID!) { node(id: $id) { ... on Demand { escalatesAt } } }`, { id: d.id }, w.communityDispatcherA.token);
    expect(new Date(shown.node.escalatesAt).getTime() - placed).to.be.closeTo(16 * 3600_000, 5000);
    const console = await new Console(w.streetDispatcherA.token).watch(w.A.id);
    try {
      // when its community deadline passes and this server and another process sweep at once, twice
      await deadlinePassed(d.id);
      await Promise.all([harness().app.services.sweeper.sweep(), sweepInAnotherProcess()]);
      await Promise.all([harness().app.services.sweeper.sweep(), sweepInAnotherProcess()]);
      // then exactly one ESCALATED event with reason DEADLINE, and the demand is the street's now
      const escalated = (await eventsOf(d.id)).filter((e) => e.type === 'ESCALATED');
      expect(escalated).to.have.length(1);
      expect(escalated[0]).to.include({ reason: 'DEADLINE', actorId: null, fromStatus: 'SUBMITTED', toStatus: 'SUBMITTED' });
      expect(escalated[0].note).to.contain('COMMUNITY');
      const atStreet = await demandRow(d.id);
      expect(atStreet.handlingLevel).to.equal('STREET');
      expect(atStreet.escalateAt!.getTime() - Date.now()).to.be.closeTo(16 * 3600_000, 60_000);
      await console.until(() => console.events.some((e) => e.type === 'ESCALATED' && e.demand.id === d.id), 'the ESCALATED event');
      const feed = await gqlOk(`query($id: ID!) { node(id: $id) { ... on Demand { handlingLevel events { edges { node { type reason } } } } } }`, { id: d.id }, w.streetDispatcherA.token);
      expect(feed.node.handlingLevel).to.equal('STREET');
      expect(feed.node.events.edges.map((e: any) => [e.node.type, e.node.reason])).to.deep.equal([['CREATED', 'MANUAL'], ['ESCALATED', 'DEADLINE']]);
      // and when the street deadline passes too, it reaches the district, and no further
      await deadlinePassed(d.id);
      await harness().app.services.sweeper.sweep();
      expect((await demandRow(d.id)).handlingLevel).to.equal('DISTRICT');
      expect((await demandRow(d.id)).escalateAt).to.equal(null);
      await harness().app.services.sweeper.sweep();
      expect((await eventsOf(d.id)).filter((e) => e.type === 'ESCALATED')).to.have.length(2);
    } finally {
      await console.close();
    }
  });

  it('an assigned demand never escalates; a manual escalation restarts the deadline; a restarted sweeper picks up what is due', async () => {
    const assigned = await demandAt(w, 'ASSIGNED');
    await deadlinePassed(assigned.id);
    const manual = await createDemand(w.resident.token, { gridId: w.gridA.id, categoryId: await categoryId('HEALTH'), urgency: 'URGENT' });
    const escalated = await step('escalate', w.communityDispatcherA.token, { id: manual.id, note: '需要街道协调' });
    expect(escalated.handlingLevel).to.equal('STREET');
    const restarted = await demandRow(manual.id);
    // HEALTH, URGENT: 12 h to complete, so 4 h at the street
    expect(restarted.escalateAt!.getTime() - Date.now()).to.be.closeTo(4 * 3600_000, 60_000);
    // a sweeper started fresh (after a restart) finds the overdue one and leaves the assigned one
    const due = await createDemand(w.resident.token, { gridId: w.gridA.id });
    await deadlinePassed(due.id);
    await new DemandSweeper(harness().db, harness().config, () => undefined).sweep();
    expect((await demandRow(due.id)).handlingLevel).to.equal('STREET');
    expect((await demandRow(assigned.id)).handlingLevel).to.equal('COMMUNITY');
    expect((await eventsOf(manual.id)).filter((e) => e.type === 'ESCALATED').map((e) => e.reason)).to.deep.equal(['MANUAL']);
  });
});
