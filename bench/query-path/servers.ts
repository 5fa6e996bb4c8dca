/**
 * The four HTTP servers of bench/query-path.ts. All answer `POST /graphql` with a JSON body
 * `{ query, variables, operationName }`, and build the same stubbed context per request.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { ApolloServer } from '@apollo/server';
import { execute, parse, validate, type DocumentNode, type GraphQLError, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { loadConfig } from '../../src/config';
import { openDatabase } from '../../src/core/database';
import { GRAPHQL_PATH, startApp } from '../../src/server/app';
import type { Context } from '../../src/server/context';
import { discardLogs } from '../support';

export interface GraphQLBody {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

const listen = (server: http.Server) =>
  new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });

/**
 * (a) OURS: startApp itself (src/server/app.ts) on a throw-away embedded database, with the
 * `httpContext` option handing every HTTP request the stubbed context instead of authenticating it:
 * the same express chain, Apollo options and plugins as production, only the data is stubbed.
 */
export async function startOurs(makeContext: (clientIp: string) => Context): Promise<RunningServer & { apollo: ApolloServer<Context> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-qp-'));
  const config = loadConfig(
    {
      NODE_ENV: process.env.NODE_ENV ?? 'production',
      JWT_SECRET: 'bench-secret-that-is-long-enough-for-hs256-0123456789',
      ID_HASH_KEY: 'bench-id-hash-key-that-is-long-enough-0123456789',
      HOST: '127.0.0.1',
      PORT: '0',
      DATA_DIR: dir,
      SWEEP_INTERVAL_MS: '3600000',
      FEED_POLL_MS: '3600000',
      // A load generator sends far more than any one address may.
      RATE_LIMIT_PER_ADDRESS: '0',
    },
    [],
  );
  const db = await openDatabase(config.database);
  discardLogs();
  const app = await startApp(config, db, { httpContext: makeContext });
  return {
    apollo: app.apollo,
    url: app.url,
    async close() {
      await app.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A bare `node:http` server: read the body, JSON.parse it, hand it over, write the JSON string back. */
export async function startPlain(handle: (body: GraphQLBody, clientIp: string) => Promise<string> | string): Promise<RunningServer> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== GRAPHQL_PATH) {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      Promise.resolve()
        .then(() => handle(JSON.parse(Buffer.concat(chunks).toString('utf8')) as GraphQLBody, req.socket.remoteAddress ?? ''))
        .then(
          (json) => {
            res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
            res.end(json);
          },
          (err: unknown) => {
            console.error('query-path bench: plain server failed', err);
            res.writeHead(500, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ errors: [{ message: 'Internal server error' }] }));
          },
        );
    });
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}${GRAPHQL_PATH}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type Prepared = { document: DocumentNode; errors?: undefined } | { errors: readonly GraphQLError[]; document?: undefined };

/**
 * Parsed and validated once per distinct query string, as Apollo does (its document cache), so
 * that every server pays the same per-request work: only execution and serialization.
 */
export function prepareOnce(schema: GraphQLSchema): (query: string) => Prepared {
  const cache = new Map<string, Prepared>();
  return (query) => {
    let prepared = cache.get(query);
    if (!prepared) {
      const document = parse(query);
      const errors = validate(schema, document);
      prepared = errors.length ? { errors } : { document };
      cache.set(query, prepared);
    }
    return prepared;
  };
}

/** (b), (c): graphql-js `execute` over the given schema. */
export function graphqlJsHandler(schema: GraphQLSchema, makeContext: (clientIp: string) => Context) {
  const prepare = prepareOnce(schema);
  return async (body: GraphQLBody, clientIp: string): Promise<string> => {
    const { document, errors } = prepare(body.query);
    if (!document) return JSON.stringify({ errors });
    const result = await execute({ schema, document, variableValues: body.variables, operationName: body.operationName, contextValue: makeContext(clientIp) });
    return JSON.stringify(result);
  };
}

/** (d): graphql-jit, compiled once per distinct query string, serialized with the compiled query's own stringify. */
export function jitHandler(schema: GraphQLSchema, makeContext: (clientIp: string) => Context) {
  const prepare = prepareOnce(schema);
  const compiled = new Map<string, CompiledQuery>();
  return async (body: GraphQLBody, clientIp: string): Promise<string> => {
    let query = compiled.get(body.query);
    if (!query) {
      const { document, errors } = prepare(body.query);
      if (!document) return JSON.stringify({ errors });
      const result = compileQuery(schema, document, body.operationName);
      if (!isCompiledQuery(result)) return JSON.stringify(result);
      compiled.set(body.query, (query = result));
    }
    return query.stringify(await query.query(undefined, makeContext(clientIp), body.variables));
  };
}
