import { expect } from 'chai';
import { Demand } from '../../../src/modules/demand/demand.entity';
import { DemandStatus } from '../../../src/modules/demand/demand.enums';
import { open311Status } from '../../../src/modules/open311/open311.requests';
import { asAdmin, gqlOk } from '../../support/client';
import { createAccount, type AccountRef } from '../../support/factories';
import { createDemand, createWorld, demandAt, step, type World } from '../../support/demand-factories';
import { harness } from '../../support/harness';
import { startLimitedApp } from '../../support/limited-app';
import {
  ANKANG1_CENTRE,
  bothFormats,
  createCity,
  createPartner,
  get311,
  post311,
  type City,
  type Partner,
} from '../../support/open311-factories';

/** The fields of a GeoReport request, in the order of the spec's example. */
const REQUEST_FIELDS = [
  'service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description', 'agency_responsible', 'service_notice',
  'requested_datetime', 'updated_datetime', 'expected_datetime', 'address', 'address_id', 'zipcode', 'lat', 'long', 'media_url',
];
const W3 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const DAY = 86_400_000;
const w3 = (at: Date | string) => new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe('Open311 GET requests', () => {
  let city: City;
  let partner: Partner;
  let dispatcher: AccountRef;
  /** Placed by the partner through Open311 (ELDER_CARE, with a point, an address, a photo). */
  let own: string;
  /** Placed by the partner through Open311 in 和谐社区 (HEALTH). */
  let ownHealth: string;
  /** Placed by a resident through GraphQL: not the partner's. */
  let residents: { id: string; number: string };

  const jurisdiction = () => ({ jurisdiction_id: city.district.code });
  const byNumber = (list: { service_request_id: string }[], number: string) => list.find((r) => r.service_request_id === number) as any;

  before(async () => {
    city = await createCity();
    partner = await createPartner();
    dispatcher = await createAccount('DISPATCHER', city.ankang.id);
    const form = { api_key: partner.key, ...jurisdiction(), first_name: '小明', last_name: '王', phone: '13812345678' };
    own = (await post311({ ...form, service_code: 'ELDER_CARE', lat: '45.7105', long: '126.6601', address_string: '安康小区3号楼', description: '帮老人买菜', media_url: 'https://img.example/a.jpg' })).body[0].service_request_id;
    ownHealth = (await post311({ ...form, service_code: 'HEALTH', address_string: '和谐社区 7号楼', description: '量血压' })).body[0].service_request_id;
    const resident = await createAccount('RESIDENT', city.ankang1.id);
    residents = await createDemand(resident.token, { gridId: city.ankang1.id, address: '安康小区1栋101', contactName: '李四', contactPhone: '13900001111', description: '需要陪同就医' });
  });

  it('lists the district\'s requests, newest first, with the spec\'s fields in JSON and the same in XML', async () => {
    // when
    const answer = await bothFormats((format) => get311('requests', jurisdiction(), format));
    // then
    expect(answer.status).to.equal(200);
    expect(answer.body.map((r: { service_request_id: string }) => r.service_request_id)).to.deep.equal([residents.number, ownHealth, own]);
    for (const request of answer.body) expect(Object.keys(request)).to.deep.equal(REQUEST_FIELDS);
    const stored = await harness().db.getRepository(Demand).findOneByOrFail({ number: own });
    // an anonymous caller: the demand as analysts' exports show it, placed at its grid's centre
    expect(byNumber(answer.body, own)).to.deep.equal({
      service_request_id: own,
      status: 'open',
      status_notes: 'Received; waiting for the command center to take it.',
      service_name: '养老助老',
      service_code: 'ELDER_CARE',
      description: null,
      agency_responsible: '安康社区',
      service_notice: 'Elder care, routine: the command center accepts it within 12 h and has it served within 2 d.',
      requested_datetime: w3(stored.createdAt),
      updated_datetime: w3(stored.updatedAt),
      expected_datetime: w3(stored.dueAt),
      address: `安康第一网格, 安康社区, 香坊大街街道, ${city.district.name}`,
      address_id: city.ankang1.code,
      zipcode: null,
      lat: ANKANG1_CENTRE.latitude,
      long: ANKANG1_CENTRE.longitude,
      media_url: null,
    });
    expect(byNumber(answer.body, ownHealth)).to.deep.include({ lat: null, long: null, address_id: city.hexie1.code, service_code: 'HEALTH' });
    const xml = await get311('requests', jurisdiction(), 'xml');
    expect(xml.text).to.match(/^<\?xml version="1\.0" encoding="utf-8"\?>\n<service_requests><request><service_request_id>D/);
    expect(xml.text).to.contain('<zipcode/>');
  });

  it('never shows an anonymous caller names, phones, addresses, coordinates, photos or free text', async () => {
    const answer = await get311('requests', jurisdiction());
    for (const secret of ['王小明', '13812345678', '安康小区', '45.7105', 'img.example', '帮老人买菜', '李四', '13900001111', '需要陪同就医']) {
      expect(answer.text).not.to.contain(secret);
    }
  });

  it('shows a partner its own requests in full, and everyone else\'s as anyone sees them', async () => {
    // when
    const answer = await get311('requests', { ...jurisdiction(), api_key: partner.key });
    // then
    expect(byNumber(answer.body, own)).to.deep.include({
      description: '帮老人买菜',
      address: '安康小区3号楼',
      lat: 45.7105,
      long: 126.6601,
      media_url: 'https://img.example/a.jpg',
    });
    expect(byNumber(answer.body, residents.number)).to.deep.include({ description: null, address: `安康第一网格, 安康社区, 香坊大街街道, ${city.district.name}`, media_url: null });
    // GeoReport has no field for a name or a phone number: not even the filer gets them here
    expect(answer.text).not.to.contain('13812345678');
    expect(answer.text).not.to.contain('王小明');
  });

  it('maps statuses to open and closed, with status_notes from the latest step (its note for the filer only)', async () => {
    // given
    const [accepted, rejected] = await Promise.all([own, ownHealth].map((n) => harness().db.getRepository(Demand).findOneByOrFail({ number: n })));
    const accept = await gqlOk(`{ demands(regionId: "${city.district.id}", first: 50) { edges { node { id number } } } }`, {}, await asAdmin());
    const idOf = (n: string) => accept.demands.edges.find((e: { node: { number: string } }) => e.node.number === n).node.id;
    await step('accept', dispatcher.token, { id: idOf(accepted.number), note: '已联系志愿者' });
    const hexieDispatcher = await createAccount('DISPATCHER', city.hexie.id);
    await step('reject', hexieDispatcher.token, { id: idOf(rejected.number), note: 'Duplicate request.' });
    // when
    const anonymous = await get311('requests', jurisdiction());
    const filer = await get311('requests', { ...jurisdiction(), api_key: partner.key });
    // then
    expect(byNumber(anonymous.body, own)).to.deep.include({ status: 'open', status_notes: 'Taken by the command center; volunteers are being arranged.' });
    expect(byNumber(filer.body, own)).to.deep.include({ status: 'open', status_notes: 'Taken by the command center; volunteers are being arranged: 已联系志愿者' });
    const rejectedNow = await harness().db.getRepository(Demand).findOneByOrFail({ number: ownHealth });
    expect(byNumber(anonymous.body, ownHealth)).to.deep.include({ status: 'closed', status_notes: 'Refused by the command center.', updated_datetime: w3(rejectedNow.updatedAt) });
    expect(byNumber(filer.body, ownHealth)).to.deep.include({ status: 'closed', status_notes: 'Refused by the command center: Duplicate request.' });
  });

  it('counts served, closed, refused and withdrawn demands as closed, the rest as open', () => {
    const open = Object.values(DemandStatus).filter((s) => open311Status(s) === 'open');
    expect(open).to.deep.equal(['SUBMITTED', 'ACCEPTED', 'DISPATCHED', 'ASSIGNED', 'IN_SERVICE']);
    expect(Object.values(DemandStatus).filter((s) => open311Status(s) === 'closed')).to.deep.equal(['REJECTED', 'COMPLETED', 'CLOSED', 'CANCELLED']);
  });

  it('follows a demand through service to closed, with the time it was closed', async () => {
    // given: a city of its own with a volunteer, and a demand served and then rated
    const w: World = await createWorld(1);
    const served = await demandAt(w, 'COMPLETED');
    const at = { jurisdiction_id: w.tree.code, service_request_id: served.number };
    const completed = (await get311('requests', at)).body[0];
    await step('close', w.resident.token, { id: served.id, rating: 5, feedback: '谢谢' });
    // when
    const closed = (await get311('requests', at)).body[0];
    // then
    expect(completed).to.deep.include({ status: 'closed', status_notes: 'Served.' });
    expect(closed).to.deep.include({ status: 'closed', status_notes: 'Closed.' });
    const row = await harness().db.getRepository(Demand).findOneByOrFail({ number: served.number });
    expect(closed.updated_datetime).to.equal(w3(row.closedAt!));
    expect(closed.agency_responsible).to.equal(w.A.children[0].name);
  });

  describe('filters', () => {
    it('service_request_id: a comma list that overrides every other filter, within the jurisdiction only', async () => {
      const other = await createCity();
      const answer = await get311('requests', { ...jurisdiction(), service_request_id: `${own},${residents.number},D00000000-000000`, status: 'closed', service_code: 'HEALTH' });
      expect(answer.body.map((r: { service_request_id: string }) => r.service_request_id)).to.have.members([own, residents.number]);
      const elsewhere = await get311('requests', { jurisdiction_id: other.district.code, service_request_id: own });
      expect(elsewhere.body).to.deep.equal([]);
    });

    it('service_code and status, each a comma list', async () => {
      const health = await get311('requests', { ...jurisdiction(), service_code: 'HEALTH' });
      expect(health.body.map((r: { service_request_id: string }) => r.service_request_id)).to.deep.equal([ownHealth]);
      const both = await get311('requests', { ...jurisdiction(), service_code: 'HEALTH,ELDER_CARE', status: 'open' });
      expect(both.body.every((r: { status: string }) => r.status === 'open')).to.equal(true);
      expect(both.body.map((r: { service_request_id: string }) => r.service_request_id)).to.include(own);
      const closed = await get311('requests', { ...jurisdiction(), status: 'closed' });
      expect(closed.body.every((r: { status: string }) => r.status === 'closed')).to.equal(true);
      const all = await get311('requests', { ...jurisdiction(), status: 'open,closed' });
      expect(all.body).to.have.length(3);
    });

    it('start_date and end_date on requested_datetime: the last 90 days by default, at most 90 days apart', async () => {
      // given: the resident's demand was placed 100 days ago
      const placed = new Date(Date.now() - 100 * DAY);
      await harness().db.getRepository(Demand).update({ number: residents.number }, { createdAt: placed });
      try {
        // when
        const recent = await get311('requests', jurisdiction());
        const back = await get311('requests', { ...jurisdiction(), start_date: w3(new Date(placed.getTime() - DAY)), end_date: w3(new Date(placed.getTime() + DAY)) });
        const fromOnly = await get311('requests', { ...jurisdiction(), start_date: w3(new Date(placed.getTime() - 5 * DAY)) });
        const offset = await get311('requests', { ...jurisdiction(), start_date: '2000-01-01T08:00:00+08:00', end_date: '2000-01-31T00:00:00Z' });
        // then
        expect(recent.body.map((r: { service_request_id: string }) => r.service_request_id)).not.to.include(residents.number);
        expect(back.body.map((r: { service_request_id: string }) => r.service_request_id)).to.deep.equal([residents.number]);
        // from a start alone: the 90 days after it, which end before the other two were placed
        expect(fromOnly.body.map((r: { service_request_id: string }) => r.service_request_id)).to.deep.equal([residents.number]);
        expect(offset.body).to.deep.equal([]);
      } finally {
        await harness().db.getRepository(Demand).update({ number: residents.number }, { createdAt: new Date() });
      }
    });

    it('refuses bad filters, one error each, in the spec\'s format', async () => {
      const span = await bothFormats((format) => get311('requests', { ...jurisdiction(), start_date: '2026-01-01T00:00:00Z', end_date: '2026-06-01T00:00:00Z' }, format));
      expect(span.status).to.equal(400);
      expect(span.body).to.deep.equal([{ code: 400, description: 'end_date: the range may not span more than 90 days' }]);
      const bad = await get311('requests', { ...jurisdiction(), start_date: '2026-01-01', end_date: 'yesterday', status: 'pending' });
      expect(bad.status).to.equal(400);
      expect(bad.body.map((e: { description: string }) => e.description)).to.deep.equal([
        'status: "pending" is not a status: open or closed',
        'start_date: a date and time in w3 format with its time zone, e.g. 2010-01-01T00:00:00Z',
        'end_date: a date and time in w3 format with its time zone, e.g. 2010-01-01T00:00:00Z',
      ]);
      const reversed = await get311('requests', { ...jurisdiction(), start_date: '2026-02-01T00:00:00Z', end_date: '2026-01-01T00:00:00Z' });
      expect(reversed.body).to.deep.equal([{ code: 400, description: 'end_date: is before start_date' }]);
      const unknown = await get311('requests', { ...jurisdiction(), service_code: 'HEALTH,POTHOLE' });
      expect(unknown.status).to.equal(404);
      expect(unknown.body).to.deep.equal([{ code: 404, description: 'service_code: no service "POTHOLE"' }]);
      const none = await get311('requests');
      expect(none.status).to.equal(400);
      expect(none.body).to.deep.equal([{ code: 400, description: 'jurisdiction_id: was not provided: the code of a district' }]);
      const nowhere = await get311('requests', { jurisdiction_id: 'city.gov' });
      expect(nowhere.status).to.equal(404);
    });

    it('answers at most the 1,000 newest requests', async function () {
      this.timeout(120_000);
      // given: 1,001 demands in a district of their own, written directly (the gateway only reads them)
      const big = await createCity();
      const template = await harness().db.getRepository(Demand).findOneByOrFail({ number: own });
      const grid = (await harness().db.query(`SELECT id FROM region WHERE code = ?`, [big.ankang1.code]))[0].id;
      const start = Date.now() - 2000 * 1000;
      const rows = Array.from({ length: 1001 }, (_, i) => {
        const { id, number, ...rest } = template;
        void id, number;
        return { ...rest, gridId: grid, number: `B${big.district.code}`.slice(0, 20) + `-${String(i).padStart(5, '0')}`, idempotencyKey: null, createdAt: new Date(start + i * 1000) };
      });
      for (let i = 0; i < rows.length; i += 200) await harness().db.getRepository(Demand).insert(rows.slice(i, i + 200));
      // when
      const answer = await get311('requests', { jurisdiction_id: big.district.code });
      // then
      expect(answer.body).to.have.length(1000);
      expect(answer.body[0].service_request_id).to.equal(rows[1000].number);
      expect(answer.body[999].service_request_id).to.equal(rows[1].number);
    });
  });

  describe('one request', () => {
    it('answers requests/{service_request_id} as a list of one, in JSON and XML', async () => {
      const answer = await bothFormats((format) => get311(`requests/${own}`, jurisdiction(), format));
      expect(answer.status).to.equal(200);
      expect(answer.body).to.have.length(1);
      expect(answer.body[0]).to.deep.include({ service_request_id: own, service_code: 'ELDER_CARE' });
      expect(answer.body[0].requested_datetime).to.match(W3);
      const xml = await get311(`requests/${own}`, jurisdiction(), 'xml');
      expect(xml.text).to.match(/^<\?xml version="1\.0" encoding="utf-8"\?>\n<service_requests><request><service_request_id>[^<]+<\/service_request_id><status>open<\/status>/);
    });

    it('answers 404 for an unknown number, or one of another district', async () => {
      const other = await createCity();
      const unknown = await bothFormats((format) => get311('requests/D20990101-000001', jurisdiction(), format));
      expect(unknown.status).to.equal(404);
      expect(unknown.body).to.deep.equal([{ code: 404, description: `service_request_id: no request "D20990101-000001" in ${city.district.name}` }]);
      const elsewhere = await get311(`requests/${own}`, { jurisdiction_id: other.district.code });
      expect(elsewhere.status).to.equal(404);
    });
  });

  it('draws on the same rate budgets as /graphql: 429 with Retry-After in the spec\'s format', async () => {
    // given: a server allowing two requests per address in the window
    const limited = await startLimitedApp({ RATE_LIMIT_PER_ADDRESS: '2' });
    try {
      const url = `${limited.url.replace(/\/graphql$/, '')}/open311/v2/services.json`;
      // when
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push(await fetch(url));
      // then
      expect(statuses.map((r) => r.status)).to.deep.equal([200, 200, 429]);
      expect(Number(statuses[2].headers.get('retry-after'))).to.be.greaterThan(0);
      const body = (await statuses[2].json()) as { code: number; description: string }[];
      expect(body[0].code).to.equal(429);
      expect(body[0].description).to.match(/^too many requests; retry in \d+ seconds$/);
    } finally {
      await limited.stop();
    }
  });
});
