import { unauthenticated } from '../core/errors';
import type { Delivery, LogEntry, LogFeed } from '../core/log-feed';
import { decodeCursor, encodeCursor } from '../core/relay';
import type { Context, Viewer } from './context';
import { createLoaders } from './loaders';

/** The viewer of a subscription; UNAUTHENTICATED (with the reason a token was refused) otherwise. */
export function liveViewer(ctx: Context): Viewer {
  if (!ctx.viewer) throw unauthenticated(ctx.authError ? `Authentication required: ${ctx.authError}` : undefined);
  return ctx.viewer;
}

/**
 * Opens a subscription on a log for the viewer (the caller has checked that they may hear `key`):
 * replay after the cursor, then live. Its end when the right to it ends (token expiry, account
 * disabled) is the connection's business: see server/fanout/live-members.ts.
 */
export function openLive<E extends LogEntry>(ctx: Context, feed: LogFeed<E>, key: string, after: string | null): AsyncIterableIterator<Delivery<E>> {
  liveViewer(ctx);
  return feed.subscribe(key, after === null ? null : decodeCursor(after));
}

/**
 * Before each delivery: the token must still be valid. Loaders are renewed so that nested objects
 * show their state now, not as the subscription's first delivery cached them.
 */
export function recheckLive(ctx: Context): void {
  if (ctx.tokenExpiresAt && ctx.tokenExpiresAt.getTime() <= Date.now()) {
    ctx.closeConnection?.(4403, 'Forbidden: token expired');
    throw unauthenticated('token expired');
  }
  ctx.loaders = createLoaders(ctx.db);
}

/** A position in a log as the opaque cursor clients pass back as `after`. */
export function cursorOf(entry: LogEntry): string {
  return encodeCursor(entry.id);
}
