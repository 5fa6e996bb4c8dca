import { expect } from 'chai';
import { asAdmin, gqlOk } from '../../support/client';
import { categoryId } from '../../support/demand-factories';
import { bothFormats, createCity, createPartner, get311, post311, type City } from '../../support/open311-factories';

/** The fields of a GeoReport service, in the order of the spec's example. */
const SERVICE_FIELDS = ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group'];
const CATEGORY_UPDATE = `mutation($input: ServiceCategoryUpdateInput!) { serviceCategoryUpdate(input: $input) { userErrors { code } } }`;

describe('Open311 services', () => {
  let city: City;
  before(async () => {
    city = await createCity();
  });

  it('lists the active service categories as GeoReport services, in JSON and the same in XML, without a key', async () => {
    // when
    const answer = await bothFormats((format) => get311('services', { jurisdiction_id: city.district.code }, format));
    // then
    expect(answer.status).to.equal(200);
    const elderCare = answer.body.find((s: { service_code: string }) => s.service_code === 'ELDER_CARE');
    expect(Object.keys(elderCare)).to.deep.equal(SERVICE_FIELDS);
    expect(elderCare).to.deep.equal({
      service_code: 'ELDER_CARE',
      service_name: '养老助老',
      description: 'Routine: accepted within 12 h, served within 2 d. Urgent: accepted within 2 h, served within 12 h. Emergency: accepted within 30 min, served within 4 h.',
      metadata: true,
      type: 'realtime',
      keywords: 'Elder care, ELDER_CARE',
      group: null,
    });
    expect(answer.body.map((s: { service_code: string }) => s.service_code)).to.include.members(['HEALTH', 'CITY_PROBLEM', 'EMERGENCY']);
  });

  it('uses the spec\'s XML elements: services of service, and a declaration naming UTF-8', async () => {
    const xml = await get311('services', {}, 'xml');
    expect(xml.text).to.match(/^<\?xml version="1\.0" encoding="utf-8"\?>\n<services><service><service_code>/);
    expect(xml.text).to.contain('<group/>');
    expect(xml.text).to.contain('<metadata>true</metadata><type>realtime</type>');
  });

  it('leaves out a category closed to new demands, and its definition is not found', async () => {
    // given
    const admin = await asAdmin();
    const id = await categoryId('MEDIATION');
    await gqlOk(CATEGORY_UPDATE, { input: { id, active: false } }, admin);
    try {
      // when
      const list = await get311('services');
      const definition = await get311('services/MEDIATION');
      // then
      expect(list.body.map((s: { service_code: string }) => s.service_code)).not.to.include('MEDIATION');
      expect(definition.status).to.equal(404);
    } finally {
      await gqlOk(CATEGORY_UPDATE, { input: { id, active: true } }, admin);
    }
  });

  it('defines each service with its one attribute, URGENCY, a single-value list of the three urgencies', async () => {
    // when
    const answer = await bothFormats((format) => get311('services/HEALTH', { jurisdiction_id: city.district.code }, format));
    // then
    expect(answer.status).to.equal(200);
    expect(answer.body).to.deep.equal({
      service_code: 'HEALTH',
      attributes: [
        {
          variable: true,
          code: 'URGENCY',
          datatype: 'singlevaluelist',
          required: false,
          datatype_description: 'One of the keys; ROUTINE when left out.',
          order: 1,
          description: 'How fast it must be handled. Routine: accepted within 12 h, served within 2 d. Urgent: accepted within 2 h, served within 12 h. Emergency: accepted within 30 min, served within 4 h.',
          values: [
            { key: 'ROUTINE', name: 'Routine (一般)' },
            { key: 'URGENT', name: 'Urgent (紧急)' },
            { key: 'EMERGENCY', name: 'Emergency (危急)' },
          ],
        },
      ],
    });
    expect(Object.keys(answer.body.attributes[0])).to.deep.equal(['variable', 'code', 'datatype', 'required', 'datatype_description', 'order', 'description', 'values']);
    const xml = await get311('services/HEALTH', {}, 'xml');
    expect(xml.text).to.contain('<service_definition><service_code>HEALTH</service_code><attributes><attribute><variable>true</variable>');
    expect(xml.text).to.contain('<values><value><key>ROUTINE</key><name>Routine (一般)</name></value>');
  });

  it('answers an unknown service or jurisdiction with 404 and the spec\'s errors, in both formats', async () => {
    const service = await bothFormats((format) => get311('services/NO_SUCH', {}, format));
    expect(service.status).to.equal(404);
    expect(service.body).to.deep.equal([{ code: 404, description: 'service_code: no service "NO_SUCH"' }]);
    const jurisdiction = await bothFormats((format) => get311('services', { jurisdiction_id: 'nowhere.example' }, format));
    expect(jurisdiction.status).to.equal(404);
    expect(jurisdiction.body).to.deep.equal([{ code: 404, description: 'jurisdiction_id: no district has the code "nowhere.example"' }]);
    const xml = await get311('services/NO_SUCH', {}, 'xml');
    expect(xml.text).to.equal('<?xml version="1.0" encoding="utf-8"?>\n<errors><error><code>404</code><description>service_code: no service &quot;NO_SUCH&quot;</description></error></errors>');
  });

  it('answers an unknown resource with 404, a wrong method with 405, a bad key with 403', async () => {
    const unknown = await get311('tokens/123');
    expect(unknown.status).to.equal(404);
    expect(unknown.body[0].code).to.equal(404);
    const post = await post311({ jurisdiction_id: city.district.code }, 'json', 'services');
    expect(post.status).to.equal(405);
    expect(post.headers.get('allow')).to.equal('GET');
    const badKey = await get311('services', { api_key: 'vgk_not-a-key' }, 'xml');
    expect(badKey.status).to.equal(403);
    expect(badKey.body).to.deep.equal([{ code: '403', description: 'api_key: invalid or revoked' }]);
    const goodKey = await get311('services', { api_key: (await createPartner()).key });
    expect(goodKey.status).to.equal(200);
  });
});
