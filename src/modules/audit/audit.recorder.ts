import { GraphQLError } from 'graphql';
import type { EntityManager } from 'typeorm';
import type { UserError } from '../../core/errors';
import { fromGlobalId, nodeSources, nodeTypeOf, toGlobalId } from '../../core/relay';
import type { Context } from '../../server/context';
import { ApiKey } from '../organisation/api-key.entity';
import { AuditEntry } from './audit.entity';
import { AuditOutcome } from './audit.enums';

/** How one mutation call ended, as the mutation boundary saw it. */
export type AuditEnding =
  | { outcome: AuditOutcome.OK; payload: unknown }
  | { outcome: AuditOutcome.REFUSED; userErrors: UserError[] }
  | { outcome: AuditOutcome.ERROR; error: unknown };

const INPUT_FIELDS_MAX = 1000;

/** The row for one mutation call. Reads only names and ids from the arguments, never their values. */
export function auditEntryOf(ctx: Context, operation: string, args: Record<string, unknown>, ending: AuditEnding): Partial<AuditEntry> {
  const account = ctx.viewer?.account ?? null;
  return {
    at: new Date(),
    actorAccountId: account?.id ?? null,
    actorRole: account?.role ?? null,
    apiKeyId: account ? ctx.apiKeyId : null,
    operation,
    targetId: (ending.outcome === AuditOutcome.OK ? idOfPayload(ending.payload) : null) ?? idOfArguments(args),
    inputFields: fitList(inputFieldNames(args), INPUT_FIELDS_MAX),
    outcome: ending.outcome,
    errorCodes: fitList(errorCodesOf(ending), 200),
    address: ctx.clientIp ? ctx.clientIp.slice(0, 64) : null,
  };
}

/** Appends the row in `tx`: the mutation's own transaction on success, a transaction of its own otherwise. */
export async function appendAuditEntry(tx: EntityManager, entry: Partial<AuditEntry>): Promise<void> {
  await tx.getRepository(AuditEntry).insert(entry);
}

/** `input.<field>` for each field of each input object supplied (one level deep), and the names of scalar arguments. */
export function inputFieldNames(args: Record<string, unknown>): string[] {
  return Object.entries(args).flatMap(([arg, value]) => {
    if (value === undefined) return [];
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return [arg];
    return Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([field]) => `${arg}.${field}`);
  });
}

/**
 * The object acted on: the node the payload returns (a created or changed object); otherwise, for
 * a refusal or a failure, the input's `id`, else its first `…Id` field. Only well-formed ids of
 * known types count, re-encoded, so no caller-chosen text reaches the log.
 */
export function idOfPayload(payload: unknown): string | null {
  if (!payload || typeof payload !== 'object') return null;
  for (const [key, value] of Object.entries(payload)) {
    if (key === 'userErrors' || !value || typeof value !== 'object') continue;
    const id = (value as { id?: unknown }).id;
    const type = nodeTypeOf(value) ?? (value instanceof ApiKey ? 'ApiKey' : undefined);
    if (type && typeof id === 'number') return toGlobalId(type, id);
  }
  return null;
}

export function idOfArguments(args: Record<string, unknown>): string | null {
  const scopes = [args.input, args].filter((s): s is Record<string, unknown> => !!s && typeof s === 'object' && !Array.isArray(s));
  for (const scope of scopes) {
    const keys = Object.keys(scope).sort((a, b) => Number(b === 'id') - Number(a === 'id'));
    for (const key of keys) {
      if (key !== 'id' && !key.endsWith('Id')) continue;
      const id = canonicalId(scope[key]);
      if (id) return id;
    }
  }
  return null;
}

/** A Relay id of a type this API knows, in its canonical spelling; null for anything else. */
export function canonicalId(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const decoded = fromGlobalId(value, knownTypes());
  return decoded ? toGlobalId(decoded.type, decoded.id) : null;
}

let types: string[] | undefined;
function knownTypes(): string[] {
  return (types ??= [...new Set([...nodeSources.flatMap((s) => s.types), 'ApiKey'])]);
}

function errorCodesOf(ending: AuditEnding): string[] {
  if (ending.outcome === AuditOutcome.REFUSED) return [...new Set(ending.userErrors.map((e) => e.code))];
  if (ending.outcome === AuditOutcome.ERROR) {
    const code = ending.error instanceof GraphQLError ? ending.error.extensions?.code : undefined;
    return [typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR'];
  }
  return [];
}

/** Joins whole names while they fit the column. */
function fitList(names: string[], max: number): string {
  let out = '';
  for (const name of names) {
    const next = out ? `${out},${name}` : name;
    if (next.length > max) break;
    out = next;
  }
  return out;
}
