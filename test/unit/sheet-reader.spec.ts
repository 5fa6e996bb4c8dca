import { Readable, PassThrough } from 'node:stream';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { SheetFormat } from '../../src/modules/bulk/bulk.enums';
import { SheetError, detectFormat, readSheet, xlsxCell, type SheetRow } from '../../src/modules/bulk/sheet.reader';
import { sheetWriter } from '../../src/modules/bulk/sheet.writer';

async function rows(bytes: Buffer, format = detectFormat(bytes)): Promise<SheetRow[]> {
  const out: SheetRow[] = [];
  // Small pieces, so that characters and records are split across chunks as on a network.
  const pieces = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.subarray(i * 7, i * 7 + 7));
  for await (const row of readSheet(Readable.from(pieces), format)) out.push(row);
  return out;
}

const texts = (r: SheetRow[]) => r.map((row) => [row.row, ...row.cells.map((c) => c.text)]);

describe('spreadsheet reading and writing (unit)', () => {
  it('reads RFC 4180 CSV: a byte-order mark, quoted commas, quotes and line breaks; empty rows left out but counted', async () => {
    const csv = '\uFEFFname,note\r\n"王, 小明","说 ""你好"""\r\n\r\n"两\n行",x\n';
    expect(texts(await rows(Buffer.from(csv)))).to.deep.equal([
      [1, 'name', 'note'],
      [2, '王, 小明', '说 "你好"'],
      [4, '两\n行', 'x'],
    ]);
  });

  it('reads a CSV saved in GB18030 (what Excel writes for Chinese) as well as UTF-8', async () => {
    // "姓名,张三" in GB18030
    const gb = Buffer.from([0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0xd5, 0xc5, 0xc8, 0xfd, 0x0a]);
    expect(texts(await rows(gb))).to.deep.equal([[1, '姓名', '张三']]);
    expect(texts(await rows(Buffer.from('姓名,张三\n')))).to.deep.equal([[1, '姓名', '张三']]);
  });

  it('reads back what an export quoted against spreadsheet formulas', async () => {
    expect(texts(await rows(Buffer.from("a,b\n'=1+1,'+86 138\n")))).to.deep.equal([
      [1, 'a', 'b'],
      [2, '=1+1', '+86 138'],
    ]);
  });

  it('refuses a malformed CSV as a whole', async () => {
    let error: unknown;
    try {
      await rows(Buffer.from('a,b\n"unclosed,1\n'));
    } catch (err) {
      error = err;
    }
    expect(error).to.be.instanceOf(SheetError);
  });

  it('writes XLSX that it reads back: text stays text, numbers numbers, Chinese whole however the zip is cut', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const writer = sheetWriter(SheetFormat.XLSX, out, ['code', 'population'], 'regions');
    await writer.rows([['007', 1200], ['=A1', null], ['安康社区第一网格', 3]]);
    await writer.end();
    const bytes = Buffer.concat(chunks);
    expect(detectFormat(bytes)).to.equal(SheetFormat.XLSX);
    expect(texts(await rows(bytes))).to.deep.equal([
      [1, 'code', 'population'],
      [2, '007', '1200'],
      [3, '=A1', ''],
      [4, '安康社区第一网格', '3'],
    ]);
  });

  it('reads a city\'s XLSX: shared Chinese strings whole, dates as days, rich text and formulas by their text, an 18-digit number flagged as inexact', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('名册');
    sheet.addRow(['志愿者名册']);
    sheet.addRow(['姓名', '出生日期', '身份证号', '备注']);
    sheet.addRow([{ richText: [{ text: '王' }, { text: '小明' }] }, new Date(Date.UTC(1986, 3, 12)), 110105194912310020, { formula: '1+1', result: 2 }]);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const read = await rows(bytes);
    expect(texts(read)).to.deep.equal([
      [1, '志愿者名册'],
      [2, '姓名', '出生日期', '身份证号', '备注'],
      [3, '王小明', '1986-04-12', '110105194912310016', '2'],
    ]);
    expect(read[2].cells[2].inexact).to.equal(true);
    expect(xlsxCell(13800138000)).to.deep.equal({ text: '13800138000', inexact: false });
  });
});
