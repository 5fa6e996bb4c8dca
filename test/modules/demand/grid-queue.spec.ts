import { expect } from 'chai';
import { queryStats } from '../../../src/core/database';
import { errorCode, gql, gqlOk } from '../../support/client';
import { createDemand, createWorld, step, type World } from '../../support/demand-factories';
import { createRegion } from '../../support/factories';

const QUEUES = /* GraphQL */ `
  query($code: String!) {
    regionByCode(code: $code) {
      ... on Street {
        communities(first: 50) { edges { node {
          grids(first: 50) { edges { node { code openDemands(first: 20) { edges { node { id status } } } } } }
        } } }
      }
    }
  }
`;

const queues = (data: any): Record<string, { id: string; status: string }[]> =>
  Object.fromEntries(
    data.regionByCode.communities.edges.flatMap((c: any) => c.node.grids.edges.map((g: any) => [g.node.code, g.node.openDemands.edges.map((e: any) => e.node)])),
  );

describe('a grid\'s open demands (Grid.openDemands)', function () {
  this.timeout(60_000);
  let w: World;
  const place = (gridId: string, title = '送药上门') => createDemand(w.streetDispatcherA.token, { gridId, title, contactName: '李桂兰', contactPhone: '13900001111' });

  beforeEach(async () => {
    w = await createWorld(0);
  });

  it('lists each grid\'s open demands oldest first, in one statement per level however many grids there are', async () => {
    // given street A with its grid and a second community with two more grids
    const community = await createRegion({ level: 'COMMUNITY', parentId: w.A.id });
    const grids = [w.gridA, await createRegion({ level: 'GRID', parentId: community.id }), await createRegion({ level: 'GRID', parentId: community.id })];
    const first = await place(w.gridA.id);
    const cancelled = await place(w.gridA.id);
    await step('cancel', w.streetDispatcherA.token, { id: cancelled.id });
    const second = await place(w.gridA.id);
    const before = queryStats.count;
    const few = await gqlOk(QUEUES, { code: w.A.code }, w.streetDispatcherA.token);
    const fewStatements = queryStats.count - before;
    // when every grid gets demands
    const more = [await place(grids[1].id), await place(grids[2].id), await place(grids[2].id)];
    const start = queryStats.count;
    const many = await gqlOk(QUEUES, { code: w.A.code }, w.streetDispatcherA.token);
    // then the open ones are listed per grid, and the statements did not grow with them
    expect(queues(few)[w.gridA.code].map((d) => d.id)).to.deep.equal([first.id, second.id]);
    expect(queues(many)).to.deep.equal({
      [w.gridA.code]: [first, second].map((d) => ({ id: d.id, status: 'SUBMITTED' })),
      [grids[1].code]: [{ id: more[0].id, status: 'SUBMITTED' }],
      [grids[2].code]: more.slice(1).map((d) => ({ id: d.id, status: 'SUBMITTED' })),
    });
    expect(queryStats.count - start).to.equal(fewStatements);
  });

  it('is for admins, dispatchers and grid workers whose jurisdiction covers the grid', async () => {
    await place(w.gridA.id);
    const q = `query($code: String!) { regionByCode(code: $code) { ... on Grid { openDemands { totalCount } } } }`;
    const as = (token: string) => gql(q, { code: w.gridA.code }, token);
    // the grid worker of the grid and the street's dispatcher read it
    expect((await as(w.gridWorkerA.token)).data.regionByCode.openDemands.totalCount).to.equal(1);
    expect((await as(w.streetDispatcherA.token)).data.regionByCode.openDemands.totalCount).to.equal(1);
    // another street's dispatcher and the street's analyst are refused
    expect(errorCode(await as(w.streetDispatcherB.token))).to.equal('FORBIDDEN');
    expect(errorCode(await as(w.analystA.token))).to.equal('FORBIDDEN');
  });
});
