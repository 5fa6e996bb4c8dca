import { Readable } from 'node:stream';
import { expect } from 'chai';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { readSheet } from '../../src/modules/bulk/sheet.reader';
import { detectFormat } from '../../src/modules/bulk/sheet.reader';
import { asAdmin, gql, gqlOk } from './client';
import { harness } from './harness';

export const JOB_FIELDS = `id kind format fileName status rowsTotal rowsDone rowsImported rowsSkipped rowsFailed resumedCount fractionDone failure ignoredColumns startedBy { username }
  errors(first: 100) { totalCount edges { node { row column code message } } }`;
export const IMPORT_JOB = `query($id: ID!) { importJob(id: $id) { ${JOB_FIELDS} } }`;
export const IMPORT_START = `mutation($input: ImportJobStartInput!) { importJobStart(input: $input) { job { id status } userErrors { field message code } } }`;

export interface RowError {
  row: number;
  column: string | null;
  code: string;
  message: string;
}

export interface Job {
  id: string;
  status: string;
  rowsTotal: number | null;
  rowsDone: number;
  rowsImported: number;
  rowsSkipped: number;
  rowsFailed: number;
  resumedCount: number;
  fractionDone: number;
  failure: string | null;
  ignoredColumns: string[];
  startedBy: { username: string } | null;
  errors: RowError[];
}

const base = () => harness().url.replace(/\/graphql$/, '');

/** A CSV file as a spreadsheet program saves it: UTF-8 with a byte-order mark. */
export function csv(rows: unknown[][]): Buffer {
  return Buffer.from(`\uFEFF${stringify(rows)}`);
}

/** An XLSX file made by exceljs's ordinary (non-streaming) writer, as another program would. */
export async function xlsx(rows: unknown[][], sheet = 'Sheet1'): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const worksheet = workbook.addWorksheet(sheet);
  for (const row of rows) worksheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** POST /imports with the file as the body, as an admin's script would. */
export async function upload(bytes: Buffer, fileName: string, token?: string | null): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base()}/imports?filename=${encodeURIComponent(fileName)}`, {
    method: 'POST',
    headers: token === null ? {} : { authorization: `Bearer ${token ?? (await asAdmin())}`, 'content-type': 'application/octet-stream' },
    body: bytes,
  });
  return { status: res.status, body: await res.json() };
}

/** Polls `importJob` until the job has ended. */
export async function waitForJob(id: string, timeoutMs = 60_000): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await readJob(id);
    if (job.status === 'COMPLETED' || job.status === 'FAILED') return job;
    if (Date.now() > deadline) expect.fail(`import job ${id} still ${job.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function readJob(id: string): Promise<Job> {
  const { importJob } = await gqlOk(IMPORT_JOB, { id }, await asAdmin());
  return { ...importJob, errors: importJob.errors.edges.map((e: { node: RowError }) => e.node) };
}

/** Upload, start, wait: the job as it ended. */
export async function importFile(kind: string, bytes: Buffer, fileName = `${kind.toLowerCase()}.csv`): Promise<Job> {
  const uploaded = await upload(bytes, fileName);
  expect(uploaded.status, JSON.stringify(uploaded.body)).to.equal(201);
  const data = await gqlOk(IMPORT_START, { input: { uploadId: uploaded.body.uploadId, kind } }, await asAdmin());
  expect(data.importJobStart.userErrors, JSON.stringify(data.importJobStart.userErrors)).to.deep.equal([]);
  return waitForJob(data.importJobStart.job.id);
}

/** Errors as [row, column, code], the part a test pins down (messages are for people). */
export const errorKeys = (job: Job) => job.errors.map((e) => [e.row, e.column, e.code]);

/** A bulk export downloaded as a client would, parsed into objects by header. */
export async function bulkExport(input: { kind: string; regionId?: string; format?: string }, token?: string): Promise<{ status: number; headers: string[]; rows: Record<string, string>[]; bytes: Buffer }> {
  const res = await gql(`mutation($input: BulkExportLinkCreateInput!) { bulkExportLinkCreate(input: $input) { link { url filename } userErrors { field code message } } }`, { input }, token ?? (await asAdmin()));
  expect(res.errors, JSON.stringify(res.errors)).to.equal(undefined);
  expect(res.data.bulkExportLinkCreate.userErrors, JSON.stringify(res.data.bulkExportLinkCreate.userErrors)).to.deep.equal([]);
  const download = await fetch(base() + res.data.bulkExportLinkCreate.link.url);
  const bytes = Buffer.from(await download.arrayBuffer());
  if (download.status !== 200) return { status: download.status, headers: [], rows: [], bytes };
  return { status: 200, ...(await parseSheet(bytes)), bytes };
}

/** A spreadsheet's rows as objects by header (the first row). */
export async function parseSheet(bytes: Buffer): Promise<{ headers: string[]; rows: Record<string, string>[] }> {
  const all: string[][] = [];
  for await (const row of readSheet(Readable.from([bytes]), detectFormat(bytes))) all.push(row.cells.map((c) => c.text));
  const [headers, ...lines] = all;
  return { headers, rows: lines.map((l) => Object.fromEntries(headers.map((h, i) => [h, l[i] ?? '']))) };
}
