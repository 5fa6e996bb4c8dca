import type { EntityManager } from 'typeorm';

/**
 * A hand-written statement with named parameters (`:name`, `:...list`), run through the driver's
 * own escaping so that dates, booleans and lists bind the same way as in query builders, on both
 * databases. For the few queries a query builder would obscure (ranking, aggregates).
 */
export async function namedQuery<T = Record<string, unknown>>(manager: EntityManager, sql: string, params: Record<string, unknown>): Promise<T[]> {
  const [query, bound] = manager.connection.driver.escapeQueryWithParameters(sql, params);
  return manager.query(query, bound);
}
