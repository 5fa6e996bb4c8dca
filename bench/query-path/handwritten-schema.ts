/**
 * The baseline schema of bench/query-path.ts: the part of our schema the benchmark query touches
 * (`node`, `Node`, `Region` and its four level types, their connections, `PageInfo`,
 * `RegionLevel`), written by hand with graphql-js constructors. Type, field and argument names and
 * types are the same as in the type-graphql schema (`assertSubsetOf` checks it at start-up).
 *
 * The resolvers do the same work as ours below the type-graphql layer: they call the same
 * functions (`authChecker`, `NodeResolver#node`, `RegionService` → `ctx.loaders`, `toGlobalId`,
 * the same `resolveType` logic). What they skip is exactly what type-graphql adds per field:
 * the auth middleware chain, `convertToType` of roots, args converted to class instances and run
 * through class-validator, wrappers around plain properties, and async `resolveType`.
 */
import {
  GraphQLBoolean,
  GraphQLEnumType,
  GraphQLID,
  GraphQLInt,
  GraphQLInterfaceType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  isEnumType,
  isInterfaceType,
  isObjectType,
  type GraphQLFieldConfigMap,
  type GraphQLOutputType,
} from 'graphql';
import { nodeSources, toGlobalId, type Connection, type PageArgs } from '../../src/core/relay';
import { NodeResolver } from '../../src/modules/node/node.resolver';
import { RegionLevel, type Region } from '../../src/modules/region/region.entity';
import { REGION_TYPE_NAMES } from '../../src/modules/region/region.types';
import { authChecker } from '../../src/server/auth';
import type { Context } from '../../src/server/context';

const nonNull = <T extends GraphQLOutputType>(type: T) => new GraphQLNonNull(type);

export function buildHandwrittenSchema(): GraphQLSchema {
  const nodeResolver = new NodeResolver();

  const RegionLevelType = new GraphQLEnumType({
    name: 'RegionLevel',
    values: Object.fromEntries(Object.values(RegionLevel).map((level) => [level, { value: level }])),
  });

  const NodeType = new GraphQLInterfaceType({
    name: 'Node',
    fields: { id: { type: nonNull(GraphQLID) } },
    resolveType: (value: unknown) => {
      for (const source of nodeSources) {
        const type = source.typeOf(value);
        if (type) return type;
      }
      return undefined;
    },
  });

  const PageInfoType = new GraphQLObjectType({
    name: 'PageInfo',
    fields: {
      hasNextPage: { type: nonNull(GraphQLBoolean) },
      hasPreviousPage: { type: nonNull(GraphQLBoolean) },
      startCursor: { type: GraphQLString },
      endCursor: { type: GraphQLString },
    },
  });

  const pageArgs = { first: { type: GraphQLInt }, after: { type: GraphQLString } };

  const regionFields = (): GraphQLFieldConfigMap<Region, Context> => ({
    id: { type: nonNull(GraphQLID), resolve: (region) => toGlobalId(REGION_TYPE_NAMES[region.level], region.id) },
    code: { type: nonNull(GraphQLString) },
    name: { type: nonNull(GraphQLString) },
    level: { type: nonNull(RegionLevelType) },
    parent: { type: RegionType, resolve: (region, _args, ctx) => ctx.services.region.parent(ctx, region) },
    ancestors: { type: nonNull(new GraphQLList(nonNull(RegionType))), resolve: (region, _args, ctx) => ctx.services.region.ancestors(ctx, region) },
    population: { type: GraphQLInt },
  });

  const RegionType: GraphQLInterfaceType = new GraphQLInterfaceType({
    name: 'Region',
    interfaces: [NodeType],
    fields: regionFields as () => GraphQLFieldConfigMap<unknown, unknown>,
    resolveType: (region: Region) => REGION_TYPE_NAMES[region.level],
  });

  const connection = (name: string, nodeType: GraphQLObjectType) => {
    const edge = new GraphQLObjectType({
      name: `${name}Edge`,
      fields: { cursor: { type: nonNull(GraphQLString) }, node: { type: nonNull(nodeType) } },
    });
    return new GraphQLObjectType({
      name: `${name}Connection`,
      fields: {
        edges: { type: nonNull(new GraphQLList(nonNull(edge))) },
        pageInfo: { type: nonNull(PageInfoType) },
        // Lazy (a promise, counted only when asked). An explicit resolver, because graphql-jit reads
        // fields without one as plain synchronous properties and would not await it.
        totalCount: { type: nonNull(GraphQLInt), resolve: (page: Connection<Region>) => page.totalCount },
      },
    });
  };

  /** A level type; `children` is its child connection field, resolved like District.streets & co. */
  const level = (name: string, children?: { field: string; connection: () => GraphQLObjectType }): GraphQLObjectType =>
    new GraphQLObjectType<Region, Context>({
      name,
      interfaces: [NodeType, RegionType],
      fields: () => ({
        ...regionFields(),
        ...(children && {
          [children.field]: {
            type: nonNull(children.connection()),
            args: pageArgs,
            resolve: (region: Region, args: PageArgs, ctx: Context) => ctx.services.region.children(ctx, region, args),
          },
        }),
      }),
    });

  const GridType = level('Grid');
  const GridConnection = connection('Grid', GridType);
  const CommunityType = level('Community', { field: 'grids', connection: () => GridConnection });
  const CommunityConnection = connection('Community', CommunityType);
  const StreetType = level('Street', { field: 'communities', connection: () => CommunityConnection });
  const StreetConnection = connection('Street', StreetType);
  const DistrictType = level('District', { field: 'streets', connection: () => StreetConnection });

  const QueryType = new GraphQLObjectType<unknown, Context>({
    name: 'Query',
    fields: {
      node: {
        type: NodeType,
        args: { id: { type: nonNull(GraphQLID) } },
        // @Authorized() without roles, then the resolver body: the same two functions type-graphql calls.
        resolve: (root, args: { id: string }, ctx, info) => {
          authChecker({ root, args, context: ctx, info }, []);
          return nodeResolver.node(args.id, ctx);
        },
      },
    },
  });

  return new GraphQLSchema({ query: QueryType, types: [DistrictType, StreetType, CommunityType, GridType] });
}

/** Every type, field and argument of `mine` exists in `ours` with the same type: the baseline answers the same contract. */
export function assertSubsetOf(ours: GraphQLSchema, mine: GraphQLSchema): void {
  for (const [name, type] of Object.entries(mine.getTypeMap())) {
    if (name.startsWith('__')) continue;
    if (isEnumType(type)) {
      const theirs = ours.getType(name);
      const values = (t: GraphQLEnumType) => t.getValues().map((v) => `${v.name}=${String(v.value)}`).sort().join(',');
      if (!isEnumType(theirs) || values(theirs) !== values(type)) throw new Error(`hand-written schema: enum ${name} differs from ours`);
      continue;
    }
    if (!(isObjectType(type) || isInterfaceType(type))) continue;
    const theirs = ours.getType(name);
    if (!theirs || !(isObjectType(theirs) || isInterfaceType(theirs)) || theirs.constructor !== type.constructor) {
      throw new Error(`hand-written schema: ${name} is not a ${type.constructor.name} in ours`);
    }
    const interfaces = (t: typeof type) => t.getInterfaces().map((i) => i.name).sort().join(',');
    if (interfaces(theirs) !== interfaces(type)) throw new Error(`hand-written schema: ${name} implements ${interfaces(type)}, ours ${interfaces(theirs)}`);
    const theirFields = theirs.getFields();
    for (const field of Object.values(type.getFields())) {
      const other = theirFields[field.name];
      if (!other || String(other.type) !== String(field.type)) throw new Error(`hand-written schema: ${name}.${field.name}: ${field.type} vs ours ${other?.type}`);
      for (const arg of field.args) {
        const otherArg = other.args.find((a) => a.name === arg.name);
        if (!otherArg || String(otherArg.type) !== String(arg.type)) throw new Error(`hand-written schema: ${name}.${field.name}(${arg.name}) differs from ours`);
      }
    }
  }
}
