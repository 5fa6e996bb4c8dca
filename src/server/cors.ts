import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';

const ALLOWED_HEADERS = 'authorization, content-type, apollo-require-preflight, x-apollo-operation-name, x-request-id';

/**
 * A browser page may read our answers when it is served by this server (same origin) or its origin
 * is on the allowlist. Other callers (partners' servers, CLI tools) send no Origin and are unaffected.
 */
export function isOriginAllowed(origin: string | undefined, host: string | undefined, allowlist: readonly string[]): boolean {
  if (!origin) return true;
  if (allowlist.includes(origin)) return true;
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** CORS for the allowlist only: no wildcard, since answers depend on the caller's token. */
export function corsAllowlist(allowlist: readonly string[]): RequestHandler {
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (origin && allowlist.includes(origin)) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('access-control-expose-headers', 'retry-after, x-request-id');
    }
    res.append('vary', 'Origin');
    if (req.method !== 'OPTIONS') return next();
    if (!origin || !allowlist.includes(origin)) {
      res.status(403).json({ errors: [{ message: 'Origin not allowed (see CORS_ORIGINS)', extensions: { code: 'ORIGIN_NOT_ALLOWED' } }] });
      return;
    }
    res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
    res.setHeader('access-control-allow-headers', ALLOWED_HEADERS);
    res.setHeader('access-control-max-age', '600');
    res.status(204).end();
  };
}

/** Browsers do not apply CORS to WebSockets, so the upgrade checks the Origin itself. */
export function isUpgradeOriginAllowed(req: IncomingMessage, allowlist: readonly string[]): boolean {
  return isOriginAllowed(req.headers.origin, req.headers.host, allowlist);
}
