import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ErrorCode, PUBLIC_ERROR_CODES, UserInputError } from '../core/errors';

/**
 * Known, client-safe errors pass with their code only; anything else is masked. Unexpected errors
 * are logged where the request's logger is at hand (server/observability/report-errors.ts).
 * A UserInputError outside a mutation (a query's bad argument) becomes a top-level error naming
 * the argument (`extensions.field`) and the reason (`extensions.reason`, an ErrorCode).
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof UserInputError) {
    const [first] = original.errors;
    const code = first.code === ErrorCode.FORBIDDEN ? 'FORBIDDEN' : first.code === ErrorCode.LIMIT_EXCEEDED ? 'LIMIT_EXCEEDED' : 'BAD_USER_INPUT';
    return { message: original.message, locations: formatted.locations, path: formatted.path, extensions: { code, reason: first.code, field: first.field } };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && PUBLIC_ERROR_CODES.has(code)) {
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
  }
  return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

/** True for an error formatError masks: a bug or an outage, to be logged with its stack. */
export function isUnexpected(error: unknown): boolean {
  if (unwrapResolverError(error) instanceof UserInputError) return false;
  const code = (error as { extensions?: { code?: unknown } })?.extensions?.code;
  return !(typeof code === 'string' && PUBLIC_ERROR_CODES.has(code));
}
