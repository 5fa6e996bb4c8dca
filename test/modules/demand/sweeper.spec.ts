import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { Demand } from '../../../src/modules/demand/demand.entity';
import { DemandEvent } from '../../../src/modules/demand/demand-event.entity';
import { DemandSweeper } from '../../../src/modules/demand/demand-workflow.service';
import { gqlOk } from '../../support/client';
import { createDemand, createWorld, demandAt, type World } from '../../support/demand-factories';
import { Console } from '../../support/feed-client';
import { harness, testEnv } from '../../support/harness';

const run = promisify(execFile);
const root = path.join(__dirname, '..', '..', '..');
const dbId = (globalId: string) => Number(Buffer.from(globalId, 'base64url').toString().split(':')[1]);
const eventsOf = (id: string) => harness().db.getRepository(DemandEvent).find({ where: { demandId: dbId(id) }, order: { id: 'ASC' } });

/** A second process on the same database: `npm run sweep`, one pass. */
function sweepInAnotherProcess() {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...testEnv(harness().tmpDir) };
  if (harness().config.database.kind === 'sqlite') env.DATABASE_URL = `sqlite:${(harness().config.database as { file: string }).file}`;
  return run(process.execPath, ['-r', './src/register.js', 'src/cli/sweep.ts'], { cwd: root, env, timeout: 60_000 });
}

/** The sweeper's state is the rows themselves: restarts and extra processes change nothing. */
describe('demand sweeper', function () {
  this.timeout(90_000);
  let w: World;
  before(async () => {
    w = await createWorld(1);
  });

  it('writes OVERDUE exactly once when dueAt passes, with two processes sweeping, and consoles see it', async () => {
    // given an open demand whose deadline has passed, and a console watching
    const d = await createDemand(w.resident.token, { gridId: w.gridA.id });
    const console = await new Console(w.streetDispatcherA.token).watch(w.A.id);
    try {
      await harness().db.getRepository(Demand).update({ id: dbId(d.id) }, { dueAt: new Date(Date.now() - 1000) });
      // when this server and another process sweep at the same time, and again
      await Promise.all([harness().app.services.sweeper.sweep(), sweepInAnotherProcess()]);
      await Promise.all([harness().app.services.sweeper.sweep(), sweepInAnotherProcess()]);
      // then
      const overdue = (await eventsOf(d.id)).filter((e) => e.type === 'OVERDUE');
      expect(overdue).to.have.length(1);
      expect(overdue[0]).to.include({ fromStatus: 'SUBMITTED', toStatus: 'SUBMITTED', actorId: null });
      await console.until(() => console.events.some((e) => e.type === 'OVERDUE' && e.demand.id === d.id), 'the OVERDUE event');
      const seen = await gqlOk(`query($id: ID!) { node(id: $id) { ... on Demand { status overdue } } }`, { id: d.id }, w.streetDispatcherA.token);
      expect(seen.node).to.deep.equal({ status: 'SUBMITTED', overdue: true });
    } finally {
      await console.close();
    }
  });

  it('a sweeper that starts after a restart picks up what is due; finished demands are never overdue', async () => {
    const pending = await createDemand(w.resident.token, { gridId: w.gridA.id });
    const finished = await demandAt(w, 'COMPLETED');
    for (const d of [pending, finished]) await harness().db.getRepository(Demand).update({ id: dbId(d.id) }, { dueAt: new Date(Date.now() - 1000) });
    const restarted = new DemandSweeper(harness().db, harness().config, () => undefined);
    await restarted.sweep();
    expect((await eventsOf(pending.id)).filter((e) => e.type === 'OVERDUE')).to.have.length(1);
    expect((await eventsOf(finished.id)).filter((e) => e.type === 'OVERDUE')).to.have.length(0);
  });

  it('closes a completed demand the requester left unrated after the configured days, once', async () => {
    const d = await demandAt(w, 'COMPLETED');
    const recent = await demandAt(w, 'COMPLETED');
    const days = harness().config.demand.autoCloseDays;
    await harness().db.getRepository(Demand).update({ id: dbId(d.id) }, { completedAt: new Date(Date.now() - (days + 1) * 86_400_000) });
    const second = new DemandSweeper(harness().db, harness().config, () => undefined);
    await Promise.all([harness().app.services.sweeper.sweep(), second.sweep()]);
    const closed = (await eventsOf(d.id)).filter((e) => e.type === 'CLOSED');
    expect(closed).to.have.length(1);
    expect(closed[0].actorId).to.equal(null);
    expect(closed[0].note).to.contain(`${days} days`);
    expect((await harness().db.getRepository(Demand).findOneByOrFail({ id: dbId(d.id) })).status).to.equal('CLOSED');
    expect((await harness().db.getRepository(Demand).findOneByOrFail({ id: dbId(recent.id) })).status).to.equal('COMPLETED');
  });
});
