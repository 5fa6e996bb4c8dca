import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../context';
import type { Metrics } from './metrics';
import { isUnexpected } from '../format-error';
import { logUnexpected } from './report-errors';

/**
 * Apollo over HTTP: names the operation on the request's trace (access line, latency label), logs
 * unexpected errors on the request's logger (Apollo's formatError sees no context) and counts the
 * errors sent and the mutation payloads' userErrors by code.
 */
export function observabilityPlugin(metrics: Metrics): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (!contextValue.trace || !operation) return;
          contextValue.trace.operationName = operation.name?.value ?? null;
          contextValue.trace.operationType = operation.operation;
        },
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) if (isUnexpected(error)) logUnexpected(contextValue.log, error);
        },
        async willSendResponse({ response, contextValue }) {
          for (const code of contextValue.trace?.userErrorCodes ?? []) metrics.userErrors.inc({ code });
          if (response.body.kind !== 'single') return;
          for (const e of response.body.singleResult.errors ?? []) metrics.errors.inc({ code: String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR') });
        },
      };
    },
  };
}
