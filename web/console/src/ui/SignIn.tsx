import { useState } from 'preact/hooks';
import { ApiError } from '../api/graphql';
import { useT, type Lang, type Translator } from '../i18n/i18n';
import { signIn, type Session } from '../session';
import { LanguageSwitch } from './Header';

interface Props {
  /** The previous session ended by itself (expired, disabled): say so. */
  ended: boolean;
  onSignedIn(session: Session): void;
  onLang(lang: Lang): void;
}

export function SignIn({ ended, onSignedIn, onLang }: Props) {
  const tr = useT();
  const { t, lang } = tr;
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  // Kept as a function of the language, so switching it re-words a message already shown.
  const [error, setError] = useState<((tr: Translator) => string) | null>(ended ? () => (x: Translator) => x.t('signIn.ended') : null);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await signIn(username.trim(), password);
      if ('session' in result) return onSignedIn(result.session);
      if ('wrongRole' in result) {
        const role = result.wrongRole;
        setError(() => (x: Translator) => x.t('signIn.wrongRole', { role: x.tEnum('role', role) }));
      } else {
        const { message } = result.refused;
        setError(() => (x: Translator) => x.t('signIn.failed', { message }));
      }
    } catch (err) {
      const message = err instanceof ApiError && err.code !== 'NETWORK' ? err.message : null;
      setError(() => (x: Translator) => (message ? x.t('signIn.failed', { message }) : x.t('signIn.network')));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="sign-in">
      <form class="sign-in-card" onSubmit={submit} data-testid="sign-in">
        <div class="sign-in-top">
          <div class="brand">
            <strong>{t('app.name')}</strong>
            <span>{t('app.console')}</span>
          </div>
          <LanguageSwitch lang={lang} onLang={onLang} />
        </div>
        <h1>{t('signIn.heading')}</h1>
        <label>
          {t('signIn.username')}
          <input name="username" autocomplete="username" required value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
        </label>
        <label>
          {t('signIn.password')}
          <input name="password" type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        </label>
        {error && (
          <p class="error" role="alert" data-testid="sign-in-error">
            {error(tr)}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t('signIn.busy') : t('signIn.submit')}
        </button>
      </form>
    </main>
  );
}
