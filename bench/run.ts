/**
 * `npm run bench`: every scenario, one after another, each in its own process (so that one's heap
 * and JIT state do not colour the next), then one Markdown table of all figures against their
 * targets, written with the JSON of each scenario to bench/results/.
 *
 *   npm run bench                                   small scale, embedded SQLite (MariaDB-only scenarios skipped)
 *   DATABASE_URL=mysql://root@127.0.0.1:3306/vg_bench npm run bench -- --scale full
 *   npm run bench -- --only fanout,nested           some scenarios only
 *
 * Give DATABASE_URL an empty database of its own: the scenarios fill it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { RESULTS_DIR, arg, markdown, type Row } from './support';

interface Scenario {
  name: string;
  file: string;
  flags?: string[];
  args?: (scale: string) => string[];
  needsMysql?: boolean;
}

const SCENARIOS: Scenario[] = [
  { name: 'fanout', file: 'fanout.ts', flags: ['--expose-gc'] },
  { name: 'query-path', file: 'query-path.ts' },
  { name: 'nested', file: 'nested.ts' },
  { name: 'writes', file: 'writes.ts', needsMysql: true },
  { name: 'import', file: 'import.ts', needsMysql: true },
  { name: 'analytics', file: 'analytics.ts', args: (scale) => ['--scale', scale] },
  { name: 'export-memory', file: 'export-memory.ts', flags: ['--expose-gc'], args: (scale) => (scale === 'full' ? ['--scale', 'full'] : []) },
];

function main(): void {
  const scale = arg('scale', 'small');
  const only = arg('only', '').split(',').filter(Boolean);
  const mysql = /^mysql:/.test(process.env.DATABASE_URL ?? '');
  const rows: Row[] = [];
  const outcome: Record<string, string> = {};
  for (const s of SCENARIOS) {
    if (only.length && !only.includes(s.name)) continue;
    if (s.needsMysql && !mysql) {
      outcome[s.name] = 'skipped: needs DATABASE_URL=mysql://...';
      console.error(`\n== ${s.name}: skipped (needs MariaDB: set DATABASE_URL=mysql://...)`);
      continue;
    }
    console.error(`\n== ${s.name}`);
    const started = Date.now();
    const run = spawnSync(process.execPath, [...(s.flags ?? []), '-r', './src/register.js', path.join('bench', s.file), ...(s.args?.(scale) ?? [])], {
      cwd: path.join(__dirname, '..'),
      stdio: 'inherit',
      env: process.env,
    });
    const seconds = Math.round((Date.now() - started) / 1000);
    outcome[s.name] = run.status === 0 ? `ok in ${seconds} s` : `failed (exit ${run.status ?? run.signal}) after ${seconds} s`;
    const file = path.join(RESULTS_DIR, `${s.name}.json`);
    if (run.status === 0 && fs.existsSync(file)) rows.push(...((JSON.parse(fs.readFileSync(file, 'utf8')) as { rows?: Row[] }).rows ?? []));
  }
  console.log(`\n## Benchmark summary (scale ${scale}, ${mysql ? 'MariaDB' : 'embedded SQLite'})\n`);
  console.log(markdown(rows));
  console.log('');
  for (const [name, text] of Object.entries(outcome)) console.log(`- ${name}: ${text}`);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(RESULTS_DIR, 'summary.json'), JSON.stringify({ at: new Date().toISOString(), scale, database: mysql ? 'mysql' : 'sqlite', outcome, rows }, null, 2));
  if (Object.values(outcome).some((o) => o.startsWith('failed'))) process.exitCode = 1;
}

main();
