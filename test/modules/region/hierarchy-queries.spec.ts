import { expect } from 'chai';
import { queryStats } from '../../../src/core/database';
import { asAdmin, errorCode, gql, gqlOk } from '../../support/client';
import { createRegion, createTree, type Tree } from '../../support/factories';

const NESTED = /* GraphQL */ `
  query($code: String!) {
    regionByCode(code: $code) {
      ... on District {
        streets(first: 100) { totalCount edges { node { id name ancestors { id } parent { id }
          communities(first: 100) { totalCount edges { node { id
            grids(first: 100) { totalCount edges { node { id code parent { id } ancestors { code } } } } } } } } } }
      }
    }
  }
`;

/** SQL statements the server sends while answering one request (the counter lives in this process with the server). */
async function statementsFor(query: string, variables: Record<string, unknown>) {
  const token = await asAdmin();
  const before = queryStats.count;
  const data = await gqlOk(query, variables, token);
  return { statements: queryStats.count - before, data };
}

describe('hierarchy queries', () => {
  it('districts → streets → communities → grids costs the same number of statements for 8 grids as for 60', async () => {
    // given a small and a larger district
    const small: Tree = await createTree([2, 2, 2]);
    const large: Tree = await createTree([3, 4, 5]);
    // when
    const a = await statementsFor(NESTED, { code: small.code });
    const b = await statementsFor(NESTED, { code: large.code });
    // then
    const grids = (r: any) => r.regionByCode.streets.edges.flatMap((s: any) => s.node.communities.edges.flatMap((c: any) => c.node.grids.edges));
    expect(grids(a.data)).to.have.length(8);
    expect(grids(b.data)).to.have.length(60);
    expect(b.statements).to.equal(a.statements);
    expect(a.statements).to.be.within(4, 12); // a level of the tree is a statement or two, never one per region
  });

  it('the root districts connection batches across districts too', async () => {
    const query = `{ districts(first: 100) { edges { node { ... on District { streets(first: 5) { totalCount edges { node { id ancestors { id } } } } } } } } }`;
    const first = await statementsFor(query, {});
    await createTree([2, 1, 0]);
    await createTree([3, 1, 0]);
    const second = await statementsFor(query, {});
    expect(first.data.districts.edges.length).to.be.at.least(2);
    expect(second.data.districts.edges.length).to.be.at.least(first.data.districts.edges.length);
    expect(second.statements).to.equal(first.statements);
  });

  it('pages with first/after in a stable order, with pageInfo and totalCount', async () => {
    const district = await createRegion();
    const streets = [];
    for (let i = 0; i < 5; i++) streets.push(await createRegion({ level: 'STREET', parentId: district.id }));
    const page = `query($code: String!, $after: String) { regionByCode(code: $code) { ... on District {
      streets(first: 2, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } } } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const data: any = await gqlOk(page, { code: district.code, after }, await asAdmin());
      const conn = data.regionByCode.streets;
      expect(conn.totalCount).to.equal(5);
      expect(conn.pageInfo.hasPreviousPage).to.equal(after !== null);
      expect(conn.pageInfo.endCursor).to.equal(conn.edges[conn.edges.length - 1].cursor);
      seen.push(...conn.edges.map((e: any) => e.node.id));
      pages += 1;
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(pages).to.equal(3);
    expect(seen).to.deep.equal(streets.map((s) => s.id));
  });

  it('returns 20 items by default, allows 100 and refuses 101 with LIMIT_EXCEEDED', async () => {
    const district = await createRegion();
    for (let i = 0; i < 21; i++) await createRegion({ level: 'STREET', parentId: district.id });
    const q = `query($code: String!, $first: Int) { regionByCode(code: $code) { ... on District { streets(first: $first) { totalCount edges { node { id } } } } } }`;
    const byDefault = await gqlOk(q, { code: district.code }, await asAdmin());
    expect(byDefault.regionByCode.streets.edges).to.have.length(20);
    expect(byDefault.regionByCode.streets.totalCount).to.equal(21);
    expect((await gqlOk(q, { code: district.code, first: 100 }, await asAdmin())).regionByCode.streets.edges).to.have.length(21);
    expect(errorCode(await gql(q, { code: district.code, first: 101 }, await asAdmin()))).to.equal('LIMIT_EXCEEDED');
    expect(errorCode(await gql(`{ districts(first: 1000) { totalCount } }`, {}, await asAdmin()))).to.equal('LIMIT_EXCEEDED');
    expect(errorCode(await gql(`{ districts(first: -1) { totalCount } }`, {}, await asAdmin()))).to.equal('BAD_USER_INPUT');
    expect(errorCode(await gql(`{ districts(after: "bm90LWEtY3Vyc29y") { totalCount } }`, {}, await asAdmin()))).to.equal('BAD_USER_INPUT');
  });
});
