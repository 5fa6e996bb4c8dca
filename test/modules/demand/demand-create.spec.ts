import { expect } from 'chai';
import { Demand } from '../../../src/modules/demand/demand.entity';
import { DemandEvent } from '../../../src/modules/demand/demand-event.entity';
import { errorCode, gql, gqlOk } from '../../support/client';
import { DEMAND_CREATE, categoryId, createDemand, createWorld, type World } from '../../support/demand-factories';
import { uniqueCode } from '../../support/factories';
import { harness } from '../../support/harness';

const counts = async () => ({
  demands: await harness().db.getRepository(Demand).count(),
  events: await harness().db.getRepository(DemandEvent).count(),
});

describe('demandCreate', () => {
  let w: World;
  before(async () => {
    w = await createWorld();
  });

  it('a resident places a demand for themself: numbered, SUBMITTED at the community level, due by the service level, with a CREATED event', async () => {
    // when
    const d = await createDemand(w.resident.token, { gridId: w.gridA.id, categoryId: await categoryId('ELDER_CARE'), urgency: 'URGENT', contactName: '王秀英', contactPhone: '13812345678' });
    // then
    expect(d.number).to.match(/^D\d{8}-\d{6,}$/);
    expect(d).to.deep.include({ status: 'SUBMITTED', handlingLevel: 'COMMUNITY', channel: 'RESIDENT_APP', urgency: 'URGENT', overdue: false });
    const hours = (new Date(d.dueAt).getTime() - new Date(d.createdAt).getTime()) / 3_600_000;
    expect(hours).to.be.closeTo(12, 0.01); // ELDER_CARE, URGENT: complete within 12 h
    expect((new Date(d.acceptDueAt).getTime() - new Date(d.createdAt).getTime()) / 3_600_000).to.be.closeTo(2, 0.01);
    expect(d.events.edges.map((e: any) => e.node)).to.deep.equal([{ type: 'CREATED', fromStatus: null, toStatus: 'SUBMITTED', note: null, actor: { id: w.resident.id } }]);
    expect(d.contactName).to.equal('王秀英');
  });

  it('grid workers, dispatchers and partners file through their own channels, on behalf of a resident', async () => {
    const byWorker = await createDemand(w.gridWorkerA.token, { gridId: w.gridA.id, channel: 'SURVEY', contactName: '李大爷' });
    expect(byWorker.channel).to.equal('SURVEY');
    const byHotline = await createDemand(w.communityDispatcherA.token, { gridId: w.gridA.id, contactName: '赵女士', requesterId: w.resident.id });
    expect(byHotline.channel).to.equal('HOTLINE');
    const byPartner = await createDemand(w.partner.token, { gridId: w.gridB.id });
    expect(byPartner.channel).to.equal('PARTNER_API');
    // a wrong channel for the role is refused
    const wrong = await gqlOk(DEMAND_CREATE, { input: { gridId: w.gridA.id, categoryId: await categoryId(), title: 't', channel: 'HOTLINE' } }, w.resident.token);
    expect(wrong.demandCreate.userErrors[0]).to.deep.include({ field: ['input', 'channel'], code: 'INVALID' });
    // on behalf needs a name
    const anonymous = await gqlOk(DEMAND_CREATE, { input: { gridId: w.gridA.id, categoryId: await categoryId(), title: 't' } }, w.gridWorkerA.token);
    expect(anonymous.demandCreate.userErrors[0]).to.deep.include({ field: ['input', 'contactName'], code: 'INVALID' });
  });

  it('staff file only inside their jurisdiction; volunteers and analysts do not file', async () => {
    const outside = await gql(DEMAND_CREATE, { input: { gridId: w.gridB.id, categoryId: await categoryId(), title: 't', contactName: 'x' } }, w.communityDispatcherA.token);
    expect(errorCode(outside)).to.equal('FORBIDDEN');
    for (const account of [w.volunteers[0], w.analystA]) {
      expect(errorCode(await gql(DEMAND_CREATE, { input: { gridId: w.gridA.id, categoryId: await categoryId(), title: 't' } }, account.token))).to.equal('FORBIDDEN');
    }
  });

  it('returns the same demand for the same idempotency key, also for 20 concurrent retries', async () => {
    const key = uniqueCode('idem');
    const input = { gridId: w.gridA.id, categoryId: await categoryId(), title: '修水管', idempotencyKey: key };
    const first = await createDemand(w.resident.token, input);
    const again = await createDemand(w.resident.token, input);
    expect(again.id).to.equal(first.id);
    // another account's key space is its own
    const other = await createDemand(w.otherResident.token, input);
    expect(other.id).not.to.equal(first.id);
    // concurrent
    const concurrentKey = uniqueCode('race');
    const before = await counts();
    const results = await Promise.all(Array.from({ length: 20 }, () => gqlOk(DEMAND_CREATE, { input: { ...input, idempotencyKey: concurrentKey } }, w.resident.token)));
    const ids = new Set(results.map((r) => r.demandCreate.demand?.id));
    expect(results.every((r) => r.demandCreate.userErrors.length === 0)).to.equal(true);
    expect([...ids]).to.have.length(1);
    expect(await counts()).to.deep.equal({ demands: before.demands + 1, events: before.events + 1 });
  });

  it('refuses bad input with the field and a code, writing nothing', async () => {
    const base = { gridId: w.gridA.id, categoryId: await categoryId(), title: 'ok' };
    const cases: [Record<string, unknown>, string[], string][] = [
      [{ title: '' }, ['input', 'title'], 'INVALID'],
      [{ title: 'x'.repeat(201) }, ['input', 'title'], 'INVALID'],
      [{ description: 'x'.repeat(4001) }, ['input', 'description'], 'INVALID'],
      [{ photoUrls: ['https://ok.example/a.jpg', 'javascript:alert(1)'] }, ['input', 'photoUrls', '1'], 'INVALID'],
      [{ photoUrls: ['ftp://files.example/a.jpg'] }, ['input', 'photoUrls', '0'], 'INVALID'],
      [{ gridId: 'garbage' }, ['input', 'gridId'], 'INVALID'],
      [{ gridId: w.A.id }, ['input', 'gridId'], 'INVALID'],
      [{ gridId: Buffer.from('Grid:99999999').toString('base64url') }, ['input', 'gridId'], 'NOT_FOUND'],
      [{ categoryId: w.gridA.id }, ['input', 'categoryId'], 'INVALID'],
      [{ categoryId: Buffer.from('ServiceCategory:99999').toString('base64url') }, ['input', 'categoryId'], 'NOT_FOUND'],
      [{ latitude: 91, longitude: 10 }, ['input', 'latitude'], 'INVALID'],
      [{ latitude: 45.7 }, ['input', 'latitude'], 'INVALID'],
      [{ requesterId: w.resident.id }, ['input', 'requesterId'], 'INVALID'],
    ];
    const before = await counts();
    for (const [override, field, code] of cases) {
      const data = await gqlOk(DEMAND_CREATE, { input: { ...base, ...override } }, w.resident.token);
      expect(data.demandCreate.demand, JSON.stringify(override)).to.equal(null);
      expect(data.demandCreate.userErrors, JSON.stringify(override)).to.have.length(1);
      expect(data.demandCreate.userErrors[0], JSON.stringify(override)).to.deep.include({ field, code });
    }
    // a wrong type is refused by GraphQL itself, before anything runs
    const wrongType = await gql(DEMAND_CREATE, { input: { ...base, urgency: 'VERY' } }, w.resident.token);
    expect(errorCode(wrongType)).to.equal('BAD_USER_INPUT');
    expect(await counts()).to.deep.equal(before);
  });
});
