import { expect } from 'chai';
import { ApiKey } from '../../../src/modules/organisation/api-key.entity';
import { Organisation } from '../../../src/modules/organisation/organisation.entity';
import { asAdmin, errorCode, gql, gqlOk } from '../../support/client';
import { ACCOUNT_CREATE, createAccount, createRegion, uniqueCode } from '../../support/factories';
import { categoryId, createWorld, type World } from '../../support/demand-factories';
import { harness } from '../../support/harness';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const ORG_CREATE = `mutation($input: OrganisationCreateInput!) { organisationCreate(input: $input) { organisation { id name kind region { id } } userErrors { field message code } } }`;
const KEY_CREATE = `mutation($input: ApiKeyCreateInput!) { apiKeyCreate(input: $input) { key apiKey { id name prefix revokedAt account { id } } userErrors { field message code } } }`;
const KEY_REVOKE = `mutation($input: ApiKeyRevokeInput!) { apiKeyRevoke(input: $input) { apiKey { id revokedAt } userErrors { field message code } } }`;
const VIEWER = `{ viewer { id role organisation { name } } }`;
const DEMANDS = `{ demands { edges { node { id } } } }`;

/** A request as a partner's system sends it: `Authorization: ApiKey <key>`. */
async function withKey(key: string, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(harness().url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `ApiKey ${key}` }, body: JSON.stringify({ query, variables }) });
  return (await res.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] };
}

async function createOrganisation(name = uniqueCode('org'), kind = 'ENTERPRISE') {
  const data = await gqlOk(ORG_CREATE, { input: { name, kind } }, await asAdmin());
  expect(data.organisationCreate.userErrors).to.deep.equal([]);
  return data.organisationCreate.organisation;
}

async function partnerOf(organisationId: string) {
  const username = uniqueCode('ptnr');
  const data = await gqlOk(ACCOUNT_CREATE, { input: { username, password: 'a-good-password', role: 'PARTNER', organisationId } }, await asAdmin());
  expect(data.accountCreate.userErrors).to.deep.equal([]);
  return data.accountCreate.account.id as string;
}

async function issueKey(accountId: string) {
  const data = await gqlOk(KEY_CREATE, { input: { accountId, name: '311 gateway' } }, await asAdmin());
  expect(data.apiKeyCreate.userErrors).to.deep.equal([]);
  return data.apiKeyCreate as { key: string; apiKey: { id: string; prefix: string } };
}

describe('partner organisations and API keys', () => {
  let w: World;
  before(async () => {
    w = await createWorld(0);
  });

  it('an admin registers organisations of each kind; names are unique and bad input changes nothing', async () => {
    const region = await createRegion();
    for (const kind of ['ENTERPRISE', 'NGO', 'SCHOOL', 'HOSPITAL', 'GOVERNMENT_UNIT', 'CIVILISED_UNIT']) {
      const data = await gqlOk(ORG_CREATE, { input: { name: uniqueCode(kind), kind, regionId: region.id } }, await asAdmin());
      expect(data.organisationCreate.organisation).to.deep.include({ kind, region: { id: region.id } });
    }
    const taken = await createOrganisation();
    const before = await harness().db.getRepository(Organisation).count();
    const dup = await gqlOk(ORG_CREATE, { input: { name: taken.name, kind: 'NGO' } }, await asAdmin());
    expect(dup.organisationCreate.userErrors[0]).to.deep.include({ field: ['input', 'name'], code: 'CONFLICT' });
    const blank = await gqlOk(ORG_CREATE, { input: { name: ' ', kind: 'NGO' } }, await asAdmin());
    expect(blank.organisationCreate.userErrors[0]).to.deep.include({ field: ['input', 'name'], code: 'INVALID' });
    expect(await harness().db.getRepository(Organisation).count()).to.equal(before);
    expect(errorCode(await gql(ORG_CREATE, { input: { name: uniqueCode('x'), kind: 'NGO' } }, w.streetDispatcherA.token))).to.equal('FORBIDDEN');
  });

  it('shows a key once, stores only its hash, and lets it act as its PARTNER account', async () => {
    // given
    const org = await createOrganisation('红十字会' + uniqueCode(''), 'NGO');
    const partnerId = await partnerOf(org.id);
    // when
    const { key, apiKey } = await issueKey(partnerId);
    // then
    expect(key).to.match(/^vgk_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(apiKey.prefix)).to.equal(true);
    const rows = await harness().db.getRepository(ApiKey).find();
    expect(JSON.stringify(rows)).not.to.contain(key.slice(12));
    const viewer = await withKey(key, VIEWER);
    expect(viewer.data.viewer).to.deep.equal({ id: partnerId, role: 'PARTNER', organisation: { name: org.name } });
  });

  it('limits a partner to what its organisation filed, across its accounts and keys', async () => {
    const [orgA, orgB] = [await createOrganisation(), await createOrganisation()];
    const keyA1 = (await issueKey(await partnerOf(orgA.id))).key;
    const keyA2 = (await issueKey(await partnerOf(orgA.id))).key;
    const keyB = (await issueKey(await partnerOf(orgB.id))).key;
    // when a system of organisation A files a demand through its key
    const created = await withKey(keyA1, `mutation($input: DemandCreateInput!) { demandCreate(input: $input) { demand { id channel } userErrors { code } } }`, {
      input: { gridId: w.gridA.id, categoryId: await categoryId(), title: '企业志愿者认领：楼道清扫' },
    });
    const demand = created.data.demandCreate.demand;
    expect(demand.channel).to.equal('PARTNER_API');
    // then A's other account sees it, B does not
    expect((await withKey(keyA2, DEMANDS)).data.demands.edges.map((e: any) => e.node.id)).to.include(demand.id);
    expect((await withKey(keyB, DEMANDS)).data.demands.edges.map((e: any) => e.node.id)).not.to.include(demand.id);
    expect((await withKey(keyB, `query($id: ID!) { node(id: $id) { id } }`, { id: demand.id })).errors?.[0].extensions?.code).to.equal('FORBIDDEN');
    // and a partner sees only its own organisation
    expect((await withKey(keyB, `{ organisations { id } }`)).data.organisations).to.deep.equal([{ id: orgB.id }]);
  });

  it('refuses a revoked key at once, over HTTP and on an already open socket', async () => {
    const { key, apiKey } = await issueKey(await partnerOf((await createOrganisation()).id));
    const client = createClient({ url: harness().wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `ApiKey ${key}` }, retryAttempts: 0, lazy: false });
    // lazy: false keeps one socket open throughout, so the checks after revoking run on the same connection
    const overSocket = () =>
      new Promise<any>((resolve, reject) => {
        let result: any;
        client.subscribe({ query: VIEWER }, { next: (r) => (result = r), error: reject, complete: () => resolve(result) });
      });
    try {
      expect((await overSocket()).data.viewer.role).to.equal('PARTNER');
      expect((await withKey(key, VIEWER)).data.viewer.role).to.equal('PARTNER');
      // when
      const revoked = await gqlOk(KEY_REVOKE, { input: { id: apiKey.id } }, await asAdmin());
      expect(revoked.apiKeyRevoke.apiKey.revokedAt).to.be.a('string');
      // then
      expect((await withKey(key, DEMANDS)).errors?.[0].extensions?.code).to.equal('UNAUTHENTICATED');
      expect((await withKey(key, VIEWER)).data.viewer).to.equal(null);
      const afterRevoke = await overSocket();
      expect(afterRevoke.data.viewer).to.equal(null);
      const guarded = await new Promise<any>((resolve, reject) => {
        let result: any;
        client.subscribe({ query: DEMANDS }, { next: (r) => (result = r), error: reject, complete: () => resolve(result) });
      });
      expect(guarded.errors[0].extensions.code).to.equal('UNAUTHENTICATED');
    } finally {
      await client.dispose();
    }
  });

  it('issues keys only to active PARTNER accounts, and refuses unknown keys', async () => {
    const volunteer = await createAccount('VOLUNTEER');
    const data = await gqlOk(KEY_CREATE, { input: { accountId: volunteer.id, name: 'x' } }, await asAdmin());
    expect(data.apiKeyCreate.userErrors[0]).to.deep.include({ field: ['input', 'accountId'], code: 'INVALID' });
    expect(data.apiKeyCreate.key).to.equal(null);
    const notPartner = await gqlOk(ACCOUNT_CREATE, { input: { username: uniqueCode('v'), password: 'a-good-password', role: 'VOLUNTEER', organisationId: (await createOrganisation()).id } }, await asAdmin());
    expect(notPartner.accountCreate.userErrors[0]).to.deep.include({ field: ['input', 'organisationId'], code: 'INVALID' });
    expect((await withKey('vgk_' + 'A'.repeat(43), DEMANDS)).errors?.[0].extensions?.code).to.equal('UNAUTHENTICATED');
  });
});
