import type { GraphQLSchema } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { buildSchemaSync } from 'type-graphql';
import { AccountResolver } from '../modules/account/account.resolver';
import '../modules/account/account.nodes';
import { CategoryResolver } from '../modules/category/category.resolver';
import '../modules/category/category.nodes';
import { DemandEventResolver, DemandResolver } from '../modules/demand/demand.resolver';
import '../modules/demand/demand.nodes';
import { NodeResolver } from '../modules/node/node.resolver';
import { AccountOrganisationResolver, ApiKeyResolver, OrganisationResolver } from '../modules/organisation/organisation.resolver';
import '../modules/organisation/organisation.nodes';
import { CommunityResolver, DistrictResolver, RegionResolver, StreetResolver } from '../modules/region/region.resolver';
import '../modules/region/region.nodes';
import { authChecker } from './auth';
import { applyMutationBoundary } from './mutation-boundary';

export const resolvers = [
  NodeResolver,
  RegionResolver,
  DistrictResolver,
  StreetResolver,
  CommunityResolver,
  AccountResolver,
  CategoryResolver,
  DemandResolver,
  DemandEventResolver,
  OrganisationResolver,
  ApiKeyResolver,
  AccountOrganisationResolver,
] as const;

let cached: GraphQLSchema | undefined;

/** The executable schema, built once per process from the decorated classes. */
export function buildAppSchema(): GraphQLSchema {
  if (cached) return cached;
  const schema = buildSchemaSync({
    resolvers,
    authChecker,
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    validate: { forbidUnknownValues: false, stopAtFirstError: true },
    // Every subscription brings its own `subscribe` (the demand feed replays from the event log,
    // which a topic pub/sub cannot do); type-graphql insists on a pubSub, so this one refuses use.
    pubSub: {
      publish: () => {
        throw new Error('topic pub/sub is not used: subscriptions define `subscribe`');
      },
      subscribe: () => {
        throw new Error('topic pub/sub is not used: subscriptions define `subscribe`');
      },
    },
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
