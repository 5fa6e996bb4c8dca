import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/** Which limit a LIMIT_EXCEEDED error reports (`extensions.limit`). */
export type LimitName = 'DEPTH' | 'COST' | 'ALIASES' | 'TOKENS' | 'PAGE_SIZE' | 'BODY_SIZE' | 'SUBSCRIPTIONS';

/** Extension keys of limit errors that formatError lets through to the client. */
export const LIMIT_EXTENSION_KEYS = ['limit', 'max', 'actual', 'retryAfter', 'timeoutMs'] as const;

/** A document or request over one of the server's limits: ask for less. */
export function limitError(limit: LimitName, max: number, actual: number | null, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'LIMIT_EXCEEDED', limit, max, ...(actual === null ? {} : { actual }) } });
}

/** Too many requests: retry after `retryAfter` seconds. */
export function rateLimitedError(retryAfter: number): GraphQLError {
  return new GraphQLError(`Too many requests; retry in ${retryAfter} seconds`, { extensions: { code: 'RATE_LIMITED', retryAfter } });
}

/** The operation ran past its time limit; a mutation that did was rolled back. */
export function timeoutError(timeoutMs: number): GraphQLError {
  return new GraphQLError(`The operation took longer than ${timeoutMs} ms and was stopped; nothing it changed was kept`, {
    extensions: { code: 'TIMEOUT', timeoutMs },
  });
}

// graphql 16 words it "more that N tokens"; later versions may mend the typo.
const TOKENS = /Document contains more tha[nt] (\d+) tokens/;

/** graphql's `parse` reports `maxTokens` as a syntax error; this turns it into a LIMIT_EXCEEDED error (null for other errors). */
export function tokenLimitError(error: { message: string }): GraphQLError | null {
  const match = TOKENS.exec(error.message);
  return match ? limitError('TOKENS', Number(match[1]), null, `The document has more than ${match[1]} tokens`) : null;
}

const LIMIT_CODES = new Set(['LIMIT_EXCEEDED', 'RATE_LIMITED', 'TIMEOUT']);

/**
 * The client's view of a limit error, with its useful extensions, wherever it was raised: Apollo
 * re-codes validation and syntax errors (GRAPHQL_VALIDATION_FAILED, ...), keeping ours as the
 * original. Null for any other error.
 */
export function formatLimitError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError | null {
  for (let e = error as { originalError?: unknown; extensions?: Record<string, unknown>; message?: string } | undefined; e; e = e.originalError as typeof e) {
    const code = e.extensions?.code;
    const limit = typeof code === 'string' && LIMIT_CODES.has(code) ? e : typeof e.message === 'string' ? tokenLimitError({ message: e.message }) : null;
    if (!limit) continue;
    const extensions: Record<string, unknown> = { code: limit.extensions!.code };
    for (const key of LIMIT_EXTENSION_KEYS) if (limit.extensions?.[key] !== undefined) extensions[key] = limit.extensions[key];
    return { message: limit.message ?? formatted.message, locations: formatted.locations, path: formatted.path, extensions };
  }
  return null;
}
