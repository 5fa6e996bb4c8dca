import type { ExecutionResult } from 'graphql';
import { limitError, timeoutError } from './limit-errors';
import type { Caller } from './rate-limits';
import type { TimeBudget } from './time-budget';

/** Close code for a connection refused because its account has too many open (4xxx: application codes). */
export const TOO_MANY_CONNECTIONS = 4008;

/**
 * graphql-ws limits: open connections per account and operations per connection. Counted per
 * process: a connection lives in one process, and a count shared through Redis would outlive a
 * process that died without closing its sockets.
 */
export class WsLimits {
  private readonly perAccount = new Map<number, number>();
  /** Per graphql-ws connection context: the account it counts for and the caller it is for the rate budgets. */
  private readonly connections = new WeakMap<object, { accountId: number | null; caller: Caller }>();

  constructor(
    readonly maxConnectionsPerAccount: number,
    readonly maxOperationsPerConnection: number,
  ) {}

  /** onConnect: counts the connection for its account; false when the account already has the maximum open. */
  open(connection: object, accountId: number | null, caller: Caller): boolean {
    if (accountId !== null) {
      const open = this.perAccount.get(accountId) ?? 0;
      if (open >= this.maxConnectionsPerAccount) return false;
      this.perAccount.set(accountId, open + 1);
    }
    this.connections.set(connection, { accountId, caller });
    return true;
  }

  /** onClose: the connection no longer counts. */
  close(connection: object): void {
    const entry = this.connections.get(connection);
    this.connections.delete(connection);
    if (entry?.accountId == null) return;
    const open = (this.perAccount.get(entry.accountId) ?? 1) - 1;
    if (open > 0) this.perAccount.set(entry.accountId, open);
    else this.perAccount.delete(entry.accountId);
  }

  callerOf(connection: object): Caller | null {
    return this.connections.get(connection)?.caller ?? null;
  }

  /** onSubscribe (the new operation is already among `operations`): an error when the connection runs too many. */
  checkOperations(operations: Record<string, unknown>) {
    const count = Object.keys(operations).length;
    const max = this.maxOperationsPerConnection;
    return count > max ? limitError('SUBSCRIPTIONS', max, count, `A connection may run at most ${max} operations at once; complete one first`) : null;
  }

  openConnections(accountId: number): number {
    return this.perAccount.get(accountId) ?? 0;
  }
}

/**
 * A query or mutation over graphql-ws answered TIMEOUT at its budget's deadline, as over HTTP;
 * a mutation that committed before the deadline is waited for and answered in full.
 */
export async function withinBudget(budget: TimeBudget | null, work: Promise<ExecutionResult>): Promise<ExecutionResult> {
  if (!budget) return work;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'expired'>((resolve) => {
    timer = setTimeout(() => resolve('expired'), Math.max(0, budget.deadline - Date.now()));
  });
  try {
    const first = await Promise.race([work, deadline]);
    if (first !== 'expired' || !budget.expire()) return await work;
    work.catch(() => undefined); // runs on unobserved; a mutation in it rolls back (TimeBudget)
    return { errors: [timeoutError(budget.timeoutMs)] };
  } finally {
    clearTimeout(timer);
  }
}
