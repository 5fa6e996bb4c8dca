import { createClient, type Client, type ExecutionResult } from 'graphql-ws';
import { websocketUrl } from './graphql';

export type LinkState = 'connecting' | 'live' | 'reconnecting' | 'refused';

/** How often to ping the server, and how long to wait for its pong before calling the link dead. */
const PING_EVERY_MS = 10_000;
const PONG_WITHIN_MS = 5_000;

/** Short, growing, jittered waits between attempts: a desk should be back within seconds of the network. */
function backoff(retries: number): Promise<void> {
  const ms = Math.min(250 * 2 ** retries, 5_000) + Math.random() * 250;
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** 4401/4403: the server no longer accepts these credentials (token expired, account disabled); retrying cannot help. */
function isRefusal(event: unknown): boolean {
  const code = (event as { code?: unknown } | null)?.code;
  return code === 4401 || code === 4403;
}

/**
 * The console's one graphql-ws connection. It reconnects by itself, forever, after any drop; the
 * owners of subscriptions hear `connected` and `closed` and decide what to subscribe to on each new
 * connection (the feed resumes from its own last cursor, see feed/feed-controller.ts).
 */
export class LiveLink {
  state: LinkState = 'connecting';
  private readonly client: Client;
  private readonly connectedHandlers = new Set<() => void>();
  private readonly closedHandlers = new Set<() => void>();
  private connectedOnce = false;
  private pongTimer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(
    token: string,
    private readonly onState: (state: LinkState) => void,
  ) {
    this.client = createClient({
      url: websocketUrl(),
      connectionParams: { authorization: `Bearer ${token}` },
      // Connected from the start and kept so, so a drop is noticed (and repaired) even between subscriptions.
      lazy: false,
      keepAlive: PING_EVERY_MS,
      retryAttempts: Infinity,
      shouldRetry: (event) => !isRefusal(event),
      retryWait: backoff,
      onNonLazyError: (event) => {
        if (isRefusal(event)) this.setState('refused');
      },
      on: {
        connecting: () => this.setState(this.connectedOnce ? 'reconnecting' : 'connecting'),
        connected: () => {
          this.connectedOnce = true;
          this.setState('live');
          for (const handler of [...this.connectedHandlers]) handler();
        },
        closed: (event) => {
          clearTimeout(this.pongTimer);
          if (this.disposed) return;
          this.setState(isRefusal(event) ? 'refused' : 'reconnecting');
          for (const handler of [...this.closedHandlers]) handler();
        },
        // A connection whose network silently died never closes by itself: no pong in time ends it.
        ping: (received) => {
          if (received) return;
          clearTimeout(this.pongTimer);
          this.pongTimer = setTimeout(() => this.client.terminate(), PONG_WITHIN_MS);
        },
        pong: (received) => {
          if (received) clearTimeout(this.pongTimer);
        },
      },
    });
  }

  /** Runs `handler` on every new connection (now, too, if connected) until the returned function is called. */
  onConnected(handler: () => void): () => void {
    this.connectedHandlers.add(handler);
    if (this.state === 'live') handler();
    return () => this.connectedHandlers.delete(handler);
  }

  onClosed(handler: () => void): () => void {
    this.closedHandlers.add(handler);
    return () => this.closedHandlers.delete(handler);
  }

  /**
   * One subscription on the current connection. graphql-ws would send it again, unchanged, after a
   * reconnect; the callers end it on `closed` instead and subscribe anew with what they know then.
   */
  subscribe<T>(query: string, variables: Record<string, unknown>, next: (data: T) => void, error: (message: string, code: string | undefined) => void): () => void {
    return this.client.subscribe<T>(
      { query, variables },
      {
        next: (result: ExecutionResult<T>) => {
          const failure = result.errors?.[0] as { message: string; extensions?: { code?: string } } | undefined;
          if (failure) error(failure.message, failure.extensions?.code);
          else if (result.data) next(result.data as T);
        },
        error: (err) => {
          // A close event reaches here only when the link gives up (a refusal); the link reports that itself.
          if (err instanceof Error) error(err.message, undefined);
          else if (Array.isArray(err)) {
            const first = err[0] as { message: string; extensions?: { code?: string } } | undefined;
            error(first?.message ?? 'subscription refused', first?.extensions?.code);
          }
        },
        complete: () => undefined,
      },
    );
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.pongTimer);
    void this.client.dispose();
  }

  private setState(state: LinkState): void {
    if (this.disposed || this.state === state || this.state === 'refused') return;
    this.state = state;
    this.onState(state);
  }
}
