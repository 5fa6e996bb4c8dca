import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { harness } from './harness';

/**
 * One graphql-ws connection running one subscription, collecting what it receives, as a
 * volunteer's app or a dispatcher's console would.
 */
export class LiveClient<T = any> {
  readonly results: T[] = [];
  readonly errors: unknown[] = [];
  closeCode: number | null = null;
  private readonly client: Client;
  /** Whether the server registered the subscription (refused ones never are). */
  private registered = false;
  private unsubscribe: (() => void) | null = null;

  /** `url`: another server process's graphql-ws endpoint; the in-process test server by default. */
  constructor(token: string, url: string = harness().wsUrl) {
    this.client = createClient({
      url,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
      lazy: true,
      on: { closed: (event) => (this.closeCode = (event as { code: number }).code) },
    });
  }

  /**
   * Subscribes and resolves once the server has registered the subscription on its feed (the
   * server runs in this process); `registered: false` for subscriptions meant to be refused.
   */
  async subscribe(query: string, variables: Record<string, unknown> = {}, { registered = true } = {}): Promise<this> {
    const services = harness().app.services;
    const before = services.subscriberCount();
    const connected = new Promise<void>((resolve) => this.client.on('connected', () => resolve()));
    this.unsubscribe = this.client.subscribe<Record<string, T>>(
      { query, variables },
      {
        next: (result) => {
          if (result.errors) this.errors.push(...result.errors);
          if (result.data) this.results.push(Object.values(result.data)[0]);
        },
        error: (err) => this.errors.push(err),
        complete: () => undefined,
      },
    );
    await connected;
    if (registered) {
      await this.until(() => services.subscriberCount() > before, 'the subscription to be registered');
      this.registered = true;
    }
    return this;
  }

  /** Waits (bounded) until the predicate holds; the bound only keeps a broken test from hanging. */
  async until(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.results)}, errors ${JSON.stringify(this.errors)}, close ${this.closeCode}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /**
   * Closes the connection and, when the server still held the subscription, waits (briefly) until it
   * has let it go, so that a following subscribe() counts registrations from a settled number.
   */
  async close(): Promise<void> {
    const services = harness().app.services;
    const before = services.subscriberCount();
    const held = this.registered && this.closeCode === null;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.registered = false;
    await this.client.dispose();
    const deadline = Date.now() + 2000;
    while (held && services.subscriberCount() >= before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  }
}
