import { ArgsType, Field, InterfaceType, Int, ObjectType, ID, type ClassType } from 'type-graphql';
import { badInput, limitExceeded } from './errors';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** How one feature finds and types its nodes for `node(id)`; each module registers its own. */
export interface NodeSource<C = unknown> {
  /** GraphQL type names this source serves (the type part of the global id). */
  types: readonly string[];
  /** The GraphQL type name of a value, if it is one of this source's. */
  typeOf(value: unknown): string | undefined;
  /** Loads the object, or null; throws FORBIDDEN when it exists but the caller may not see it. */
  load(ctx: C, type: string, id: number): Promise<object | null>;
}

export const nodeSources: NodeSource<any>[] = [];

export function registerNodeSource<C>(source: NodeSource<C>): void {
  nodeSources.push(source);
}

/** The GraphQL type of a node object, asked of each registered node source. */
export function nodeTypeOf(value: unknown): string | undefined {
  for (const source of nodeSources) {
    const type = source.typeOf(value);
    if (type) return type;
  }
  return undefined;
}

@InterfaceType('Node', {
  description: 'An object with a globally unique id (Relay).',
  resolveType: nodeTypeOf,
})
export abstract class Node {
  @Field(() => ID, { description: 'Globally unique, opaque id; pass it to `node(id)`.' })
  id: string;
}

export function toGlobalId(type: string, id: number | string): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

/** Decodes a global id; null unless it is well-formed and of one of the expected types. */
export function fromGlobalId(globalId: string, types: readonly string[]): { type: string; id: number } | null {
  if (typeof globalId !== 'string' || globalId.length > 200 || !/^[A-Za-z0-9_-]+$/.test(globalId)) return null;
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const match = /^([A-Za-z]+):([1-9][0-9]{0,15})$/.exec(decoded);
  if (!match || !types.includes(match[1])) return null;
  const id = Number(match[2]);
  return Number.isSafeInteger(id) ? { type: match[1], id } : null;
}

// simpleResolvers: plain data fields; type-graphql then leaves graphql-js's default resolver in place.
@ObjectType({ description: 'Where a page sits in its list (Relay).', simpleResolvers: true })
export class PageInfo {
  @Field({ description: 'True when more items follow this page.' })
  hasNextPage: boolean;

  @Field({ description: 'True when items precede this page.' })
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first edge of this page.' })
  startCursor: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last edge; pass it as `after` for the next page.' })
  endCursor: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: `How many items to return (default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}).` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Return the items after this cursor.' })
  after?: string | null;
}

export interface Page {
  limit: number;
  /** Keyset position: items with a sort key greater than this. */
  afterKey: number | null;
}

/** Validates `first`/`after`: LIMIT_EXCEEDED above the maximum, BAD_USER_INPUT for a negative size or a foreign cursor. */
export function parsePage(args: PageArgs): Page {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (first < 0) throw badInput('`first` must not be negative');
  if (first > MAX_PAGE_SIZE) throw limitExceeded(`\`first\` may be at most ${MAX_PAGE_SIZE}`);
  return { limit: first, afterKey: args.after == null ? null : decodeCursor(args.after) };
}

export function encodeCursor(key: number): string {
  return Buffer.from(`cursor:${key}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): number {
  const match = /^cursor:([0-9]{1,15})$/.exec(Buffer.from(String(cursor), 'base64url').toString('utf8'));
  if (!match) throw badInput('`after` is not a cursor from this list');
  return Number(match[1]);
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  /** Lazy: counted only when the client asks for it. */
  readonly totalCount: Promise<number> | number;
}

/** Builds a connection from up to `limit + 1` rows ordered by `key` (the extra row only signals a next page). */
export function toConnection<T>(rows: T[], page: Page, key: (row: T) => number, count: () => Promise<number>): Connection<T> {
  const slice = rows.slice(0, page.limit);
  const edges = slice.map((node) => ({ cursor: encodeCursor(key(node)), node }));
  let counted: Promise<number> | undefined;
  return {
    edges,
    pageInfo: Object.assign(new PageInfo(), {
      hasNextPage: rows.length > page.limit,
      hasPreviousPage: page.afterKey !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    }),
    get totalCount() {
      return (counted ??= count());
    },
  };
}

/** Declares `<Name>Connection` and `<Name>Edge` GraphQL types for a node type. */
export function connectionType<T extends object>(name: string, nodeType: ClassType<T> | (() => unknown), description: string) {
  @ObjectType(`${name}Edge`, { description: `One ${description} in a page, with its cursor.`, simpleResolvers: true })
  class EdgeType {
    @Field({ description: 'Opaque position of this edge; pass it as `after`.' })
    cursor: string;

    @Field(() => nodeType as ClassType<T>, { description: `The ${description}.` })
    node: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${description} items (Relay connection).`, simpleResolvers: true })
  class ConnectionType {
    @Field(() => [EdgeType], { description: 'The items of this page, in a stable order.' })
    edges: EdgeType[];

    @Field(() => PageInfo, { description: 'Where this page sits in the whole list.' })
    pageInfo: PageInfo;

    @Field(() => Int, { description: 'How many items the whole list holds.' })
    totalCount: number;
  }
  return ConnectionType;
}
