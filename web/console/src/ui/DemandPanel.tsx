import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { request } from '../api/graphql';
import { DEMAND_DETAIL } from '../api/operations';
import type { DemandDetail, DemandEventItem, DemandRow, Viewer } from '../api/types';
import { isOverdue, isUrgent } from '../demand/status';
import { useT, type MessageKey } from '../i18n/i18n';
import { Actions } from './Actions';
import { messageOf } from './hooks';

interface Props {
  demandId: string;
  token: string;
  viewer: Viewer;
  /** Bumped when the feed brings an event of this demand: the panel reads it again. */
  changes: number;
  now: number;
  onRow(row: DemandRow): void;
  onClose(): void;
}

type Page = DemandDetail['events'];

export function DemandPanel({ demandId, token, viewer, changes, now, onRow, onClose }: Props) {
  const { t, tEnum, lang, dateTime } = useT();
  const [detail, setDetail] = useState<DemandDetail | null>(null);
  const [older, setOlder] = useState<Page | null>(null);
  const [error, setError] = useState<string | null>(null);
  const loading = useRef(0);
  const report = useRef(onRow);
  report.current = onRow;

  const load = useCallback(async () => {
    const attempt = ++loading.current;
    try {
      const data = await request<{ node: DemandDetail | null }>(DEMAND_DETAIL, { id: demandId, after: null }, token);
      if (attempt !== loading.current) return;
      if (!data.node) throw new Error(t('error.NOT_FOUND'));
      setDetail(data.node);
      setOlder(null);
      setError(null);
      report.current(data.node);
    } catch (err) {
      if (attempt === loading.current) setError(messageOf(err));
    }
  }, [demandId, token]);

  useEffect(() => {
    setDetail(null);
    setOlder(null);
    void load();
  }, [load]);

  // Several events of one step arrive together: one read a moment later covers them all.
  useEffect(() => {
    if (!changes) return;
    const timer = setTimeout(() => void load(), 250);
    return () => clearTimeout(timer);
  }, [changes, load]);

  const more = async () => {
    const page = older ?? detail?.events;
    if (!page?.pageInfo.endCursor) return;
    try {
      const data = await request<{ node: DemandDetail | null }>(DEMAND_DETAIL, { id: demandId, after: page.pageInfo.endCursor }, token);
      if (data.node) setOlder({ pageInfo: data.node.events.pageInfo, edges: [...(older?.edges ?? []), ...data.node.events.edges] });
    } catch (err) {
      setError(messageOf(err));
    }
  };

  if (!detail) {
    return (
      <section class="detail panel" data-testid="detail" data-state={error ? 'error' : 'loading'}>
        <p class={error ? 'error pad' : 'muted pad'}>{error ? t('detail.error', { message: error }) : t('detail.loading')}</p>
      </section>
    );
  }

  const events: DemandEventItem[] = [...detail.events.edges, ...(older?.edges ?? [])].map((e) => e.node);
  const hasMore = (older ?? detail.events).pageInfo.hasNextPage;
  const overdue = isOverdue(detail, now);
  const ancestors = detail.grid.ancestors.map((a) => a.name).join(' › ');
  const field = (label: MessageKey, value: string | null | undefined, testid?: string) =>
    value ? (
      <>
        <dt>{t(label)}</dt>
        <dd data-testid={testid}>{value}</dd>
      </>
    ) : null;

  return (
    <section class="detail panel" data-testid="detail" data-demand-id={detail.id} data-status={detail.status}>
      <div class="panel-head">
        <h2>
          <span class="muted">{detail.number}</span> {detail.title}
        </h2>
        <button type="button" class="link-button" onClick={onClose} title={t('detail.close')} aria-label={t('detail.close')}>
          ✕
        </button>
      </div>
      <div class="detail-badges">
        <span class={`badge status-${detail.status}`} data-testid="detail-status">
          {tEnum('status', detail.status)}
        </span>
        {isUrgent(detail) && <span class={`badge urgency-badge-${detail.urgency}`}>{tEnum('urgency', detail.urgency)}</span>}
        {overdue && <span class="badge overdue-badge">{t('feed.overdue')}</span>}
        <span class="badge">{lang === 'zh' ? detail.category.name : detail.category.nameEn}</span>
      </div>
      <dl class="facts">
        {field('detail.where', `${ancestors} › ${detail.grid.name}`)}
        {field('detail.address', detail.address)}
        {field('detail.contact', [detail.contactName, detail.contactPhone].filter(Boolean).join(' '))}
        {field('detail.channel', tEnum('channel', detail.channel))}
        {field('detail.handlingLevel', tEnum('level', detail.handlingLevel))}
        {field('detail.placed', dateTime(detail.createdAt))}
        {field('detail.acceptDue', detail.status === 'SUBMITTED' ? dateTime(detail.acceptDueAt) : null)}
        {field('detail.due', detail.dueAt ? dateTime(detail.dueAt) : null)}
        {field('detail.escalates', detail.escalatesAt ? dateTime(detail.escalatesAt) : null)}
        {field('detail.responder', detail.responder?.username)}
        {field('detail.rejectionReason', detail.rejectionReason)}
        {field('detail.description', detail.description)}
        {field('detail.completionNote', detail.completionNote)}
        {field('detail.rating', detail.rating ? '★'.repeat(detail.rating) : null)}
        {field('detail.feedback', detail.feedback)}
        {detail.offers.length > 0 && (
          <>
            <dt>{t('detail.offers')}</dt>
            <dd>
              {detail.offers.map((o) => (
                <span class="chip" key={o.id}>
                  {o.volunteer?.name ?? o.team?.name ?? '?'} · {tEnum('offer', o.status)}
                </span>
              ))}
            </dd>
          </>
        )}
        {detail.photos.length > 0 && (
          <>
            <dt>{t('detail.photos')}</dt>
            <dd>
              {/* Links, not images: the page loads nothing from other hosts. */}
              {detail.photos.map((url, i) => (
                <a key={url} href={url} target="_blank" rel="noopener noreferrer" class="chip">
                  {t('detail.photo', { n: i + 1 })}
                </a>
              ))}
            </dd>
          </>
        )}
      </dl>
      <Actions demand={detail} viewer={viewer} token={token} onChanged={(row) => {
        report.current(row);
        void load();
      }} />
      <h3>{t('detail.history')}</h3>
      <ol class="history" data-testid="history">
        {events.map((event) => (
          <li key={event.id} data-testid="history-event" data-type={event.type}>
            <span class="history-time">{dateTime(event.at)}</span>
            <span class="history-what">
              <strong>{tEnum('event', event.type)}</strong>
              {event.fromStatus && event.fromStatus !== event.toStatus && (
                <span class="muted">
                  {' '}
                  {tEnum('status', event.fromStatus)} → {tEnum('status', event.toStatus)}
                </span>
              )}
              <span class="muted"> · {event.actor ? t('detail.by', { actor: `${event.actor.username} (${tEnum('role', event.actor.role)})` }) : t('detail.automatic')}</span>
              {event.note && <span class="history-note">{event.note}</span>}
            </span>
          </li>
        ))}
      </ol>
      {hasMore && (
        <button type="button" class="link-button" onClick={() => void more()}>
          {t('detail.moreHistory')}
        </button>
      )}
      {error && <p class="error">{t('detail.error', { message: error })}</p>}
    </section>
  );
}
