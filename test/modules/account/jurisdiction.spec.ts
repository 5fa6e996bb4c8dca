import { expect } from 'chai';
import { Account } from '../../../src/modules/account/account.entity';
import { Region } from '../../../src/modules/region/region.entity';
import { asAdmin, errorCode, gql } from '../../support/client';
import { ACCOUNT_CREATE, REGION_CREATE, createAccount, createTree, uniqueCode, type AccountRef, type Tree } from '../../support/factories';
import { harness } from '../../support/harness';

const REGION_UPDATE = `mutation($input: RegionUpdateInput!) { regionUpdate(input: $input) { region { id } userErrors { code field message } } }`;
const REGION_MOVE = `mutation($input: RegionMoveInput!) { regionMove(input: $input) { region { id } userErrors { code field message } } }`;
const DISABLE = `mutation($input: AccountDisableInput!) { accountDisable(input: $input) { account { id } userErrors { code field message } } }`;
const ENABLE = `mutation($input: AccountEnableInput!) { accountEnable(input: $input) { account { id } userErrors { code field message } } }`;
const NODE = `query($id: ID!) { node(id: $id) { id } }`;

/**
 * Given a district with streets A and B, a dispatcher scoped to street A may act on A's subtree and
 * is refused (FORBIDDEN, nothing written) for B, for the district level and for roles it cannot grant.
 */
describe('jurisdiction', () => {
  let tree: Tree;
  let A: Tree;
  let B: Tree;
  let dispatcherA: AccountRef;
  let analystA: AccountRef;
  let others: Record<string, AccountRef>;
  let workerA: AccountRef;
  let workerB: AccountRef;

  before(async () => {
    tree = await createTree([2, 2, 1]);
    [A, B] = tree.children;
    dispatcherA = await createAccount('DISPATCHER', A.id);
    analystA = await createAccount('ANALYST', A.id);
    workerA = await createAccount('GRID_WORKER', A.children[0].children[0].id);
    workerB = await createAccount('GRID_WORKER', B.children[0].children[0].id);
    others = {
      GRID_WORKER: workerA,
      VOLUNTEER: await createAccount('VOLUNTEER'),
      RESIDENT: await createAccount('RESIDENT', A.children[0].children[0].id),
      PARTNER: await createAccount('PARTNER'),
    };
  });

  const counts = async () => ({
    regions: await harness().db.getRepository(Region).count(),
    accounts: await harness().db.getRepository(Account).count(),
  });

  type Case = { name: string; query: string; variables: () => Record<string, unknown>; payload: string };
  const operations: Case[] = [
    { name: 'regionCreate (community under A)', payload: 'regionCreate', query: REGION_CREATE, variables: () => ({ input: { level: 'COMMUNITY', parentId: A.id, code: uniqueCode(), name: 'in A' } }) },
    { name: 'regionUpdate (community of A)', payload: 'regionUpdate', query: REGION_UPDATE, variables: () => ({ input: { id: A.children[0].id, name: 'renamed in A' } }) },
    { name: 'regionMove (grid between communities of A)', payload: 'regionMove', query: REGION_MOVE, variables: () => ({ input: { id: A.children[0].children[0].id, parentId: A.children[1].id } }) },
    { name: 'accountCreate (grid worker in A)', payload: 'accountCreate', query: ACCOUNT_CREATE, variables: () => ({ input: { username: uniqueCode('gw'), password: 'a-good-password', role: 'GRID_WORKER', scopeId: A.children[1].children[0].id } }) },
    { name: 'accountDisable (worker in A)', payload: 'accountDisable', query: DISABLE, variables: () => ({ input: { id: workerA.id } }) },
    { name: 'accountEnable (worker in A)', payload: 'accountEnable', query: ENABLE, variables: () => ({ input: { id: workerA.id } }) },
  ];

  describe('a dispatcher scoped to street A', () => {
    for (const op of operations) {
      it(`may ${op.name}`, async () => {
        const res = await gql(op.query, op.variables(), dispatcherA.token);
        expect(res.errors, JSON.stringify(res.errors)).to.equal(undefined);
        expect(res.data[op.payload].userErrors).to.deep.equal([]);
      });
    }

    const refused: Case[] = [
      { name: 'regionCreate under street B', payload: 'regionCreate', query: REGION_CREATE, variables: () => ({ input: { level: 'COMMUNITY', parentId: B.id, code: uniqueCode(), name: 'in B' } }) },
      { name: 'regionCreate a district', payload: 'regionCreate', query: REGION_CREATE, variables: () => ({ input: { level: 'DISTRICT', code: uniqueCode(), name: 'new district' } }) },
      { name: 'regionUpdate a community of B', payload: 'regionUpdate', query: REGION_UPDATE, variables: () => ({ input: { id: B.children[0].id, name: 'renamed from A' } }) },
      { name: 'regionUpdate the district above', payload: 'regionUpdate', query: REGION_UPDATE, variables: () => ({ input: { id: tree.id, name: 'renamed from A' } }) },
      { name: 'regionMove a grid of A into B', payload: 'regionMove', query: REGION_MOVE, variables: () => ({ input: { id: A.children[1].children[0].id, parentId: B.children[0].id } }) },
      { name: 'regionMove a grid of B into A', payload: 'regionMove', query: REGION_MOVE, variables: () => ({ input: { id: B.children[0].children[0].id, parentId: A.children[0].id } }) },
      { name: 'regionMove its own street', payload: 'regionMove', query: REGION_MOVE, variables: () => ({ input: { id: A.id, parentId: tree.id } }) },
      { name: 'accountCreate scoped to B', payload: 'accountCreate', query: ACCOUNT_CREATE, variables: () => ({ input: { username: uniqueCode('gw'), password: 'a-good-password', role: 'GRID_WORKER', scopeId: B.children[0].children[0].id } }) },
      { name: 'accountCreate a platform admin', payload: 'accountCreate', query: ACCOUNT_CREATE, variables: () => ({ input: { username: uniqueCode('pa'), password: 'a-good-password', role: 'PLATFORM_ADMIN' } }) },
      { name: 'accountCreate a partner', payload: 'accountCreate', query: ACCOUNT_CREATE, variables: () => ({ input: { username: uniqueCode('pt'), password: 'a-good-password', role: 'PARTNER' } }) },
      { name: 'accountDisable a worker in B', payload: 'accountDisable', query: DISABLE, variables: () => ({ input: { id: workerB.id } }) },
      { name: 'accountEnable a worker in B', payload: 'accountEnable', query: ENABLE, variables: () => ({ input: { id: workerB.id } }) },
    ];
    for (const op of refused) {
      it(`is refused: ${op.name} (FORBIDDEN, nothing written)`, async () => {
        const before = await counts();
        const res = await gql(op.query, op.variables(), dispatcherA.token);
        expect(errorCode(res)).to.equal('FORBIDDEN');
        expect(res.data?.[op.payload] ?? null).to.equal(null);
        expect(await counts()).to.deep.equal(before);
      });
    }

    it('sees accounts scoped inside A through node(id), not those of B', async () => {
      expect((await gql(NODE, { id: workerA.id }, dispatcherA.token)).data.node).to.deep.equal({ id: workerA.id });
      expect(errorCode(await gql(NODE, { id: workerB.id }, dispatcherA.token))).to.equal('FORBIDDEN');
    });
  });

  describe('roles without write access', () => {
    for (const role of ['ANALYST', 'GRID_WORKER', 'VOLUNTEER', 'RESIDENT', 'PARTNER']) {
      it(`${role} is refused every hierarchy and account mutation, even inside its own scope`, async () => {
        const account = role === 'ANALYST' ? analystA : others[role];
        for (const op of operations) {
          const before = await counts();
          const res = await gql(op.query, op.variables(), account.token);
          expect(errorCode(res), op.name).to.equal('FORBIDDEN');
          expect(await counts()).to.deep.equal(before);
        }
      });
    }

    it('every signed-in role may read the hierarchy; nobody may without a token', async () => {
      const read = `query($code: String!, $id: ID!) { districts(first: 1) { totalCount } regionByCode(code: $code) { id } node(id: $id) { id } }`;
      for (const account of [dispatcherA, analystA, ...Object.values(others)]) {
        const res = await gql(read, { code: B.code, id: B.id }, account.token);
        expect(res.errors, JSON.stringify(res.errors)).to.equal(undefined);
        expect(res.data.regionByCode.id).to.equal(B.id);
      }
      expect(errorCode(await gql(read, { code: B.code, id: B.id }))).to.equal('UNAUTHENTICATED');
    });

    it('a non-dispatcher sees only its own account through node(id)', async () => {
      expect((await gql(NODE, { id: workerA.id }, workerA.token)).data.node).to.deep.equal({ id: workerA.id });
      expect(errorCode(await gql(NODE, { id: workerB.id }, workerA.token))).to.equal('FORBIDDEN');
      expect(errorCode(await gql(NODE, { id: workerB.id }, analystA.token))).to.equal('FORBIDDEN');
      expect((await gql(NODE, { id: workerB.id }, await asAdmin())).data.node).to.deep.equal({ id: workerB.id });
    });
  });
});
