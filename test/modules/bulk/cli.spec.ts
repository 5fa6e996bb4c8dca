import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import { parseDatabaseUrl } from '../../../src/config';
import { openDatabase } from '../../../src/core/database';
import { ImportJob, ImportRowError } from '../../../src/modules/bulk/bulk.entity';
import { shownStatus } from '../../../src/modules/bulk/import.jobs';
import { Region } from '../../../src/modules/region/region.entity';
import { Volunteer } from '../../../src/modules/volunteer/volunteer.entity';
import { csv } from '../../support/bulk-factories';
import { TEST_ID_HASH_KEY, TEST_JWT_SECRET } from '../../support/harness';
import { ownDatabase, type OwnDatabase } from '../../support/own-database';
import { EXIT_WITHIN_MS, running, start, stop, within, type Started } from '../../support/processes';
import { uniqueResidentId } from '../../support/volunteer-factories';

const ROWS = 3000;

/**
 * A register of ROWS volunteers for one community: every 40th row has a wrong check character and
 * every 97th repeats the ID number of the row before it, so each run has the same bad rows in the
 * same places whoever the people are.
 */
function register(community: string): Buffer {
  const lines: string[][] = [['name', 'phone', 'id_number', 'community_code', 'skills']];
  let previous = '';
  for (let i = 0; i < ROWS; i++) {
    let id = uniqueResidentId().idNumber;
    if (i % 40 === 39) id = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    if (i % 97 === 96) id = previous;
    previous = id;
    lines.push([`志愿者${i}`, `138${String(i).padStart(8, '0')}`, id, community, i % 3 ? 'MEAL_DELIVERY' : '']);
  }
  return csv(lines);
}

/**
 * `npm run import` on the command line, on a database of its own (thousands of volunteers would
 * crowd the suite's shared world), in small batches so that it can be caught mid-way.
 */
describe('npm run import (the command line)', function () {
  this.timeout(300_000);
  let own: OwnDatabase;
  let db: DataSource;
  const cli = (...args: string[]): Started =>
    start('src/cli/import.ts', { NODE_ENV: 'test', DATA_DIR: own.dir, DATABASE_URL: own.url, ID_HASH_KEY: TEST_ID_HASH_KEY, JWT_SECRET: TEST_JWT_SECRET, IMPORT_BATCH_ROWS: '50', LOG_LEVEL: 'warn' }, args);
  const jobOf = (file: string) => db.getRepository(ImportJob).findOne({ where: { fileName: path.basename(file) }, order: { id: 'DESC' } });
  const errorsOf = async (job: ImportJob) => (await db.getRepository(ImportRowError).find({ where: { jobId: job.id }, order: { id: 'ASC' } })).map((e) => [e.rowNumber, e.columnName, e.code]);
  const volunteersIn = async (code: string) => db.getRepository(Volunteer).countBy({ communityId: (await db.getRepository(Region).findOneByOrFail({ code })).id });

  before(async () => {
    own = await ownDatabase('import_cli');
    db = await openDatabase(parseDatabaseUrl(own.url, own.dir));
  });

  after(async () => {
    await db?.destroy();
    await own?.drop();
  });

  afterEach(() => {
    for (const child of running) child.kill('SIGKILL');
  });

  it('imports regions, then volunteers with progress and a summary; killed with -9 mid-way and run again, it resumes and ends exactly as an uninterrupted run', async () => {
    // given a district with two communities, imported from the command line
    const regions = path.join(own.dir, 'regions.csv');
    fs.writeFileSync(regions, csv([['code', 'parent_code', 'name'], ['CLI-D', '', '命令行区'], ['CLI-S', 'CLI-D', '命令行街道'], ['CLI-CA', 'CLI-S', '甲社区'], ['CLI-CB', 'CLI-S', '乙社区']]));
    const placed = cli('regions', regions);
    expect((await within(placed.exited, EXIT_WITHIN_MS, 'the regions import', placed)).code, placed.out.stderr).to.equal(0);
    expect(placed.out.stdout).to.match(/import job \d+ \(REGIONS, regions\.csv\): COMPLETED; 4 rows: 4 imported, 0 skipped \(already present\), 0 failed/);
    // and two registers alike but for the people, one for each community
    const fileA = path.join(own.dir, 'a.csv');
    const fileB = path.join(own.dir, 'b.csv');
    fs.writeFileSync(fileA, register('CLI-CA'));
    fs.writeFileSync(fileB, register('CLI-CB'));

    // when the first is imported in one go
    const whole = cli('volunteers', fileA);
    const exit = await within(whole.exited, EXIT_WITHIN_MS * 2, 'the import to end', whole);
    // then progress went to stderr, the summary and the first row errors to stdout, and the status says rows failed
    expect(exit.code, whole.out.stderr).to.equal(2);
    expect(whole.out.stderr).to.match(/a\.csv \[#+\] 100% {2}3,000 rows {2}[\d,]+ rows\/s {2}imported 2,895 {2}skipped 0 {2}failed 105/);
    expect(whole.out.stdout).to.match(/^import job \d+ \(VOLUNTEERS, a\.csv\): COMPLETED; 3,000 rows: 2,895 imported, 0 skipped \(already present\), 105 failed in/);
    expect(whole.out.stdout).to.include('row 41 id_number: INVALID not a valid resident ID number');
    expect(whole.out.stdout).to.include('row 98 id_number: DUPLICATE_IN_FILE the same ID number as row 97');
    const reference = (await jobOf(fileA))!;

    // when the second is killed once some batches have committed, and run again
    const first = cli('volunteers', fileB);
    await within(
      (async () => {
        while (!((await jobOf(fileB))?.lastRow ?? 0)) await new Promise((resolve) => setTimeout(resolve, 10));
      })(),
      EXIT_WITHIN_MS,
      'the first batches to commit',
      first,
    );
    await stop(first, 'SIGKILL');
    const killed = (await jobOf(fileB))!;
    expect(killed.status, 'killed before the end (make the file longer if this fails)').to.equal('RUNNING');
    expect(shownStatus(killed, 60_000)).to.equal('INTERRUPTED');
    expect(await volunteersIn('CLI-CB'), 'what the killed run committed stays').to.be.above(0);
    const second = cli('volunteers', fileB);
    const resumedExit = await within(second.exited, EXIT_WITHIN_MS * 2, 'the resumed import to end', second);

    // then it resumed the same job after the last committed batch
    expect(resumedExit.code, second.out.stderr).to.equal(2);
    expect(second.out.stderr).to.match(new RegExp(`b\\.csv: resuming import job ${killed.id} after row ${killed.lastRow.toLocaleString('en')} \\(interrupted before\\)`));
    const resumed = (await db.getRepository(ImportJob).findOneByOrFail({ id: killed.id }))!;
    // and the outcome is the uninterrupted run's: the same counts, the same bad rows reported once each, every good row imported once
    const counts = (j: ImportJob) => [j.status, j.rowsTotal, j.rowsDone, j.rowsImported, j.rowsSkipped, j.rowsFailed];
    expect(counts(resumed)).to.deep.equal(counts(reference));
    expect(resumed.resumedCount).to.equal(1);
    expect(await errorsOf(resumed)).to.deep.equal(await errorsOf(reference));
    expect(await volunteersIn('CLI-CB')).to.equal(2895);
    expect(await volunteersIn('CLI-CA')).to.equal(2895);
  });

  it('refuses a kind it does not know, with the usage', async () => {
    const wrong = cli('people', path.join(own.dir, 'x.csv'));
    const exit = await within(wrong.exited, EXIT_WITHIN_MS, 'the import to refuse', wrong);
    expect(exit.code).to.equal(64);
    expect(wrong.out.stderr).to.match(/unknown kind "people".*\nusage: npm run import -- <regions\|volunteers\|teams>/);
  });
});
