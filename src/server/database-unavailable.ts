import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';

export const UNAVAILABLE_CODE = 'SERVICE_UNAVAILABLE';
export const UNAVAILABLE_MESSAGE = 'The database cannot complete requests at the moment; retry shortly';
export const RETRY_AFTER_SECONDS = 2;

// Driver and socket codes that mean "the database cannot be reached now", not "this request is wrong".
const CONNECTION_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND',
  'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT', 'ER_SERVER_SHUTDOWN', 'ER_CON_COUNT_ERROR', 'SQLITE_BUSY',
  // Still deadlocked after runInTransaction's retries: heavy contention on the same rows, gone in a moment.
  'ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT',
]);
const CONNECTION_MESSAGES = /connection is in closed state|Connection lost|Pool is closed|server has gone away/i;

/** Whether an error (or what it wraps) says the database is out of reach: worth retrying shortly. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error as Record<string, unknown> | undefined, depth = 0; e && depth < 6; depth++) {
    if (typeof e.code === 'string' && CONNECTION_CODES.has(e.code)) return true;
    if (typeof e.message === 'string' && CONNECTION_MESSAGES.test(e.message)) return true;
    e = (e.driverError ?? e.originalError ?? e.cause) as Record<string, unknown> | undefined;
  }
  return false;
}

/** The answer a caller gets meanwhile: a code to branch on, and when to try again. */
export function unavailableError(): GraphQLError {
  return new GraphQLError(UNAVAILABLE_MESSAGE, {
    extensions: { code: UNAVAILABLE_CODE, retryable: true, http: { status: 503, headers: new Map([['retry-after', String(RETRY_AFTER_SECONDS)]]) } },
  });
}

/** An operation that failed because the database went away answers 503 with Retry-After, not 200. */
export const unavailableStatus: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single') return;
        if (!response.body.singleResult.errors?.some((e) => e.extensions?.code === UNAVAILABLE_CODE)) return;
        response.http.status = 503;
        response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
      },
    };
  },
};
