import { parse, specifiedRules, validate, type DocumentNode, type GraphQLError, type GraphQLSchema, type ValidationRule } from 'graphql';
import { tokenLimitError } from '../limits/limit-errors';

/** A subscription document as parsed and validated once; `id` names it in fan-out group keys. */
export interface CachedDocument {
  id: number;
  document: DocumentNode;
  errors: readonly GraphQLError[];
}

/**
 * Parsed and validated documents by their text, least recently used first out. Consoles send the
 * same few documents over and over; parsing and validating each subscribe costs more than the
 * lookup, and the shared `id` lets identical subscriptions find each other.
 */
export class DocumentCache {
  private readonly entries = new Map<string, CachedDocument>();
  private readonly ids = new WeakMap<DocumentNode, number>();
  private nextId = 1;
  hits = 0;
  misses = 0;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly capacity = 1000,
    /** The server's document limits (src/server/limits): checked here, so once per distinct document. */
    private readonly limits: { rules?: readonly ValidationRule[]; maxTokens?: number } = {},
  ) {}

  /** The id of a document this cache handed out; null for any other. */
  idOf(document: DocumentNode): number | null {
    return this.ids.get(document) ?? null;
  }

  /** Throws a GraphQLError for a document that does not parse, like graphql-ws's own parse. */
  get(source: string): CachedDocument {
    const found = this.entries.get(source);
    if (found) {
      this.hits += 1;
      this.entries.delete(source); // re-insert: Map order is recency
      this.entries.set(source, found);
      return found;
    }
    this.misses += 1;
    let document: DocumentNode;
    try {
      document = parse(source, { maxTokens: this.limits.maxTokens });
    } catch (err) {
      throw tokenLimitError(err as Error) ?? err;
    }
    const rules = this.limits.rules ? [...specifiedRules, ...this.limits.rules] : undefined;
    const entry = { id: this.nextId++, document, errors: validate(this.schema, document, rules) };
    this.entries.set(source, entry);
    this.ids.set(document, entry.id);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return entry;
  }
}
