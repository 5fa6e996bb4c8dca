import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { scrub } from '../../core/log-scrub';
import { logger, type Logger } from '../../core/logger';
import type { Metrics } from './metrics';

/** One HTTP request as its access line reports it; the GraphQL layer fills in operation and account. */
export interface RequestTrace {
  id: string;
  /** The request's child logger: every line it writes carries `reqId`. */
  log: Logger;
  operationName: string | null;
  operationType: string | null;
  accountId: number | null;
  /** Codes of the userErrors the request's mutations returned (set by the mutation boundary). */
  userErrorCodes: string[];
}

/** A caller's (or proxy's) id is kept when it is a plain token; anything else is replaced. */
const WELL_FORMED_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

export function requestIdOf(header: unknown): string {
  return typeof header === 'string' && WELL_FORMED_ID.test(header) ? header : randomUUID();
}

/** Polled by probes and scrapers every few seconds: their access lines are debug, not info. */
const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

export interface TracePaths {
  graphql: string;
  /** Its last segment is a signed link, a credential: logged as `:token`. */
  export: string;
}

/**
 * First middleware: takes or makes the request id (echoed as `X-Request-Id`), gives the request
 * its child logger, and when the response is done writes the one access line and observes the
 * GraphQL latency. Never the Authorization header, the query string, the body or variables.
 */
export function traceRequests(metrics: Metrics, paths: TracePaths): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const path = pathForLog(req.path, paths); // now: mounted routers rewrite req.url while they run
    const id = requestIdOf(req.headers['x-request-id']);
    res.setHeader('x-request-id', id);
    const trace: RequestTrace = { id, log: logger.child({ reqId: id }), operationName: null, operationType: null, accountId: null, userErrorCodes: [] };
    res.locals.trace = trace;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (path === paths.graphql) metrics.observeRequest(trace.operationName, trace.operationType, seconds);
      const line = {
        method: req.method,
        path,
        status: res.statusCode,
        durationMs: Math.round(seconds * 10_000) / 10,
        operation: trace.operationName,
        operationType: trace.operationType,
        accountId: trace.accountId,
        ...(trace.userErrorCodes.length ? { userErrors: trace.userErrorCodes } : {}),
        ...(res.writableFinished ? {} : { aborted: true }),
      };
      const level = PROBES.has(path) ? 'debug' : res.statusCode >= 500 ? 'error' : 'info';
      trace.log[level](line, 'request');
    };
    res.once('finish', finish);
    res.once('close', finish);
    next();
  };
}

export function traceOf(res: { locals: Record<string, unknown> }): RequestTrace {
  return res.locals.trace as RequestTrace;
}

function pathForLog(path: string, paths: TracePaths): string {
  if (path === paths.graphql || PROBES.has(path)) return path;
  if (path.startsWith(`${paths.export}/`)) return `${paths.export}/:token`;
  return scrub(path.slice(0, 100)); // a scanner's path is the caller's text: no values in it either
}
