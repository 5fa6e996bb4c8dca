import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { Demand } from '../../src/modules/demand/demand.entity';
import { browserMissing, ConsoleDesk, ensureConsoleBuilt, launchBrowser } from '../support/console-page';
import { createDemand, createWorld, step, type World } from '../support/demand-factories';
import { harness } from '../support/harness';
import { TcpProxy } from '../support/tcp-proxy';
import { createMorningStreet, photograph } from './console-screenshot';

const dbId = (globalId: string) => Number(Buffer.from(globalId, 'base64url').toString().split(':')[1]);

/**
 * The reference dispatch console (web/console) in headless Chromium against the test server, as
 * the people at the desks meet it: signed in through the form, reading what the page shows.
 */
describe('dispatch console (headless Chromium)', function () {
  this.timeout(60_000);
  let browser: Browser;
  let w: World;
  const desks: ConsoleDesk[] = [];
  const open = async (...args: Parameters<typeof ConsoleDesk.open>) => {
    const desk = await ConsoleDesk.open(...args);
    desks.push(desk);
    return desk;
  };
  const openAll = async (...args: Parameters<typeof ConsoleDesk.openAll>) => {
    const opened = await ConsoleDesk.openAll(...args);
    desks.push(...opened);
    return opened;
  };

  before(async function () {
    const missing = browserMissing();
    if (missing) {
      console.log(`      skipped: ${missing}; set REQUIRE_BROWSER=1 to make this a failure`);
      return this.skip();
    }
    ensureConsoleBuilt();
    browser = await launchBrowser();
    w = await createWorld(2);
  });

  afterEach(async () => {
    const errors = desks.flatMap((d) => d.pageErrors);
    for (const desk of desks.splice(0)) await desk.close();
    expect(errors, 'errors thrown in the page').to.deep.equal([]);
  });

  after(async () => {
    await browser?.close();
  });

  it('shows a demand placed through the API within one second, marks it urgent, and overdue once its deadline passes', async () => {
    // given a street dispatcher's console
    const desk = await open(browser, w.streetDispatcherA);
    // when a resident places an urgent demand
    const demand = await createDemand(w.resident.token, { gridId: w.gridA.id, urgency: 'URGENT', title: '楼道积水需要清理' });
    // then its row is on the page within one second of the API's answer, marked urgent
    await desk.row(demand.id).waitFor({ timeout: 1_000 });
    expect(await desk.row(demand.id).getAttribute('data-urgent')).to.equal('true');
    expect(await desk.row(demand.id).getAttribute('data-overdue')).to.equal('false');
    expect(await desk.row(demand.id).textContent()).to.contain('楼道积水需要清理');
    // when its deadline passes and the sweeper records it
    await harness().db.getRepository(Demand).update({ id: dbId(demand.id) }, { dueAt: new Date(Date.now() - 1_000) });
    await harness().app.services.sweeper.sweep();
    // then the row stands out as overdue, and the wall counts it
    await desk.row(demand.id, { overdue: 'true' }).waitFor({ timeout: 5_000 });
    await desk.page.locator('[data-testid=wall-overdue]', { hasText: /^[1-9]/ }).waitFor({ timeout: 5_000 });
  });

  it('accepting a demand on one console changes its status on a second console', async () => {
    // given two consoles of street A, both showing a new demand, the second with it open
    const [first, second] = await openAll(browser, [[w.communityDispatcherA], [w.streetDispatcherA]]);
    const demand = await createDemand(w.resident.token, { gridId: w.gridA.id, title: '帮独居老人取药' });
    await first.row(demand.id).waitFor({ timeout: 5_000 });
    await second.row(demand.id).waitFor({ timeout: 5_000 });
    const secondDetail = await second.openDemand(demand.id);
    // when the first accepts it from its detail
    await first.openDemand(demand.id);
    expect(await first.allowedActions()).to.include('accept');
    await first.page.click('[data-testid=action-accept]');
    // then the second console shows it accepted, in the feed and in the open detail
    await second.row(demand.id, { status: 'ACCEPTED' }).waitFor({ timeout: 5_000 });
    await second.page.locator(`[data-testid=detail][data-demand-id="${demand.id}"][data-status=ACCEPTED]`).waitFor({ timeout: 5_000 });
    await secondDetail.locator('[data-testid=history-event][data-type=ACCEPTED]').waitFor({ timeout: 5_000 });
    // and the first no longer offers to accept it
    await first.page.locator('[data-testid=action-outcome][data-kind=done]').waitFor();
    expect(await first.allowedActions()).not.to.include('accept');
  });

  it('a dispatcher of another street never sees the demand', async () => {
    // given consoles of street A and street B
    const [deskA, deskB] = await openAll(browser, [[w.streetDispatcherA], [w.streetDispatcherB]]);
    // when a demand is placed in A, then one in B
    const inA = await createDemand(w.resident.token, { gridId: w.gridA.id, title: '甲街道的需求' });
    const inB = await createDemand(w.otherResident.token, { gridId: w.gridB.id, title: '乙街道的需求' });
    // then A sees its own; B sees its own and, since the feed delivers in order, would have seen A's by now
    await deskA.row(inA.id).waitFor({ timeout: 5_000 });
    await deskB.row(inB.id).waitFor({ timeout: 5_000 });
    expect(await deskB.row(inA.id).count()).to.equal(0);
    expect(await deskA.row(inB.id).count()).to.equal(0);
    // nor does B's region tree or map reach into street A
    expect(await deskB.page.locator(`[data-testid=region-node][data-region-id="${w.A.id}"]`).count()).to.equal(0);
    expect(await deskB.page.locator(`[data-testid=map-tile][data-grid-id="${w.gridA.id}"]`).count()).to.equal(0);
  });

  it('a console cut off from the server reconnects by itself and shows what happened meanwhile, each demand once', async () => {
    // given a console that reaches the server through a relay we can cut, showing one demand
    const relay = new TcpProxy('127.0.0.1', harness().app.port);
    await relay.start();
    try {
      const desk = await open(browser, w.streetDispatcherA, { origin: `http://127.0.0.1:${relay.port}` });
      const earlier = await createDemand(w.resident.token, { gridId: w.gridA.id, title: '断网前的需求' });
      await desk.row(earlier.id).waitFor({ timeout: 5_000 });
      const shownBefore = await desk.rows().count();
      // when its network drops: the browser goes offline and every connection to the server is cut
      await desk.context.setOffline(true);
      await relay.cut();
      await desk.connection('reconnecting').waitFor({ timeout: 5_000 });
      // and meanwhile three demands are placed and the earlier one is accepted
      const missed = [];
      for (const title of ['断网期间一', '断网期间二', '断网期间三']) missed.push(await createDemand(w.resident.token, { gridId: w.gridA.id, title }));
      await step('accept', w.communityDispatcherA.token, { id: earlier.id });
      // when the network is back
      await relay.restore();
      await desk.context.setOffline(false);
      await desk.connection('live').waitFor({ timeout: 15_000 });
      // then each missed demand is shown exactly once, and the earlier one as accepted
      for (const demand of missed) await desk.row(demand.id).waitFor({ timeout: 5_000 });
      await desk.row(earlier.id, { status: 'ACCEPTED' }).waitFor({ timeout: 5_000 });
      for (const demand of [earlier, ...missed]) expect(await desk.row(demand.id).count(), demand.title).to.equal(1);
      expect(await desk.rows().count()).to.equal(shownBefore + missed.length);
    } finally {
      await relay.stop();
    }
  });

  it('rejects with a reason, escalates, and dispatches to a suggested candidate from the detail; the filer closes with a rating', async () => {
    // given a community dispatcher's console and three new demands
    const desk = await open(browser, w.communityDispatcherA);
    const demands = [];
    for (const title of ['重复提交的需求', '需要街道协调的需求', '需要派单的需求']) demands.push(await createDemand(w.resident.token, { gridId: w.gridA.id, title }));
    for (const d of demands) await desk.row(d.id).waitFor({ timeout: 5_000 });

    // when it rejects the first with a reason
    await desk.openDemand(demands[0].id);
    await desk.page.click('[data-testid=action-reject]');
    await desk.page.fill('[data-testid=reject-form] textarea', '与D0001重复');
    await desk.page.click('[data-testid=reject-form] button[type=submit]');
    // then it is rejected, with the reason in its history
    await desk.row(demands[0].id, { status: 'REJECTED' }).waitFor({ timeout: 5_000 });
    await desk.page.locator('[data-testid=history-event][data-type=REJECTED]', { hasText: '与D0001重复' }).waitFor({ timeout: 5_000 });

    // when it escalates the second to the street
    await desk.openDemand(demands[1].id);
    await desk.page.click('[data-testid=action-escalate]');
    await desk.page.fill('[data-testid=escalate-form] textarea', '跨社区，需要街道协调');
    await desk.page.click('[data-testid=escalate-form] button[type=submit]');
    // then the street handles it now, and the community desk has nothing left to do on it
    await desk.page.locator('[data-testid=history-event][data-type=ESCALATED]').waitFor({ timeout: 5_000 });
    await desk.page.locator('[data-testid=actions][data-allowed=""]').waitFor({ timeout: 5_000 });

    // when it accepts the third and dispatches it to a suggested volunteer
    const volunteer = w.volunteers[1];
    await desk.openDemand(demands[2].id);
    await desk.page.click('[data-testid=action-accept]');
    await desk.page.locator('[data-testid=action-dispatch]').click({ timeout: 5_000 });
    const candidate = desk.page.locator(`[data-testid=candidate][data-volunteer-id="${volunteer.volunteerId}"]`);
    await candidate.locator('input[type=checkbox]').check({ timeout: 5_000 });
    await desk.page.click('[data-testid=dispatch-submit]');
    // then it is dispatched, and its history says so
    await desk.row(demands[2].id, { status: 'DISPATCHED' }).waitFor({ timeout: 5_000 });
    await desk.page.locator('[data-testid=history-event][data-type=DISPATCHED]').waitFor({ timeout: 5_000 });

    // given a grid worker who filed a demand for a neighbour, served to completion
    const gridWorker = w.gridWorkerA;
    const filed = await createDemand(gridWorker.token, { gridId: w.gridA.id, title: '代居民提交的需求', contactName: '王阿姨', contactPhone: '13800001111' });
    await step('accept', w.communityDispatcherA.token, { id: filed.id });
    await step('dispatch', w.communityDispatcherA.token, { id: filed.id, volunteerIds: [w.volunteers[0].id] });
    await step('claim', w.volunteers[0].token, { id: filed.id });
    await step('start', w.volunteers[0].token, { id: filed.id });
    await step('complete', w.volunteers[0].token, { id: filed.id, note: '已送达' });
    // when the grid worker closes it on the console with four stars
    const workerDesk = await open(browser, gridWorker);
    await workerDesk.openDemand(filed.id);
    expect(await workerDesk.allowedActions()).to.deep.equal(['close']);
    await workerDesk.page.click('[data-testid=action-close]');
    await workerDesk.page.selectOption('[data-testid=close-form] select', '4');
    await workerDesk.page.click('[data-testid=close-form] button[type=submit]');
    // then it is closed on both consoles
    await workerDesk.row(filed.id, { status: 'CLOSED' }).waitFor({ timeout: 5_000 });
    await desk.row(filed.id, { status: 'CLOSED' }).waitFor({ timeout: 5_000 });
  });

  it('speaks Chinese and English, remembers the choice, and renders the populated console for the README (docs/console.png)', async () => {
    // given a street with a morning's demands, and its dispatcher's browser set to Chinese
    const street = await createMorningStreet();
    const desk = await open(browser, street.dispatcher, { locale: 'zh-CN' });
    const brand = desk.page.locator('.header .brand');
    // then the console speaks Chinese; switched, English; and after a reload still English, still signed in
    expect(await brand.textContent()).to.contain('调度台');
    expect(await desk.page.getAttribute('html', 'lang')).to.equal('zh-CN');
    await desk.page.click('[data-testid=language]');
    expect(await brand.textContent()).to.contain('Dispatch console');
    await desk.page.reload();
    await desk.connection('live').waitFor({ timeout: 10_000 });
    expect(await brand.textContent()).to.contain('Dispatch console');
    expect(await desk.page.getAttribute('html', 'lang')).to.equal('en');
    // and with everything on it, it is the picture in the README
    await photograph(desk, street);
  });
});
