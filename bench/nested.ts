/**
 * Nested query: district → streets → communities → grids → open demands, the walk a command
 * center's region tree does. Our server (DataLoaders: one statement per level) against a naive
 * graphql-js server over the same database that runs one statement per parent, in the same run.
 *
 *   npm run bench:nested                          (embedded SQLite; DATABASE_URL=mysql://... for MariaDB)
 *   npm run bench:nested -- --shape 8x5x4 --runs 30
 *
 * Figures: SQL statements for the query (the request's own, not the sign-in's: a `{ __typename }`
 * request with the same token is subtracted), target depth + 1 = 5; p50 and p95 latency over HTTP
 * of both servers and their ratio.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphQLID, GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString, graphql } from 'graphql';
import type { DataSource } from 'typeorm';
import { queryStats, requestScope } from '../src/core/database';
import { toGlobalId } from '../src/core/relay';
import { Role } from '../src/modules/account/role';
import { ServiceCategory } from '../src/modules/category/category.entity';
import { OPEN_STATUSES } from '../src/modules/demand/demand.state-machine';
import { Region, RegionLevel } from '../src/modules/region/region.entity';
import { REGION_TYPE_NAMES } from '../src/modules/region/region.types';
import { arg, percentile, progress, report, round, startBenchServer, type Row } from './support';

const OURS = /* GraphQL */ `
  query Tree($code: String!) {
    regionByCode(code: $code) {
      ... on District { name
        streets(first: 100) { edges { node { name
          communities(first: 100) { edges { node { name
            grids(first: 100) { edges { node { name
              openDemands(first: 20) { edges { node { id title status urgency } } }
            } } }
          } } }
        } } }
      }
    }
  }
`;
const NAIVE = /* GraphQL */ `
  query Tree($code: String!) {
    district(code: $code) { name streets { name communities { name grids { name openDemands { id title status urgency } } } } }
  }
`;
const DEPTH = 4;
const OPEN_PER_GRID = 5;
const CLOSED_PER_GRID = 5;

async function main(): Promise<void> {
  const [streets, communities, grids] = arg('shape', '8x5x4').split('x').map(Number);
  const runs = Number(arg('runs', '30'));
  const server = await startBenchServer({ COUNT_SQL_STATEMENTS: '1' });
  const naive = await startNaive(server.db);
  try {
    const admin = await server.account(Role.PLATFORM_ADMIN);
    const code = await seedDistrict(server.db, streets, communities, grids, admin.id);
    const post = async (url: string, query: string, variables: object, token?: string) => {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) });
      const body = (await res.json()) as { data?: any; errors?: unknown[] };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data;
    };
    const countStatements = async (send: () => Promise<unknown>) => {
      const before = queryStats.count;
      await send();
      return queryStats.count - before;
    };
    const signIn = await countStatements(() => post(server.app.url, '{ __typename }', {}, admin.token));
    const ours = (await countStatements(() => post(server.app.url, OURS, { code }, admin.token))) - signIn;
    const theirs = await countStatements(() => post(naive.url, NAIVE, { code }));
    const demandsOurs = (await post(server.app.url, OURS, { code }, admin.token)).regionByCode.streets.edges
      .flatMap((s: any) => s.node.communities.edges.flatMap((c: any) => c.node.grids.edges.flatMap((g: any) => g.node.openDemands.edges))).length;
    const demandsNaive = (await post(naive.url, NAIVE, { code })).district.streets.flatMap((s: any) => s.communities.flatMap((c: any) => c.grids.flatMap((g: any) => g.openDemands))).length;
    if (demandsOurs !== demandsNaive) throw new Error(`the servers disagree: ${demandsOurs} vs ${demandsNaive} open demands`);

    const time = async (label: string, send: () => Promise<unknown>) => {
      const times: number[] = [];
      for (let i = 0; i < 3; i++) await send();
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        await send();
        times.push(performance.now() - t);
        progress(label, i + 1, runs);
      }
      return times;
    };
    // Interleaved halves, so that neither server gets the quieter half of the run.
    const oursTimes = [...(await time('ours', () => post(server.app.url, OURS, { code }, admin.token)))];
    const naiveTimes = [...(await time('naive', () => post(naive.url, NAIVE, { code })))];
    oursTimes.push(...(await time('ours', () => post(server.app.url, OURS, { code }, admin.token))));
    naiveTimes.push(...(await time('naive', () => post(naive.url, NAIVE, { code }))));

    const p = (t: number[], q: number) => round(percentile(t, q));
    const regions = 1 + streets + streets * communities + streets * communities * grids;
    const rows: Row[] = [
      { scenario: 'nested query', measure: `SQL statements, ours (${regions} regions, ${demandsOurs} open demands)`, value: ours, unit: '', target: `= depth + 1 = ${DEPTH + 1}`, met: ours === DEPTH + 1 },
      { scenario: 'nested query', measure: 'SQL statements, naive resolvers', value: theirs, unit: '', target: 'baseline', met: null },
      { scenario: 'nested query', measure: 'latency p50, ours', value: p(oursTimes, 50), unit: 'ms', target: '', met: null },
      { scenario: 'nested query', measure: 'latency p95, ours', value: p(oursTimes, 95), unit: 'ms', target: '', met: null },
      { scenario: 'nested query', measure: 'latency p50, naive', value: p(naiveTimes, 50), unit: 'ms', target: 'baseline', met: null },
      // Context, not a target: on a database next door a round trip costs less than hydrating an entity.
      { scenario: 'nested query', measure: 'latency p50, ours vs naive', value: round(percentile(oursTimes, 50) / percentile(naiveTimes, 50)), unit: '×', target: '', met: null },
    ];
    report('nested', rows, { shape: { streets, communities, grids }, openPerGrid: OPEN_PER_GRID, runs: runs * 2, statements: { ours, naive: theirs, signIn } });
  } finally {
    naive.close();
    await server.close();
  }
}

/** graphql-js over plain node:http, one statement per parent: the N+1 a resolver written without loaders does. */
async function startNaive(db: DataSource): Promise<{ url: string; close(): void }> {
  const open = OPEN_STATUSES.map((s) => `'${s}'`).join(', ');
  const children = (parentId: number) => db.query('SELECT id, name, level FROM region WHERE parentId = ? ORDER BY id LIMIT 100', [parentId]);
  const Demand = new GraphQLObjectType({
    name: 'Demand',
    fields: { id: { type: GraphQLID, resolve: (d) => toGlobalId('Demand', d.id) }, title: { type: GraphQLString }, status: { type: GraphQLString }, urgency: { type: GraphQLString } },
  });
  const Grid = new GraphQLObjectType({
    name: 'Grid',
    fields: {
      name: { type: GraphQLString },
      openDemands: {
        type: new GraphQLList(Demand),
        resolve: (g) => db.query(`SELECT id, title, status, urgency FROM demand WHERE gridId = ? AND status IN (${open}) ORDER BY id LIMIT 20`, [g.id]),
      },
    },
  });
  const Community = new GraphQLObjectType({ name: 'Community', fields: { name: { type: GraphQLString }, grids: { type: new GraphQLList(Grid), resolve: (c) => children(c.id) } } });
  const Street = new GraphQLObjectType({ name: 'Street', fields: { name: { type: GraphQLString }, communities: { type: new GraphQLList(Community), resolve: (s) => children(s.id) } } });
  const District = new GraphQLObjectType({ name: 'District', fields: { name: { type: GraphQLString }, streets: { type: new GraphQLList(Street), resolve: (d) => children(d.id) } } });
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      fields: {
        district: {
          type: District,
          args: { code: { type: new GraphQLNonNull(GraphQLString) } },
          resolve: async (_root, { code }) => (await db.query('SELECT id, name FROM region WHERE code = ?', [code]))[0] ?? null,
        },
      },
    }),
  });
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const { query, variables } = JSON.parse(body);
      // Counted like our server's statements: inside a request scope.
      void requestScope.run(true, () => graphql({ schema, source: query, variableValues: variables })).then((result) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(result));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => server.close() };
}

/** A district of the given shape with open and closed demands in every grid, written in multi-row INSERTs. */
async function seedDistrict(db: DataSource, streets: number, communities: number, grids: number, createdById: number): Promise<string> {
  const repo = db.getRepository(Region);
  const tag = `N${Date.now().toString(36)}`;
  let n = 0;
  const make = async (level: RegionLevel, parent: Region | null) => {
    const region = await repo.save({ code: `${tag}-${n++}`, name: `${REGION_TYPE_NAMES[level]} ${n}`, level, parentId: parent?.id ?? null, path: 'pending', population: 3000 });
    region.path = `${parent?.path ?? '/'}${region.id}/`;
    await repo.update({ id: region.id }, { path: region.path });
    return region;
  };
  const district = await make(RegionLevel.DISTRICT, null);
  const gridIds: number[] = [];
  for (let s = 0; s < streets; s++) {
    const street = await make(RegionLevel.STREET, district);
    for (let c = 0; c < communities; c++) {
      const community = await make(RegionLevel.COMMUNITY, street);
      for (let g = 0; g < grids; g++) gridIds.push((await make(RegionLevel.GRID, community)).id);
    }
  }
  const category = (await db.getRepository(ServiceCategory).findOneByOrFail({ code: 'ELDER_CARE' })).id;
  const sqlite = db.options.type === 'better-sqlite3';
  const bind = (v: unknown) => (v instanceof Date && sqlite ? v.toISOString().replace('T', ' ').replace('Z', '') : v);
  const columns = ['number', 'title', 'categoryId', 'urgency', 'channel', 'status', 'handlingLevel', 'gridId', 'createdById', 'contactName', 'contactPhone', 'acceptDueAt', 'dueAt', 'createdAt'];
  let k = 0;
  for (const gridId of gridIds) {
    const values: unknown[] = [];
    const at = new Date();
    for (let i = 0; i < OPEN_PER_GRID + CLOSED_PER_GRID; i++) {
      values.push(`${tag}-${k++}`, '帮老人买菜', category, i % 4 === 0 ? 'URGENT' : 'ROUTINE', 'HOTLINE', i < OPEN_PER_GRID ? 'SUBMITTED' : 'CLOSED', 'COMMUNITY', gridId, createdById, '王秀英', '13812345678', at, at, at);
    }
    const row = `(${columns.map(() => '?').join(', ')})`;
    await db.query(`INSERT INTO demand (${columns.join(', ')}) VALUES ${Array.from({ length: OPEN_PER_GRID + CLOSED_PER_GRID }, () => row).join(', ')}`, values.map(bind));
  }
  return district.code;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
