import { expect } from 'chai';
import { Demand } from '../../../src/modules/demand/demand.entity';
import { asAdmin, gqlOk } from '../../support/client';
import { createAccount } from '../../support/factories';
import { Console } from '../../support/feed-client';
import { harness } from '../../support/harness';
import { bothFormats, createCity, createPartner, gqlWithKey, post311, revokeKey, type City, type Partner } from '../../support/open311-factories';

const demandCount = () => harness().db.getRepository(Demand).count();

const PARTNER_DEMANDS = `{ demands(first: 100) { edges { node { id number title description status urgency channel address latitude longitude photos
  contactName contactPhone dueAt createdAt grid { id } category { code } events { edges { node { type toStatus } } } } } } }`;

const AUDIT = `query($filter: AuditLogFilter) { auditLog(first: 5, filter: $filter) { edges { node { operation outcome errorCodes apiKeyId targetId inputFields actor { id } } } } }`;

describe('Open311 POST requests', () => {
  let city: City;
  let partner: Partner;
  /** The spec's example form, with this city's values. */
  let form: Record<string, string>;

  before(async () => {
    city = await createCity();
    partner = await createPartner();
    form = {
      api_key: partner.key,
      jurisdiction_id: city.district.code,
      service_code: 'ELDER_CARE',
      lat: '45.7105',
      long: '126.6601',
      address_string: '安康小区3号楼2单元',
      email: 'smit333@example.org',
      device_id: 'tt222111',
      account_id: '123456',
      first_name: '小明',
      last_name: '王',
      phone: '13812345678',
      description: '帮老人买菜\n王大爷腿脚不便，每周二、五需要有人帮忙买菜。',
      media_url: 'https://img.example/2212426634.jpg',
      'attribute[URGENCY]': 'URGENT',
    };
  });

  it('places a demand from the spec\'s example request and answers service_request_id, service_notice and account_id', async () => {
    // given
    const before = await demandCount();
    // when
    const answer = await post311(form);
    // then
    expect(answer.status).to.equal(200);
    expect(answer.body).to.have.length(1);
    expect(Object.keys(answer.body[0])).to.deep.equal(['service_request_id', 'service_notice', 'account_id']);
    expect(answer.body[0].service_request_id).to.match(/^D\d{8}-\d{6}$/);
    expect(answer.body[0].service_notice).to.equal('Elder care, urgent: the command center accepts it within 2 h and has it served within 12 h.');
    expect(answer.body[0].account_id).to.equal(null);
    expect(await demandCount()).to.equal(before + 1);

    // and the partner sees it through GraphQL, placed as demandCreate would place it, in the grid nearest the point
    const demands = (await gqlWithKey(partner.key, PARTNER_DEMANDS)).demands.edges.map((e: { node: any }) => e.node);
    const demand = demands.find((d: { number: string }) => d.number === answer.body[0].service_request_id);
    expect(demand).to.deep.include({
      title: '帮老人买菜',
      description: form.description,
      status: 'SUBMITTED',
      urgency: 'URGENT',
      channel: 'PARTNER_API',
      address: '安康小区3号楼2单元',
      latitude: 45.7105,
      longitude: 126.6601,
      photos: ['https://img.example/2212426634.jpg'],
      contactName: '王小明',
      contactPhone: '13812345678',
      grid: { id: city.ankang1.id },
      category: { code: 'ELDER_CARE' },
    });
    expect(new Date(demand.dueAt).getTime() - new Date(demand.createdAt).getTime()).to.equal(12 * 3600_000);
    expect(demand.events.edges.map((e: { node: unknown }) => e.node)).to.deep.equal([{ type: 'CREATED', toStatus: 'SUBMITTED' }]);

    // and it is audited as demandCreate, with the key, the field names and never a value
    const audit = (await gqlOk(AUDIT, { filter: { operation: 'demandCreate', targetId: demand.id } }, await asAdmin())).auditLog.edges[0].node;
    expect(audit).to.deep.include({ operation: 'demandCreate', outcome: 'OK', errorCodes: [], apiKeyId: partner.apiKeyId, targetId: demand.id, actor: { id: partner.accountId } });
    expect(audit.inputFields).to.include('input.gridId').and.to.include('input.contactPhone').and.not.to.include('138');
  });

  it('answers in XML with the spec\'s elements', async () => {
    const answer = await post311(form, 'xml');
    expect(answer.status).to.equal(200);
    expect(answer.text).to.match(
      /^<\?xml version="1\.0" encoding="utf-8"\?>\n<service_requests><request><service_request_id>D\d{8}-\d{6}<\/service_request_id><service_notice>Elder care, urgent: [^<]+<\/service_notice><account_id\/><\/request><\/service_requests>$/,
    );
  });

  it('reaches the district\'s consoles live, like any new demand', async () => {
    // given
    const dispatcher = await createAccount('DISPATCHER', city.district.id);
    const console = await new Console(dispatcher.token).watch(city.district.id);
    try {
      // when
      const answer = await post311({ ...form, 'attribute[URGENCY]': 'EMERGENCY' });
      // then
      const number = answer.body[0].service_request_id;
      await console.until(() => console.events.some((e) => e.demand.number === number), 'the new demand on the console');
      expect(console.events.find((e) => e.demand.number === number)).to.deep.include({ type: 'CREATED', toStatus: 'SUBMITTED' });
    } finally {
      await console.close();
    }
  });

  describe('location', () => {
    const placedGrid = async (location: Record<string, string>) => {
      const { lat, long, address_string, ...rest } = form;
      void lat, long, address_string;
      const answer = await post311({ ...rest, ...location });
      expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
      const demands = (await gqlWithKey(partner.key, PARTNER_DEMANDS)).demands.edges.map((e: { node: any }) => e.node);
      return demands.find((d: { number: string }) => d.number === answer.body[0].service_request_id).grid.id;
    };

    it('puts lat/long in the grid whose centre is nearest', async () => {
      expect(await placedGrid({ lat: '45.7190', long: '126.6610' })).to.equal(city.ankang2.id);
      expect(await placedGrid({ lat: '45.7140', long: '126.6590' })).to.equal(city.ankang1.id);
    });

    it('resolves address_string by the names of the district\'s regions', async () => {
      expect(await placedGrid({ address_string: '香坊大街街道和谐社区 5号楼 2单元' })).to.equal(city.hexie1.id);
      expect(await placedGrid({ address_string: '安康第二网格 兴华小区3栋' })).to.equal(city.ankang2.id);
    });

    it('takes address_id as a grid\'s code', async () => {
      expect(await placedGrid({ address_id: city.ankang1.code })).to.equal(city.ankang1.id);
    });

    it('falls back to address_string when lat/long is far from every grid', async () => {
      expect(await placedGrid({ lat: '39.9042', long: '116.4074', address_string: '和谐社区' })).to.equal(city.hexie1.id);
    });

    it('refuses an address that fits several grids, or none, and a point far from every grid, writing nothing', async () => {
      // given
      const { lat, long, address_string, ...rest } = form;
      void lat, long, address_string;
      const before = await demandCount();
      // when
      const ambiguous = await post311({ ...rest, address_string: '安康社区 3号楼' });
      const nowhere = await post311({ ...rest, address_string: '北京市朝阳区建国路88号' });
      const far = await post311({ ...rest, lat: '39.9042', long: '116.4074' });
      const unknownId = await post311({ ...rest, address_id: 'no-such-grid' });
      const none = await post311(rest);
      // then
      expect([ambiguous.status, nowhere.status, far.status, unknownId.status, none.status]).to.deep.equal([400, 400, 400, 400, 400]);
      expect(ambiguous.body).to.deep.equal([
        { code: 400, description: 'address_string: fits 2 grids (安康第一网格, 安康第二网格); name the grid, or send address_id (the grid\'s code)' },
      ]);
      expect(nowhere.body).to.deep.equal([
        { code: 400, description: 'address_string: names no grid or community of this district; name the community and grid, or send address_id (the grid\'s code)' },
      ]);
      expect(far.body).to.deep.equal([{ code: 400, description: `lat: no grid of ${city.district.name} has its centre within 3 km of this point` }]);
      expect(unknownId.body).to.deep.equal([{ code: 400, description: `address_id: no grid of ${city.district.name} has the code "no-such-grid"` }]);
      expect(none.body).to.deep.equal([{ code: 400, description: 'location: give lat and long, address_string or address_id' }]);
      expect(await demandCount()).to.equal(before);
    });
  });

  describe('refusals', () => {
    it('needs a valid, unrevoked partner key: 403 in the spec\'s format', async () => {
      // given
      const revoked = await createPartner();
      await revokeKey(revoked);
      const before = await demandCount();
      const { api_key, ...anonymous } = form;
      void api_key;
      // when
      const missing = await bothFormats((format) => post311(anonymous, format));
      const invalid = await post311({ ...form, api_key: 'vgk_invalid' });
      const gone = await post311({ ...form, api_key: revoked.key });
      // then
      expect(missing.status).to.equal(403);
      expect(missing.body).to.deep.equal([{ code: 403, description: 'api_key: missing; placing a request needs a partner API key' }]);
      expect([invalid.status, gone.status]).to.deep.equal([403, 403]);
      expect(gone.body).to.deep.equal([{ code: 403, description: 'api_key: invalid or revoked' }]);
      expect(await demandCount()).to.equal(before);
    });

    it('accepts the key in an Authorization: ApiKey header instead', async () => {
      const { api_key, ...rest } = form;
      void api_key;
      const answer = await post311(rest, 'json', 'requests', { authorization: `ApiKey ${partner.key}` });
      expect(answer.status).to.equal(200);
    });

    it('answers an unknown jurisdiction or service with 404, a missing one with 400', async () => {
      const before = await demandCount();
      const unknownDistrict = await post311({ ...form, jurisdiction_id: 'sfgov.org' });
      const unknownService = await bothFormats((format) => post311({ ...form, service_code: '001' }, format));
      const { jurisdiction_id, service_code, ...neither } = form;
      void jurisdiction_id, service_code;
      const missing = await post311(neither);
      expect(unknownDistrict.status).to.equal(404);
      expect(unknownDistrict.body).to.deep.equal([{ code: 404, description: 'jurisdiction_id: no district has the code "sfgov.org"' }]);
      expect(unknownService.status).to.equal(404);
      expect(unknownService.body).to.deep.equal([{ code: 404, description: 'service_code: no service "001"' }]);
      expect(missing.status).to.equal(400);
      expect(missing.body).to.deep.equal([
        { code: 400, description: 'jurisdiction_id: was not provided: the code of a district' },
        { code: 400, description: 'service_code: was not provided' },
      ]);
      expect(await demandCount()).to.equal(before);
    });

    it('reports every bad field at once, one error each, writes no demand and audits the refusal', async () => {
      // given
      const before = await demandCount();
      // when
      const answer = await bothFormats((format) =>
        post311(
          {
            ...form,
            lat: 'north',
            phone: 'call me',
            media_url: 'ftp://files.example/1.jpg',
            description: '长'.repeat(4001),
            first_name: '名'.repeat(60),
            last_name: '姓'.repeat(60),
            'attribute[URGENCY]': 'SOON',
            'attribute[WHISPAWN]': '123456',
          },
          format,
        ),
      );
      // then
      expect(answer.status).to.equal(400);
      expect(answer.body.map((e: { description: string }) => e.description)).to.have.members([
        'lat: a decimal number from -90 to 90 (WGS84 degrees)',
        'attribute[URGENCY]: one of ROUTINE, URGENT, EMERGENCY',
        'attribute[WHISPAWN]: no such attribute; the services have one: URGENCY',
        'description: description must be at most 4000 characters',
        'first_name: first_name must be 1 to 100 characters and not blank',
        'phone: phone must be a telephone number',
        'media_url: photo URLs must be http or https URLs of at most 500 characters',
      ]);
      expect(answer.body.every((e: { code: number }) => e.code === 400)).to.equal(true);
      expect(await demandCount()).to.equal(before);
      const audit = (await gqlOk(AUDIT, { filter: { operation: 'demandCreate', outcome: 'REFUSED' } }, await asAdmin())).auditLog.edges[0].node;
      expect(audit).to.deep.include({ outcome: 'REFUSED', errorCodes: ['INVALID'], apiKeyId: partner.apiKeyId });
    });

    it('refuses a body that is not a form or is too large, and a parameter given twice', async () => {
      const twice = await post311({ ...form, service_code: ['ELDER_CARE', 'HEALTH'] });
      expect(twice.status).to.equal(400);
      expect(twice.body).to.deep.equal([{ code: 400, description: 'service_code: give it once' }]);
      const huge = await post311({ ...form, description: 'x'.repeat(harness().config.limits.maxBodyBytes) });
      expect(huge.status).to.equal(413);
      expect(huge.body).to.deep.equal([{ code: 413, description: 'the request body is too large' }]);
    });
  });
});
