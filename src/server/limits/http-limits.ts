import type { RequestHandler, Response } from 'express';
import type { TokenService } from '../auth';
import { limitError, rateLimitedError, timeoutError } from './limit-errors';
import type { Caller, RequestRateLimiter } from './rate-limits';
import { TimeBudget } from './time-budget';

/** Who presents an `Authorization` header, for the rate budgets: only a valid token names an account. */
export async function callerOf(header: unknown, address: string, tokens: TokenService): Promise<Caller> {
  const value = typeof header === 'string' ? header.trim() : '';
  const apiKey = /^ApiKey\s+(\S+)$/i.exec(value);
  if (apiKey) return { address, apiKey: apiKey[1] };
  const bearer = /^Bearer\s+(\S+)$/i.exec(value);
  const accountId = bearer ? await tokens.verify(bearer[1]).then((c) => c.accountId, () => null) : null;
  return { address, accountId };
}

/** 429 with `Retry-After` and RATE_LIMITED once the caller's budget for the window is spent. */
export function rateLimit(limiter: RequestRateLimiter, tokens: TokenService): RequestHandler {
  return (req, res, next) => {
    callerOf(req.headers.authorization, req.ip ?? '', tokens)
      .then((caller) => limiter.consume(caller))
      .then((retryAfter) => {
        if (retryAfter === null) return next();
        res.status(429).setHeader('retry-after', String(retryAfter));
        res.json({ errors: [rateLimitedError(retryAfter).toJSON()] });
      }, next);
  };
}

/**
 * Gives each request a TimeBudget (`res.locals.timeBudget`) and answers TIMEOUT with 503 at its
 * deadline: by default as GraphQL errors; a route with its own error format passes `answer`.
 */
export function timeLimit(timeoutMs: number, answer: (res: Response) => void = (res) => res.json({ errors: [timeoutError(timeoutMs).toJSON()] })): RequestHandler {
  return (_req, res, next) => {
    const budget = new TimeBudget(timeoutMs);
    res.locals.timeBudget = budget;
    const timer = setTimeout(() => {
      if (res.headersSent || !budget.expire()) return;
      answer(res.status(503));
      discardLateAnswer(res);
    }, timeoutMs);
    res.on('close', () => clearTimeout(timer));
    next();
  };
}

/**
 * graphql-js 16 cannot abort an execution: the operation runs on and Apollo then writes its answer
 * to a response already sent. That late answer is dropped here rather than raising "headers sent".
 */
function discardLateAnswer(res: Response): void {
  const ignore = function (this: Response) {
    return this;
  };
  Object.assign(res, { setHeader: ignore, status: ignore, send: ignore, write: () => true, end: ignore });
}

export function timeBudgetOf(res: Response): TimeBudget | null {
  return (res.locals.timeBudget as TimeBudget | undefined) ?? null;
}

/** The body of a 413 answer: the request body is over REQUEST_BODY_LIMIT_KB. */
export function bodyTooLarge(maxBytes: number, length: number | null) {
  return { errors: [limitError('BODY_SIZE', maxBytes, length, `The request body is larger than ${maxBytes} bytes`).toJSON()] };
}
