import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { harness } from './harness';

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
export class Console {
  readonly events: FeedEvent[] = [];
  readonly errors: unknown[] = [];
  closeCode: number | null = null;
  private readonly client: Client;
  private unsubscribe: (() => void) | null = null;

  constructor(token: string) {
    this.client = createClient({
      url: harness().wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
      lazy: true,
      on: { closed: (event) => (this.closeCode = (event as { code: number }).code) },
    });
  }

  /**
   * Subscribes and resolves once the server has registered the subscription (the test runs the
   * server in-process, so it can see that); `registered: false` for subscriptions meant to be refused.
   */
  async watch(regionId: string, after?: string, { registered = true } = {}): Promise<this> {
    const feed = harness().app.services.feed;
    const before = feed.subscriberCount;
    const connected = new Promise<void>((resolve) => this.client.on('connected', () => resolve()));
    this.unsubscribe = this.client.subscribe<{ demandEvents: FeedEvent }>(
      { query: DEMAND_EVENTS, variables: { regionId, after: after ?? null } },
      {
        next: (result) => {
          if (result.errors) this.errors.push(...result.errors);
          if (result.data) this.events.push(result.data.demandEvents);
        },
        error: (err) => this.errors.push(err),
        complete: () => undefined,
      },
    );
    await connected;
    if (registered) await this.until(() => feed.subscriberCount > before, 'the subscription to be registered');
    return this;
  }

  /** Waits (bounded) until the predicate holds; the bound only keeps a broken test from hanging. */
  async until(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; got ${this.events.length} events, errors ${JSON.stringify(this.errors)}, close ${this.closeCode}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    await this.client.dispose();
  }
}

/** Lets in-flight deliveries land before asserting that nothing more arrives. */
export async function settle(ms = 300): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}
