import { useEffect, useMemo, useState } from 'preact/hooks';
import { whenUnauthenticated } from './api/graphql';
import { I18n, initialLang, rememberLang, translator, type Lang } from './i18n/i18n';
import { savedSession, saveSession, type Session } from './session';
import { Console } from './ui/Console';
import { SignIn } from './ui/SignIn';

export function App() {
  const [lang, setLang] = useState<Lang>(initialLang);
  const tr = useMemo(() => translator(lang), [lang]);
  const [session, setSession] = useState<Session | null>(savedSession);
  const [ended, setEnded] = useState(false);

  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = `${tr.t('app.name')} · ${tr.t('app.console')}`;
  }, [lang]);
  const chooseLang = (chosen: Lang) => {
    rememberLang(chosen);
    setLang(chosen);
  };

  const signOut = (sessionEnded: boolean) => {
    saveSession(null);
    setEnded(sessionEnded);
    setSession(null);
  };

  useEffect(() => {
    whenUnauthenticated(() => signOut(true));
    if (!session) return;
    // The token's own end: sign out then rather than fail request by request.
    const timer = setTimeout(() => signOut(true), Math.max(0, Date.parse(session.expiresAt) - Date.now()));
    return () => clearTimeout(timer);
  }, [session]);

  return (
    <I18n.Provider value={tr}>
      {session ? (
        <Console key={session.token} session={session} onLang={chooseLang} onSignOut={signOut} />
      ) : (
        <SignIn
          key={String(ended)}
          ended={ended}
          onLang={chooseLang}
          onSignedIn={(s) => {
            saveSession(s);
            setEnded(false);
            setSession(s);
          }}
        />
      )}
    </I18n.Provider>
  );
}
