import { probe, unscoped, type Probes } from './probe';

/** Subscriptions, sent over graphql-ws: refused = an error (or a 4401/4403 close) instead of a registered subscription. */
export const SUBSCRIPTION_PROBES: Probes = {
  commandCenterStats: probe(`subscription($r: ID!) { commandCenterStats(regionId: $r) { open } }`, ({ s }) => ({ variables: { r: s.community.id } })),
  demandEvents: probe(`subscription($r: ID!) { demandEvents(regionId: $r) { id } }`, ({ s }) => ({ variables: { r: s.community.id } })),
  demandOffers: unscoped(`subscription { demandOffers { cursor } }`),
  emergencyCalloutUpdates: probe(`subscription($id: ID!) { emergencyCalloutUpdates(id: $id) { cursor } }`, ({ s }) => ({ variables: { id: s.calloutId } })),
  emergencyCallouts: unscoped(`subscription { emergencyCallouts { cursor } }`),
  notices: unscoped(`subscription { notices { cursor } }`),
};
