import type { Readable } from 'node:stream';
import type { DataSource, EntityManager } from 'typeorm';
import { runInTransaction } from '../../core/transaction';
import { BULK_COLUMNS, isHeaderRow, mapHeader } from './bulk.columns';
import { ImportJob, ImportRowError } from './bulk.entity';
import { BulkKind, ImportErrorCode, ImportJobStatus } from './bulk.enums';
import type { CandidateRow, Checked, Importer, RowOutcome } from './importer';
import type { ImportJobs } from './import.jobs';
import { problem, type RowProblem } from './import.problems';
import { ByteCounter, SheetError, readSheet, type SheetCell, type SheetRow } from './sheet.reader';

/** What a progress bar shows after each committed batch. */
export interface ImportProgress {
  job: ImportJob;
  bytesRead: number;
}

export interface RunOptions {
  db: DataSource;
  jobs: ImportJobs;
  /** Claimed by this process (`ownerId`). */
  job: ImportJob;
  ownerId: string;
  importer: Importer<unknown>;
  input: Readable;
  batchRows: number;
  onProgress?: (progress: ImportProgress) => void;
  /** Asked between batches: true leaves the job unfinished (and released) for the next start to resume. */
  shouldStop?: () => boolean;
}

/** Another process took the job over (this one was silent past the lease): stop without writing more. */
export class LostJobError extends Error {}

const HEADER_SEARCH_ROWS = 10;
const EMPTY: SheetCell = { text: '' };
const MAX_CELL = 2000;
const YIELD_EVERY = 50;

interface Batch<C> {
  rows: { row: number; checked: Checked<C> }[];
  lastRow: number;
  /** Bytes of the file read when the batch was complete. */
  bytesRead: number;
}

/**
 * Runs one claimed job to its end. The file is read once, row by row: each row is checked without
 * the database (and against the keys of the rows before it), rows are grouped into batches, and
 * each batch is written in one transaction together with its row errors and the job's new position
 * (`lastRow`) and counts. A kill at any moment therefore leaves the job at the end of a committed
 * batch; running it again reads the file from the top (to know the earlier rows' keys again) and
 * writes from the row after `lastRow`, ending exactly as an uninterrupted run would. The next batch
 * is read while the last one is written; an importer whose rows do not depend on each other's
 * (volunteers) also writes two batches at once, committing them in file order.
 */
export async function runImport<C>(options: RunOptions & { importer: Importer<C> }): Promise<ImportJob> {
  const { db, job, importer } = options;
  const counter = new ByteCounter();
  options.input.on('error', (err) => counter.destroy(err));
  const rows = readSheet(options.input.pipe(counter), job.format);
  const resumeAfter = job.lastRow;
  // Batches being written, oldest first. Each settles to whether it committed (never rejects: a
  // failure is kept in `failure`, so that none goes unhandled while the next batch is being read).
  const writing: Promise<boolean>[] = [];
  let failure: unknown = null;
  const settle = async () => {
    await Promise.all(writing.splice(0));
    if (failure) throw failure;
  };
  try {
    const header = await readHeader(job.kind, rows);
    job.ignoredColumns = header.ignored.join(', ').slice(0, 1000);
    await options.jobs.update(job.id, options.ownerId, { ignoredColumns: job.ignoredColumns });
    await runInTransaction(db, (tx) => importer.prepare(tx));
    let previous: Promise<boolean> = Promise.resolve(true);
    let total = 0;
    for await (const batch of batches(rows, header.positions, importer, job.kind, options.batchRows, () => counter.bytes)) {
      total += batch.rows.length;
      while (writing.length >= importer.batchesAtOnce) await writing.shift();
      if (failure) throw failure;
      if (options.shouldStop?.()) {
        await settle();
        await options.jobs.release(job.id, options.ownerId);
        return job;
      }
      const written = writeBatch(options, batch, resumeAfter, previous).then(
        () => {
          options.onProgress?.({ job, bytesRead: counter.bytes });
          return true;
        },
        (err: unknown) => {
          failure ??= err;
          return false;
        },
      );
      writing.push(written);
      previous = written;
    }
    await settle();
    await options.jobs.finish(job.id, options.ownerId, { status: ImportJobStatus.COMPLETED, rowsTotal: total, bytesRead: job.bytes, uploadId: null });
    Object.assign(job, { status: ImportJobStatus.COMPLETED, rowsTotal: total, bytesRead: job.bytes });
    options.onProgress?.({ job, bytesRead: counter.bytes });
    return job;
  } catch (err) {
    // Whatever ends the run, the batches already being written end first (committed or not).
    await Promise.all(writing.splice(0));
    if (err instanceof SheetError) {
      await options.jobs.finish(job.id, options.ownerId, { status: ImportJobStatus.FAILED, failure: err.message.slice(0, 500), uploadId: null });
      return Object.assign(job, { status: ImportJobStatus.FAILED, failure: err.message });
    }
    // Anything else (the database went away): the job stays where its last batch left it, free to be resumed at once.
    if (!(err instanceof LostJobError)) await options.jobs.release(job.id, options.ownerId).catch(() => undefined);
    throw err;
  } finally {
    counter.destroy();
    options.input.destroy();
  }
}

/** The header: the first row (of the first ten) that names at least two of the kind's columns. */
async function readHeader(kind: BulkKind, rows: AsyncGenerator<SheetRow>) {
  for (let i = 0; i < HEADER_SEARCH_ROWS; i++) {
    const next = await rows.next();
    if (next.done) break;
    const texts = next.value.cells.map((c) => c.text);
    if (!isHeaderRow(kind, texts)) continue;
    const header = mapHeader(kind, texts);
    if (header.missing.length) throw new SheetError(`the file lacks the required column${header.missing.length > 1 ? 's' : ''} ${header.missing.join(', ')}`);
    return header;
  }
  const names = BULK_COLUMNS[kind].filter((c) => c.required).map((c) => c.key);
  throw new SheetError(`no header row in the first ${HEADER_SEARCH_ROWS} rows: it names the columns, e.g. ${names.join(', ')}`);
}

/** Rows checked (pure rules, required cells, duplicates within the file) and grouped into batches. */
async function* batches<C>(rows: AsyncGenerator<SheetRow>, positions: Map<string, number>, importer: Importer<C>, kind: BulkKind, size: number, bytesRead: () => number): AsyncGenerator<Batch<C>> {
  const columns = BULK_COLUMNS[kind].map((c) => c.key);
  const required = new Set(BULK_COLUMNS[kind].filter((c) => c.required).map((c) => c.key));
  const seen = new Map<string, number>();
  let batch: Batch<C> = { rows: [], lastRow: 0, bytesRead: 0 };
  for await (const { row, cells } of rows) {
    const cell = (column: string) => {
      const at = positions.get(column);
      return at === undefined ? EMPTY : (cells[at] ?? EMPTY);
    };
    batch.rows.push({ row, checked: checkRow(importer, cell, columns, required, seen, row) });
    batch.lastRow = row;
    // Reading and checking are synchronous between chunks of the file: let the batch being written hear its answers.
    if (batch.rows.length % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
    if (batch.rows.length >= size) {
      yield { ...batch, bytesRead: bytesRead() };
      batch = { rows: [], lastRow: row, bytesRead: 0 };
    }
  }
  if (batch.rows.length) yield { ...batch, bytesRead: bytesRead() };
}

function checkRow<C>(importer: Importer<C>, cell: (column: string) => SheetCell, columns: string[], required: Set<string>, seen: Map<string, number>, row: number): Checked<C> {
  const early: RowProblem[] = [];
  for (const column of columns) {
    const text = cell(column).text;
    if (text === '' && required.has(column)) early.push(problem(column, ImportErrorCode.REQUIRED, `${column} is required`));
    if (text.length > MAX_CELL) early.push(problem(column, ImportErrorCode.INVALID, `${column} is longer than ${MAX_CELL} characters`));
  }
  // A cell already reported empty or too long is not reported again by the kind's own checks.
  const guarded = (column: string) => (early.some((p) => p.column === column) ? EMPTY : cell(column));
  const checked = importer.check(guarded);
  const problems = [...early, ...checked.problems.filter((p) => !early.some((e) => e.column === p.column))];
  for (const key of checked.keys) {
    const id = `${key.space}\u0000${key.value}`;
    const first = seen.get(id);
    if (first === undefined) seen.set(id, row);
    else problems.push(problem(key.column, ImportErrorCode.DUPLICATE_IN_FILE, `the same ${key.label} as row ${first}`));
  }
  return problems.length ? { candidate: null, keys: checked.keys, problems } : checked;
}

/** One transaction: the batch's rows, its row errors, and the job's position and counts, conditional on still owning the job. */
async function writeBatch<C>(options: RunOptions & { importer: Importer<C> }, batch: Batch<C>, resumeAfter: number, previous: Promise<boolean>): Promise<void> {
  const { job } = options;
  const fresh = batch.rows.filter((r) => r.row > resumeAfter);
  if (!fresh.length) {
    await previous;
    return;
  }
  const delta = await runInTransaction(options.db, async (tx) => {
    const candidates: CandidateRow<C>[] = fresh.filter((r) => r.checked.candidate !== null).map((r) => ({ row: r.row, candidate: r.checked.candidate! }));
    const outcomes = candidates.length ? await options.importer.write(tx, candidates) : [];
    const byRow = new Map<number, RowOutcome>(candidates.map((c, i) => [c.row, outcomes[i]]));
    const errors: Partial<ImportRowError>[] = [];
    const counts = { imported: 0, skipped: 0, failed: 0 };
    for (const { row, checked } of fresh) {
      const outcome: RowOutcome = byRow.get(row) ?? { result: 'failed', problems: checked.problems };
      if (outcome.result === 'failed') {
        counts.failed += 1;
        for (const p of outcome.problems) errors.push({ jobId: job.id, rowNumber: row, columnName: p.column, code: p.code, message: p.message.slice(0, 500) });
      } else counts[outcome.result] += 1;
    }
    // Commits go in file order, so that `lastRow` always means "every row up to here is done":
    // this batch's rows are written while the one before commits, but it commits only after it.
    // Nothing before this point may lock the job's row (the row errors' foreign key takes a shared
    // lock on it): the batch before needs that row to commit, and MariaDB would wait for it in vain.
    if (!(await previous)) throw new Error('an earlier batch was not written');
    await insertErrors(tx, errors);
    const { affected } = await tx
      .createQueryBuilder()
      .update(ImportJob)
      .set({
        lastRow: batch.lastRow,
        bytesRead: batch.bytesRead,
        rowsDone: () => `rowsDone + ${fresh.length}`,
        rowsImported: () => `rowsImported + ${counts.imported}`,
        rowsSkipped: () => `rowsSkipped + ${counts.skipped}`,
        rowsFailed: () => `rowsFailed + ${counts.failed}`,
        heartbeatAt: new Date(),
      })
      .where('id = :id AND ownerId = :owner', { id: job.id, owner: options.ownerId })
      .execute();
    if (affected !== 1) throw new LostJobError(`import job ${job.id} was taken over by another process`);
    return counts;
  });
  job.lastRow = batch.lastRow;
  job.bytesRead = batch.bytesRead;
  job.rowsDone += fresh.length;
  job.rowsImported += delta.imported;
  job.rowsSkipped += delta.skipped;
  job.rowsFailed += delta.failed;
}

async function insertErrors(tx: EntityManager, errors: Partial<ImportRowError>[]): Promise<void> {
  for (let i = 0; i < errors.length; i += 200) await tx.getRepository(ImportRowError).insert(errors.slice(i, i + 200));
}

