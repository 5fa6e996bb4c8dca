import type { DataSource, EntityManager } from 'typeorm';
import type { Config } from '../config';
import type { Logger } from '../core/logger';
import type { Account } from '../modules/account/account.entity';
import type { TimeBudget } from './limits/time-budget';
import type { Loaders } from './loaders';
import type { RequestTrace } from './observability/request-trace';
import type { Services } from './services';

/** The signed-in caller: the account and, for scoped roles, the materialized path of its scope. */
export interface Viewer {
  account: Account;
  scopePath: string | null;
}

export interface Context {
  config: Config;
  db: DataSource;
  services: Services;
  /** One DataLoader set per request (or per subscription operation). */
  loaders: Loaders;
  viewer: Viewer | null;
  /** Why a presented token was not accepted; reported when a field needs a viewer. */
  authError: string | null;
  /** The mutation's transaction, set by the mutation boundary for the duration of one mutation field. */
  tx: EntityManager | null;
  clientIp: string;
  /** The API key the caller presented (`ApiKey <key>`), recorded in the audit log; null for a token or no credential. */
  apiKeyId: number | null;
  /** Work to do once the mutation's transaction has committed (publishing events). */
  afterCommit: (() => void)[];
  /** When the presented token expires; subscriptions end then. */
  tokenExpiresAt: Date | null;
  /** graphql-ws only: closes the connection, e.g. with 4403 when the token expires mid-subscription. */
  closeConnection: ((code: number, reason: string) => void) | null;
  /** The operation's time limit (null for subscriptions and background work); a mutation past it rolls back. */
  timeBudget: TimeBudget | null;
  /**
   * This request's (or graphql-ws operation's) logger: every line carries its request id (or
   * connection and operation ids). Code that logs while serving a request logs here.
   */
  log: Logger;
  /** HTTP only: what the request's access line and latency metric report (operation, account). */
  trace: RequestTrace | null;
}

/** The transaction of the running mutation; services that write must be called inside one. */
export function txOf(ctx: Context): EntityManager {
  if (!ctx.tx) throw new Error('write outside a mutation transaction');
  return ctx.tx;
}
