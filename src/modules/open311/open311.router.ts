import express, { Router, type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import type { DataSource } from 'typeorm';
import type { Config } from '../../config';
import { authenticate, type Authentication, type TokenService } from '../../server/auth';
import type { Context } from '../../server/context';
import { RETRY_AFTER_SECONDS, isDatabaseUnavailable } from '../../server/database-unavailable';
import { timeLimit } from '../../server/limits/http-limits';
import type { RequestRateLimiter } from '../../server/limits/rate-limits';
import { traceOf } from '../../server/observability/request-trace';
import { Role } from '../account/role';
import { Open311Error, badRequest, forbiddenKey, notFound } from './open311.errors';
import { CONTENT_TYPES, renderList, renderObject, type Format } from './open311.format';
import type { Params } from './open311.params';
import type { Open311Service } from './open311.service';

export const OPEN311_PATH = '/open311/v2';

export interface Open311Dependencies {
  config: Config;
  db: DataSource;
  tokens: TokenService;
  rates: RequestRateLimiter;
  open311: Open311Service;
  /** The request's context for a caller (anonymous: no viewer), as the GraphQL endpoint builds it. */
  context(req: Request, res: Response, auth: Authentication): Context;
}

/**
 * GeoReport v2 at /open311/v2: GET services, services/{code}, requests, requests/{id}; POST requests;
 * each as .json or .xml. Reads are open to anyone (what an anonymous caller sees is in
 * open311.requests.ts); a POST needs a partner's API key as `api_key` (or `Authorization: ApiKey`).
 * The GraphQL endpoint's budgets apply: rate per address and per key, body size, time.
 */
export function open311Routes(deps: Open311Dependencies): Router {
  const router = Router();
  router.use(express.urlencoded({ extended: false, limit: deps.config.limits.maxBodyBytes, parameterLimit: 1000 }));
  router.use(rateLimit(deps.rates));
  const timeout = deps.config.limits.timeoutMs;
  router.use(timeLimit(timeout, (res) => answerError(res, formatOf(res.req.path), new Open311Error(503, [{ code: 503, description: `took longer than ${timeout} ms and was stopped; nothing was changed` }]))));
  router.use((req, res) => {
    const format = formatOf(req.path);
    // Answers are current and may be a partner's own: no cache on the way may keep them.
    res.setHeader('cache-control', 'no-store');
    handle(deps, req, res, format).catch((err: unknown) => failed(res, format, err));
  });
  router.use(((err, req, res, _next) => failed(res, formatOf(req.path), bodyError(err) ?? err)) as ErrorRequestHandler);
  return router;
}

async function handle(deps: Open311Dependencies, req: Request, res: Response, format: Format): Promise<void> {
  const path = req.path;
  const service = deps.open311;
  let match: RegExpExecArray | null;
  if (/^\/services\.(json|xml)$/.test(path)) {
    allow(req, res, 'GET');
    const ctx = await contextOf(deps, req, res, query(req));
    return send(res, format, 200, renderList(format, 'services', await service.services(ctx, query(req))));
  }
  if ((match = /^\/services\/([^/]+)\.(json|xml)$/.exec(path))) {
    allow(req, res, 'GET');
    const ctx = await contextOf(deps, req, res, query(req));
    return send(res, format, 200, renderObject(format, 'service_definition', await service.definition(ctx, segment(match[1]), query(req))));
  }
  if (/^\/requests\.(json|xml)$/.test(path)) {
    allow(req, res, 'GET', 'POST');
    if (req.method === 'POST') {
      // The form, and the query string for what a client puts in the URL (jurisdiction_id, api_key); the form wins.
      const params = { ...query(req), ...((req.body ?? {}) as Params) };
      const ctx = await contextOf(deps, req, res, params);
      if (!ctx.viewer) throw forbiddenKey('api_key: missing; placing a request needs a partner API key');
      return send(res, format, 200, renderList(format, 'service_requests', await service.create(ctx, ctx.viewer, params)));
    }
    const ctx = await contextOf(deps, req, res, query(req));
    return send(res, format, 200, renderList(format, 'service_requests', await service.requests(ctx, query(req))));
  }
  if ((match = /^\/requests\/([^/]+)\.(json|xml)$/.exec(path))) {
    allow(req, res, 'GET');
    const ctx = await contextOf(deps, req, res, query(req));
    return send(res, format, 200, renderList(format, 'service_requests', await service.request(ctx, segment(match[1]), query(req))));
  }
  throw notFound('no such resource; GeoReport v2 has services, services/{service_code}, requests and requests/{service_request_id}, each .json or .xml');
}

/** A path segment as sent (`%2F` and the like decoded); a malformed escape names nothing that exists. */
function segment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw notFound('no such resource: the path is not well-formed');
  }
}

/** The format the path asks for; XML (the spec's required format) when it names none. */
function formatOf(path: string): Format {
  return path.endsWith('.json') ? 'json' : 'xml';
}

function query(req: Request): Params {
  return req.query as Params;
}

function allow(req: Request, res: Response, ...methods: string[]): void {
  if (methods.includes(req.method) || (req.method === 'HEAD' && methods.includes('GET'))) return;
  res.setHeader('allow', methods.join(', '));
  throw new Open311Error(405, [{ code: 405, description: `${req.method} is not allowed here; use ${methods.join(' or ')}` }]);
}

/** The presented key: `api_key` (the spec's way), or `Authorization: ApiKey <key>` (keeps it out of URLs and logs of proxies). */
function presentedKey(req: Request, params: Params): string | string[] | undefined {
  const given = params.api_key ?? (req.query as Params).api_key;
  if (given !== undefined && given !== '') return given;
  return /^ApiKey\s+(\S+)$/i.exec(req.headers.authorization?.trim() ?? '')?.[1];
}

function apiKeyOf(req: Request, params: Params): string | null {
  const key = presentedKey(req, params);
  if (Array.isArray(key)) throw forbiddenKey('api_key: give it once');
  return key?.trim() || null;
}

async function contextOf(deps: Open311Dependencies, req: Request, res: Response, params: Params): Promise<Context> {
  const key = apiKeyOf(req, params);
  const auth: Authentication = key ? await authenticate(deps.db, deps.tokens, `ApiKey ${key}`) : { viewer: null, authError: null, expiresAt: null };
  if (key && !auth.viewer) throw forbiddenKey('api_key: invalid or revoked');
  if (auth.viewer && auth.viewer.account.role !== Role.PARTNER) throw forbiddenKey('api_key: not a partner key');
  traceOf(res).accountId = auth.viewer?.account.id ?? null;
  return deps.context(req, res, auth);
}

function send(res: Response, format: Format, status: number, body: string): void {
  if (res.headersSent) return; // answered TIMEOUT meanwhile
  res.status(status).setHeader('content-type', CONTENT_TYPES[format]);
  res.send(body);
}

function answerError(res: Response, format: Format, error: Open311Error): void {
  if (error.status === 503) res.setHeader('retry-after', String(RETRY_AFTER_SECONDS));
  send(res, format, error.status, renderList(format, 'errors', error.errors.map((e) => ({ code: e.code, description: e.description }))));
}

function failed(res: Response, format: Format, err: unknown): void {
  // Past the deadline the caller was answered TIMEOUT, and a mutation rolled back: nothing more to say.
  if (res.headersSent) return void traceOf(res).log.debug({ err }, 'open311: failed after the answer');
  if (err instanceof Open311Error) return answerError(res, format, err);
  if (isDatabaseUnavailable(err)) {
    traceOf(res).log.warn({ err }, 'open311: database unavailable');
    return answerError(res, format, new Open311Error(503, [{ code: 503, description: 'the database cannot complete requests at the moment; retry shortly' }]));
  }
  traceOf(res).log.error({ err }, 'open311: unexpected error');
  answerError(res, format, new Open311Error(500, [{ code: 500, description: 'Internal server error' }]));
}

/** A body the parser refused: too large (413) or unreadable (400); null for any other error. */
function bodyError(err: { status?: number } | undefined): Open311Error | null {
  if (err?.status === 413) return new Open311Error(413, [{ code: 413, description: 'the request body is too large' }]);
  if (err?.status && err.status >= 400 && err.status < 500) return badRequest('the request body cannot be read as a form (application/x-www-form-urlencoded; charset=utf-8)');
  return null;
}

/** Every request draws on its address's budget, and with a key on the key's, as on /graphql; 429 with Retry-After when spent. */
function rateLimit(rates: RequestRateLimiter): RequestHandler {
  return (req, res, next) => {
    const key = presentedKey(req, (req.body ?? {}) as Params);
    rates
      .consume({ address: req.ip ?? '', apiKey: typeof key === 'string' ? key : null })
      .then((retryAfter) => {
        if (retryAfter === null) return next();
        res.setHeader('retry-after', String(retryAfter));
        answerError(res, formatOf(req.path), new Open311Error(429, [{ code: 429, description: `too many requests; retry in ${retryAfter} seconds` }]));
      }, next);
  };
}
