import type { EntityManager, EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import { isUniqueViolation } from './database';
import { ErrorCode, fail } from './errors';

export interface UniqueKey<T> {
  /** The unique key's value, e.g. `{ code }`; checked first for a clear answer. */
  where: FindOptionsWhere<T>;
  field: string[];
  message: string;
  /** False when the key did not change (an update): then only a lost race can clash. */
  check?: boolean;
  /**
   * With several keys: the unique index's name (as MySQL reports it) and `table.column` (as SQLite
   * does), to tell which key a lost race hit.
   */
  index?: string;
  column?: string;
}

/**
 * Saves a row with unique keys the caller can choose. A key already taken is CONFLICT on the
 * input field, whether the check finds it or a concurrent insert wins the race to the unique index.
 */
export async function saveUnique<T extends ObjectLiteral>(tx: EntityManager, target: EntityTarget<T>, entity: T, keys: UniqueKey<T> | UniqueKey<T>[]): Promise<T> {
  const list = Array.isArray(keys) ? keys : [keys];
  for (const key of list) if (key.check !== false && (await tx.existsBy(target, key.where))) fail(ErrorCode.CONFLICT, key.field, key.message);
  try {
    return await tx.save(target, entity);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const text = String((err as Error).message);
    const hit = list.find((k) => (k.index && text.includes(k.index)) || (k.column && text.includes(k.column))) ?? list[0];
    fail(ErrorCode.CONFLICT, hit.field, hit.message);
  }
}
