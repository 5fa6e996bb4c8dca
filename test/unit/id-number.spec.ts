import { createHmac } from 'node:crypto';
import { expect } from 'chai';
import { IdHasher, isCalendarDate, normaliseIdNumber, parseResidentId } from '../../src/modules/volunteer/id-number';
import { Gender, IdType } from '../../src/modules/volunteer/volunteer.enums';
import { residentId } from '../support/volunteer-factories';

describe('resident ID numbers (unit)', () => {
  it('accepts the standard example and reads birth date and gender from it', () => {
    // GB 11643-1999's worked example
    expect(parseResidentId('11010519491231002X')).to.deep.equal({ birthDate: '1949-12-31', gender: Gender.FEMALE });
    expect(parseResidentId(residentId('1985-07-04', 123))).to.deep.equal({ birthDate: '1985-07-04', gender: Gender.MALE });
  });

  it('refuses a wrong check character, a date that does not exist, and malformed numbers', () => {
    expect(parseResidentId('110105194912310021')).to.equal(null);
    expect(parseResidentId(residentId('1985-02-30', 123))).to.equal(null);
    expect(parseResidentId('11010519491231002')).to.equal(null);
    expect(parseResidentId('1101051949123100XX')).to.equal(null);
  });

  it('normalises case, spaces and dashes so one person is one number', () => {
    expect(normaliseIdNumber(' 110105 19491231-002x ')).to.equal('11010519491231002X');
  });

  it('checks calendar dates', () => {
    expect(isCalendarDate('2024-02-29')).to.equal(true);
    expect(isCalendarDate('2023-02-29')).to.equal(false);
    expect(isCalendarDate('1899-12-31')).to.equal(false);
    expect(isCalendarDate('2024-2-1')).to.equal(false);
  });

  it('hashes with the key: another key gives another hash, and the plain SHA-256 is not it', () => {
    const key = new TextEncoder().encode('k'.repeat(40));
    const hash = new IdHasher(key).hash(IdType.RESIDENT_ID, '11010519491231002X');
    expect(hash).to.equal(createHmac('sha256', key).update('RESIDENT_ID:11010519491231002X').digest('hex'));
    expect(new IdHasher(new TextEncoder().encode('j'.repeat(40))).hash(IdType.RESIDENT_ID, '11010519491231002X')).not.to.equal(hash);
    expect(new IdHasher(key).hash(IdType.PASSPORT, '11010519491231002X')).not.to.equal(hash);
  });
});
