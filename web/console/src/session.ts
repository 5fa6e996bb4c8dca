import { request } from './api/graphql';
import { LOGIN, VIEWER } from './api/operations';
import type { Role, UserError, Viewer } from './api/types';

/** Roles whose work the console is for: they may watch the demand feed of a jurisdiction. */
export const CONSOLE_ROLES: readonly Role[] = ['PLATFORM_ADMIN', 'DISPATCHER', 'GRID_WORKER'];

export interface Session {
  token: string;
  expiresAt: string;
  viewer: Viewer;
}

/** Kept per browser tab (sessionStorage): a reload keeps the desk signed in, closing the tab signs it out. */
const STORAGE_KEY = 'vg.console.session';

export function savedSession(): Session | null {
  try {
    const session = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as Session | null;
    return session && Date.parse(session.expiresAt) > Date.now() ? session : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null): void {
  try {
    if (session) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage refused: the session lives as long as the page.
  }
}

export type SignInResult = { session: Session } | { refused: UserError } | { wrongRole: Role };

export async function signIn(username: string, password: string): Promise<SignInResult> {
  const { login } = await request<{ login: { token: string | null; expiresAt: string | null; userErrors: UserError[] } }>(LOGIN, { input: { username, password } }, null);
  if (!login.token || !login.expiresAt) return { refused: login.userErrors[0] ?? { field: null, code: 'INVALID', message: 'refused' } };
  const { viewer } = await request<{ viewer: Viewer | null }>(VIEWER, {}, login.token);
  if (!viewer) return { refused: { field: null, code: 'UNAUTHENTICATED', message: 'the new token was not accepted' } };
  if (!CONSOLE_ROLES.includes(viewer.role)) return { wrongRole: viewer.role };
  return { session: { token: login.token, expiresAt: login.expiresAt, viewer } };
}
