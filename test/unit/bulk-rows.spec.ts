import { expect } from 'chai';
import type { EntityManager } from 'typeorm';
import { hashCell, parseHashCell } from '../../src/modules/bulk/id-cells';
import type { SheetCell } from '../../src/modules/bulk/sheet.reader';
import { VolunteerImporter } from '../../src/modules/bulk/volunteer.importer';
import { IdHasher } from '../../src/modules/volunteer/id-number';
import { IdType } from '../../src/modules/volunteer/volunteer.enums';
import { residentId } from '../support/volunteer-factories';

const hasher = new IdHasher(new TextEncoder().encode('k'.repeat(40)));
const other = new IdHasher(new TextEncoder().encode('j'.repeat(40)));
const row = (cells: Record<string, string>) => (column: string): SheetCell => ({ text: cells[column] ?? '' });

async function importer(): Promise<VolunteerImporter> {
  const volunteers = new VolunteerImporter(hasher, '2026-11-23', null);
  // What prepare() reads of the skill table.
  await volunteers.prepare({ query: async () => [{ id: 7, code: 'FIRST_AID', name: '急救' }] } as unknown as EntityManager);
  return volunteers;
}

describe('bulk rows without the database (unit)', () => {
  it('an exported ID hash names its key and is taken back only under the same key', () => {
    const hash = hasher.hash(IdType.RESIDENT_ID, '11010519491231002X');
    const cell = hashCell(hasher, hash);
    expect(cell).to.match(/^hmac:[0-9a-f]{12}:[0-9a-f]{64}$/);
    expect(parseHashCell(hasher, cell, 'id_number_hash')).to.equal(hash);
    expect(parseHashCell(other, cell, 'id_number_hash')).to.deep.include({ column: 'id_number_hash', code: 'INVALID' });
    expect(parseHashCell(hasher, hash, 'id_number_hash')).to.deep.include({ code: 'INVALID' });
  });

  it('checks a volunteer row with the registration\'s own rules, each problem on its column', async () => {
    const volunteers = await importer();
    const checked = volunteers.check(
      row({ name: 'x'.repeat(101), phone: 'call me', id_number: '110105194912310021', birth_date: '2030-01-01', skills: '急救;NOPE', availability: '1 12:00-08:00', latitude: '45.7', party_member: 'maybe', username: 'no spaces allowed' }),
    );
    expect(checked.candidate).to.equal(null);
    expect(checked.problems.map((p) => [p.column, p.code])).to.deep.equal([
      ['party_member', 'INVALID'],
      ['skills', 'NOT_FOUND'],
      ['name', 'INVALID'],
      ['phone', 'INVALID'],
      ['username', 'INVALID'],
      ['availability', 'INVALID'],
      ['latitude', 'INVALID'],
      ['id_number', 'INVALID'],
    ]);
  });

  it('reads a good row into what the batch writes, with its keys for duplicates in the file', async () => {
    const volunteers = await importer();
    const id = residentId('1986-04-12', 135);
    const checked = volunteers.check(row({ name: ' 刘志愿 ', phone: '13800138000', id_number: id.toLowerCase(), community_code: 'C1', skills: '急救', availability: '周六 08:00-12:00', party_member: '是', username: 'Liu.ZY' }));
    expect(checked.problems).to.deep.equal([]);
    expect(checked.candidate).to.deep.include({ name: '刘志愿', partyMember: true, skillIds: [7], windows: [{ weekday: 6, startMinute: 480, endMinute: 720 }], username: 'liu.zy', status: 'ACTIVE' });
    expect(checked.candidate!.identity).to.deep.equal({ idType: 'RESIDENT_ID', idHash: hasher.hash(IdType.RESIDENT_ID, id), idLast4: id.slice(-4), birthDate: '1986-04-12', gender: 'MALE' });
    expect(checked.keys.map((k) => [k.space, k.column])).to.deep.equal([
      ['person', 'id_number'],
      ['username', 'username'],
    ]);
  });

  it('takes an exported hash instead of the number, with the columns that the number would have given', async () => {
    const volunteers = await importer();
    const idHash = hasher.hash(IdType.PASSPORT, 'E1234567');
    const ok = volunteers.check(row({ name: 'Anna', phone: '13900001111', id_type: 'PASSPORT', id_number_hash: hashCell(hasher, idHash), id_number_last4: '4567', birth_date: '1991-03-04', gender: 'FEMALE', community_code: 'C1' }));
    expect(ok.candidate!.identity).to.deep.equal({ idType: 'PASSPORT', idHash, idLast4: '4567', birthDate: '1991-03-04', gender: 'FEMALE' });
    const missing = volunteers.check(row({ name: 'Anna', phone: '13900001111', id_number_hash: hashCell(hasher, idHash), community_code: 'C1' }));
    expect(missing.problems.map((p) => [p.column, p.code])).to.deep.equal([
      ['id_number_last4', 'REQUIRED'],
      ['birth_date', 'REQUIRED'],
      ['gender', 'REQUIRED'],
    ]);
  });
});
