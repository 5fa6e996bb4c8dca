import { expect } from 'chai';
import type { DemandDetail, DemandRow, DemandStatus, Viewer } from '../../web/console/src/api/types';
import { allowedActions } from '../../web/console/src/demand/permissions';
import { isOverdue } from '../../web/console/src/demand/status';
import { FeedStore } from '../../web/console/src/feed/feed-store';

const row = (id: string, overrides: Partial<DemandRow> = {}): DemandRow => ({
  id,
  number: `D-${id}`,
  title: id,
  status: 'SUBMITTED',
  urgency: 'ROUTINE',
  handlingLevel: 'COMMUNITY',
  overdue: false,
  dueAt: null,
  createdAt: '2026-11-23T08:00:00.000Z',
  updatedAt: '2026-11-23T08:00:00.000Z',
  category: { id: 'c', code: 'ELDER_CARE', name: '养老助老', nameEn: 'Elder care' },
  grid: { id: 'g1', name: 'grid 1', ancestors: [{ id: 'district', name: 'd' }, { id: 'streetA', name: 'A' }, { id: 'communityA', name: 'cA' }] },
  ...overrides,
});

/** The console's pure parts: how the feed merges what it reads, and which buttons a desk gets. */
describe('dispatch console: feed store and permissions (unit)', () => {
  it('takes each event once, by cursor, and resumes after the last one taken', () => {
    const store = new FeedStore();
    store.startAfter('c1');
    expect(store.applyEvent({ cursor: 'c1', type: 'CREATED', demand: row('d1') })).to.equal(false);
    expect(store.applyEvent({ cursor: 'c2', type: 'CREATED', demand: row('d2') })).to.equal(true);
    expect(store.applyEvent({ cursor: 'c2', type: 'CREATED', demand: row('d2') })).to.equal(false);
    expect(store.lastCursor).to.equal('c2');
    expect(store.size).to.equal(1);
    expect(store.isLiveArrival('d2')).to.equal(true);
  });

  it('keeps the most recent state of a demand: a list read before an event cannot take it back', () => {
    const store = new FeedStore();
    store.applyEvent({ cursor: 'c5', type: 'ACCEPTED', demand: row('d1', { status: 'ACCEPTED', updatedAt: '2026-11-23T08:05:00.000Z' }) });
    store.mergeSnapshot([row('d1', { status: 'SUBMITTED', updatedAt: '2026-11-23T08:00:00.000Z' })]);
    expect(store.get('d1')?.status).to.equal('ACCEPTED');
    store.mergeSnapshot([row('d1', { status: 'DISPATCHED', updatedAt: '2026-11-23T08:06:00.000Z' })]);
    expect(store.get('d1')?.status).to.equal('DISPATCHED');
    expect(store.isLiveArrival('d1')).to.equal(true);
  });

  it('lists a region’s subtree newest first', () => {
    const store = new FeedStore();
    store.mergeSnapshot([
      row('old', { createdAt: '2026-11-23T07:00:00.000Z' }),
      row('new', { createdAt: '2026-11-23T09:00:00.000Z' }),
      row('elsewhere', { grid: { id: 'g9', name: 'grid 9', ancestors: [{ id: 'district', name: 'd' }, { id: 'streetB', name: 'B' }] } }),
    ]);
    expect(store.rows('streetA').map((d) => d.id)).to.deep.equal(['new', 'old']);
    expect(store.rows('g9').map((d) => d.id)).to.deep.equal(['elsewhere']);
    expect(store.rows(null)).to.have.length(3);
    expect(store.isLiveArrival('new')).to.equal(false);
  });

  it('counts an open demand overdue once its deadline passes, a finished one never', () => {
    const due = { dueAt: '2026-11-23T10:00:00.000Z', overdue: false };
    const before = Date.parse('2026-11-23T09:59:00.000Z');
    const after = Date.parse('2026-11-23T10:01:00.000Z');
    expect(isOverdue({ ...due, status: 'ACCEPTED' }, before)).to.equal(false);
    expect(isOverdue({ ...due, status: 'ACCEPTED' }, after)).to.equal(true);
    expect(isOverdue({ ...due, status: 'COMPLETED', overdue: true }, after)).to.equal(false);
  });

  describe('actions offered', () => {
    const dispatcher = (level: 'DISTRICT' | 'STREET' | 'COMMUNITY'): Viewer => ({ id: 'me', username: 'me', role: 'DISPATCHER', scope: { id: 's', name: 's', code: 's', level } });
    const detail = (status: DemandStatus, overrides: Partial<DemandDetail> = {}): DemandDetail =>
      ({ ...row('d'), status, requester: null, events: { edges: [{ node: { type: 'CREATED', actor: { id: 'resident' } } }], pageInfo: { hasNextPage: false, endCursor: null } }, ...overrides }) as unknown as DemandDetail;

    it('to the dispatchers of the handling level and above, by status', () => {
      expect(allowedActions(dispatcher('COMMUNITY'), detail('SUBMITTED'))).to.deep.equal(['accept', 'escalate', 'reject']);
      expect(allowedActions(dispatcher('STREET'), detail('ACCEPTED'))).to.deep.equal(['dispatch', 'escalate', 'reject']);
      expect(allowedActions(dispatcher('COMMUNITY'), detail('DISPATCHED'))).to.deep.equal(['escalate']);
      expect(allowedActions(dispatcher('COMMUNITY'), detail('IN_SERVICE'))).to.deep.equal([]);
      // escalated to the street: the community's desk lets go; the district cannot escalate further
      expect(allowedActions(dispatcher('COMMUNITY'), detail('SUBMITTED', { handlingLevel: 'STREET' }))).to.deep.equal([]);
      expect(allowedActions(dispatcher('DISTRICT'), detail('SUBMITTED', { handlingLevel: 'DISTRICT' }))).to.deep.equal(['accept', 'reject']);
      expect(allowedActions({ id: 'gw', username: 'gw', role: 'GRID_WORKER', scope: null }, detail('SUBMITTED'))).to.deep.equal([]);
    });

    it('closing to the requester, or without one to whoever filed it', () => {
      const gridWorker: Viewer = { id: 'gw', username: 'gw', role: 'GRID_WORKER', scope: null };
      const filedByWorker = { events: { edges: [{ node: { type: 'CREATED', actor: { id: 'gw' } } }], pageInfo: { hasNextPage: false, endCursor: null } } } as unknown as Partial<DemandDetail>;
      expect(allowedActions(gridWorker, detail('COMPLETED', filedByWorker))).to.deep.equal(['close']);
      expect(allowedActions(gridWorker, detail('COMPLETED', { ...filedByWorker, requester: { id: 'resident', username: 'r' } }))).to.deep.equal([]);
      expect(allowedActions(gridWorker, detail('COMPLETED'))).to.deep.equal([]);
    });
  });
});
