import type { WallStats } from '../api/types';
import { useT, type MessageKey } from '../i18n/i18n';

const COUNTERS: { key: keyof WallStats; label: MessageKey; tone: string }[] = [
  { key: 'open', label: 'wall.open', tone: 'neutral' },
  { key: 'urgent', label: 'wall.urgent', tone: 'urgent' },
  { key: 'overdue', label: 'wall.overdue', tone: 'overdue' },
  { key: 'volunteersOnDuty', label: 'wall.onDuty', tone: 'good' },
  { key: 'offersWaiting', label: 'wall.offersWaiting', tone: 'neutral' },
];

export function Wall({ stats, error }: { stats: WallStats | null; error: string | null }) {
  const { t, tEnum, time } = useT();
  return (
    <section class="wall" aria-label={t('wall.heading')} data-testid="wall">
      {COUNTERS.map(({ key, label, tone }) => (
        <div class={`counter counter-${tone}`} key={key}>
          <span class="counter-value" data-testid={`wall-${key}`}>
            {stats ? String(stats[key]) : '–'}
          </span>
          <span class="counter-label">{t(label)}</span>
        </div>
      ))}
      <div class="by-status">
        {stats?.openByStatus
          .filter((s) => s.count > 0)
          .map((s) => (
            <span class={`chip status-${s.status}`} key={s.status} data-testid={`wall-status-${s.status}`}>
              {tEnum('status', s.status)} {s.count}
            </span>
          ))}
        <span class="as-of">{error ? <span class="error">{error}</span> : stats ? t('wall.asOf', { time: time(stats.at) }) : t('wall.waiting')}</span>
      </div>
    </section>
  );
}
