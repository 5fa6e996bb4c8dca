import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type ErrorRequestHandler } from 'express';
import { useServer } from 'graphql-ws/use/ws';
import type { DataSource } from 'typeorm';
import { WebSocketServer } from 'ws';
import { StartupError, type Config } from '../config';
import { requestScope } from '../core/database';
import { authenticate, recheckAuthentication, type Authentication } from './auth';
import type { Context } from './context';
import { formatError } from './format-error';
import { createLoaders } from './loaders';
import { buildAppSchema } from './schema';
import { createServices, type Services } from './services';

export const GRAPHQL_PATH = '/graphql';

export interface RunningApp {
  services: Services;
  url: string;
  port: number;
  db: DataSource;
  close(): Promise<void>;
}

/** HTTP (Apollo) and graphql-ws share one server, port and path. */
export async function startApp(config: Config, db: DataSource): Promise<RunningApp> {
  const schema = buildAppSchema();
  const services = createServices(db, config);
  try {
    await services.start();
  } catch (err) {
    throw new StartupError((err as Error).message);
  }

  const makeContext = (auth: Authentication, clientIp: string, closeConnection: Context['closeConnection'] = null): Context => ({
    config,
    db,
    services,
    loaders: createLoaders(db),
    viewer: auth.viewer,
    authError: auth.authError,
    tx: null,
    clientIp,
    afterCommit: [],
    tokenExpiresAt: auth.expiresAt,
    closeConnection,
  });

  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  // noServer: upgrades are routed by hand, so a listen error surfaces once, from the HTTP server.
  const wsServer = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  httpServer.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== GRAPHQL_PATH) return socket.destroy();
    wsServer.handleUpgrade(req, socket, head, (ws) => wsServer.emit('connection', ws, req));
  });
  const wsCleanup = useServer<Record<string, unknown>, { auth?: Authentication }>(
    {
      schema,
      // The same masking as over HTTP: known codes pass, anything else becomes "Internal server error".
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => formatError(e.toJSON(), e)),
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e)) } : undefined,
      onConnect: async (ctx) => {
        const auth = await authenticate(db, services.tokens, ctx.connectionParams?.authorization);
        if (auth.authError) return false; // graphql-ws closes with 4403 Forbidden
        ctx.extra.auth = auth;
        return true;
      },
      context: async (ctx) => {
        const socket = (ctx.extra as { socket?: { close(code: number, reason: string): void } }).socket;
        const close = socket ? (code: number, reason: string) => socket.close(code, reason) : null;
        return makeContext(await recheckAuthentication(db, ctx.extra.auth), 'ws', close);
      },
    },
    wsServer,
  );

  const apollo = new ApolloServer<Context>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: true,
    // src/index.ts owns SIGINT/SIGTERM and closes everything (Apollo, services, database) before exiting;
    // Apollo's own handler would stop only itself and re-raise the signal, killing the process mid-shutdown.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      { async serverWillStart() { return { async drainServer() { await wsCleanup.dispose(); } }; } },
    ],
  });
  await apollo.start();

  app.get('/healthz', async (_req, res) => {
    try {
      await db.query('SELECT 1');
      res.json({ status: 'ok' });
    } catch {
      res.status(503).json({ status: 'database unavailable' });
    }
  });
  app.use(
    GRAPHQL_PATH,
    express.json({ limit: '1mb' }),
    (_req, _res, next) => requestScope.run(true, next),
    expressMiddleware(apollo, {
      context: async ({ req }) => makeContext(await authenticate(db, services.tokens, req.headers.authorization), req.ip ?? ''),
    }),
  );
  app.use(((err, _req, res, _next) => {
    const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status === 500) console.error('unexpected HTTP error', err);
    const message = status === 413 ? 'Request body too large' : status === 400 ? 'Malformed request body' : status === 500 ? 'Internal server error' : 'Bad request';
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
    url: `http://127.0.0.1:${port}${GRAPHQL_PATH}`,
    port,
    db,
    async close() {
      await apollo.stop();
      await services.stop();
      if (db.isInitialized) await db.destroy();
    },
  };
}
