import fs from 'node:fs';
import { StartupError, loadConfig } from '../config';
import { openDatabase } from '../core/database';
import { BULK_COLUMNS } from '../modules/bulk/bulk.columns';
import { SheetFormat } from '../modules/bulk/bulk.enums';
import { bulkRows } from '../modules/bulk/bulk.rows';
import { sheetWriter } from '../modules/bulk/sheet.writer';
import { safeCell } from '../modules/export/export.columns';
import { Region } from '../modules/region/region.entity';
import { idHasherFor } from '../modules/volunteer/id-number';
import { UsageError, kindFilePairs } from './bulk-setup';

const USAGE = 'usage: npm run export -- <regions|volunteers|teams> <file.csv|file.xlsx> [<kind> <file> ...] [--region <code>]';

/**
 * `npm run export -- volunteers volunteers.xlsx`: writes regions, volunteers or teams in the
 * columns the import reads, with every column (the command line holds the database's credentials,
 * as a platform admin): re-imported here or into a database under the same ID_HASH_KEY, it gives
 * the same data. `--region <code>`: that region's subtree only.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--region');
  const regionCode = at === -1 ? null : args[at + 1];
  if (at !== -1 && !regionCode) throw new UsageError('--region needs a region code');
  const pairs = kindFilePairs(at === -1 ? args : [...args.slice(0, at), ...args.slice(at + 2)]);
  const config = loadConfig();
  const db = await openDatabase(config.database);
  try {
    const hasher = idHasherFor(config);
    await hasher.checkAgainst(db);
    const region = regionCode === null ? null : await db.getRepository(Region).findOneBy({ code: regionCode });
    if (regionCode !== null && !region) throw new UsageError(`no region has the code ${regionCode}`);
    for (const { kind, file } of pairs) {
      const format = /\.xlsx$/i.test(file) ? SheetFormat.XLSX : SheetFormat.CSV;
      const columns = BULK_COLUMNS[kind];
      const out = fs.createWriteStream(file);
      const writer = sheetWriter(format, out, columns.map((c) => c.key), kind.toLowerCase());
      let count = 0;
      for await (const rows of bulkRows(db.manager, kind, region?.path ?? null, hasher)) {
        await writer.rows(rows.map((row) => columns.map((c) => safeCell(row[c.key] ?? null))));
        count += rows.length;
      }
      await writer.end();
      console.log(`${kind.toLowerCase()}: ${count.toLocaleString('en')} rows written to ${file}`);
    }
  } finally {
    await db.destroy();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    if (err instanceof UsageError) console.error(`export: ${err.message}\n${USAGE}`);
    else if (err instanceof StartupError) console.error(`export: ${err.message}`);
    else console.error(`export: failed: ${(err as Error)?.message ?? err}`);
    process.exit(err instanceof UsageError ? 64 : 1);
  },
);
