import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { Logger } from '../../core/logger';
import { formatError, isUnexpected } from '../format-error';
import type { Metrics } from './metrics';

/** An unexpected error with its stack (scrubbed of values by the logger's serializer), on the request's logger. */
export function logUnexpected(log: Logger, error: GraphQLError): void {
  log.error({ err: unwrapResolverError(error), path: error.path?.join('.') }, 'unexpected error');
}

/**
 * graphql-ws: formats an operation's errors as HTTP does, counts them by code and logs the
 * unexpected ones. Errors before execution come from parsing and validating the document (they
 * carry no code of their own) and are the caller's, never ours.
 */
export function reportLiveErrors(errors: readonly GraphQLError[], log: Logger, metrics: Metrics, beforeExecution = false): GraphQLFormattedError[] {
  return errors.map((error) => {
    let json = error.toJSON();
    if (beforeExecution && json.extensions?.code === undefined) {
      const code = error.message.startsWith('Syntax Error') ? 'GRAPHQL_PARSE_FAILED' : 'GRAPHQL_VALIDATION_FAILED';
      json = { ...json, extensions: { ...json.extensions, code } };
    } else if (isUnexpected(error)) {
      logUnexpected(log, error);
    }
    const formatted = formatError(json, error);
    metrics.errors.inc({ code: String(formatted.extensions?.code) });
    return formatted;
  });
}
