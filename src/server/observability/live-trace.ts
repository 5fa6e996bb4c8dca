import { getOperationAST, type DocumentNode } from 'graphql';
import { logger, type Logger } from '../../core/logger';
import { requestIdOf } from './request-trace';

/** One graphql-ws connection in the logs: its id (the upgrade's `X-Request-Id` or a new one) on every line. */
export interface ConnectionTrace {
  id: string;
  log: Logger;
  openedAt: number;
  accountId: number | null;
  operations: number;
}

export function traceConnection(requestIdHeader: unknown): ConnectionTrace {
  const id = requestIdOf(requestIdHeader);
  return { id, log: logger.child({ connId: id }), openedAt: Date.now(), accountId: null, operations: 0 };
}

/** The operation's logger (connection and operation ids), after one line naming it. */
export function traceOperation(conn: ConnectionTrace, opId: string, document: DocumentNode, operationName: string | null | undefined): Logger {
  conn.operations += 1;
  const log = conn.log.child({ opId });
  const operation = getOperationAST(document, operationName);
  log.info({ operation: operation?.name?.value ?? null, operationType: operation?.operation ?? null, accountId: conn.accountId }, 'ws operation');
  return log;
}

export function connectionClosed(conn: ConnectionTrace | undefined, code: number | undefined): void {
  conn?.log.info({ code, durationMs: Date.now() - conn.openedAt, operations: conn.operations, accountId: conn.accountId }, 'ws closed');
}
