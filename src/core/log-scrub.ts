/**
 * Logs never hold personal data or credentials. Lines are written from fixed messages and ids, and
 * variables are never logged; what can still carry a value is an unexpected error's message (a
 * driver quoting the offending value, a TypeORM error listing its parameters). These helpers keep
 * an error's type, code and stack frames and blank out anything that may be a value.
 */

/** Keys whose values are never written, wherever they appear in a log line (pino `redact`). */
export const REDACTED_KEYS = [
  'authorization',
  'connectionParams',
  'password',
  'token',
  'key',
  'apiKey',
  'phone',
  'contactPhone',
  'householdPhone',
  'idNumber',
  'address',
  'householdAddress',
  'variables',
  'body',
];

/** pino `redact` paths: each key at the top of a line, one and two levels down. */
export const REDACT_PATHS = REDACTED_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

const SCRUBBERS: [RegExp, string][] = [
  [/eyJ[\w-]*\.[\w-]*\.[\w-]*/g, '[token]'], // a JWT
  [/\bvgk_[\w-]+/g, '[key]'], // an API key
  [/\b(Bearer|ApiKey)\s+\S+/gi, '$1 [token]'],
  [/'(?:[^'\\]|\\.)*'/g, "'?'"], // quoted literals: what a driver quotes is a value
  [/"(?:[^"\\]|\\.)*"/g, '"?"'],
  [/`(?:[^`\\]|\\.)*`/g, '`?`'],
  [/\+?\d[\d -]{4,}\d[Xx]?/g, '[number]'], // phone and ID numbers, however spaced
  [/[^\x00-\x7f]{2,}/g, '[text]'], // names and addresses are written in Chinese
];

/** The text with every possible value blanked out; stack frames (paths, line numbers) survive. */
export function scrub(text: string): string {
  return SCRUBBERS.reduce((s, [pattern, replacement]) => s.replace(pattern, replacement), text);
}

export interface ScrubbedError {
  type: string;
  message: string;
  code?: string;
  stack?: string;
  cause?: ScrubbedError;
}

/**
 * pino's `err` serializer: only the type, a string code and the scrubbed message and stack. The
 * error's other properties (a QueryFailedError's `parameters`, body-parser's `body`) are dropped.
 */
export function serializeError(err: unknown, depth = 0): ScrubbedError {
  if (!(err instanceof Error)) return { type: typeof err, message: scrub(String(err)) };
  const code = (err as { code?: unknown }).code;
  const out: ScrubbedError = { type: err.constructor?.name || err.name, message: scrub(err.message) };
  if (typeof code === 'string') out.code = scrub(code);
  if (err.stack) out.stack = scrub(err.stack);
  if (err.cause !== undefined && depth < 3) out.cause = serializeError(err.cause, depth + 1);
  return out;
}
