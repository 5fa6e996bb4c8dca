import { getOperationAST, Kind, type ExecutionArgs, type ValueNode } from 'graphql';
import type { Viewer } from '../context';

/** Arguments that make a subscription resume from a position: it replays its own history. */
const CURSOR_ARGUMENTS = new Set(['after']);

/**
 * What identical subscriptions share: document, operation, variables, role and scope. Null for one
 * that must run alone: no viewer, a document the cache did not hand out, or a cursor to resume from.
 */
export function groupKeyOf(args: ExecutionArgs, documentId: number | null, viewer: Viewer | null): string | null {
  if (!viewer || documentId === null || resumes(args)) return null;
  const a = viewer.account;
  return [documentId, args.operationName ?? '', canonicalJson(args.variableValues ?? {}), a.role, a.scopeId ?? '', a.organisationId ?? ''].join('|');
}

/** The key of the same subscriptions of one account. */
export function personalKeyOf(groupKey: string, viewer: Viewer): string {
  return `${groupKey}|account:${viewer.account.id}`;
}

function resumes(args: ExecutionArgs): boolean {
  const operation = getOperationAST(args.document, args.operationName);
  if (!operation) return true;
  const variables = args.variableValues ?? {};
  const defaults = new Map(operation.variableDefinitions?.map((d) => [d.variable.name.value, d.defaultValue]) ?? []);
  const present = (value: ValueNode): boolean => {
    if (value.kind === Kind.NULL) return false;
    if (value.kind !== Kind.VARIABLE) return true;
    const name = value.name.value;
    if (variables[name] !== undefined) return variables[name] !== null;
    const fallback = defaults.get(name);
    return fallback !== undefined && fallback.kind !== Kind.NULL;
  };
  for (const selection of operation.selectionSet.selections) {
    // A root fragment could hide a cursor: run alone rather than look inside.
    if (selection.kind !== Kind.FIELD) return true;
    if (selection.arguments?.some((arg) => CURSOR_ARGUMENTS.has(arg.name.value) && present(arg.value))) return true;
  }
  return false;
}

/** JSON with object keys sorted, so that {a, b} and {b, a} name the same group. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
