import { ErrorCode, type UserError } from '../../core/errors';

/** One entry of the spec's `errors` list. `code` is the HTTP status it stands for. */
export interface Open311ErrorEntry {
  code: number;
  description: string;
}

/**
 * A request the gateway refuses, answered in the spec's error format with `status`: 404 for
 * what does not exist, 403 for a missing or bad api_key, 400 for anything else the caller can fix.
 */
export class Open311Error extends Error {
  constructor(
    readonly status: number,
    readonly errors: Open311ErrorEntry[],
  ) {
    super(errors.map((e) => e.description).join('; '));
  }
}

export const notFound = (description: string) => new Open311Error(404, [{ code: 404, description }]);
export const badRequest = (description: string) => new Open311Error(400, [{ code: 400, description }]);
export const forbiddenKey = (description: string) => new Open311Error(403, [{ code: 403, description }]);

/** The Open311 parameter behind each field of a demand's input, for errors raised by the demand's own rules. */
const PARAMETER_OF_INPUT: Record<string, string> = {
  gridId: 'address_string',
  categoryId: 'service_code',
  title: 'description',
  description: 'description',
  contactName: 'first_name',
  contactPhone: 'phone',
  address: 'address_string',
  latitude: 'lat',
  longitude: 'long',
  photoUrls: 'media_url',
  urgency: 'attribute[URGENCY]',
};

/** The Open311 parameter a userError's field names: `['input', 'contactPhone']` → `phone`, `['attribute', 'URGENCY']` → `attribute[URGENCY]`. */
export function parameterOf(field: string[] | null): string | null {
  if (!field?.length) return null;
  if (field[0] === 'input') return PARAMETER_OF_INPUT[field[1]] ?? field[1];
  return field[0] + field.slice(1).map((part) => `[${part}]`).join('');
}

/** A refused demand as Open311 errors, one per field: 404 when anything named does not exist, else 400. */
export function fromUserErrors(userErrors: UserError[]): Open311Error {
  const entries = userErrors.map((e) => {
    const code = e.code === ErrorCode.NOT_FOUND ? 404 : e.code === ErrorCode.FORBIDDEN ? 403 : 400;
    const parameter = parameterOf(e.field);
    // Messages of the demand's own rules name its input field ("contactPhone must be ..."): say the parameter instead.
    const message = e.field?.[0] === 'input' && parameter ? e.message.replace(new RegExp(`^${e.field[1]}\\b`), parameter) : e.message;
    return { code, description: parameter ? `${parameter}: ${message}` : message };
  });
  const status = entries.some((e) => e.code === 403) ? 403 : entries.some((e) => e.code === 404) ? 404 : 400;
  return new Open311Error(status, entries);
}
