import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { gql, type GraphQLResponse } from '../support/client';
import { harness } from '../support/harness';
import type { Target } from './probe';

/**
 * How a cell's answer is read (docs/authorization-matrix.md, "Reading an answer"):
 * - refused: a top-level UNAUTHENTICATED or FORBIDDEN; a BAD_USER_INPUT whose reason is FORBIDDEN or
 *   NOT_FOUND; a `userErrors` entry coded FORBIDDEN or NOT_FOUND (every probe names objects that
 *   exist, so "not found" means "not visible to you"); or, for reads with `expect`, an answer that
 *   does not contain the expected id or unmasked value;
 * - allowed: anything else, including INVALID, CONFLICT or INSUFFICIENT_BALANCE, which the caller
 *   only reaches past authorization;
 * - broken: a 5xx, or an error with another code (an internal error, a malformed probe, a variable
 *   GraphQL itself rejects before any resolver runs).
 */
export type Outcome = 'yes' | 'no' | 'broken';

export interface Answer {
  outcome: Outcome;
  detail: string;
}

const REFUSING = new Set(['UNAUTHENTICATED', 'FORBIDDEN']);
const REFUSING_REASONS = new Set(['FORBIDDEN', 'NOT_FOUND']);

export function classify(res: GraphQLResponse, expect?: string): Answer {
  const detail = JSON.stringify(res.errors ?? res.data).slice(0, 300);
  if (res.status >= 500) return { outcome: 'broken', detail };
  for (const error of res.errors ?? []) {
    const ext = (error.extensions ?? {}) as { code?: string; reason?: string };
    if (REFUSING.has(ext.code ?? '')) return { outcome: 'no', detail };
    // Without a reason it is GraphQL's own variable check, before any resolver: a malformed probe.
    if (ext.code === 'BAD_USER_INPUT' && ext.reason) return { outcome: REFUSING_REASONS.has(ext.reason) ? 'no' : 'yes', detail };
    return { outcome: 'broken', detail };
  }
  const payload = Object.values(res.data ?? {})[0] as { userErrors?: { code: string }[] } | null;
  if (payload?.userErrors?.some((e) => REFUSING_REASONS.has(e.code))) return { outcome: 'no', detail };
  if (expect !== undefined && !JSON.stringify(res.data).includes(expect)) return { outcome: 'no', detail };
  return { outcome: 'yes', detail };
}

export async function askHttp(document: string, target: Target, token: string | null): Promise<Answer> {
  return classify(await gql(document, target.variables, token ?? undefined), target.expect);
}

/**
 * One subscription over its own graphql-ws connection. Allowed once the server registered it (its
 * live-member count grows, or a first result arrives); refused on an error or a 4401/4403 close. The
 * count is global, so subscription cells run one at a time.
 */
export async function askSubscription(document: string, target: Target, token: string | null): Promise<Answer> {
  const services = harness().app.services;
  const before = services.subscriberCount();
  let answer: Answer | null = null;
  const client = createClient({
    url: harness().wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: true,
    on: { closed: (event) => (answer ??= { outcome: [4401, 4403].includes((event as { code: number }).code) ? 'no' : 'broken', detail: `closed ${(event as { code: number }).code}` }) },
  });
  const stop = client.subscribe(
    { query: document, variables: target.variables },
    {
      next: (result) => (answer ??= result.errors ? classify({ status: 200, errors: result.errors as GraphQLResponse['errors'] }) : { outcome: 'yes', detail: 'result' }),
      error: (err) => (answer ??= Array.isArray(err) ? classify({ status: 200, errors: err as GraphQLResponse['errors'] }) : { outcome: 'broken', detail: String(err) }),
      complete: () => (answer ??= { outcome: 'broken', detail: 'completed without a result' }),
    },
  );
  // Bounded so that a broken server fails the cell instead of hanging the run.
  const deadline = Date.now() + 10_000;
  while (!answer && Date.now() < deadline) {
    if (services.subscriberCount() > before) answer = { outcome: 'yes', detail: 'registered' };
    else await new Promise((r) => setTimeout(r, 10));
  }
  const registered = services.subscriberCount() > before;
  stop();
  await client.dispose();
  while (registered && services.subscriberCount() > before && Date.now() < deadline + 2000) await new Promise((r) => setTimeout(r, 10));
  return answer ?? { outcome: 'broken', detail: 'no answer' };
}
