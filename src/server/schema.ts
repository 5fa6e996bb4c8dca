import type { GraphQLSchema } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { buildSchemaSync } from 'type-graphql';
import { AccountResolver } from '../modules/account/account.resolver';
import '../modules/account/account.nodes';
import { NodeResolver } from '../modules/node/node.resolver';
import { CommunityResolver, DistrictResolver, RegionResolver, StreetResolver } from '../modules/region/region.resolver';
import '../modules/region/region.nodes';
import { authChecker } from './auth';
import { applyMutationBoundary } from './mutation-boundary';

export const resolvers = [NodeResolver, RegionResolver, DistrictResolver, StreetResolver, CommunityResolver, AccountResolver] as const;

let cached: GraphQLSchema | undefined;

/** The executable schema, built once per process from the decorated classes. */
export function buildAppSchema(): GraphQLSchema {
  if (cached) return cached;
  const schema = buildSchemaSync({
    resolvers,
    authChecker,
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    validate: { forbidUnknownValues: false, stopAtFirstError: true },
  });
  describeRoots(schema);
  applyMutationBoundary(schema);
  cached = schema;
  return schema;
}

function describeRoots(schema: GraphQLSchema): void {
  const query = schema.getQueryType();
  const mutation = schema.getMutationType();
  const subscription = schema.getSubscriptionType();
  if (query) query.description = 'Reading: the hierarchy, accounts and any object by id. Lists are Relay connections.';
  if (mutation) mutation.description = 'Changes, one transaction each. Input problems come back as `userErrors`; permission failures as top-level errors.';
  if (subscription) subscription.description = 'Live feeds over graphql-ws on the same path.';
}
