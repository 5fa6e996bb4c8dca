/**
 * import: how many volunteer rows per second does a bulk import write into MariaDB, against raw
 * mysql2 writing the same rows with multi-row INSERTs? (issue 10)
 *
 *   mysql -uroot -e "DROP DATABASE IF EXISTS vg_bench_import; CREATE DATABASE vg_bench_import"
 *   DATABASE_URL=mysql://root@127.0.0.1:3306/vg_bench_import node -r ./src/register.js bench/import.ts
 *     [--rows 50000]        rows per phase
 *     [--only raw,csv,xlsx,upload]
 *
 * MariaDB only (the baseline is mysql2). It starts the real server in this process (startBenchServer),
 * writes ten communities of five grids each straight to the database, then generates one register
 * per phase with different people (CSV or XLSX, the import's own columns: name, phone, ID number,
 * community, grid, two skills, party membership, a weekly window) and measures, one after another:
 *
 *   raw      mysql2/promise, batches of IMPORT_BATCH_ROWS rows, one transaction each: multi-row INSERT
 *            of the accounts, SELECT their ids, INSERT the volunteers, SELECT their ids, INSERT the
 *            skills, windows and first homes: what the importer writes, without reading a file,
 *            checking rows, looking anything up or keeping a job;
 *   csv      the command line's path (ImportService.runFile: read, check, write, job and row errors);
 *   xlsx     the same from an XLSX file (exceljs's streaming reader);
 *   upload   the API's path: POST /imports, importJobStart, poll importJob until COMPLETED.
 *
 * Each figure is rows per second from the start of the phase to its last row committed. Targets:
 * csv and xlsx ≥ 5,000 rows/s (absolute, issue 10), and csv ≥ 0.5 × raw. Context: CPU of this
 * process and of mariadbd (when on this machine) per 1,000 rows. Writes bench/results/import.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { stringify } from 'csv-stringify/sync';
import mysql from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { Role } from '../src/modules/account/role';
import { BulkKind, ImportJobStatus, SheetFormat } from '../src/modules/bulk/bulk.enums';
import { sheetWriter } from '../src/modules/bulk/sheet.writer';
import { NO_PASSWORD } from '../src/modules/bulk/volunteer.importer';
import { Region, RegionLevel } from '../src/modules/region/region.entity';
import { checkCharacter, IdHasher } from '../src/modules/volunteer/id-number';
import { IdType } from '../src/modules/volunteer/volunteer.enums';
import { arg, mariadbPid, processCpuMs, report, round, startBenchServer, type Row } from './support';

const ID_HASH_KEY = 'bench-id-hash-key-that-is-long-enough-0123456789';
const TARGET_ROWS_PER_SECOND = 5000;
const TARGET_VS_RAW = 0.5;
const HEADER = ['name', 'phone', 'id_number', 'community_code', 'grid_code', 'skills', 'party_member', 'availability'];
const SKILLS = [['MEAL_DELIVERY', 'COMPANIONSHIP'], ['FIRST_AID', 'NURSING'], ['PATROL', 'CLEAN_UP']];

interface Phase {
  name: string;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  imported: number | null;
  cpuMsPer1000: { node: number; mariadb: number | null };
}

interface Place {
  community: string;
  grid: string;
  communityId: number;
  gridId: number;
}

/** The `n`-th person of a phase: a valid resident ID under the phase's own area code, so phases never share anyone. */
function person(phase: number, n: number): { idNumber: string; row: string[] } {
  const birth = new Date(Date.UTC(1950, 0, 1) + (n % 18_000) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const body = `${110101 + phase}${birth}${String(Math.floor(n / 18_000)).padStart(3, '0')}`;
  const idNumber = body + checkCharacter(body);
  return { idNumber, row: [`志愿者${phase}-${n}`, `139${String(n).padStart(8, '0')}`, idNumber] };
}

function rowsFor(phase: number, count: number, places: Place[]): string[][] {
  return Array.from({ length: count }, (_, n) => {
    const place = places[n % places.length];
    return [...person(phase, n).row, place.community, place.grid, SKILLS[n % 3].join(';'), n % 4 ? '0' : '1', `${(n % 7) + 1} 08:00-12:00`];
  });
}

async function writeFile(file: string, rows: string[][], format: SheetFormat): Promise<void> {
  if (format === SheetFormat.CSV) return fs.writeFileSync(file, `\uFEFF${stringify([HEADER, ...rows])}`);
  const out = fs.createWriteStream(file);
  const writer = sheetWriter(format, out, HEADER, 'volunteers');
  for (let i = 0; i < rows.length; i += 1000) await writer.rows(rows.slice(i, i + 1000));
  await writer.end();
}

/** Ten communities of five grids, written straight to the database. */
async function seedPlaces(db: DataSource, tag: string): Promise<Place[]> {
  const repo = db.getRepository(Region);
  const add = async (level: RegionLevel, code: string, parent: Region | null) => {
    const region = await repo.save({ code, name: code, level, parentId: parent?.id ?? null, path: 'pending' });
    region.path = `${parent?.path ?? '/'}${region.id}/`;
    await repo.update({ id: region.id }, { path: region.path });
    return region;
  };
  const district = await add(RegionLevel.DISTRICT, `${tag}-D`, null);
  const street = await add(RegionLevel.STREET, `${tag}-S`, district);
  const places: Place[] = [];
  for (let c = 0; c < 10; c++) {
    const community = await add(RegionLevel.COMMUNITY, `${tag}-C${c}`, street);
    for (let g = 0; g < 5; g++) {
      const grid = await add(RegionLevel.GRID, `${tag}-C${c}-G${g}`, community);
      places.push({ community: community.code, grid: grid.code, communityId: community.id, gridId: grid.id });
    }
  }
  return places;
}

/** The importer's writes, raw: per batch one transaction of multi-row INSERTs and the id look-ups between them. */
async function rawImport(pool: mysql.Pool, phase: number, count: number, places: Place[], batchRows: number, skillIds: Map<string, number>): Promise<void> {
  const hasher = new IdHasher(new TextEncoder().encode(ID_HASH_KEY));
  const tuples = (rows: unknown[][]) => ({ sql: rows.map((r) => `(${r.map(() => '?').join(', ')})`).join(', '), values: rows.flat() });
  for (let start = 0; start < count; start += batchRows) {
    const batch = Array.from({ length: Math.min(batchRows, count - start) }, (_, i) => {
      const n = start + i;
      const { idNumber, row } = person(phase, n);
      const idHash = hasher.hash(IdType.RESIDENT_ID, idNumber);
      return { n, row, idHash, username: `v-${idHash.slice(0, 16)}`, place: places[n % places.length], birth: `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}` };
    });
    const conn = await pool.getConnection();
    try {
      await conn.beginTransaction();
      const accounts = tuples(batch.map((b) => [b.username, NO_PASSWORD, Role.VOLUNTEER, null]));
      await conn.query(`INSERT INTO account (username, passwordHash, role, createdById) VALUES ${accounts.sql}`, accounts.values);
      const [accountRows] = await conn.query<mysql.RowDataPacket[]>(`SELECT id, username FROM account WHERE username IN (${batch.map(() => '?').join(', ')})`, batch.map((b) => b.username));
      const accountOf = new Map(accountRows.map((a) => [a.username as string, a.id as number]));
      const volunteers = tuples(
        batch.map((b) => [accountOf.get(b.username), b.row[0], b.row[1], IdType.RESIDENT_ID, b.idHash, b.row[2].slice(-4), b.birth, 'MALE', b.n % 4 ? 0 : 1, b.place.communityId, b.place.gridId, null, null, 0, 'ACTIVE', null, null, null, 0, null]),
      );
      await conn.query(
        `INSERT INTO volunteer (accountId, name, phone, idType, idHash, idLast4, birthDate, gender, partyMember, communityId, gridId, reportedInAt, organisationId, onDuty, status, statusReason, latitude, longitude, certifiedMinutes, createdById) VALUES ${volunteers.sql}`,
        volunteers.values,
      );
      const [volunteerRows] = await conn.query<mysql.RowDataPacket[]>(`SELECT id, idHash FROM volunteer WHERE idHash IN (${batch.map(() => '?').join(', ')})`, batch.map((b) => b.idHash));
      const idOf = new Map(volunteerRows.map((v) => [v.idHash as string, v.id as number]));
      const skills = tuples(batch.flatMap((b) => SKILLS[b.n % 3].map((code) => [idOf.get(b.idHash), skillIds.get(code)])));
      await conn.query(`INSERT INTO volunteer_skill (volunteerId, skillId) VALUES ${skills.sql}`, skills.values);
      const windows = tuples(batch.map((b) => [idOf.get(b.idHash), (b.n % 7) + 1, 480, 720]));
      await conn.query(`INSERT INTO volunteer_availability (volunteerId, weekday, startMinute, endMinute) VALUES ${windows.sql}`, windows.values);
      const moves = tuples(batch.map((b) => [idOf.get(b.idHash), null, b.place.communityId, null, 'imported', null]));
      await conn.query(`INSERT INTO volunteer_move (volunteerId, fromCommunityId, toCommunityId, reportedInAt, note, movedById) VALUES ${moves.sql}`, moves.values);
      await conn.commit();
    } catch (err) {
      await conn.rollback();
      throw err;
    } finally {
      conn.release();
    }
  }
}

async function main(): Promise<void> {
  if (!/^mysql:\/\//.test(process.env.DATABASE_URL ?? '')) {
    console.error('bench/import needs MariaDB: set DATABASE_URL=mysql://root@127.0.0.1:3306/vg_bench_import (a database it may fill)');
    process.exit(2);
  }
  const count = Number(arg('rows', '50000'));
  const only = arg('only', 'raw,csv,xlsx,upload').split(',');
  const server = await startBenchServer({ ID_HASH_KEY });
  const pool = mysql.createPool({ uri: process.env.DATABASE_URL!, connectionLimit: 4, charset: 'utf8mb4_unicode_ci', timezone: 'Z' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-bench-import-'));
  const phases: Phase[] = [];
  try {
    const places = await seedPlaces(server.db, `bi${Date.now().toString(36)}`);
    const skillIds = new Map(((await server.db.query('SELECT id, code FROM skill')) as { id: number; code: string }[]).map((s) => [s.code, Number(s.id)]));
    const admin = await server.account(Role.PLATFORM_ADMIN);
    const batchRows = server.config.imports.batchRows;
    const pid = mariadbPid();
    const base = server.app.url.replace(/\/graphql$/, '');

    const measure = async (name: string, run: () => Promise<number | null>) => {
      if (!only.includes(name)) return;
      process.stderr.write(`${name}: ${count.toLocaleString('en')} rows\n`);
      const cpu = process.cpuUsage();
      const db0 = processCpuMs(pid);
      const started = performance.now();
      const imported = await run();
      const seconds = (performance.now() - started) / 1000;
      const used = process.cpuUsage(cpu);
      const db1 = processCpuMs(pid);
      phases.push({
        name,
        rows: count,
        seconds: round(seconds, 2),
        rowsPerSecond: round(count / seconds, 0),
        imported,
        cpuMsPer1000: { node: round(((used.user + used.system) / 1000 / count) * 1000, 1), mariadb: db0 !== null && db1 !== null ? round(((db1 - db0) / count) * 1000, 1) : null },
      });
      process.stderr.write(`${name}: ${round(count / seconds, 0).toLocaleString('en')} rows/s\n`);
    };

    const file = async (phase: number, format: SheetFormat) => {
      const target = path.join(dir, `phase${phase}.${format.toLowerCase()}`);
      await writeFile(target, rowsFor(phase, count, places), format);
      return target;
    };
    const expectAll = (imported: number, name: string) => {
      if (imported !== count) throw new Error(`${name}: ${imported} of ${count} rows imported`);
      return imported;
    };

    const csvFile = only.includes('csv') ? await file(1, SheetFormat.CSV) : '';
    const xlsxFile = only.includes('xlsx') ? await file(2, SheetFormat.XLSX) : '';
    const uploadFile = only.includes('upload') ? await file(3, SheetFormat.CSV) : '';

    await measure('raw', async () => {
      await rawImport(pool, 0, count, places, batchRows, skillIds);
      return null;
    });
    await measure('csv', async () => expectAll((await server.app.services.imports.runFile(BulkKind.VOLUNTEERS, csvFile)).rowsImported, 'csv'));
    await measure('xlsx', async () => expectAll((await server.app.services.imports.runFile(BulkKind.VOLUNTEERS, xlsxFile)).rowsImported, 'xlsx'));
    await measure('upload', async () => {
      const uploaded = await fetch(`${base}/imports?filename=bench.csv`, { method: 'POST', headers: { authorization: `Bearer ${admin.token}` }, body: fs.readFileSync(uploadFile) });
      const { uploadId } = (await uploaded.json()) as { uploadId: string };
      const gql = async (query: string, variables: Record<string, unknown>) =>
        (await (await fetch(server.app.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` }, body: JSON.stringify({ query, variables }) })).json()) as { data: any };
      const started = await gql('mutation($input: ImportJobStartInput!) { importJobStart(input: $input) { job { id } userErrors { message } } }', { input: { uploadId, kind: 'VOLUNTEERS' } });
      const id = started.data.importJobStart.job.id;
      for (;;) {
        const { data } = await gql('query($id: ID!) { importJob(id: $id) { status rowsImported } }', { id });
        if (data.importJob.status === ImportJobStatus.COMPLETED || data.importJob.status === ImportJobStatus.FAILED) return expectAll(data.importJob.rowsImported, 'upload');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    });

    const get = (name: string) => phases.find((p) => p.name === name);
    const raw = get('raw');
    const rows: Row[] = [];
    const label: Record<string, string> = { raw: 'raw mysql2 multi-row INSERTs, same rows', csv: 'import, CSV (command line path)', xlsx: 'import, XLSX (command line path)', upload: 'import, CSV uploaded (POST /imports + importJobStart)' };
    for (const p of phases) {
      const absolute = p.name === 'csv' || p.name === 'xlsx';
      rows.push({ scenario: 'import', measure: `${label[p.name]}: rows/s`, value: p.rowsPerSecond, unit: '', target: absolute ? `≥ ${TARGET_ROWS_PER_SECOND.toLocaleString('en')}` : '', met: absolute ? p.rowsPerSecond >= TARGET_ROWS_PER_SECOND : null });
      rows.push({ scenario: 'import', measure: `${label[p.name]}: CPU per 1,000 rows, node / mariadbd`, value: `${p.cpuMsPer1000.node} / ${p.cpuMsPer1000.mariadb ?? 'n/a'} ms`, unit: '', target: '', met: null });
    }
    const csvPhase = get('csv');
    if (raw && csvPhase) rows.push({ scenario: 'import', measure: 'import CSV / raw', value: round(csvPhase.rowsPerSecond / raw.rowsPerSecond, 2), unit: '×', target: `≥ ${TARGET_VS_RAW}`, met: csvPhase.rowsPerSecond / raw.rowsPerSecond >= TARGET_VS_RAW });
    report('import', rows, { rows: count, batchRows, phases });
  } finally {
    await pool.end();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
