import type { IncomingMessage } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import express, { type RequestHandler } from 'express';
import { execute, getOperationAST, GraphQLError, type DocumentNode, type ExecutionArgs, type GraphQLSchema, type ValidationRule } from 'graphql';
import type { Config } from '../../config';
import { clientAddress, compileTrust, type TrustFn } from '../client-address';
import type { TokenService } from '../auth';
import { maxAliasesRule, maxDepthRule } from './document-rules';
import { callerOf, rateLimit, timeLimit } from './http-limits';
import { limitError, rateLimitedError } from './limit-errors';
import { operationCost } from './query-cost';
import { RequestRateLimiter } from './rate-limits';
import { TimeBudget } from './time-budget';
import { TOO_MANY_CONNECTIONS, withinBudget, WsLimits } from './ws-limits';

/** What the limits need of a graphql-ws connection context. */
interface WsConnection {
  connectionParams?: Readonly<Record<string, unknown>>;
  subscriptions: Record<string, unknown>;
  extra: { request: IncomingMessage; socket: { close(code: number, reason: string): void } };
}

/** Every limit of one server, built from its configuration, for app.ts to wire in. */
export class ServerLimits {
  /** Depth and aliases: checked with validation, so once per document (Apollo's cache, the graphql-ws document cache). */
  readonly validationRules: ValidationRule[];
  readonly parseOptions: { maxTokens: number };
  readonly rates: RequestRateLimiter;
  readonly ws: WsLimits;
  private readonly trust: TrustFn;

  constructor(
    private readonly config: Config,
    private readonly schema: GraphQLSchema,
    private readonly tokens: TokenService,
  ) {
    const limits = config.limits;
    this.validationRules = [maxDepthRule(limits.maxDepth), maxAliasesRule(limits.maxAliases)];
    this.parseOptions = { maxTokens: limits.maxTokens };
    this.rates = RequestRateLimiter.create(limits.rate, config.redisUrl);
    this.ws = new WsLimits(limits.wsConnectionsPerAccount, limits.wsSubscriptionsPerConnection);
    this.trust = compileTrust(config.trustProxy);
  }

  /** Before Apollo on the GraphQL path: rate budget, body size, time budget. */
  httpMiddleware(): RequestHandler[] {
    return [this.rateMiddleware(), express.json({ limit: this.config.limits.maxBodyBytes }), timeLimit(this.config.limits.timeoutMs)];
  }

  /** The rate budget alone, for routes with bodies of their own (uploads). */
  rateMiddleware(): RequestHandler {
    return rateLimit(this.rates, this.tokens);
  }

  /** The cost (and page sizes) of an operation with its variables: null when within the limits. */
  costError(document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined): GraphQLError | null {
    const max = this.config.limits.maxCost;
    try {
      const cost = operationCost(this.schema, document, operationName, variables);
      return cost > max ? limitError('COST', max, cost, `The operation would cost ${cost}; at most ${max} is allowed (ask for smaller pages or fewer nested lists)`) : null;
    } catch (err) {
      if (err instanceof GraphQLError) return err;
      throw err;
    }
  }

  /** Apollo: refuses an operation over its cost once its variables are known (400). */
  costPlugin<C extends object>(): ApolloServerPlugin<C> {
    return {
      requestDidStart: async () => ({
        didResolveOperation: async ({ document, operationName, request }) => {
          const error = this.costError(document, operationName, request.variables);
          if (error) throw new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status: 400 } } });
        },
      }),
    };
  }

  /** graphql-ws onConnect, once authenticated: false (the socket closed with 4008) when the account has too many connections. */
  async wsAdmit(ctx: WsConnection, accountId: number | null): Promise<boolean> {
    const caller = await callerOf(ctx.connectionParams?.authorization, clientAddress(ctx.extra.request, this.trust), this.tokens);
    if (this.ws.open(ctx, accountId, caller)) return true;
    ctx.extra.socket.close(TOO_MANY_CONNECTIONS, `Too many connections for this account (at most ${this.ws.maxConnectionsPerAccount})`);
    return false;
  }

  /** graphql-ws onSubscribe, before the document: too many operations on the connection, or the caller's rate budget spent. */
  async wsRefusal(ctx: WsConnection): Promise<GraphQLError | null> {
    const tooMany = this.ws.checkOperations(ctx.subscriptions);
    if (tooMany) return tooMany;
    const retryAfter = await this.rates.consume(this.ws.callerOf(ctx) ?? { address: '' });
    return retryAfter === null ? null : rateLimitedError(retryAfter);
  }

  /** graphql-ws: a query or mutation gets a time budget; a subscription lives as long as it is wanted. */
  wsTimeBudget(args: ExecutionArgs): TimeBudget | null {
    const live = getOperationAST(args.document, args.operationName)?.operation === 'subscription';
    return live ? null : new TimeBudget(this.config.limits.timeoutMs);
  }

  /** graphql-ws `execute`: answered TIMEOUT at the deadline, like HTTP. */
  readonly wsExecute = (args: ExecutionArgs) => withinBudget((args.contextValue as { timeBudget: TimeBudget | null }).timeBudget, Promise.resolve(execute(args)));

  close(): void {
    this.rates.close();
  }
}
