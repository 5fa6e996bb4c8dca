import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { toGlobalId } from '../../../src/core/relay';
import { ImportJob } from '../../../src/modules/bulk/bulk.entity';
import { csv, readJob, type Job } from '../../support/bulk-factories';
import { asAdmin, gqlOk } from '../../support/client';
import { createTree, type Tree } from '../../support/factories';
import { harness, testEnv } from '../../support/harness';
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

/** `npm run import` as an operator runs it, on the suite's database, in small batches so that it can be caught mid-way. */
function cli(...args: string[]): Started {
  return start('src/cli/import.ts', testEnv(harness().tmpDir, { IMPORT_BATCH_ROWS: '50', LOG_LEVEL: 'warn' }), args);
}

async function jobOf(file: string): Promise<ImportJob | null> {
  return harness().db.getRepository(ImportJob).findOne({ where: { fileName: path.basename(file) }, order: { id: 'DESC' } });
}

async function countIn(tree: Tree): Promise<number> {
  const community = tree.children[0].children[0];
  const data = await gqlOk(`query($r: ID!) { volunteers(regionId: $r, first: 1) { totalCount } }`, { r: community.id }, await asAdmin());
  return data.volunteers.totalCount;
}

describe('npm run import (the command line)', function () {
  this.timeout(300_000);
  let dir: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-import-cli-'));
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  afterEach(async () => {
    for (const child of running) child.kill('SIGKILL');
  });

  it('shows progress and a summary; killed with -9 mid-way and run again, it resumes and ends exactly as an uninterrupted run', async () => {
    // given two registers alike but for the people, each for a community of its own
    const [homeA, homeB] = [await createTree([1, 1, 1]), await createTree([1, 1, 1])];
    const fileA = path.join(dir, 'a.csv');
    const fileB = path.join(dir, 'b.csv');
    fs.writeFileSync(fileA, register(homeA.children[0].children[0].code));
    fs.writeFileSync(fileB, register(homeB.children[0].children[0].code));

    // when the first is imported in one go
    const whole = cli('volunteers', fileA);
    const exit = await within(whole.exited, EXIT_WITHIN_MS * 2, 'the import to end', whole);
    // then progress went to stderr, the summary and the first row errors to stdout, and the status says rows failed
    expect(exit.code, whole.out.stderr).to.equal(2);
    expect(whole.out.stderr).to.match(/a\.csv \[#+\] 100% {2}3,000 rows {2}[\d,]+ rows\/s {2}imported 2,895 {2}skipped 0 {2}failed 105/);
    expect(whole.out.stdout).to.match(/^import job \d+ \(VOLUNTEERS, a\.csv\): COMPLETED; 3,000 rows: 2,895 imported, 0 skipped \(already present\), 105 failed in/);
    expect(whole.out.stdout).to.include('row 41 id_number: INVALID not a valid resident ID number');
    expect(whole.out.stdout).to.include('row 98 id_number: DUPLICATE_IN_FILE the same ID number as row 97');
    const reference = await readJob(toGlobalId('ImportJob', (await jobOf(fileA))!.id));

    // when the second is killed once some batches have committed, and run again
    const first = cli('volunteers', fileB);
    let atKill: ImportJob | null = null;
    await within(
      (async () => {
        for (;;) {
          atKill = await jobOf(fileB);
          if (atKill && atKill.lastRow > 0) return;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      })(),
      EXIT_WITHIN_MS,
      'the first batches to commit',
      first,
    );
    await stop(first, 'SIGKILL');
    const killed = (await jobOf(fileB))!;
    expect(killed.status, 'killed before the end (make the file longer if this fails)').to.equal('RUNNING');
    expect(killed.lastRow).to.be.within(1, ROWS);
    expect((await readJob(toGlobalId('ImportJob', killed.id))).status).to.equal('INTERRUPTED');
    expect(await countIn(homeB), 'what the killed run committed stays').to.be.above(0);
    const second = cli('volunteers', fileB);
    const resumedExit = await within(second.exited, EXIT_WITHIN_MS * 2, 'the resumed import to end', second);

    // then it resumed the same job after the last committed batch
    expect(resumedExit.code, second.out.stderr).to.equal(2);
    expect(second.out.stderr).to.match(new RegExp(`b\\.csv: resuming import job ${killed.id} after row ${killed.lastRow.toLocaleString('en')} \\(interrupted before\\)`));
    const resumed: Job = await readJob(toGlobalId('ImportJob', killed.id));
    // and the outcome is the uninterrupted run's: the same counts, the same bad rows reported once each, every good row imported once
    const counts = (j: Job) => [j.status, j.rowsTotal, j.rowsDone, j.rowsImported, j.rowsSkipped, j.rowsFailed];
    expect(counts(resumed)).to.deep.equal(counts(reference));
    expect(resumed.resumedCount).to.equal(1);
    const all = async (j: Job) => {
      const rows: [number, string | null, string][] = [];
      for (let after: string | null = null; ; ) {
        const page: any = await gqlOk(`query($id: ID!, $after: String) { importJob(id: $id) { errors(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { row column code } } } } }`, { id: j.id, after }, await asAdmin());
        rows.push(...page.importJob.errors.edges.map((e: { node: { row: number; column: string; code: string } }) => [e.node.row, e.node.column, e.node.code]));
        if (!page.importJob.errors.pageInfo.hasNextPage) return rows;
        after = page.importJob.errors.pageInfo.endCursor;
      }
    };
    expect(await all(resumed)).to.deep.equal(await all(reference));
    expect(await countIn(homeB)).to.equal(2895);
    expect(await countIn(homeA)).to.equal(2895);
  });

  it('refuses a kind it does not know, with the usage', async () => {
    const wrong = cli('people', path.join(dir, 'x.csv'));
    const exit = await within(wrong.exited, EXIT_WITHIN_MS, 'the import to refuse', wrong);
    expect(exit.code).to.equal(64);
    expect(wrong.out.stderr).to.match(/unknown kind "people".*\nusage: npm run import -- <regions\|volunteers\|teams>/);
  });
});
