import { expect } from 'chai';
import { GraphQLError } from 'graphql';
import { encodeCursor, fromGlobalId, parsePage, toConnection, toGlobalId } from '../../src/core/relay';

describe('relay helpers (unit)', () => {
  it('round-trips a global id and checks its type', () => {
    const id = toGlobalId('Grid', 42);
    expect(fromGlobalId(id, ['Grid'])).to.deep.equal({ type: 'Grid', id: 42 });
    expect(fromGlobalId(id, ['Street'])).to.equal(null);
  });

  it('refuses malformed, zero, negative, huge and padded ids', () => {
    for (const raw of ['', '!!!', 'R3JpZA', toGlobalId('Grid', 0), toGlobalId('Grid', '-1'), toGlobalId('Grid', '1'.repeat(20)), toGlobalId('Grid', '01'), 'x'.repeat(500)]) {
      expect(fromGlobalId(raw, ['Grid']), raw).to.equal(null);
    }
  });

  it('parses page arguments with the default and the maximum', () => {
    expect(parsePage({})).to.deep.equal({ limit: 20, afterKey: null });
    expect(parsePage({ first: 100, after: encodeCursor(7) })).to.deep.equal({ limit: 100, afterKey: 7 });
    expect(() => parsePage({ first: 101 })).to.throw(GraphQLError).with.property('extensions').that.deep.equals({ code: 'LIMIT_EXCEEDED' });
    expect(() => parsePage({ after: 'foreign' })).to.throw(GraphQLError);
  });

  it('builds a page from limit+1 rows and counts lazily', async () => {
    let counted = 0;
    const conn = toConnection([{ k: 1 }, { k: 2 }, { k: 3 }], { limit: 2, afterKey: null }, (r) => r.k, async () => ++counted);
    expect(conn.edges.map((e) => e.node.k)).to.deep.equal([1, 2]);
    expect(conn.pageInfo).to.include({ hasNextPage: true, hasPreviousPage: false, endCursor: encodeCursor(2) });
    expect(counted).to.equal(0);
    expect(await conn.totalCount).to.equal(1);
    expect(await conn.totalCount).to.equal(1);
  });
});
