import { expect } from 'chai';
import { Role } from '../../src/modules/account/role';
import { RegionMetric, SortOrder, METRIC_VALUE, rankBy } from '../../src/modules/analytics/analytics.metrics';
import { bornBy, emptyRaw, figuresOf, residentsOf } from '../../src/modules/analytics/analytics.rules';
import { TimeBucket, bucketsOf, isoWeek, periodOf } from '../../src/modules/analytics/period';
import { COLUMNS, ExportKind, columnsFor, safeCell } from '../../src/modules/export/export.columns';
import type { Viewer } from '../../src/server/context';

const viewer = (role: Role) => ({ account: { id: 1, role }, scopePath: '/1/' }) as unknown as Viewer;

describe('analytics rules (unit)', () => {
  it('counts residents from the nearest recorded populations', () => {
    const regions = [
      { id: 1, parentId: null, population: null },
      { id: 2, parentId: 1, population: 100 },
      { id: 3, parentId: 1, population: null },
      { id: 4, parentId: 3, population: 30 },
      { id: 5, parentId: 3, population: 20 },
      { id: 6, parentId: 2, population: 999 }, // below a recorded population: not added again
    ];
    expect(residentsOf(1, regions)).to.equal(150);
    expect(residentsOf(3, regions)).to.equal(50);
    expect(residentsOf(1, [{ id: 1, parentId: null, population: null }])).to.equal(null);
  });

  it('finds the latest birth date of a given age, 29 February included', () => {
    expect(bornBy('2026-03-31', 18)).to.equal('2008-03-31');
    expect(bornBy('2028-02-29', 18)).to.equal('2010-02-28');
    expect(bornBy('2028-02-29', 20)).to.equal('2008-02-29');
  });

  it('leaves a figure unknown (null) when its denominator is zero, and rounds shares to four places', () => {
    const empty = figuresOf(emptyRaw(), null);
    expect(empty.volunteers.participationRate).to.equal(null);
    expect(empty.volunteers.registeredPer1000Residents).to.equal(null);
    expect(empty.demands.resolutionRate).to.equal(null);
    expect(empty.demands.averageRating).to.equal(null);
    const raw = { ...emptyRaw(), registered: 3, active: 1, demands: 3, byStatus: new Map([['CLOSED', 2], ['CANCELLED', 1]]) };
    const f = figuresOf(raw, 1500);
    expect(f.volunteers.participationRate).to.equal(0.3333);
    expect(f.volunteers.registeredPer1000Residents).to.equal(2);
    expect(f.demands.resolutionRate).to.equal(1); // the cancelled one is not the center's to resolve
    expect(METRIC_VALUE[RegionMetric.RESOLUTION_RATE](f)).to.equal(1);
  });

  it('ranks with shared places for equal values, ties by key, unknowns last', () => {
    const items = [{ k: 'b', v: 2 }, { k: 'a', v: 2 }, { k: 'c', v: null }, { k: 'd', v: 5 }];
    const ranked = rankBy(items, (i) => i.v, (i) => i.k, SortOrder.DESC).map((r) => [r.rank, r.item.k]);
    expect(ranked).to.deep.equal([[1, 'd'], [2, 'a'], [2, 'b'], [null, 'c']]);
    expect(rankBy(items, (i) => i.v, (i) => i.k, SortOrder.ASC).map((r) => r.item.k)).to.deep.equal(['a', 'b', 'd', 'c']);
  });
});

describe('analytics periods (unit)', () => {
  it('turns local days into instants in the zone', () => {
    const p = periodOf('2026-03-01', '2026-03-31', 'Asia/Shanghai');
    expect([p.start.toISOString(), p.end.toISOString()]).to.deep.equal(['2026-02-28T16:00:00.000Z', '2026-03-31T16:00:00.000Z']);
    const berlin = periodOf('2026-03-29', '2026-03-29', 'Europe/Berlin'); // the day clocks go forward: 23 hours
    expect(berlin.end.getTime() - berlin.start.getTime()).to.equal(23 * 3600_000);
  });

  it('cuts ISO weeks and months to the period, labelled the ISO way across a year\'s end', () => {
    const weeks = bucketsOf(periodOf('2026-12-30', '2027-01-12', 'UTC'), TimeBucket.WEEK);
    expect(weeks.map((b) => [b.label, b.lastDate])).to.deep.equal([['2026-W53', '2027-01-03'], ['2027-W01', '2027-01-10'], ['2027-W02', '2027-01-12']]);
    expect(isoWeek('2027-01-01')).to.deep.equal({ year: 2026, week: 53 });
    expect(isoWeek('2024-12-30')).to.deep.equal({ year: 2025, week: 1 });
    const months = bucketsOf(periodOf('2026-01-15', '2026-03-10', 'Asia/Shanghai'), TimeBucket.MONTH);
    expect(months.map((b) => [b.label, b.lastDate])).to.deep.equal([['2026-01', '2026-01-31'], ['2026-02', '2026-02-28'], ['2026-03', '2026-03-10']]);
  });

  it('names the argument at fault', () => {
    const fieldOf = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        return (err as { errors: { field: string[] }[] }).errors[0].field;
      }
      return null;
    };
    expect(fieldOf(() => periodOf('2026-02-29', '2026-03-01', 'UTC'))).to.deep.equal(['from']);
    expect(fieldOf(() => periodOf('2026-03-01', '2026-03-01', 'Nowhere', ['input']))).to.deep.equal(['input', 'timeZone']);
    expect(fieldOf(() => bucketsOf(periodOf('2020-01-01', '2026-01-01', 'UTC'), TimeBucket.DAY))).to.deep.equal(['bucket']);
  });
});

describe('export columns (unit)', () => {
  it('gives analysts no personal column of any export, and others every column', () => {
    for (const kind of Object.values(ExportKind)) {
      expect(columnsFor(kind, viewer(Role.ANALYST)).some((c) => c.personal), kind).to.equal(false);
      expect(columnsFor(kind, viewer(Role.DISPATCHER))).to.have.length(COLUMNS[kind].length);
    }
    const headers = columnsFor(ExportKind.VOLUNTEERS, viewer(Role.ANALYST)).map((c) => c.header);
    expect(headers).not.to.include.members(['name']);
    expect(headers).not.to.include('phone');
    expect(headers).to.include('age_band');
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    expect(safeCell('=1+1')).to.equal("'=1+1");
    expect(safeCell('+86 138')).to.equal("'+86 138");
    expect(safeCell('@SUM(A1)')).to.equal("'@SUM(A1)");
    expect(safeCell(-5)).to.equal(-5);
    expect(safeCell('王秀英')).to.equal('王秀英');
  });
});
