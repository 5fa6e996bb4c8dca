import { expect } from 'chai';
import { isoWeekday, zonedToUtc } from '../../src/core/local-time';
import { ScheduleKind, describeSchedule, occurrences, scheduleProblem, type Schedule } from '../../src/modules/project/schedule';

const base: Schedule = { kind: ScheduleKind.ONE_OFF, from: '2026-01-01', until: null, weekday: null, nth: null, monthDay: null, month: null, startMinute: 9 * 60, endMinute: 11 * 60 };

describe('project schedules (unit)', () => {
  it('finds the first Saturday of every month', () => {
    const s = { ...base, kind: ScheduleKind.MONTHLY_WEEKDAY, nth: 1, weekday: 6 };
    expect(occurrences(s, '2026-01-01', '2026-06-30')).to.deep.equal(['2026-01-03', '2026-02-07', '2026-03-07', '2026-04-04', '2026-05-02', '2026-06-06']);
    expect(describeSchedule(s)).to.equal('the first Saturday of every month, 09:00-11:00');
  });

  it('finds the last Friday, skipping nothing, and a fifth Sunday only where a month has one', () => {
    expect(occurrences({ ...base, kind: ScheduleKind.MONTHLY_WEEKDAY, nth: -1, weekday: 5 }, '2026-01-01', '2026-03-31')).to.deep.equal(['2026-01-30', '2026-02-27', '2026-03-27']);
    expect(occurrences({ ...base, kind: ScheduleKind.MONTHLY_WEEKDAY, nth: 5, weekday: 7 }, '2026-01-01', '2026-04-30')).to.deep.equal(['2026-03-29']);
  });

  it('repeats yearly on May 20 and monthly on a day the month has', () => {
    expect(occurrences({ ...base, kind: ScheduleKind.YEARLY, month: 5, monthDay: 20 }, '2026-01-01', '2028-12-31')).to.deep.equal(['2026-05-20', '2027-05-20', '2028-05-20']);
    expect(occurrences({ ...base, kind: ScheduleKind.MONTHLY_DAY, monthDay: 31 }, '2026-01-01', '2026-05-31')).to.deep.equal(['2026-01-31', '2026-03-31', '2026-05-31']);
    expect(occurrences({ ...base, kind: ScheduleKind.YEARLY, month: 2, monthDay: 29 }, '2026-01-01', '2029-12-31')).to.deep.equal(['2028-02-29']);
  });

  it('repeats weekly within from and until, and happens once when ONE_OFF', () => {
    const weekly = { ...base, kind: ScheduleKind.WEEKLY, weekday: 3, from: '2026-01-05', until: '2026-01-31' };
    const dates = occurrences(weekly, '2026-01-01', '2026-12-31');
    expect(dates).to.deep.equal(['2026-01-07', '2026-01-14', '2026-01-21', '2026-01-28']);
    for (const d of dates) expect(isoWeekday(d)).to.equal(3);
    expect(occurrences(base, '2026-01-01', '2026-01-01')).to.deep.equal(['2026-01-01']);
    expect(occurrences(base, '2026-01-02', '2026-02-01')).to.deep.equal([]);
  });

  it('names the missing or bad field', () => {
    expect(scheduleProblem({ ...base, kind: ScheduleKind.WEEKLY })).to.deep.include({ field: 'weekday' });
    expect(scheduleProblem({ ...base, kind: ScheduleKind.MONTHLY_WEEKDAY, weekday: 6, nth: 0 })).to.deep.include({ field: 'nth' });
    expect(scheduleProblem({ ...base, kind: ScheduleKind.YEARLY, month: 2, monthDay: 30 })).to.deep.include({ field: 'monthDay' });
    expect(scheduleProblem({ ...base, until: '2025-12-31', kind: ScheduleKind.WEEKLY, weekday: 1 })).to.deep.include({ field: 'until' });
    expect(scheduleProblem({ ...base, endMinute: 9 * 60 })).to.deep.include({ field: 'end' });
    expect(scheduleProblem({ ...base, kind: ScheduleKind.YEARLY, month: 2, monthDay: 29 })).to.equal(null);
  });

  it('turns local times into instants in the city\'s zone', () => {
    expect(zonedToUtc('2026-05-20', 9 * 60, 'Asia/Shanghai').toISOString()).to.equal('2026-05-20T01:00:00.000Z');
    expect(zonedToUtc('2026-05-20', 24 * 60, 'Asia/Shanghai').toISOString()).to.equal('2026-05-20T16:00:00.000Z');
    // a zone with daylight saving: 09:00 in New York is 13:00Z in summer and 14:00Z in winter
    expect(zonedToUtc('2026-07-01', 9 * 60, 'America/New_York').toISOString()).to.equal('2026-07-01T13:00:00.000Z');
    expect(zonedToUtc('2026-01-15', 9 * 60, 'America/New_York').toISOString()).to.equal('2026-01-15T14:00:00.000Z');
  });
});
