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
}

/**
 * Saves a row with a unique key the caller can choose. A key already taken is CONFLICT on the
 * input field, whether the check finds it or a concurrent insert wins the race to the unique index.
 */
export async function saveUnique<T extends ObjectLiteral>(tx: EntityManager, target: EntityTarget<T>, entity: T, key: UniqueKey<T>): Promise<T> {
  if (key.check !== false && (await tx.existsBy(target, key.where))) fail(ErrorCode.CONFLICT, key.field, key.message);
  try {
    return await tx.save(target, entity);
  } catch (err) {
    if (isUniqueViolation(err)) fail(ErrorCode.CONFLICT, key.field, key.message);
    throw err;
  }
}
