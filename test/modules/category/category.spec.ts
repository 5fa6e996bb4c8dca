import { expect } from 'chai';
import { ServiceCategory } from '../../../src/modules/category/category.entity';
import { asAdmin, errorCode, gql, gqlOk } from '../../support/client';
import { createAccount, createRegion, uniqueCode } from '../../support/factories';
import { harness } from '../../support/harness';

const LIST = `{ serviceCategories { id code name nameEn active serviceLevels { urgency acceptWithinHours completeWithinHours } } }`;
const CREATE = `mutation($input: ServiceCategoryCreateInput!) { serviceCategoryCreate(input: $input) { serviceCategory { id code name nameEn active serviceLevels { urgency acceptWithinHours completeWithinHours } } userErrors { field message code } } }`;
const UPDATE = `mutation($input: ServiceCategoryUpdateInput!) { serviceCategoryUpdate(input: $input) { serviceCategory { id name active serviceLevels { urgency acceptWithinHours completeWithinHours } } userErrors { field message code } } }`;
const LEVELS = [
  { urgency: 'ROUTINE', acceptWithinHours: 24, completeWithinHours: 72 },
  { urgency: 'URGENT', acceptWithinHours: 2, completeWithinHours: 12 },
  { urgency: 'EMERGENCY', acceptWithinHours: 0.25, completeWithinHours: 2 },
];
const categoryCode = () => uniqueCode('C').toUpperCase().replace(/[^A-Z0-9]/g, '_').slice(0, 30);
const count = () => harness().db.getRepository(ServiceCategory).count();

describe('service categories', () => {
  it('come seeded with the reference list from the seeds, in Chinese and English, with a level per urgency', async () => {
    const { serviceCategories } = await gqlOk(LIST, {}, await asAdmin());
    const codes = serviceCategories.map((c: { code: string }) => c.code);
    for (const code of ['ELDER_CARE', 'CHILD_CARE', 'HEALTH', 'LEGAL_AID', 'JOB_GUIDANCE', 'POVERTY_RELIEF', 'PUBLIC_ORDER', 'ENVIRONMENT', 'CULTURE_SPORTS', 'EDUCATION', 'CONVENIENCE', 'DISABILITY', 'EMERGENCY', 'CITY_PROBLEM']) {
      expect(codes).to.include(code);
    }
    const elder = serviceCategories.find((c: { code: string }) => c.code === 'ELDER_CARE');
    expect(elder).to.deep.include({ name: '养老助老', nameEn: 'Elder care', active: true });
    expect(elder.serviceLevels.map((l: { urgency: string }) => l.urgency)).to.deep.equal(['ROUTINE', 'URGENT', 'EMERGENCY']);
    for (const c of serviceCategories) for (const l of c.serviceLevels) expect(l.completeWithinHours).to.be.at.least(l.acceptWithinHours);
  });

  it('an admin adds a category and edits its names, levels and availability', async () => {
    const code = categoryCode();
    const created = await gqlOk(CREATE, { input: { code, name: '家电维修', nameEn: 'Appliance repair', serviceLevels: LEVELS } }, await asAdmin());
    expect(created.serviceCategoryCreate.userErrors).to.deep.equal([]);
    expect(created.serviceCategoryCreate.serviceCategory.serviceLevels).to.deep.equal(LEVELS);
    const id = created.serviceCategoryCreate.serviceCategory.id;
    const updated = await gqlOk(UPDATE, { input: { id, name: '小家电维修', active: false, serviceLevels: [{ urgency: 'URGENT', acceptWithinHours: 1, completeWithinHours: 6 }] } }, await asAdmin());
    expect(updated.serviceCategoryUpdate.serviceCategory).to.deep.include({ name: '小家电维修', active: false });
    expect(updated.serviceCategoryUpdate.serviceCategory.serviceLevels[1]).to.deep.equal({ urgency: 'URGENT', acceptWithinHours: 1, completeWithinHours: 6 });
    const active = (await gqlOk(`{ serviceCategories { code } }`, {}, await asAdmin())).serviceCategories.map((c: { code: string }) => c.code);
    expect(active).not.to.include(code);
    const all = (await gqlOk(`{ serviceCategories(includeInactive: true) { code } }`, {}, await asAdmin())).serviceCategories.map((c: { code: string }) => c.code);
    expect(all).to.include(code);
  });

  it('refuses bad input with the field at fault and writes nothing', async () => {
    const before = await count();
    const cases: [Record<string, unknown>, string[], string][] = [
      [{ code: 'ELDER_CARE' }, ['input', 'code'], 'CONFLICT'],
      [{ code: 'lower case' }, ['input', 'code'], 'INVALID'],
      [{ name: '' }, ['input', 'name'], 'INVALID'],
      [{ serviceLevels: LEVELS.slice(0, 2) }, ['input', 'serviceLevels'], 'INVALID'],
      [{ serviceLevels: [LEVELS[0], LEVELS[1], { ...LEVELS[2], completeWithinHours: 0.1 }] }, ['input', 'serviceLevels', '2', 'completeWithinHours'], 'INVALID'],
      [{ serviceLevels: [LEVELS[0], LEVELS[1], { ...LEVELS[2], acceptWithinHours: -1 }] }, ['input', 'serviceLevels', '2', 'acceptWithinHours'], 'INVALID'],
    ];
    for (const [override, field, code] of cases) {
      const data = await gqlOk(CREATE, { input: { code: categoryCode(), name: '名', nameEn: 'n', serviceLevels: LEVELS, ...override } }, await asAdmin());
      expect(data.serviceCategoryCreate.userErrors, JSON.stringify(override)).to.have.length(1);
      expect(data.serviceCategoryCreate.userErrors[0]).to.deep.include({ field, code });
    }
    expect(await count()).to.equal(before);
  });

  it('is for platform admins only', async () => {
    const dispatcher = await createAccount('DISPATCHER', (await createRegion()).id);
    const res = await gql(CREATE, { input: { code: categoryCode(), name: '名', nameEn: 'n', serviceLevels: LEVELS } }, dispatcher.token);
    expect(errorCode(res)).to.equal('FORBIDDEN');
  });
});
