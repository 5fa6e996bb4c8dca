import { expect } from 'chai';
import { BenefitRedemption } from '../../../src/modules/incentive/incentive.entity';
import { Volunteer } from '../../../src/modules/volunteer/volunteer.entity';
import { asAdmin, errorCode, gql, gqlOk } from '../../support/client';
import { createWorld, type World } from '../../support/demand-factories';
import { ACCOUNT_CREATE, uniqueCode } from '../../support/factories';
import { harness } from '../../support/harness';
import { cityDate, createVolunteers } from '../../support/project-factories';
import { type VolunteerRef } from '../../support/volunteer-factories';

const CREATE = `mutation($input: BenefitCreateInput!) { benefitCreate(input: $input) { benefit { id name minStars quota redeemedCount perPersonLimit provider { id } } userErrors { field message code } } }`;
const REDEEM = `mutation($b: ID!) { benefitRedeem(input: { benefitId: $b }) { redemption { id code benefit { redeemedCount } } userErrors { field message code } } }`;
const USE = `mutation($code: String!) { benefitRedemptionUse(input: { code: $code }) { redemption { usedAt } userErrors { field message code } } }`;
const dbId = (globalId: string) => Number(Buffer.from(globalId, 'base64url').toString().split(':')[1]);
/** Approved hours, set directly: earning 100 hours through records is the records spec's business. */
const setHours = (v: VolunteerRef, hours: number) => harness().db.getRepository(Volunteer).update({ id: dbId(v.volunteerId) }, { certifiedMinutes: hours * 60 });

describe('incentives', function () {
  this.timeout(120_000);
  let w: World;
  let community: string;
  let partner: { token: string; organisationId: string };
  before(async () => {
    w = await createWorld(0);
    community = w.A.children[0].id;
    const organisationId = (await gqlOk(`mutation { organisationCreate(input: { name: "${uniqueCode('医院')}", kind: HOSPITAL }) { organisation { id } } }`, {}, await asAdmin())).organisationCreate.organisation.id;
    const username = uniqueCode('hosp');
    await gqlOk(ACCOUNT_CREATE, { input: { username, password: 'a-good-password', role: 'PARTNER', organisationId } }, await asAdmin());
    const token = (await gqlOk(`mutation($u: String!) { login(input: { username: $u, password: "a-good-password" }) { token } }`, { u: username })).login.token;
    partner = { token, organisationId };
  });

  const benefit = async (overrides: Record<string, unknown> = {}) => {
    const data = await gqlOk(CREATE, { input: { name: uniqueCode('免费体检'), minStars: 1, quota: 5, validFrom: cityDate(-1), validUntil: cityDate(30), ...overrides } }, partner.token);
    expect(data.benefitCreate.userErrors, JSON.stringify(data.benefitCreate.userErrors)).to.deep.equal([]);
    return data.benefitCreate.benefit;
  };

  it('a partner lists a benefit of its own organisation; volunteers with the stars redeem it, others are refused; a voucher is used once', async () => {
    const b = await benefit();
    expect(b.provider).to.deep.equal({ id: partner.organisationId });
    const [starred, unstarred] = await createVolunteers(2, { communityId: community });
    await setHours(starred, 150);
    const refused = await gqlOk(REDEEM, { b: b.id }, unstarred.token);
    expect(refused.benefitRedeem.userErrors[0]).to.deep.include({ field: ['input', 'benefitId'], code: 'FORBIDDEN', message: 'it needs 1 stars; you have 0' });
    const got = await gqlOk(REDEEM, { b: b.id }, starred.token);
    expect(got.benefitRedeem.userErrors).to.deep.equal([]);
    expect(got.benefitRedeem.redemption.benefit.redeemedCount).to.equal(1);
    const code = got.benefitRedeem.redemption.code;
    expect(code).to.match(/^[0-9A-F]{12}$/);
    // one each (the default limit)
    expect((await gqlOk(REDEEM, { b: b.id }, starred.token)).benefitRedeem.userErrors[0]).to.deep.include({ code: 'LIMIT_EXCEEDED' });
    // the provider takes the voucher, once; another volunteer cannot
    expect(errorCode(await gql(USE, { code }, unstarred.token))).to.equal('FORBIDDEN');
    expect((await gqlOk(USE, { code }, partner.token)).benefitRedemptionUse.redemption.usedAt).to.be.a('string');
    expect((await gqlOk(USE, { code }, partner.token)).benefitRedemptionUse.userErrors[0]).to.deep.include({ code: 'CONFLICT' });
    // history: the volunteer's own, and the benefit's for its provider
    const mine = await gqlOk(`{ myRedemptions { code usedAt benefit { id } } }`, {}, starred.token);
    expect(mine.myRedemptions).to.have.length(1);
    expect(mine.myRedemptions[0]).to.deep.include({ code, benefit: { id: b.id } });
    const history = await gqlOk(`query($id: ID!) { node(id: $id) { ... on Benefit { redemptions { code volunteer { id } } } } }`, { id: b.id }, partner.token);
    expect(history.node.redemptions.map((r: any) => r.code)).to.deep.equal([code]);
    expect(errorCode(await gql(`query($id: ID!) { node(id: $id) { ... on Benefit { redemptions { code } } } }`, { id: b.id }, starred.token))).to.equal('FORBIDDEN');
    // a partner cannot list for another organisation
    const other = (await gqlOk(`mutation { organisationCreate(input: { name: "${uniqueCode('别家')}", kind: ENTERPRISE }) { organisation { id } } }`, {}, await asAdmin())).organisationCreate.organisation.id;
    expect(errorCode(await gql(CREATE, { input: { name: 'x', minStars: 0, quota: 1, validFrom: cityDate(0), validUntil: cityDate(1), providerOrganisationId: other } }, partner.token))).to.equal('FORBIDDEN');
  });

  it('30 eligible volunteers redeeming a quota of 5 at once: exactly 5 get it, the rest are told it is used up', async () => {
    const b = await benefit({ quota: 5 });
    const volunteers = await createVolunteers(30, { communityId: community });
    for (const v of volunteers) await setHours(v, 120);
    const results = await Promise.all(volunteers.map((v) => gqlOk(REDEEM, { b: b.id }, v.token)));
    const winners = results.filter((r) => r.benefitRedeem.userErrors.length === 0);
    expect(winners).to.have.length(5);
    for (const r of results.filter((x) => x.benefitRedeem.userErrors.length > 0)) expect(r.benefitRedeem.userErrors[0]).to.deep.include({ code: 'LIMIT_EXCEEDED', message: 'all 5 have been given out' });
    expect(await harness().db.getRepository(BenefitRedemption).countBy({ benefitId: dbId(b.id) })).to.equal(5);
    // and one volunteer redeeming a 3-per-person benefit 10 times at once gets exactly 3
    const [eager] = volunteers;
    const multi = await benefit({ quota: 100, perPersonLimit: 3 });
    const mine = await Promise.all(Array.from({ length: 10 }, () => gqlOk(REDEEM, { b: multi.id }, eager.token)));
    expect(mine.filter((r) => r.benefitRedeem.userErrors.length === 0)).to.have.length(3);
  });

  it('outside its dates or stopped it cannot be redeemed; the catalogue can show only what the viewer may redeem', async () => {
    const [v] = await createVolunteers(1, { communityId: community });
    await setHours(v, 350);
    const future = await benefit({ minStars: 2, validFrom: cityDate(5), validUntil: cityDate(10) });
    const now = await benefit({ minStars: 2 });
    const tooHigh = await benefit({ minStars: 3 });
    expect((await gqlOk(REDEEM, { b: future.id }, v.token)).benefitRedeem.userErrors[0]).to.deep.include({ code: 'CONFLICT' });
    const eligible = await gqlOk(`{ benefits(eligible: true, first: 100) { edges { node { id } } } }`, {}, v.token);
    const ids = eligible.benefits.edges.map((e: any) => e.node.id);
    expect(ids).to.include(now.id);
    expect(ids).not.to.include.members([future.id, tooHigh.id]);
    await gqlOk(`mutation($id: ID!) { benefitUpdate(input: { id: $id, active: false }) { userErrors { code } } }`, { id: now.id }, partner.token);
    expect((await gqlOk(REDEEM, { b: now.id }, v.token)).benefitRedeem.userErrors[0]).to.deep.include({ code: 'CONFLICT' });
    const bad = await gqlOk(CREATE, { input: { name: 'x', minStars: 0, quota: 1, validFrom: cityDate(3), validUntil: cityDate(1) } }, partner.token);
    expect(bad.benefitCreate.userErrors[0]).to.deep.include({ field: ['input', 'validUntil'], code: 'INVALID' });
  });
});
