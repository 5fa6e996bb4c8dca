import { expect } from 'chai';
import { AuditEntry } from '../../../src/modules/audit/audit.entity';
import { fromGlobalId } from '../../../src/core/relay';
import { runInTransaction } from '../../../src/core/transaction';
import { ACCOUNT_CREATE, REGION_CREATE, REGION_FIELDS, createAccount, createRegion, uniqueCode, type AccountRef } from '../../support/factories';
import { asAdmin, errorCode, gql, gqlOk, login, wsClient, wsQuery } from '../../support/client';
import { categoryId, type World, createWorld } from '../../support/demand-factories';
import { harness } from '../../support/harness';

const ENTRY_FIELDS = 'id at actor { id } actorId actorRole apiKeyId operation targetId inputFields outcome errorCodes address';
const AUDIT_LOG = `query($filter: AuditLogFilter, $first: Int, $after: String) {
  auditLog(filter: $filter, first: $first, after: $after) { totalCount edges { cursor node { ${ENTRY_FIELDS} } } pageInfo { hasNextPage endCursor } }
}`;
const REGION_UPDATE = `mutation($input: RegionUpdateInput!) { regionUpdate(input: $input) { region { ${REGION_FIELDS} } userErrors { field message code } } }`;
const REGION = `query($id: ID!) { node(id: $id) { ... on Region { name code } } }`;
const KEY_CREATE = `mutation($input: ApiKeyCreateInput!) { apiKeyCreate(input: $input) { key apiKey { id } userErrors { code } } }`;
const ORG_CREATE = `mutation($input: OrganisationCreateInput!) { organisationCreate(input: $input) { organisation { id } userErrors { code } } }`;
const DEMAND_CREATE = `mutation($input: DemandCreateInput!) { demandCreate(input: $input) { demand { id } userErrors { field code } } }`;

async function auditLog(filter: Record<string, unknown>, first = 100, after?: string) {
  return (await gqlOk(AUDIT_LOG, { filter, first, after }, await asAdmin())).auditLog;
}

async function entries(filter: Record<string, unknown>): Promise<any[]> {
  return (await auditLog(filter)).edges.map((e: { node: unknown }) => e.node);
}

/** The problem a bad filter is refused with: top-level code, the field at fault and the reason. */
async function refusal(filter: Record<string, unknown>) {
  const res = await gql(AUDIT_LOG, { filter }, await asAdmin());
  const ext = res.errors?.[0]?.extensions as { code?: string; field?: string[]; reason?: string } | undefined;
  return ext && { code: ext.code, field: ext.field, reason: ext.reason };
}

/** A request as a partner's system sends it: `Authorization: ApiKey <key>`. */
async function withKey(key: string, query: string, variables: Record<string, unknown>) {
  const res = await fetch(harness().url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `ApiKey ${key}` }, body: JSON.stringify({ query, variables }) });
  return (await res.json()) as { data?: any; errors?: unknown[] };
}

describe('audit log', () => {
  let w: World;
  let dispatcher: AccountRef;
  before(async () => {
    w = await createWorld(0);
    dispatcher = await createAccount('DISPATCHER', w.tree.id);
  });

  it('records a successful mutation with who, what, its target, when and from where, and commits it with the change', async () => {
    // given
    const before = new Date();
    // when the dispatcher adds a street over HTTP
    const data = await gqlOk(REGION_CREATE, { input: { level: 'STREET', code: uniqueCode('S'), name: '新街道', parentId: w.tree.id, population: 100 } }, dispatcher.token);
    const street = data.regionCreate.region;
    // then one OK entry names the dispatcher, the operation, the new street and the client address
    const [entry, ...more] = await entries({ targetId: street.id });
    expect(more).to.deep.equal([]);
    expect(entry).to.deep.include({
      actor: { id: dispatcher.id },
      actorId: dispatcher.id,
      actorRole: 'DISPATCHER',
      apiKeyId: null,
      operation: 'regionCreate',
      targetId: street.id,
      outcome: 'OK',
      errorCodes: [],
    });
    expect(entry.inputFields).to.have.members(['input.level', 'input.code', 'input.name', 'input.parentId', 'input.population']);
    expect(entry.address).to.match(/127\.0\.0\.1$/);
    expect(new Date(entry.at).getTime()).to.be.at.least(before.getTime());
  });

  it('records a refused mutation after rolling back its change, with the userErrors codes and the input id as target', async () => {
    // given two streets, one whose code the other will try to take
    const street = await createRegion({ level: 'STREET', parentId: w.tree.id, name: '原来的名字' });
    const other = await createRegion({ level: 'STREET', parentId: w.tree.id });
    // when the rename and the clashing code are refused together
    const data = await gqlOk(REGION_UPDATE, { input: { id: street.id, name: '改过的名字', code: other.code } }, dispatcher.token);
    expect(data.regionUpdate.userErrors[0]).to.deep.include({ code: 'CONFLICT' });
    // then the change is absent
    expect((await gqlOk(REGION, { id: street.id }, await asAdmin())).node).to.deep.equal({ name: '原来的名字', code: street.code });
    // and its entry exists
    const [entry, ...more] = await entries({ targetId: street.id, operation: 'regionUpdate' });
    expect(more).to.deep.equal([]);
    expect(entry).to.deep.include({ actorId: dispatcher.id, actorRole: 'DISPATCHER', operation: 'regionUpdate', targetId: street.id, outcome: 'REFUSED', errorCodes: ['CONFLICT'] });
    expect(entry.inputFields).to.have.members(['input.id', 'input.name', 'input.code']);
  });

  it('records unauthenticated and forbidden calls as ERROR with their code', async () => {
    // given
    const street = await createRegion({ level: 'STREET', parentId: w.tree.id });
    const from = new Date().toISOString();
    // when no one and then an analyst try to change it
    expect(errorCode(await gql(REGION_UPDATE, { input: { id: street.id, name: '无人' } }))).to.equal('UNAUTHENTICATED');
    expect(errorCode(await gql(REGION_UPDATE, { input: { id: street.id, name: '分析员' } }, w.analystA.token))).to.equal('FORBIDDEN');
    // then two ERROR entries, newest first, the name unchanged
    const found = await entries({ targetId: street.id, from });
    expect(found.map((e) => [e.outcome, e.errorCodes, e.actorId, e.actorRole, e.operation])).to.deep.equal([
      ['ERROR', ['FORBIDDEN'], w.analystA.id, 'ANALYST', 'regionUpdate'],
      ['ERROR', ['UNAUTHENTICATED'], null, null, 'regionUpdate'],
    ]);
    for (const e of found) expect(e.address).to.match(/127\.0\.0\.1$/);
    expect((await gqlOk(REGION, { id: street.id }, await asAdmin())).node.name).to.equal(street.name);
  });

  it('records the API key a partner used, and never an input value (password, phone, name, address)', async () => {
    // given a partner account created with a password, and a key for it
    const password = `pw-${uniqueCode('secret')}`;
    const org = (await gqlOk(ORG_CREATE, { input: { name: uniqueCode('org'), kind: 'NGO' } }, await asAdmin())).organisationCreate.organisation;
    const created = (await gqlOk(ACCOUNT_CREATE, { input: { username: uniqueCode('ptnr'), password, role: 'PARTNER', organisationId: org.id } }, await asAdmin())).accountCreate;
    const partnerId = created.account.id;
    await login(created.account.username, password);
    const { key, apiKey } = (await gqlOk(KEY_CREATE, { input: { accountId: partnerId, name: 'gateway' } }, await asAdmin())).apiKeyCreate;
    // when the partner files a demand with personal details through the key, once accepted and once refused
    const personal = { contactName: '李秘密', contactPhone: '13912345678', address: '秘密路 88 号 3 单元' };
    const input = { gridId: w.gridA.id, categoryId: await categoryId(), title: '送药', ...personal };
    const ok = await withKey(key, DEMAND_CREATE, { input });
    const demandId = ok.data.demandCreate.demand.id;
    const refused = await withKey(key, DEMAND_CREATE, { input: { ...input, contactPhone: 'not a phone 13912345678' } });
    expect(refused.data.demandCreate.userErrors[0]).to.deep.include({ code: 'INVALID' });
    // then both entries carry the partner and its key
    const found = await entries({ actorId: partnerId });
    expect(found.map((e) => [e.operation, e.outcome, e.apiKeyId, e.targetId])).to.deep.equal([
      ['demandCreate', 'REFUSED', apiKey.id, w.gridA.id],
      ['demandCreate', 'OK', apiKey.id, demandId],
    ]);
    expect(found[1].inputFields).to.include.members(['input.contactName', 'input.contactPhone', 'input.address']);
    // and no stored row of these calls holds a value that was sent (nor the key)
    const partner = fromGlobalId(partnerId, ['Account'])!.id;
    const rows = await harness().db.getRepository(AuditEntry).find({ where: [{ actorAccountId: partner }, { targetId: partnerId }, { targetId: apiKey.id }] });
    expect(rows.map((r) => r.operation)).to.have.members(['accountCreate', 'login', 'apiKeyCreate', 'demandCreate', 'demandCreate']);
    const stored = JSON.stringify(rows);
    for (const value of [password, key, '13912345678', '李秘密', '秘密路', created.account.username]) expect(stored).not.to.contain(value);
  });

  it('records a mutation over WebSocket with the connection\'s address', async () => {
    // given
    const client = wsClient(dispatcher.token);
    try {
      // when
      const res = await wsQuery(client, REGION_CREATE, { input: { level: 'STREET', code: uniqueCode('S'), name: '套接字街道', parentId: w.tree.id, population: 1 } });
      const street = res.data.regionCreate.region;
      // then
      const [entry] = await entries({ targetId: street.id });
      expect(entry).to.deep.include({ operation: 'regionCreate', outcome: 'OK', actorId: dispatcher.id });
      expect(entry.address).to.match(/127\.0\.0\.1$/);
    } finally {
      await client.dispose();
    }
  });

  it('filters by actor, operation, target, outcome, time range and address, newest first, page by page', async () => {
    // given an account of its own making two OK calls and one refused call
    const actor = await createAccount('DISPATCHER', w.tree.id);
    const from = new Date();
    const first = await gqlOk(REGION_CREATE, { input: { level: 'STREET', code: uniqueCode('S'), name: '一', parentId: w.tree.id } }, actor.token);
    const refused = await gqlOk(REGION_CREATE, { input: { level: 'STREET', code: '!', name: '二', parentId: w.tree.id } }, actor.token);
    expect(refused.regionCreate.userErrors[0]).to.deep.include({ code: 'INVALID' });
    const second = await gqlOk(REGION_UPDATE, { input: { id: first.regionCreate.region.id, name: '一改' } }, actor.token);
    const to = new Date(Date.now() + 1);
    const mine = { actorId: actor.id };
    // then
    const all = await entries(mine);
    expect(all.map((e) => [e.operation, e.outcome])).to.deep.equal([
      ['regionUpdate', 'OK'],
      ['regionCreate', 'REFUSED'],
      ['regionCreate', 'OK'],
    ]);
    expect((await entries({ ...mine, operation: 'regionCreate' })).map((e) => e.outcome)).to.deep.equal(['REFUSED', 'OK']);
    expect((await entries({ ...mine, outcome: 'REFUSED' })).map((e) => e.errorCodes)).to.deep.equal([['INVALID']]);
    expect((await entries({ targetId: second.regionUpdate.region.id })).map((e) => e.operation)).to.deep.equal(['regionUpdate', 'regionCreate']);
    expect(await entries({ ...mine, from: from.toISOString(), to: to.toISOString() })).to.have.length(3);
    expect(await entries({ ...mine, to: from.toISOString() })).to.deep.equal([]);
    expect(await entries({ ...mine, from: to.toISOString() })).to.deep.equal([]);
    expect(await entries({ ...mine, address: all[0].address })).to.have.length(3);
    expect(await entries({ ...mine, address: '203.0.113.9' })).to.deep.equal([]);
    // and pages of one follow each other without gap or repeat
    const page1 = await auditLog(mine, 2);
    expect(page1.totalCount).to.equal(3);
    expect(page1.pageInfo.hasNextPage).to.equal(true);
    const page2 = await auditLog(mine, 2, page1.pageInfo.endCursor);
    expect([...page1.edges, ...page2.edges].map((e: any) => e.node.id)).to.deep.equal(all.map((e) => e.id));
    expect(page2.pageInfo.hasNextPage).to.equal(false);
  });

  it('refuses a bad filter with the field at fault', async () => {
    expect(await refusal({ actorId: w.tree.id })).to.deep.equal({ code: 'BAD_USER_INPUT', field: ['filter', 'actorId'], reason: 'INVALID' });
    expect(await refusal({ operation: 'noSuchMutation' })).to.deep.equal({ code: 'BAD_USER_INPUT', field: ['filter', 'operation'], reason: 'INVALID' });
    expect(await refusal({ targetId: 'not-an-id' })).to.deep.equal({ code: 'BAD_USER_INPUT', field: ['filter', 'targetId'], reason: 'INVALID' });
    expect(await refusal({ from: '2026-03-02T00:00:00Z', to: '2026-03-01T00:00:00Z' })).to.deep.equal({ code: 'BAD_USER_INPUT', field: ['filter', 'to'], reason: 'INVALID' });
    expect(await refusal({ address: 'x'.repeat(65) })).to.deep.equal({ code: 'BAD_USER_INPUT', field: ['filter', 'address'], reason: 'INVALID' });
    expect(errorCode(await gql(AUDIT_LOG, { filter: { outcome: 'MAYBE' } }, await asAdmin()))).to.equal('BAD_USER_INPUT');
  });

  it('is for platform admins only, also through node(id)', async () => {
    // given an entry
    const [entry] = await entries({});
    // then
    expect(errorCode(await gql(AUDIT_LOG, {}))).to.equal('UNAUTHENTICATED');
    for (const caller of [dispatcher, w.analystA, w.resident, w.partner]) expect(errorCode(await gql(AUDIT_LOG, {}, caller.token))).to.equal('FORBIDDEN');
    const NODE = `query($id: ID!) { node(id: $id) { id ... on AuditEntry { operation } } }`;
    expect(errorCode(await gql(NODE, { id: entry.id }, dispatcher.token))).to.equal('FORBIDDEN');
    expect((await gqlOk(NODE, { id: entry.id }, await asAdmin())).node).to.deep.equal({ id: entry.id, operation: entry.operation });
  });

  it('is append-only in the database: UPDATE and DELETE of a row are refused', async () => {
    // given
    const db = harness().db;
    const row = await db.getRepository(AuditEntry).findOneOrFail({ where: {}, order: { id: 'DESC' } });
    // when / then
    for (const sql of ['UPDATE audit_log SET outcome = ? WHERE id = ?', 'DELETE FROM audit_log WHERE id = ?']) {
      const params = sql.startsWith('UPDATE') ? ['OK', row.id] : [row.id];
      const attempt = runInTransaction(db, (tx) => tx.query(sql, params));
      await attempt.then(
        () => expect.fail(`${sql} was allowed`),
        (err: Error) => expect(err.message).to.contain('append-only'),
      );
    }
    expect(await db.getRepository(AuditEntry).findOneByOrFail({ id: row.id })).to.deep.equal(row);
  });
});
