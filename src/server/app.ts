import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type ErrorRequestHandler } from 'express';
import { GraphQLError, NoSchemaIntrospectionCustomRule } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { DataSource } from 'typeorm';
import { WebSocketServer } from 'ws';
import { StartupError, type Config } from '../config';
import { requestScope } from '../core/database';
import { UserInputError } from '../core/errors';
import { logger } from '../core/logger';
import { IMPORTS_PATH, uploadRoute } from '../modules/bulk/upload.route';
import { EXPORT_PATH } from '../modules/export/export.link';
import { DownloadError } from '../modules/export/export.service';
import { OPEN311_PATH, open311Routes } from '../modules/open311/open311.router';
import { authenticate, recheckAuthentication, type Authentication } from './auth';
import type { Context } from './context';
import { clientAddress, compileTrust } from './client-address';
import { consoleRoutes } from './console';
import { corsAllowlist, isUpgradeOriginAllowed } from './cors';
import { refuseHttpSubscriptions } from './http-subscriptions';
import { isDatabaseUnavailable, unavailableError, unavailableStatus } from './database-unavailable';
import { DocumentCache } from './fanout/document-cache';
import { FanOut } from './fanout/fanout';
import { formatError } from './format-error';
import { bodyTooLarge, timeBudgetOf } from './limits/http-limits';
import { ServerLimits } from './limits/server-limits';
import type { TimeBudget } from './limits/time-budget';
import { createLoaders } from './loaders';
import { observabilityPlugin } from './observability/graphql-plugin';
import type { Readiness } from './observability/health';
import { connectionClosed, traceConnection, traceOperation, type ConnectionTrace } from './observability/live-trace';
import { createObservability } from './observability/observability';
import { reportLiveErrors } from './observability/report-errors';
import { traceOf, traceRequests } from './observability/request-trace';
import { buildAppSchema } from './schema';
import { createServices, type Services } from './services';

export const GRAPHQL_PATH = '/graphql';

export interface RunningApp {
  services: Services;
  fanout: FanOut;
  limits: ServerLimits;
  apollo: ApolloServer<Context>;
  url: string;
  port: number;
  db: DataSource;
  /** /readyz's state; `draining` turns true when close() starts. */
  readiness: Readiness;
  /** Drains: /readyz 503 at once; after DRAIN_DELAY_MS the port closes, in-flight requests finish, sockets close with 1001. */
  close(): Promise<void>;
}

export interface StartOptions {
  /**
   * Benchmarks only: every HTTP request gets this context instead of an authenticated one, so that
   * bench/query-path.ts measures this very HTTP stack over a stubbed database.
   */
  httpContext?: (clientIp: string) => Context;
}

/** HTTP (Apollo) and graphql-ws share one server, port and path. */
export async function startApp(config: Config, db: DataSource, options: StartOptions = {}): Promise<RunningApp> {
  const schema = buildAppSchema();
  const services = createServices(db, config);
  try {
    await services.start();
  } catch (err) {
    throw new StartupError((err as Error).message);
  }

  const limits = new ServerLimits(config, schema, services.tokens);
  const makeContext = (
    auth: Authentication,
    clientIp: string,
    log: Context['log'],
    trace: Context['trace'],
    closeConnection: Context['closeConnection'] = null,
    timeBudget: TimeBudget | null = null,
  ): Context => ({
    config,
    db,
    services,
    loaders: createLoaders(db),
    viewer: auth.viewer,
    authError: auth.authError,
    tx: null,
    clientIp,
    apiKeyId: auth.apiKeyId ?? null,
    afterCommit: [],
    tokenExpiresAt: auth.expiresAt,
    closeConnection,
    timeBudget,
    log,
    trace,
  });

  const app = express();
  app.disable('x-powered-by');
  // req.ip (rate budgets, audit) names the client behind the proxies TRUST_PROXY believes, and no further.
  const trust = compileTrust(config.trustProxy);
  app.set('trust proxy', trust);
  const httpServer = http.createServer(app);
  // noServer: upgrades are routed by hand, so a listen error surfaces once, from the HTTP server.
  const wsServer = new WebSocketServer({ noServer: true, maxPayload: config.limits.maxBodyBytes });
  httpServer.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== GRAPHQL_PATH) return socket.destroy();
    if (!isUpgradeOriginAllowed(req, config.corsOrigins)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wsServer.handleUpgrade(req, socket, head, (ws) => wsServer.emit('connection', ws, req));
  });
  const documents = new DocumentCache(schema, 1000, {
    rules: config.introspection ? limits.validationRules : [...limits.validationRules, NoSchemaIntrospectionCustomRule],
    maxTokens: config.limits.maxTokens,
  });
  const fanout = new FanOut(documents, services.live);
  const { metrics, readiness, routes } = createObservability(config, db, services, fanout, wsServer);
  const wsCleanup = useServer<Record<string, unknown>, { auth?: Authentication; conn?: ConnectionTrace; request: http.IncomingMessage }>(
    {
      schema,
      // Parsed and validated once per distinct document; identical subscriptions share execution.
      onSubscribe: async (ctx, _id, payload) => {
        try {
          const refused = await limits.wsRefusal(ctx);
          if (refused) return [refused];
          const { document, errors } = documents.get(payload.query);
          if (errors.length) return errors;
          const costly = limits.costError(document, payload.operationName, payload.variables);
          if (costly) return [costly];
          return { schema, document, operationName: payload.operationName, variableValues: payload.variables };
        } catch (err) {
          if (err instanceof GraphQLError) return [err];
          throw err;
        }
      },
      subscribe: (args) => fanout.subscribe(args),
      execute: limits.wsExecute,
      // The same masking as over HTTP: known codes pass, anything else becomes "Internal server error".
      onError: (ctx, _id, _payload, errors) => reportLiveErrors(errors, ctx.extra.conn?.log ?? logger, metrics, true),
      onNext: (_ctx, _id, _payload, args, result) =>
        result.errors ? { ...result, errors: reportLiveErrors(result.errors, (args.contextValue as Context).log, metrics) } : undefined,
      onConnect: async (ctx) => {
        const conn = (ctx.extra.conn = traceConnection(ctx.extra.request.headers['x-request-id']));
        const auth = await authenticate(db, services.tokens, ctx.connectionParams?.authorization);
        conn.accountId = auth.viewer?.account.id ?? null;
        conn.log.info({ accountId: conn.accountId, refused: auth.authError !== null }, 'ws connected');
        if (auth.authError) return false; // graphql-ws closes with 4403 Forbidden
        ctx.extra.auth = auth;
        return limits.wsAdmit(ctx, auth.viewer?.account.id ?? null); // false: closed with 4008, too many connections
      },
      onClose: (ctx, code) => {
        limits.ws.close(ctx);
        connectionClosed(ctx.extra.conn, code);
      },
      context: async (ctx, id, payload, args) => {
        const socket = (ctx.extra as { socket?: { close(code: number, reason: string): void } }).socket;
        const close = socket ? (code: number, reason: string) => socket.close(code, reason) : null;
        const log = ctx.extra.conn ? traceOperation(ctx.extra.conn, id, args.document, payload.operationName) : logger;
        return makeContext(await recheckAuthentication(db, ctx.extra.auth), clientAddress(ctx.extra.request, trust), log, null, close, limits.wsTimeBudget(args));
      },
    },
    wsServer,
  );

  const apollo = new ApolloServer<Context>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    introspection: config.introspection,
    // Explicit although it is Apollo's default: refuses simple (form-like) requests a foreign page could forge.
    csrfPrevention: true,
    // src/index.ts owns SIGINT/SIGTERM and closes everything (Apollo, services, database) before exiting;
    // Apollo's own handler would stop only itself and re-raise the signal, killing the process mid-shutdown.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.drain.timeoutMs }),
      observabilityPlugin(metrics),
      // We set no cache hints; the cache-control plugin would still wrap every field resolver (measured: bench/nested.ts).
      ApolloServerPluginCacheControlDisabled(),
      refuseHttpSubscriptions,
      unavailableStatus,
      ...(config.landingPage ? [] : [ApolloServerPluginLandingPageDisabled()]),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              // Stop accepting first, so clients told to go away (1001) reconnect elsewhere, not here; then
              // close the sockets ourselves before the drain plugin ends idle ones (WebSockets among them)
              // without a close frame. Its own close() still waits for the in-flight requests.
              httpServer.close();
              await wsCleanup.dispose();
            },
          };
        },
      },
      limits.costPlugin<Context>(),
    ],
  });
  await apollo.start();

  // Before every route: the request id, the request's logger and its access line.
  app.use(traceRequests(metrics, { graphql: GRAPHQL_PATH, export: EXPORT_PATH }));
  app.use(corsAllowlist(config.corsOrigins));
  app.use(routes); // /healthz, /readyz, /metrics
  app.use(consoleRoutes()); // /console: the reference dispatch console (web/console), built by Vite
  // Statement counting (tests, benchmarks) needs an AsyncLocalStorage scope, which on Node 20 puts a
  // hook on every promise of the process (measured: a fifth of a query's CPU); elsewhere it is off.
  const counted = <T>(work: () => T): T => (config.countStatements ? requestScope.run(true, work) : work());
  // CSV exports: the signed link is the credential (a browser download sends no Authorization header).
  app.get(`${EXPORT_PATH}/:token`, (req, res, next) => {
    counted(() => {
      services.exports.download(req.params.token, res).catch((err: unknown) => {
        if (err instanceof DownloadError || err instanceof UserInputError) {
          if (!res.headersSent) res.status(err instanceof DownloadError ? err.status : 400).type('text/plain').send(err.message);
          return;
        }
        if (res.headersSent) {
          traceOf(res).log.error({ err }, 'export failed mid-stream');
          res.destroy();
        } else next(err);
      });
    });
  });
  // Open311 GeoReport v2 for cities' 311 apps and partners: the same rules, budgets and audit as demandCreate.
  app.use(
    OPEN311_PATH,
    open311Routes({
      config,
      db,
      tokens: services.tokens,
      rates: limits.rates,
      open311: services.open311,
      context: (req, res, auth) => makeContext(auth, req.ip ?? '', traceOf(res).log, traceOf(res), null, timeBudgetOf(res)),
    }),
  );
  // Spreadsheet uploads for bulk imports: a raw body streamed into the database, its own size limit.
  const upload = uploadRoute(db, services.tokens, services.imports.uploads, config.imports.uploadMaxBytes);
  app.post(IMPORTS_PATH, limits.rateMiddleware(), (req, res, next) => counted(() => upload(req, res, next)));
  app.use(
    GRAPHQL_PATH,
    ...limits.httpMiddleware(),
    // Answers are personal and current: no cache on the way may keep them.
    (_req, res, next) => {
      res.setHeader('cache-control', 'no-store');
      counted(next);
    },
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        if (options.httpContext) return options.httpContext(req.ip ?? '');
        const trace = traceOf(res);
        try {
          const auth = await authenticate(db, services.tokens, req.headers.authorization);
          trace.accountId = auth.viewer?.account.id ?? null;
          return makeContext(auth, req.ip ?? '', trace.log, trace, null, timeBudgetOf(res));
        } catch (err) {
          // Reading the caller's account needs the database; without it the request can only be retried.
          if (isDatabaseUnavailable(err)) {
            trace.log.warn({ err }, 'database unavailable while authenticating');
            throw unavailableError();
          }
          trace.log.error({ err }, 'authentication failed'); // Apollo answers 500; its plugins never see this request
          throw err;
        }
      },
    }),
  );
  app.use(((err, _req, res, _next) => {
    const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status === 500) traceOf(res).log.error({ err }, 'unexpected HTTP error');
    metrics.errors.inc({ code: status === 413 ? 'LIMIT_EXCEEDED' : status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST' });
    if (status === 413) return void res.status(413).json(bodyTooLarge(config.limits.maxBodyBytes, typeof err.length === 'number' ? err.length : null));
    const message = status === 400 ? 'Malformed request body' : status === 500 ? 'Internal server error' : 'Bad request';
    res.status(status).json({ errors: [{ message, extensions: { code: status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST' } }] });
  }) as ErrorRequestHandler);

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new StartupError(`port ${config.port} is already in use`) : err),
    );
    httpServer.listen(config.port, config.host, resolve);
  });
  const port = (httpServer.address() as AddressInfo).port;
  return {
    services,
    fanout,
    limits,
    apollo,
    url: `http://127.0.0.1:${port}${GRAPHQL_PATH}`,
    port,
    db,
    readiness,
    async close() {
      readiness.draining = true;
      if (config.drain.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, config.drain.delayMs));
      await apollo.stop();
      limits.close();
      await services.stop();
      if (db.isInitialized) await db.destroy();
    },
  };
}
