import type { LinkState } from '../api/live';
import type { Viewer } from '../api/types';
import { useT, type Lang } from '../i18n/i18n';

interface Props {
  viewer: Viewer;
  linkState: LinkState;
  onLang(lang: Lang): void;
  onSignOut(): void;
}

export function Header({ viewer, linkState, onLang, onSignOut }: Props) {
  const { t, tEnum, lang } = useT();
  return (
    <header class="header">
      <div class="brand">
        <strong>{t('app.name')}</strong>
        <span>{t('app.console')}</span>
      </div>
      <div class="scope" data-testid="scope">
        {t('header.scope', { region: viewer.scope ? viewer.scope.name : t('header.allRegions') })}
      </div>
      <ConnectionBadge state={linkState} />
      <div class="spacer" />
      <LanguageSwitch lang={lang} onLang={onLang} />
      <span class="who" data-testid="viewer">
        {viewer.username} · {tEnum('role', viewer.role)}
      </span>
      <button type="button" class="link-button" data-testid="sign-out" onClick={onSignOut}>
        {t('header.signOut')}
      </button>
    </header>
  );
}

export function ConnectionBadge({ state }: { state: LinkState }) {
  const { t } = useT();
  return (
    <span class={`connection connection-${state}`} data-testid="connection" data-state={state} role="status" aria-live="polite">
      <span class="dot" aria-hidden="true" />
      {t(`link.${state}`)}
    </span>
  );
}

export function LanguageSwitch({ lang, onLang }: { lang: Lang; onLang(lang: Lang): void }) {
  const { t } = useT();
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  return (
    <button type="button" class="lang" data-testid="language" data-lang={lang} title={t('lang.switchTitle')} onClick={() => onLang(other)}>
      {t('lang.switch')}
    </button>
  );
}
