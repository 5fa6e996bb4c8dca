import { LiveClient } from './live-client';

export const DEMAND_EVENTS = /* GraphQL */ `
  subscription($regionId: ID!, $after: String) {
    demandEvents(regionId: $regionId, after: $after) { id cursor type fromStatus toStatus note demand { id number status } }
  }
`;

export interface FeedEvent {
  id: string;
  cursor: string;
  type: string;
  toStatus: string;
  demand: { id: string; number: string; status: string };
}

/** A dispatch console: one graphql-ws connection watching a region, collecting what it receives. */
export class Console extends LiveClient<FeedEvent> {
  get events(): FeedEvent[] {
    return this.results;
  }

  /** Subscribes to the region's feed; see LiveClient.subscribe for `registered`. */
  watch(regionId: string, after?: string, options: { registered?: boolean } = {}): Promise<this> {
    return this.subscribe(DEMAND_EVENTS, { regionId, after: after ?? null }, options);
  }
}

/** Lets in-flight deliveries land before asserting that nothing more arrives. */
export async function settle(ms = 300): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}
