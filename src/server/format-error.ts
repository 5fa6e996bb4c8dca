import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ErrorCode, PUBLIC_ERROR_CODES, UserInputError } from '../core/errors';
import { UNAVAILABLE_CODE, UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from './database-unavailable';
import { formatLimitError } from './limits/limit-errors';

const TOO_MANY_VARIABLE_ERRORS = 'Too many errors processing variables, error limit reached. Execution aborted.';
/**
 * graphql-js checks some arguments only when it runs the field (an explicit null for a non-null
 * argument that has a default, a missing variable) and raises them without a code.
 */
const ARGUMENT_REFUSED = /^Argument "[_A-Za-z][_0-9A-Za-z]*" (of non-null type .* must not be null\.|of required type .* was provided the variable .* which was not provided a runtime value\.|has invalid value )/;

/** Errors graphql-js raises about the caller's input without giving them a code. */
function isUncodedInputError(message: unknown): boolean {
  return message === TOO_MANY_VARIABLE_ERRORS || (typeof message === 'string' && ARGUMENT_REFUSED.test(message));
}

/**
 * Known, client-safe errors pass with their code only; anything else is masked. Unexpected errors
 * are logged where the request's logger is at hand (server/observability/report-errors.ts).
 * A UserInputError outside a mutation (a query's bad argument) becomes a top-level error naming
 * the argument (`extensions.field`) and the reason (`extensions.reason`, an ErrorCode).
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const limit = formatLimitError(formatted, error);
  if (limit) return limit;
  const original = unwrapResolverError(error);
  if (original instanceof UserInputError) {
    const [first] = original.errors;
    const code = first.code === ErrorCode.FORBIDDEN ? 'FORBIDDEN' : first.code === ErrorCode.LIMIT_EXCEEDED ? 'LIMIT_EXCEEDED' : 'BAD_USER_INPUT';
    return { message: original.message, locations: formatted.locations, path: formatted.path, extensions: { code, reason: first.code, field: first.field } };
  }
  // Apollo labels these INTERNAL_SERVER_ERROR for want of a code; they are the caller's input.
  if (isUncodedInputError(formatted.message)) {
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code: 'BAD_USER_INPUT' } };
  }
  const code = formatted.extensions?.code;
  if (code === UNAVAILABLE_CODE || isDatabaseUnavailable(original)) {
    return { message: UNAVAILABLE_MESSAGE, path: formatted.path, extensions: { code: UNAVAILABLE_CODE, retryable: true } };
  }
  if (typeof code === 'string' && PUBLIC_ERROR_CODES.has(code)) {
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
  }
  return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

/** True for an error formatError masks or answers as an outage: a bug or a lost database, to be logged with its stack. */
export function isUnexpected(error: GraphQLError): boolean {
  const code = formatError(error.toJSON(), error).extensions?.code;
  return code === 'INTERNAL_SERVER_ERROR' || code === UNAVAILABLE_CODE;
}
