/**
 * One server of bench/query-path.ts in a process of its own, as a deployed server would be:
 *   node -r ./src/register.js bench/query-path/server.ts a|b|c|d      (driven over IPC by the bench)
 *
 * A process per server keeps one stack's process-wide costs out of another's measurements
 * (an AsyncLocalStorage entered anywhere, e.g. the statement-counting scope that tests switch on,
 * makes Node 20 run async hooks on every promise of the process, for good), and graphql-js's own
 * functions, shared by every schema in a process, would be optimised for a mix of them instead of
 * for one.
 *
 * IPC (one request at a time):
 *   → { type: 'ready', url }
 *   { type: 'exec', body, ms, expected? } → { type: 'exec', cpu, wall } execution only, no HTTP:
 *       CPU and wall µs per operation on fresh contexts (context creation not counted) for about
 *       `ms` of CPU time; with `expected`, first checks the result equals it (else { error }).
 *       a: Apollo's executeOperation (its request pipeline without express and HTTP);
 *       b, c: graphql-js execute; d: the graphql-jit compiled query.
 *   { type: 'stats' } → { type: 'stats', cpu, statements }: this process's CPU µs so far, stub batch calls so far
 *   { type: 'close' } → exits
 */
import './env';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { execute, lexicographicSortSchema, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { Context } from '../../src/server/context';
import { buildAppSchema } from '../../src/server/schema';
import { buildHandwrittenSchema } from './handwritten-schema';
import { graphqlJsHandler, jitHandler, prepareOnce, startOurs, startPlain, type GraphQLBody, type RunningServer } from './servers';
import { benchViewer, createWorld, stubContext } from './stub';

export type ServerKind = 'a' | 'b' | 'c' | 'd';

/** One execution, no HTTP: the result (or a promise of it). */
type Exec = (body: GraphQLBody, ctx: Context) => unknown;

/** graphql-js `execute` of a prepared document (parse + validate once). */
function executor(schema: GraphQLSchema): Exec {
  const prepare = prepareOnce(schema);
  return (body, ctx) => {
    const { document, errors } = prepare(body.query);
    if (!document) return { errors };
    return execute({ schema, document, variableValues: body.variables, operationName: body.operationName, contextValue: ctx });
  };
}

async function start(kind: ServerKind, makeContext: (clientIp: string) => Context): Promise<{ server: RunningServer; exec: Exec }> {
  switch (kind) {
    case 'a': {
      const server = await startOurs(makeContext);
      return {
        server,
        exec: async (body, ctx) => {
          const response = await server.apollo.executeOperation({ query: body.query, variables: body.variables, operationName: body.operationName }, { contextValue: ctx });
          assert.equal(response.body.kind, 'single');
          return response.body.kind === 'single' ? response.body.singleResult : { errors: [] };
        },
      };
    }
    case 'b': {
      // A copy, as Apollo would instrument the original in place if one ran in this process: the same types and resolver functions.
      const schema = lexicographicSortSchema(buildAppSchema());
      return { server: await startPlain(graphqlJsHandler(schema, makeContext)), exec: executor(schema) };
    }
    case 'c': {
      const schema = buildHandwrittenSchema();
      return { server: await startPlain(graphqlJsHandler(schema, makeContext)), exec: executor(schema) };
    }
    case 'd': {
      const schema = buildHandwrittenSchema();
      const prepare = prepareOnce(schema);
      const compiled = new Map<string, CompiledQuery>();
      return {
        server: await startPlain(jitHandler(schema, makeContext)),
        exec: (body, ctx) => {
          let query = compiled.get(body.query);
          if (!query) {
            const { document, errors } = prepare(body.query);
            if (!document) return { errors };
            const result = compileQuery(schema, document, body.operationName);
            if (!isCompiledQuery(result)) return result;
            compiled.set(body.query, (query = result));
          }
          return query.query(undefined, ctx, body.variables);
        },
      };
    }
  }
}

/** µs per operation, CPU and wall, for about `ms` of this process's CPU time; contexts are made before each batch, untimed. */
async function measure(exec: Exec, body: GraphQLBody, makeContext: () => Context, ms: number): Promise<{ cpu: number; wall: number }> {
  let runs = 0;
  let cpu = 0;
  let wall = 0;
  while (cpu < ms * 1000) {
    const contexts = Array.from({ length: 32 }, makeContext);
    const started = performance.now();
    const usage = process.cpuUsage();
    for (const ctx of contexts) await exec(body, ctx);
    const used = process.cpuUsage(usage);
    wall += performance.now() - started;
    cpu += used.user + used.system;
    runs += contexts.length;
  }
  return { cpu: cpu / runs, wall: (wall * 1000) / runs };
}

async function main(): Promise<void> {
  const kind = process.argv[2] as ServerKind;
  if (!['a', 'b', 'c', 'd'].includes(kind)) throw new Error(`usage: server.ts a|b|c|d (got ${kind})`);
  const world = createWorld();
  const viewer = benchViewer(world);
  const makeContext = (clientIp: string) => stubContext(world, viewer, clientIp);
  const { server, exec } = await start(kind, makeContext);
  process.on('message', (message: { type: string; body: GraphQLBody; ms: number; expected?: unknown }) => {
    if (message.type === 'stats') {
      const cpu = process.cpuUsage();
      process.send!({ type: 'stats', cpu: cpu.user + cpu.system, statements: world.statements });
    } else if (message.type === 'exec') {
      (async () => {
        if (message.expected !== undefined) {
          const result: unknown = JSON.parse(JSON.stringify(await exec(message.body, makeContext('127.0.0.1'))));
          assert.deepStrictEqual(result, message.expected, `server ${kind}: in-process result differs from the expected answer`);
        }
        return measure(exec, message.body, () => makeContext('127.0.0.1'), message.ms);
      })().then(
        (micros) => process.send!({ type: 'exec', ...micros }),
        (err: unknown) => process.send!({ type: 'exec', error: String((err as Error)?.stack ?? err) }),
      );
    } else if (message.type === 'close') {
      server.close().then(() => process.exit(0));
    }
  });
  process.on('disconnect', () => process.exit(0));
  process.send!({ type: 'ready', url: server.url });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
