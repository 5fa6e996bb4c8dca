import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { SheetFormat } from './bulk.enums';

export type SheetValue = string | number | null;

/** Writes a spreadsheet a batch of rows at a time, waiting for the destination to take each batch. */
export interface SheetWriter {
  readonly contentType: string;
  readonly extension: string;
  /** The destination went away (a client that hung up): stop reading rows. */
  readonly closed: boolean;
  rows(rows: SheetValue[][]): Promise<void>;
  end(): Promise<void>;
}

export const CONTENT_TYPES: Record<SheetFormat, string> = {
  CSV: 'text/csv; charset=utf-8',
  XLSX: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** `header` is written first; with XLSX into one worksheet called `sheetName`. */
export function sheetWriter(format: SheetFormat, out: Writable, header: string[], sheetName: string): SheetWriter {
  return format === SheetFormat.XLSX ? new XlsxWriter(out, header, sheetName) : new CsvWriter(out, header);
}

/** Resolves once the destination wants more, or has gone away; leaves no listener behind. */
export function drained(out: Writable): Promise<void> {
  if (!out.writableNeedDrain || out.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });
}

class CsvWriter implements SheetWriter {
  readonly contentType = CONTENT_TYPES.CSV;
  readonly extension = 'csv';
  closed = false;
  private started = false;

  constructor(
    private readonly out: Writable,
    private readonly header: string[],
  ) {
    out.once('close', () => (this.closed = true));
  }

  async rows(rows: SheetValue[][]): Promise<void> {
    await this.write(stringify(rows));
  }

  async end(): Promise<void> {
    await this.write('');
    if (!this.closed) await new Promise<void>((resolve) => this.out.end(() => resolve()));
  }

  private async write(text: string): Promise<void> {
    // A byte-order mark, so that spreadsheet programs read the Chinese text as UTF-8.
    if (!this.started) text = `\uFEFF${stringify([this.header])}${text}`;
    this.started = true;
    if (text && !this.closed) this.out.write(text);
    await drained(this.out);
  }
}

/**
 * exceljs's streaming writer: rows are committed into a zip entry as they come, so a sheet of a
 * million rows is never held in memory. Every cell is written as text except real numbers, so
 * codes and phone numbers keep their leading zeros and ID hashes stay exact.
 */
class XlsxWriter implements SheetWriter {
  readonly contentType = CONTENT_TYPES.XLSX;
  readonly extension = 'xlsx';
  closed = false;
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly sheet: ExcelJS.Worksheet;

  constructor(
    private readonly out: Writable,
    header: string[],
    sheetName: string,
  ) {
    out.once('close', () => (this.closed = true));
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
    this.sheet = this.workbook.addWorksheet(sheetName);
    this.sheet.addRow(header).commit();
  }

  async rows(rows: SheetValue[][]): Promise<void> {
    for (const row of rows) this.sheet.addRow(row.map((v) => v ?? '')).commit();
    await drained(this.out);
  }

  async end(): Promise<void> {
    // A destination that went away never finishes; the zip is then left unwritten.
    if (this.closed) return;
    this.sheet.commit();
    await this.workbook.commit();
  }
}
