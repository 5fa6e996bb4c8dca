import { useEffect, useState } from 'preact/hooks';
import { ApiError, request } from '../api/graphql';
import { ACTIONS, CANDIDATES } from '../api/operations';
import type { Candidate, DemandDetail, DemandRow, UserError, Viewer } from '../api/types';
import { allowedActions, escalationTarget, type DemandAction } from '../demand/permissions';
import { useT } from '../i18n/i18n';

interface Props {
  demand: DemandDetail;
  viewer: Viewer;
  token: string;
  onChanged(row: DemandRow): void;
}

type Outcome = { kind: 'done'; status: string } | { kind: 'refused'; error: UserError } | { kind: 'failed'; message: string };

/** The steps the signed-in account may take on this demand now, each a mutation of its own. */
export function Actions({ demand, viewer, token, onChanged }: Props) {
  const { t, tEnum } = useT();
  const [open, setOpen] = useState<DemandAction | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const allowed = allowedActions(viewer, demand);

  useEffect(() => {
    setOpen(null);
    setOutcome(null);
  }, [demand.id]);

  const run = async (action: DemandAction, input: Record<string, unknown>) => {
    setBusy(true);
    setOutcome(null);
    try {
      const data = await request<Record<string, { demand: DemandRow | null; userErrors: UserError[] }>>(ACTIONS[action], { input: { id: demand.id, ...input } }, token);
      const payload = Object.values(data)[0];
      if (payload.userErrors.length || !payload.demand) {
        setOutcome({ kind: 'refused', error: payload.userErrors[0] ?? { field: null, code: 'INVALID', message: '' } });
        return;
      }
      setOpen(null);
      setOutcome({ kind: 'done', status: payload.demand.status });
      onChanged(payload.demand);
    } catch (err) {
      setOutcome(err instanceof ApiError ? { kind: 'refused', error: { field: null, code: err.code, message: err.message } } : { kind: 'failed', message: String(err) });
    } finally {
      setBusy(false);
    }
  };

  const target = escalationTarget(demand);
  return (
    <div class="actions" data-testid="actions" data-allowed={allowed.join(' ')}>
      <h3>{t('actions.heading')}</h3>
      {allowed.length === 0 ? (
        <p class="muted">{t('actions.none')}</p>
      ) : (
        <div class="action-buttons">
          {allowed.map((action) =>
            action === 'accept' ? (
              <button key={action} type="button" class="primary" disabled={busy} data-testid="action-accept" onClick={() => void run('accept', {})}>
                {t('actions.accept')}
              </button>
            ) : (
              <button key={action} type="button" class={open === action ? 'is-active' : ''} disabled={busy} data-testid={`action-${action}`} onClick={() => setOpen(open === action ? null : action)}>
                {t(`actions.${action}`)}
              </button>
            ),
          )}
        </div>
      )}
      {open === 'reject' && <ReasonForm label={t('actions.reason')} submit={t('actions.confirmReject')} busy={busy} testid="reject-form" onCancel={() => setOpen(null)} onSubmit={(note) => void run('reject', { note })} />}
      {open === 'escalate' && target && (
        <ReasonForm label={t('actions.escalateReason')} submit={t('actions.confirmEscalate', { level: tEnum('level', target) })} busy={busy} testid="escalate-form" onCancel={() => setOpen(null)} onSubmit={(note) => void run('escalate', { note })} />
      )}
      {open === 'dispatch' && <DispatchForm demandId={demand.id} token={token} busy={busy} onCancel={() => setOpen(null)} onSubmit={(input) => void run('dispatch', input)} />}
      {open === 'close' && <CloseForm busy={busy} onCancel={() => setOpen(null)} onSubmit={(input) => void run('close', input)} />}
      {outcome && (
        <p class={outcome.kind === 'done' ? 'ok' : 'error'} role="status" data-testid="action-outcome" data-kind={outcome.kind}>
          {outcome.kind === 'done'
            ? t('actions.done', { status: tEnum('status', outcome.status) })
            : outcome.kind === 'refused'
              ? t('actions.refused', { code: tEnum('error', outcome.error.code), message: outcome.error.message })
              : t('actions.failed', { message: outcome.message })}
        </p>
      )}
    </div>
  );
}

function ReasonForm({ label, submit, busy, testid, onCancel, onSubmit }: { label: string; submit: string; busy: boolean; testid: string; onCancel(): void; onSubmit(note: string): void }) {
  const [note, setNote] = useState('');
  return (
    <form
      class="action-form"
      data-testid={testid}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(note.trim());
      }}
    >
      <label>
        {label}
        <textarea name="note" required maxLength={2000} rows={2} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      </label>
      <FormButtons busy={busy} disabled={!note.trim()} label={submit} onCancel={onCancel} />
    </form>
  );
}

function DispatchForm({ demandId, token, busy, onCancel, onSubmit }: { demandId: string; token: string; busy: boolean; onCancel(): void; onSubmit(input: Record<string, unknown>): void }) {
  const { t, tEnum } = useT();
  const [candidates, setCandidates] = useState<Candidate[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [chosen, setChosen] = useState<ReadonlySet<number>>(new Set());
  const [openRecruitment, setOpenRecruitment] = useState(false);
  const [note, setNote] = useState('');

  useEffect(() => {
    let current = true;
    request<{ demandCandidates: Candidate[] }>(CANDIDATES, { demandId }, token).then(
      (data) => current && setCandidates(data.demandCandidates),
      (err: unknown) => current && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      current = false;
    };
  }, [demandId, token]);

  // The API takes any number of volunteers but one team: choosing a team lets go of another.
  const toggle = (candidate: Candidate) =>
    setChosen((old) => {
      const next = new Set(old);
      if (next.delete(candidate.rank)) return next;
      if (candidate.kind === 'TEAM') for (const c of candidates ?? []) if (c.kind === 'TEAM') next.delete(c.rank);
      next.add(candidate.rank);
      return next;
    });

  const picked = (candidates ?? []).filter((c) => chosen.has(c.rank));
  const volunteerIds = picked.filter((c) => c.kind === 'VOLUNTEER' && c.volunteer).map((c) => c.volunteer!.id);
  const teamId = picked.find((c) => c.kind === 'TEAM' && c.team)?.team?.id ?? null;
  const nothing = !volunteerIds.length && !teamId && !openRecruitment;

  return (
    <form
      class="action-form"
      data-testid="dispatch-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit({ volunteerIds, teamId, openRecruitment, note: note.trim() || null });
      }}
    >
      <h4>{t('actions.candidates')}</h4>
      {candidates?.some((c) => c.kind === 'TEAM') && <p class="muted">{t('actions.oneTeam')}</p>}
      {error && <p class="error">{error}</p>}
      {!candidates && !error && <p class="muted">{t('actions.loadingCandidates')}</p>}
      {candidates?.length === 0 && <p class="muted">{t('actions.noCandidates')}</p>}
      <ul class="candidates">
        {candidates?.map((c) => (
          <li key={c.rank} data-testid="candidate" data-kind={c.kind} data-volunteer-id={c.volunteer?.id} data-team-id={c.team?.id}>
            <label>
              <input type="checkbox" checked={chosen.has(c.rank)} onChange={() => toggle(c)} />
              <span class="candidate-name">
                {c.volunteer?.name ?? c.team?.name ?? '?'} <span class="muted">({tEnum('kind', c.kind)})</span>
              </span>
              <span class="muted">
                {t('actions.score', { score: c.score.toFixed(1) })}
                {c.availableNow ? ` · ${t('actions.availableNow')}` : ''}
                {c.distanceKm !== null ? ` · ${t('actions.distance', { km: c.distanceKm.toFixed(1) })}` : ''}
              </span>
              <span class="reasons">
                {c.reasons
                  .filter((r) => r.points !== 0)
                  .map((r) => (
                    <span class="chip" key={r.code} title={r.detail}>
                      {tEnum('reason', r.code)} {r.points > 0 ? '+' : ''}
                      {r.points}
                    </span>
                  ))}
              </span>
            </label>
          </li>
        ))}
      </ul>
      <label class="toggle">
        <input type="checkbox" checked={openRecruitment} onChange={(e) => setOpenRecruitment(e.currentTarget.checked)} />
        {t('actions.openRecruitment')}
      </label>
      <label>
        {t('actions.note')}
        <textarea name="note" maxLength={2000} rows={2} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      </label>
      <FormButtons busy={busy} disabled={nothing} label={t('actions.confirmDispatch', { count: volunteerIds.length + (teamId ? 1 : 0) })} testId="dispatch-submit" onCancel={onCancel} />
    </form>
  );
}

function CloseForm({ busy, onCancel, onSubmit }: { busy: boolean; onCancel(): void; onSubmit(input: Record<string, unknown>): void }) {
  const { t } = useT();
  const [rating, setRating] = useState(5);
  const [feedback, setFeedback] = useState('');
  return (
    <form
      class="action-form"
      data-testid="close-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit({ rating, feedback: feedback.trim() || null });
      }}
    >
      <label>
        {t('actions.rating')}
        <select name="rating" value={String(rating)} onChange={(e) => setRating(Number(e.currentTarget.value))}>
          {[5, 4, 3, 2, 1].map((n) => (
            <option key={n} value={String(n)}>
              {'★'.repeat(n)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('actions.feedback')}
        <textarea name="feedback" maxLength={2000} rows={2} value={feedback} onInput={(e) => setFeedback(e.currentTarget.value)} />
      </label>
      <FormButtons busy={busy} label={t('actions.confirmClose')} onCancel={onCancel} />
    </form>
  );
}

/** Submit (showing progress while busy) and cancel, at the foot of every action form. */
function FormButtons({ busy, disabled = false, label, testId, onCancel }: { busy: boolean; disabled?: boolean; label: string; testId?: string; onCancel(): void }) {
  const { t } = useT();
  return (
    <div class="form-buttons">
      <button type="submit" class="primary" disabled={busy || disabled} data-testid={testId}>
        {busy ? t('actions.busy') : label}
      </button>
      <button type="button" onClick={onCancel}>
        {t('actions.cancel')}
      </button>
    </div>
  );
}
