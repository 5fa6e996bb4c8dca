import type { GraphQLInterfaceType, GraphQLSchema } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { buildSchemaSync } from 'type-graphql';
import { nodeTypeOf } from '../core/relay';
import { validateArgument } from '../core/validation';
import type { Region } from '../modules/region/region.entity';
import { REGION_TYPE_NAMES } from '../modules/region/region.types';
import { AccountResolver } from '../modules/account/account.resolver';
import '../modules/account/account.nodes';
import { AuditResolver } from '../modules/audit/audit.resolver';
import '../modules/audit/audit.nodes';
import { CategoryResolver } from '../modules/category/category.resolver';
import '../modules/category/category.nodes';
import { DemandEventResolver, DemandResolver, GridDemandsResolver } from '../modules/demand/demand.resolver';
import '../modules/demand/demand.nodes';
import { NodeResolver } from '../modules/node/node.resolver';
import { AccountOrganisationResolver, ApiKeyResolver, OrganisationResolver } from '../modules/organisation/organisation.resolver';
import '../modules/organisation/organisation.nodes';
import { CommunityResolver, DistrictResolver, RegionResolver, StreetResolver } from '../modules/region/region.resolver';
import '../modules/region/region.nodes';
import { CalloutMemberResolver, CalloutNoticeResolver, CalloutResolver, CalloutUpdateResolver, DemandCalloutsResolver } from '../modules/callout/callout.resolver';
import '../modules/callout/callout.nodes';
import { DemandCandidateResolver, DemandOfferUpdateResolver, DemandOffersResolver, OfferResolver } from '../modules/offer/offer.resolver';
import '../modules/offer/offer.nodes';
import { PairingResolver, PairingVisitResolver, VolunteerPairingsResolver } from '../modules/pairing/pairing.resolver';
import '../modules/pairing/pairing.nodes';
import { SkillResolver } from '../modules/skill/skill.resolver';
import '../modules/skill/skill.nodes';
import { TeamMemberResolver, TeamResolver } from '../modules/team/team.resolver';
import '../modules/team/team.nodes';
import { AccountVolunteerResolver, VolunteerCertificateResolver, VolunteerMoveResolver, VolunteerResolver } from '../modules/volunteer/volunteer.resolver';
import '../modules/volunteer/volunteer.nodes';
import { AnalyticsResolver } from '../modules/analytics/analytics.resolver';
import { ExportResolver } from '../modules/export/export.resolver';
import { ImportJobResolver } from '../modules/bulk/bulk.resolver';
import '../modules/bulk/bulk.nodes';
import { BenefitRedemptionResolver, BenefitResolver } from '../modules/incentive/incentive.resolver';
import '../modules/incentive/incentive.nodes';
import '../modules/timebank/timebank.nodes';
import { NoticeResolver } from '../modules/notice/notice.resolver';
import { ActivityResolver, ActivitySignupResolver, ProjectResolver } from '../modules/project/project.resolver';
import '../modules/project/project.nodes';
import { LeaderboardResolver, NoticeSubjectResolver, ServiceRecordResolver, TeamStarsResolver, VolunteerRecordsResolver } from '../modules/record/record.resolver';
import '../modules/record/record.nodes';
import { FamilyLinkResolver, ListedServiceResolver, TimebankEntryResolver, TimebankResolver } from '../modules/timebank/timebank.resolver';
import '../modules/notice/notice.nodes';
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
  GridDemandsResolver,
  OrganisationResolver,
  ApiKeyResolver,
  AccountOrganisationResolver,
  SkillResolver,
  VolunteerResolver,
  VolunteerCertificateResolver,
  VolunteerMoveResolver,
  AccountVolunteerResolver,
  TeamResolver,
  TeamMemberResolver,
  OfferResolver,
  DemandOfferUpdateResolver,
  DemandCandidateResolver,
  DemandOffersResolver,
  CalloutResolver,
  CalloutMemberResolver,
  CalloutNoticeResolver,
  CalloutUpdateResolver,
  DemandCalloutsResolver,
  PairingResolver,
  PairingVisitResolver,
  VolunteerPairingsResolver,
  NoticeResolver,
  NoticeSubjectResolver,
  ProjectResolver,
  ActivityResolver,
  ActivitySignupResolver,
  ServiceRecordResolver,
  VolunteerRecordsResolver,
  TeamStarsResolver,
  LeaderboardResolver,
  TimebankResolver,
  TimebankEntryResolver,
  ListedServiceResolver,
  FamilyLinkResolver,
  BenefitResolver,
  BenefitRedemptionResolver,
  AnalyticsResolver,
  ExportResolver,
  ImportJobResolver,
  AuditResolver,
] as const;

let cached: GraphQLSchema | undefined;

/** The executable schema, built once per process from the decorated classes. */
export function buildAppSchema(): GraphQLSchema {
  if (cached) return cached;
  const schema = buildSchemaSync({
    resolvers,
    authChecker,
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    validateFn: validateArgument,
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
  resolveTypesAtOnce(schema);
  applyMutationBoundary(schema);
  cached = schema;
  return schema;
}

/**
 * type-graphql wraps an interface's resolveType in an async function: one more promise for every
 * node, parent and ancestor in an answer. Ours are plain lookups, so they answer at once.
 */
function resolveTypesAtOnce(schema: GraphQLSchema): void {
  (schema.getType('Node') as GraphQLInterfaceType).resolveType = (value) => nodeTypeOf(value);
  (schema.getType('Region') as GraphQLInterfaceType).resolveType = (value) => REGION_TYPE_NAMES[(value as Region).level];
}

function describeRoots(schema: GraphQLSchema): void {
  const query = schema.getQueryType();
  const mutation = schema.getMutationType();
  const subscription = schema.getSubscriptionType();
  if (query) query.description = 'Reading: the hierarchy, accounts, demands, volunteers, teams and any object by id. Lists are Relay connections.';
  if (mutation) mutation.description = 'Changes, one transaction each. Input problems come back as `userErrors`; permission failures as top-level errors.';
  if (subscription) subscription.description = 'Live feeds over graphql-ws on the same path.';
}
