import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { ownDatabase, type OwnDatabase } from './support/own-database';

const run = promisify(execFile);
const root = path.join(__dirname, '..');
/** The migration class names, e.g. CreateRegion1795392000000 for migrations/1795392000000-CreateRegion.ts. */
const migrations = fs
  .readdirSync(path.join(root, 'migrations'))
  .filter((f) => /\.(ts|js)$/.test(f))
  .sort()
  .map((f) => {
    const [, timestamp, name] = /^(\d+)-(\w+)\.(ts|js)$/.exec(f)!;
    return `${name}${timestamp}`;
  });

/** `npm run -s migration:<command>`: the TypeORM CLI through ormconfig.ts, with only DATABASE_URL set. */
async function cli(command: 'run' | 'show' | 'revert', url: string): Promise<string> {
  try {
    const { stdout } = await run('npm', ['run', '-s', `migration:${command}`], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: url },
      timeout: 120_000,
    });
    return stdout;
  } catch (err) {
    const e = err as { message: string; stdout?: string; stderr?: string };
    throw new Error(`migration:${command} failed: ${e.message}\nstdout: ${e.stdout}\nstderr: ${e.stderr}`);
  }
}

describe('migrations through the TypeORM CLI (ormconfig.ts)', function () {
  this.timeout(300_000);
  let db: OwnDatabase;

  before(async () => {
    db = await ownDatabase('cli');
  });

  after(async () => {
    await db?.drop();
  });

  it('migration:run on a fresh database applies every file and migration:show lists each one as [X]', async () => {
    // when
    await cli('run', db.url);
    // then
    expect(await db.tables()).to.include.members(['schema_migration', 'region', 'account', 'service_category', 'demand', 'demand_event']);
    const shown = await cli('show', db.url);
    for (const name of migrations) expect(shown, shown).to.match(new RegExp(`^\\[X\\] \\d+ ${name}$`, 'm'));
    expect(shown).not.to.include('[ ]');
  });

  it('migration:revert once per file reverts them all, and migration:run applies them again', async () => {
    // when
    for (let i = 0; i < migrations.length; i++) await cli('revert', db.url);
    // then only the bookkeeping is left
    const left = await db.tables();
    expect(left).not.to.include.any.members(['region', 'account']);
    expect(left.filter((t) => t !== 'schema_migration' && t !== 'sqlite_sequence'), 'tables left after reverting everything').to.deep.equal([]);
    const shown = await cli('show', db.url);
    for (const name of migrations) expect(shown, shown).to.match(new RegExp(`^\\[ \\] ${name}$`, 'm'));
    // and the down migrations left a database the up migrations accept again
    await cli('run', db.url);
    expect(await db.tables()).to.include.members(['region', 'account', 'demand_event']);
    expect((await cli('show', db.url)).match(/^\[X\]/gm)).to.have.length(migrations.length);
  });
});
