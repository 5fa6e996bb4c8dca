import { expect } from 'chai';
import { ageOn, formatClockTime, isAvailableAt, localClock, parseClockTime } from '../../src/modules/volunteer/availability';

describe('availability windows (unit)', () => {
  it('reads the local weekday, minute and date in the city\'s time zone', () => {
    // 2026-11-23T16:30Z is Tuesday 00:30 in Shanghai, still Monday in UTC
    expect(localClock(new Date('2026-11-23T16:30:00Z'), 'Asia/Shanghai')).to.deep.equal({ weekday: 2, minute: 30, date: '2026-11-24' });
    expect(localClock(new Date('2026-11-23T16:30:00Z'), 'UTC')).to.deep.equal({ weekday: 1, minute: 990, date: '2026-11-23' });
  });

  it('is available on duty inside a window, or on duty with no windows; never off duty', () => {
    const monday9 = { weekday: 1, minute: 9 * 60, date: '2026-11-23' };
    const windows = [{ weekday: 1, startMinute: 8 * 60, endMinute: 12 * 60 }];
    expect(isAvailableAt(true, windows, monday9)).to.equal(true);
    expect(isAvailableAt(true, windows, { ...monday9, minute: 12 * 60 })).to.equal(false);
    expect(isAvailableAt(true, windows, { ...monday9, weekday: 2 })).to.equal(false);
    expect(isAvailableAt(true, [], monday9)).to.equal(true);
    expect(isAvailableAt(false, [], monday9)).to.equal(false);
  });

  it('parses clock times, with 24:00 only as an end', () => {
    expect(parseClockTime('08:30')).to.equal(510);
    expect(parseClockTime('24:00')).to.equal(null);
    expect(parseClockTime('24:00', { endOfDay: true })).to.equal(1440);
    expect(parseClockTime('12:60')).to.equal(null);
    expect(formatClockTime(1440)).to.equal('24:00');
  });

  it('counts whole years of age', () => {
    expect(ageOn('1990-11-24', '2026-11-23')).to.equal(35);
    expect(ageOn('1990-11-23', '2026-11-23')).to.equal(36);
  });
});
