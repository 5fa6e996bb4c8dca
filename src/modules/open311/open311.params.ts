import { ErrorCode, userError, type UserError } from '../../core/errors';

/** Query-string or form parameters as node's querystring parses them: a repeated name is a list. */
export type Params = Record<string, string | string[] | undefined>;

/**
 * Problems with the parameters, one per parameter, collected so the caller hears of every bad
 * field at once. A parameter's field path is its name (`['lat']`), or for an attribute
 * `['attribute', code]`, so errors.parameterOf spells it back the way it was sent.
 */
export class Problems {
  readonly list: UserError[] = [];

  invalid(parameter: string[], message: string): void {
    if (!this.has(parameter)) this.list.push(userError(ErrorCode.INVALID, parameter, message));
  }

  notFound(parameter: string[], message: string): void {
    if (!this.has(parameter)) this.list.push(userError(ErrorCode.NOT_FOUND, parameter, message));
  }

  has(parameter: string[]): boolean {
    return this.list.some((e) => e.field?.join('.') === parameter.join('.'));
  }
}

/**
 * One value. The spec treats a parameter sent empty like one not sent, so both are undefined;
 * a parameter sent twice is a problem (which one was meant?).
 */
export function single(params: Params, name: string, problems: Problems): string | undefined {
  const raw = params[name];
  if (Array.isArray(raw)) {
    problems.invalid([name], 'give it once');
    return undefined;
  }
  const value = raw?.trim();
  return value ? value : undefined;
}

/** A list: comma-delimited, and/or the parameter repeated (both are in the spec). Duplicates once. */
export function list(params: Params, name: string): string[] {
  const raw = params[name];
  const parts = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).flatMap((v) => v.split(','));
  return [...new Set(parts.map((v) => v.trim()).filter(Boolean))];
}

/** A decimal number within [min, max]. */
export function decimal(params: Params, name: string, min: number, max: number, problems: Problems): number | undefined {
  const raw = single(params, name, problems);
  if (raw === undefined) return undefined;
  const value = /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= min && value <= max)) {
    problems.invalid([name], `a decimal number from ${min} to ${max} (WGS84 degrees)`);
    return undefined;
  }
  return value;
}

// The spec's "w3 format": a date and time with seconds optional and the zone required (Z or ±hh:mm).
const W3_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A w3 date and time, e.g. 2010-01-01T00:00:00Z. */
export function w3DateTime(params: Params, name: string, problems: Problems): Date | undefined {
  const raw = single(params, name, problems);
  if (raw === undefined) return undefined;
  const at = W3_DATETIME.test(raw) ? new Date(raw) : null;
  if (!at || Number.isNaN(at.getTime())) {
    problems.invalid([name], 'a date and time in w3 format with its time zone, e.g. 2010-01-01T00:00:00Z');
    return undefined;
  }
  return at;
}

const ATTRIBUTE = /^attribute\[([^\][]+)\](\[\])?$/;

/** `attribute[code]=value`, and `attribute[code][]=v1&attribute[code][]=v2` for several values. */
export function attributes(params: Params, problems: Problems): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const [key, raw] of Object.entries(params)) {
    if (!key.startsWith('attribute')) continue;
    const match = ATTRIBUTE.exec(key);
    if (!match) {
      problems.invalid([key], 'attributes are sent as attribute[CODE]=value');
      continue;
    }
    const values = (Array.isArray(raw) ? raw : [raw ?? '']).map((v) => v.trim()).filter(Boolean);
    if (values.length) found.set(match[1], [...(found.get(match[1]) ?? []), ...values]);
  }
  return found;
}
