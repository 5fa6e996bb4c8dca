import type { Probes } from './probe';
import { FIELD_PROBES, QUERY_PROBES } from './probes.queries';
import { MUTATION_PROBES } from './probes.mutations';
import { SUBSCRIPTION_PROBES } from './probes.subscriptions';

/** Every probe, by the row name of docs/authorization-matrix.md. */
export const PROBES: Record<'query' | 'mutation' | 'subscription' | 'field', Probes> = {
  query: QUERY_PROBES,
  mutation: MUTATION_PROBES,
  subscription: SUBSCRIPTION_PROBES,
  field: FIELD_PROBES,
};
