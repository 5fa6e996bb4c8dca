import type { EntityManager } from 'typeorm';
import { isDatabaseUnavailable } from '../../server/database-unavailable';
import type { RowProblem } from './import.problems';
import type { SheetCell } from './sheet.reader';

/** A value identifying a row within its file (region code, ID hash, team, username): a second row with it is a duplicate. */
export interface RowKey {
  /** Keys of one space are compared (a person given by ID number in one row and by exported hash in another is one person). */
  space: string;
  /** The column the duplicate is reported on. */
  column: string;
  value: string;
  /** How the message names it: "the same ID number as row 3". */
  label: string;
}

/** The pure check of one row: what to write, or why not. */
export interface Checked<C> {
  candidate: C | null;
  keys: RowKey[];
  problems: RowProblem[];
}

export type RowOutcome = { result: 'imported' } | { result: 'skipped' } | { result: 'failed'; problems: RowProblem[] };

export interface CandidateRow<C> {
  row: number;
  candidate: C;
}

/**
 * One kind of import. `check` sees one row and no database (the rules that need none, the keys);
 * `write` gets a batch of checked rows inside the batch's transaction, resolves what they name, skips
 * those already present and writes the rest, each row whole or not at all.
 */
export interface Importer<C> {
  /**
   * Batches written at once (committed in file order): 1 when a row may need an earlier one of the
   * file (a parent region or team); more when rows are independent, so that the database works on
   * one batch while the other commits.
   */
  readonly batchesAtOnce: number;
  /** Reads what checks need once per run (skills, categories), before the first row. */
  prepare(tx: EntityManager): Promise<void>;
  check(cell: (column: string) => SheetCell): Checked<C>;
  /** One outcome per row, in order. May run again after a deadlock, so it keeps no state across calls. */
  write(tx: EntityManager, rows: CandidateRow<C>[]): Promise<RowOutcome[]>;
}

let savepoints = 0;

/**
 * Runs `work` inside a savepoint of the transaction: its writes stay only if it returns, so one
 * failing row (or a failing batch insert) leaves the rest of the transaction intact. Errors that
 * end the transaction itself (deadlock, lost connection) pass through for the whole batch to retry.
 */
export async function inSavepoint<T>(tx: EntityManager, work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  const name = `bulk_${++savepoints}`;
  await tx.query(`SAVEPOINT ${name}`);
  try {
    const value = await work();
    await tx.query(`RELEASE SAVEPOINT ${name}`);
    return { ok: true, value };
  } catch (error) {
    if (isDatabaseUnavailable(error)) throw error;
    await tx.query(`ROLLBACK TO SAVEPOINT ${name}`);
    await tx.query(`RELEASE SAVEPOINT ${name}`);
    return { ok: false, error };
  }
}
