import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { Transform, pipeline, type Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { SheetFormat } from './bulk.enums';

/** One cell as text. `inexact`: a number the spreadsheet kept as a float with more digits than it can hold (an 18-digit ID typed as a number). */
export interface SheetCell {
  text: string;
  inexact?: boolean;
}

/** One row of the first worksheet, numbered as a spreadsheet program shows it (the first row is 1). */
export interface SheetRow {
  row: number;
  cells: SheetCell[];
}

/** A file that is not a readable spreadsheet: the job fails as a whole with this message. */
export class SheetError extends Error {}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** XLSX files are zip archives; anything else is read as CSV. */
export function detectFormat(head: Buffer): SheetFormat {
  return head.subarray(0, 4).equals(ZIP_MAGIC) ? SheetFormat.XLSX : SheetFormat.CSV;
}

/** Counts the bytes that pass, for a progress figure that does not need the number of rows. */
export class ByteCounter extends Transform {
  bytes = 0;
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: (err: Error | null, data?: Buffer) => void): void {
    this.bytes += chunk.length;
    done(null, chunk);
  }
}

/** Every row of the file, header included, empty rows left out. */
export function readSheet(input: Readable, format: SheetFormat): AsyncGenerator<SheetRow> {
  return format === SheetFormat.XLSX ? readXlsx(input) : readCsv(input);
}

async function* readCsv(input: Readable): AsyncGenerator<SheetRow> {
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: false });
  // A failure anywhere in the chain destroys the parser, so it surfaces in the loop below.
  pipeline(input, new CsvDecoder(), parser, () => undefined);
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row += 1;
      const cells = record.map((text) => ({ text: unguard(text.trim()) }));
      if (cells.some((c) => c.text !== '')) yield { row, cells };
    }
  } catch (err) {
    throw new SheetError(`not a readable CSV file: ${(err as Error).message}`);
  }
}

/**
 * UTF-8 (with or without a byte-order mark), or GB18030 when the start of the file is not UTF-8:
 * what Excel and WPS write when a Chinese spreadsheet is saved "as CSV".
 */
class CsvDecoder extends Transform {
  private decoder: TextDecoder | null = null;
  private head: Buffer[] = [];
  private headBytes = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: (err?: Error | null, data?: string) => void): void {
    if (this.decoder) return done(null, this.decoder.decode(chunk, { stream: true }));
    this.head.push(chunk);
    this.headBytes += chunk.length;
    if (this.headBytes < 64 * 1024) return done();
    done(null, this.decide());
  }

  override _flush(done: (err?: Error | null, data?: string) => void): void {
    const text = this.decoder ? '' : this.decide(true);
    done(null, text + this.decoder!.decode());
  }

  private decide(whole = false): string {
    const head = Buffer.concat(this.head);
    this.head = [];
    // A sample cut from a longer file may end inside a character: judge it up to the last whole one.
    const sample = whole ? head : head.subarray(0, lastCharacterStart(head));
    this.decoder = new TextDecoder(isUtf8(sample) ? 'utf-8' : 'gb18030');
    return this.decoder.decode(head, { stream: true });
  }
}

/** Where the last (possibly incomplete) UTF-8 character of the buffer starts. */
function lastCharacterStart(bytes: Buffer): number {
  let i = bytes.length - 1;
  // Continuation bytes are 10xxxxxx; a character has at most three after its first byte.
  while (i > 0 && bytes.length - i <= 3 && (bytes[i] & 0xc0) === 0x80) i--;
  return i >= 0 && bytes[i] >= 0xc0 ? i : bytes.length;
}

/** The parts of exceljs's streaming reader (4.4) that Utf8WorkbookReader reaches into. */
interface WorkbookReaderInternals {
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): Generator<unknown>;
}

const WorkbookReader = ExcelJS.stream.xlsx.WorkbookReader as unknown as new (input: Readable, options: Partial<ExcelJS.stream.xlsx.WorkbookStreamReaderOptions>) => WorkbookReaderInternals &
  AsyncIterable<AsyncIterable<ExcelJS.Row>>;

/**
 * exceljs 4.4's streaming reader decodes every inflated piece of a zip entry as UTF-8 on its own,
 * so a Chinese character that straddles two pieces (every 16 KB) comes out as two U+FFFD
 * (exceljs issues 2063, 2084, 2316; unfixed). Here the shared strings and the worksheets reach
 * its XML parser as text decoded across pieces instead.
 */
class Utf8WorkbookReader extends WorkbookReader {
  override _parseSharedStrings(entry: Readable): AsyncGenerator<unknown> {
    entry.setEncoding('utf8');
    return super._parseSharedStrings(entry);
  }

  override _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): Generator<unknown> {
    return super._parseWorksheet(decodeUtf8(iterator), sheetNo);
  }
}

async function* decodeUtf8(pieces: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const piece of pieces) yield typeof piece === 'string' ? piece : decoder.decode(piece, { stream: true });
  const rest = decoder.decode();
  if (rest) yield rest;
}

async function* readXlsx(input: Readable): AsyncGenerator<SheetRow> {
  // Styles are needed to tell a date cell from a number; hyperlinks and everything else are not.
  const workbook = new Utf8WorkbookReader(input, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  try {
    for await (const worksheet of workbook) {
      for await (const row of worksheet) {
        const values = row.values as unknown[];
        const cells: SheetCell[] = [];
        for (let i = 1; i < values.length; i++) cells.push(xlsxCell(values[i]));
        if (cells.some((c) => c.text !== '')) yield { row: row.number, cells };
      }
      return; // the first worksheet only
    }
  } catch (err) {
    if (err instanceof SheetError) throw err;
    throw new SheetError(`not a readable XLSX workbook: ${(err as Error).message}`);
  }
}

/** Exports quote text that a spreadsheet would run as a formula (`'=…`, export.columns.ts); reading it back drops the quote. */
export function unguard(text: string): string {
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}

/** A cell's value as text: dates as YYYY-MM-DD, formulas by their result, rich text joined. */
export function xlsxCell(value: unknown): SheetCell {
  if (value == null) return { text: '' };
  if (typeof value === 'string') return { text: unguard(value.trim()) };
  if (typeof value === 'boolean') return { text: value ? '1' : '0' };
  if (typeof value === 'number') {
    // Beyond 15 significant digits a spreadsheet number has lost digits (Excel shows 1.10105E+17).
    const inexact = Number.isInteger(value) ? Math.abs(value) >= 1e15 : false;
    return { text: Number.isInteger(value) && Math.abs(value) < 1e21 ? value.toFixed(0) : String(value), inexact };
  }
  if (value instanceof Date) {
    const iso = value.toISOString();
    return { text: iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso };
  }
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: string };
    if (v.richText) return { text: v.richText.map((r) => r.text).join('').trim() };
    if ('result' in v) return xlsxCell(v.result);
    if (v.text !== undefined) return xlsxCell(v.text);
    if (v.error) return { text: '' };
  }
  return { text: String(value).trim() };
}
