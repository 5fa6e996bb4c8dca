import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';
import type { TrustProxy } from '../config';

export type TrustFn = (address: string, hop: number) => boolean;

/** Express's own rule (`trust proxy`), compiled once: which hop of X-Forwarded-For may be believed. */
export function compileTrust(trust: TrustProxy | null): TrustFn {
  if (trust === null) return () => false;
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return proxyaddr.compile(trust);
}

/** The caller's address for a raw request (graphql-ws upgrades), by the same rule as HTTP's `req.ip`. */
export function clientAddress(req: IncomingMessage, trust: TrustFn): string {
  return proxyaddr(req, trust);
}
