import type { EntityManager } from 'typeorm';

/**
 * Takes the next position of a gapless log from its event_sequence row, in one statement, inside
 * the caller's transaction: the row stays locked until commit, so positions commit in order. One
 * round trip rather than UPDATE then SELECT shortens the time every writer waits on that row.
 */
export async function nextPosition(tx: EntityManager, sequence: string): Promise<number> {
  if (tx.connection.options.type === 'mysql') {
    // LAST_INSERT_ID(expr) hands the new value back in the statement's own result (per connection).
    const result: { insertId: number | string } = await tx.query('UPDATE event_sequence SET value = LAST_INSERT_ID(value + 1) WHERE name = ?', [sequence]);
    return Number(result.insertId);
  }
  const [row]: { value: number | string }[] = await tx.query('UPDATE event_sequence SET value = value + 1 WHERE name = ? RETURNING value', [sequence]);
  return Number(row.value);
}
