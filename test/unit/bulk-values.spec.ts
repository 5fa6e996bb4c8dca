import { expect } from 'chai';
import { isHeaderRow, mapHeader, normaliseHeader } from '../../src/modules/bulk/bulk.columns';
import { BulkKind } from '../../src/modules/bulk/bulk.enums';
import { booleanValue, dateValue, enumValue, formatWindows, integerValue, listValue, windowsValue } from '../../src/modules/bulk/bulk.values';

describe('bulk file cells and headers (unit)', () => {
  it('reads enum cells in English (any case) or by their Chinese alias; undefined for anything else', () => {
    const values = ['MALE', 'FEMALE'] as const;
    expect(enumValue('female', values)).to.equal('FEMALE');
    expect(enumValue('男', values, { 男: 'MALE' })).to.equal('MALE');
    expect(enumValue('', values)).to.equal(null);
    expect(enumValue('unknown', values)).to.equal(undefined);
    expect(enumValue('resident id', ['RESIDENT_ID'] as const)).to.equal('RESIDENT_ID');
  });

  it('reads yes/no, dates, whole numbers and lists the ways spreadsheets write them', () => {
    expect([booleanValue('是'), booleanValue('0'), booleanValue('TRUE'), booleanValue(''), booleanValue('maybe')]).to.deep.equal([true, false, true, null, undefined]);
    expect([dateValue('2024/5/1'), dateValue('2024.05.01'), dateValue('20240501'), dateValue('2024年5月1日'), dateValue('May 1')]).to.deep.equal(['2024-05-01', '2024-05-01', '2024-05-01', '2024-05-01', undefined]);
    expect([integerValue('1,100,000'), integerValue('1.5'), integerValue('')]).to.deep.equal([1100000, undefined, null]);
    expect(listValue('FIRST_AID；急救、 NURSING,')).to.deep.equal(['FIRST_AID', '急救', 'NURSING']);
  });

  it('reads weekly windows by number or Chinese weekday, and writes them back in one order', () => {
    const windows = windowsValue('周日 14:00-18:00; 6 8:00～12:00');
    expect(windows).to.deep.equal([
      { weekday: 7, start: '14:00', end: '18:00' },
      { weekday: 6, start: '08:00', end: '12:00' },
    ]);
    expect(formatWindows(windows!)).to.equal('6 08:00-12:00;7 14:00-18:00');
    expect(windowsValue('')).to.deep.equal([]);
    expect(windowsValue('8 08:00-12:00')).to.equal(undefined);
  });

  it('finds columns by English key or Chinese header, with notes and markers ignored, and says what is missing or unknown', () => {
    expect(normaliseHeader('\uFEFF 姓名（必填）* ')).to.equal('姓名');
    expect(normaliseHeader('Birth-Date')).to.equal('birth_date');
    const header = mapHeader(BulkKind.VOLUNTEERS, ['姓名', '手机号码', '身份证号', '备注', 'community_code']);
    expect(Object.fromEntries(header.positions)).to.deep.equal({ name: 0, phone: 1, id_number: 2, community_code: 4 });
    expect(header.ignored).to.deep.equal(['备注']);
    expect(header.missing).to.deep.equal([]);
    expect(mapHeader(BulkKind.REGIONS, ['code', 'level']).missing).to.deep.equal(['name']);
  });

  it('takes a row naming two of the kind\'s columns as the header, not a title above it', () => {
    expect(isHeaderRow(BulkKind.REGIONS, ['2024 年区划名册'])).to.equal(false);
    expect(isHeaderRow(BulkKind.REGIONS, ['区划代码', '名称', ''])).to.equal(true);
  });
});
