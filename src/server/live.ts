import { forbidden, unauthenticated } from '../core/errors';
import type { Delivery, LogEntry, LogFeed } from '../core/log-feed';
import { decodeCursor, encodeCursor } from '../core/relay';
import type { Context, Viewer } from './context';
import { createLoaders } from './loaders';

const MAX_TIMER_MS = 2_147_000_000;

/** The viewer of a subscription; UNAUTHENTICATED (with the reason a token was refused) otherwise. */
export function liveViewer(ctx: Context): Viewer {
  if (!ctx.viewer) throw unauthenticated(ctx.authError ? `Authentication required: ${ctx.authError}` : undefined);
  return ctx.viewer;
}

/**
 * Opens a subscription on a log for the viewer (the caller has checked that they may hear `key`):
 * replay after the cursor, then live; it ends when the right to it ends (token expiry, account
 * disabled): on graphql-ws by closing the socket with 4403, otherwise with a FORBIDDEN error.
 */
export function openLive<E extends LogEntry>(ctx: Context, feed: LogFeed<E>, key: string, after: string | null): AsyncIterableIterator<Delivery<E>> {
  const viewer = liveViewer(ctx);
  const afterPosition = after === null ? feed.position : decodeCursor(after);
  let iterator: AsyncIterableIterator<Delivery<E>> | null = null;
  const revoke = (reason: string) => {
    if (ctx.closeConnection) ctx.closeConnection(4403, `Forbidden: ${reason}`);
    else void iterator?.throw?.(forbidden(reason));
  };
  iterator = feed.subscribe(key, viewer.account.id, afterPosition, revoke);
  const expiresIn = ctx.tokenExpiresAt ? ctx.tokenExpiresAt.getTime() - Date.now() : null;
  const expiry = expiresIn !== null && expiresIn < MAX_TIMER_MS ? setTimeout(() => revoke('token expired'), Math.max(0, expiresIn)) : null;
  const inner = iterator;
  const wrapped: AsyncIterableIterator<Delivery<E>> = {
    next: () => inner.next(),
    return: () => {
      if (expiry) clearTimeout(expiry);
      return inner.return!();
    },
    throw: (e: unknown) => inner.throw!(e),
    [Symbol.asyncIterator]: () => wrapped,
  };
  return wrapped;
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
