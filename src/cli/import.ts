import { StartupError, loadConfig } from '../config';
import { openDatabase } from '../core/database';
import { toGlobalId } from '../core/relay';
import { ImportRowError, type ImportJob } from '../modules/bulk/bulk.entity';
import { ImportJobStatus } from '../modules/bulk/bulk.enums';
import { ImportBusyError } from '../modules/bulk/import.service';
import { idHasherFor } from '../modules/volunteer/id-number';
import { UsageError, commandLineImports, kindFilePairs } from './bulk-setup';
import { ProgressBar } from './progress';

const USAGE = 'usage: npm run import -- <regions|volunteers|teams> <file.csv|file.xlsx> [<kind> <file> ...]';
const ERRORS_SHOWN = 20;

/**
 * `npm run import -- volunteers volunteers.xlsx`: imports CSV or XLSX files into the configured
 * database, in the order given, with a progress bar on stderr and a summary and the first row
 * errors on stdout. Running a file again resumes its unfinished job (after a crash or Ctrl-C) or,
 * once it completed, skips every row already present. Exit status: 0 every row imported or
 * present, 2 some rows refused (see the errors), 1 a file could not be imported at all.
 */
async function main(): Promise<number> {
  const pairs = kindFilePairs(process.argv.slice(2));
  const config = loadConfig();
  const db = await openDatabase(config.database);
  let status = 0;
  try {
    const hasher = idHasherFor(config);
    await hasher.checkAgainst(db);
    const imports = commandLineImports(db, config, hasher);
    for (const { kind, file } of pairs) {
      const started = Date.now();
      const bar = new ProgressBar(process.stderr, file);
      const job = await imports.runFile(kind, file, {
        onStart: (j, resumed) => {
          if (resumed) process.stderr.write(`${file}: resuming import job ${j.id} after row ${j.lastRow.toLocaleString('en')} (interrupted before)\n`);
        },
        onProgress: ({ job: j }) => {
          const done = j.status === ImportJobStatus.COMPLETED;
          // By bytes read (rows are counted only at the end); the reader runs a little ahead of the commits.
          const fraction = done ? 1 : Math.min(0.99, j.bytes ? j.bytesRead / j.bytes : 0);
          const rowsPerSecond = j.rowsDone / Math.max(0.001, (Date.now() - started) / 1000);
          bar.update({ fraction, rows: j.rowsDone, imported: j.rowsImported, skipped: j.rowsSkipped, failed: j.rowsFailed, rowsPerSecond }, done);
        },
      });
      bar.end();
      await report(db, job, (Date.now() - started) / 1000);
      if (job.status !== ImportJobStatus.COMPLETED) return 1;
      if (job.rowsFailed > 0) status = 2;
    }
    return status;
  } finally {
    await db.destroy();
  }
}

async function report(db: Awaited<ReturnType<typeof openDatabase>>, job: ImportJob, seconds: number): Promise<void> {
  const figures = `${job.rowsDone.toLocaleString('en')} rows: ${job.rowsImported.toLocaleString('en')} imported, ${job.rowsSkipped.toLocaleString('en')} skipped (already present), ${job.rowsFailed.toLocaleString('en')} failed`;
  const rate = job.rowsDone / Math.max(seconds, 0.001);
  console.log(`import job ${job.id} (${job.kind}, ${job.fileName}): ${job.status}; ${figures} in ${seconds.toFixed(1)} s (${Math.round(rate).toLocaleString('en')} rows/s)`);
  if (job.failure) console.log(`  ${job.failure}`);
  if (job.ignoredColumns) console.log(`  ignored columns: ${job.ignoredColumns}`);
  const errors = await db.getRepository(ImportRowError).find({ where: { jobId: job.id }, order: { id: 'ASC' }, take: ERRORS_SHOWN });
  for (const e of errors) console.log(`  row ${e.rowNumber}${e.columnName ? ` ${e.columnName}` : ''}: ${e.code} ${e.message}`);
  if (job.rowsFailed > errors.length || errors.length === ERRORS_SHOWN) console.log(`  all row errors: query { importJob(id: "${toGlobalId('ImportJob', job.id)}") { errors { edges { node { row column code message } } } } }`);
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError) console.error(`import: ${err.message}\n${USAGE}`);
    else if (err instanceof StartupError || err instanceof ImportBusyError) console.error(`import: ${err.message}`);
    else console.error(`import: failed: ${(err as Error)?.message ?? err}`);
    process.exit(err instanceof UsageError ? 64 : 1);
  },
);
