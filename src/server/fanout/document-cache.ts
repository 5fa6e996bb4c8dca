import { parse, specifiedRules, validate, type DocumentNode, type GraphQLError, type GraphQLSchema, type ValidationRule } from 'graphql';

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
    /** Rules beyond graphql-js's own, e.g. no introspection in production. */
    extraRules: readonly ValidationRule[] = [],
    private readonly capacity = 1000,
  ) {
    this.rules = [...specifiedRules, ...extraRules];
  }

  private readonly rules: readonly ValidationRule[];

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
    const document = parse(source);
    const entry = { id: this.nextId++, document, errors: validate(this.schema, document, this.rules) };
    this.entries.set(source, entry);
    this.ids.set(document, entry.id);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return entry;
  }
}
