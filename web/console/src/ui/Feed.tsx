import { useState } from 'preact/hooks';
import type { DemandRow } from '../api/types';
import { isOpen, isOverdue, isUrgent } from '../demand/status';
import type { FeedController } from '../feed/feed-controller';
import { useT } from '../i18n/i18n';

/** Rows drawn at most; older demands stay known (and counted) but off the page. */
const MAX_ROWS = 200;

interface Props {
  feed: FeedController | null;
  regionId: string;
  regionName: string;
  selectedId: string | null;
  now: number;
  onSelect(id: string): void;
}

export function Feed({ feed, regionId, regionName, selectedId, now, onSelect }: Props) {
  const { t } = useT();
  const [openOnly, setOpenOnly] = useState(false);
  const all = feed ? feed.store.rows(regionId) : [];
  const rows = (openOnly ? all.filter(isOpen) : all).slice(0, MAX_ROWS);
  return (
    <section class="feed panel" data-testid="feed" data-ready={feed?.ready ? 'true' : 'false'}>
      <div class="panel-head">
        <h2>{t('feed.heading', { region: regionName })}</h2>
        <label class="toggle">
          <input type="checkbox" checked={openOnly} onChange={(e) => setOpenOnly(e.currentTarget.checked)} data-testid="open-only" />
          {t('feed.openOnly')}
        </label>
        <span class="muted">{t('feed.count', { shown: rows.length, total: all.length })}</span>
      </div>
      {feed?.error && (
        <p class="error" role="alert">
          {t('feed.error', { message: feed.error })}
        </p>
      )}
      {!feed || (!feed.ready && all.length === 0) ? (
        <p class="muted pad">{t('feed.loading')}</p>
      ) : rows.length === 0 ? (
        <p class="muted pad" data-testid="feed-empty">
          {t('feed.empty')}
        </p>
      ) : (
        <ul class="feed-list">
          {rows.map((row) => (
            <FeedRow key={row.id} row={row} now={now} fresh={feed.store.isLiveArrival(row.id)} selected={row.id === selectedId} onSelect={onSelect} />
          ))}
        </ul>
      )}
    </section>
  );
}

function FeedRow({ row, now, fresh, selected, onSelect }: { row: DemandRow; now: number; fresh: boolean; selected: boolean; onSelect(id: string): void }) {
  const { t, tEnum, lang, ago } = useT();
  const urgent = isUrgent(row);
  const overdue = isOverdue(row, now);
  const classes = ['feed-row', `urgency-${row.urgency}`, overdue ? 'is-overdue' : '', isOpen(row) ? '' : 'is-finished', fresh ? 'is-new' : '', selected ? 'is-selected' : ''];
  return (
    <li
      class={classes.filter(Boolean).join(' ')}
      data-testid="feed-row"
      data-demand-id={row.id}
      data-status={row.status}
      data-urgent={urgent ? 'true' : 'false'}
      data-overdue={overdue ? 'true' : 'false'}
    >
      <button type="button" onClick={() => onSelect(row.id)} aria-pressed={selected}>
        <span class="row-main">
          <span class="row-title">{row.title}</span>
          <span class="row-meta">
            {row.number} · {lang === 'zh' ? row.category.name : row.category.nameEn} · {row.grid.name} · {t('feed.placed', { time: ago(row.createdAt, now) })}
          </span>
        </span>
        <span class="row-badges">
          {row.urgency !== 'ROUTINE' && <span class={`badge urgency-badge-${row.urgency}`}>{tEnum('urgency', row.urgency)}</span>}
          {overdue && <span class="badge overdue-badge">{t('feed.overdue')}</span>}
          <span class={`badge status-${row.status}`} data-testid="feed-row-status">
            {tEnum('status', row.status)}
          </span>
        </span>
      </button>
    </li>
  );
}
