import { SignJWT, jwtVerify } from 'jose';
import type { AuthCheckerFn } from 'type-graphql';
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { forbidden, unauthenticated } from '../core/errors';
import { loadSecret } from '../core/secrets';
import { Account } from '../modules/account/account.entity';
import { OrganisationService } from '../modules/organisation/organisation.service';
import { Region } from '../modules/region/region.entity';
import type { Context, Viewer } from './context';

const ISSUER = 'volunteer-grid';

/** JWT_SECRET, or for the embedded default a generated secret kept beside the database. */
export function loadJwtKey(config: Config): Uint8Array {
  return loadSecret(config.jwtSecret, config.dataDir, 'jwt-secret');
}

/** Verified tokens remembered; consoles present the same token on every request and operation. */
const VERIFIED_CACHE_SIZE = 10_000;

export class TokenService {
  /** Token text → its claims, least recently used first out. The signature of a given text never changes; its expiry is checked on every use. */
  private readonly verified = new Map<string, { accountId: number; expiresAt: Date }>();

  constructor(
    private readonly key: Uint8Array,
    private readonly ttlSeconds: number,
  ) {}

  async sign(account: Account): Promise<{ token: string; expiresAt: Date }> {
    const expiresAt = new Date(Math.floor(Date.now() / 1000 + this.ttlSeconds) * 1000);
    const token = await new SignJWT({ role: account.role })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(String(account.id))
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(expiresAt.getTime() / 1000)
      .sign(this.key);
    return { token, expiresAt };
  }

  /** The account id and expiry of a valid token; throws with a client-safe message otherwise. */
  async verify(token: string): Promise<{ accountId: number; expiresAt: Date }> {
    const known = this.verified.get(token);
    if (known) {
      this.verified.delete(token);
      if (known.expiresAt.getTime() <= Date.now()) throw new Error('token expired');
      this.verified.set(token, known); // re-insert: Map order is recency
      return known;
    }
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, algorithms: ['HS256'] });
      const accountId = Number(payload.sub);
      if (!Number.isSafeInteger(accountId) || !payload.exp) throw new Error('bad subject');
      const claims = { accountId, expiresAt: new Date(payload.exp * 1000) };
      this.verified.set(token, claims);
      if (this.verified.size > VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
      return claims;
    } catch (err) {
      const code = (err as { code?: string }).code;
      throw new Error(code === 'ERR_JWT_EXPIRED' ? 'token expired' : 'invalid token');
    }
  }
}

export interface Authentication {
  viewer: Viewer | null;
  authError: string | null;
  expiresAt: Date | null;
  /** Set when the caller presented an API key; checked again on every graphql-ws operation. */
  apiKeyId?: number;
}

/**
 * Turns an `Authorization` header (`Bearer <jwt>`) into a viewer. The account is re-read on every
 * request so that disabling it takes effect at once, not when its token expires.
 */
export async function authenticate(db: DataSource, tokens: TokenService, header: unknown): Promise<Authentication> {
  if (header == null || header === '') return { viewer: null, authError: null, expiresAt: null };
  const apiKey = typeof header === 'string' ? /^ApiKey\s+(\S+)$/i.exec(header.trim()) : null;
  if (apiKey) return authenticateApiKey(db, apiKey[1]);
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header.trim()) : null;
  if (!match) return { viewer: null, authError: 'malformed Authorization header (expected "Bearer <token>" or "ApiKey <key>")', expiresAt: null };
  let claims: { accountId: number; expiresAt: Date };
  try {
    claims = await tokens.verify(match[1]);
  } catch (err) {
    return { viewer: null, authError: (err as Error).message, expiresAt: null };
  }
  const viewer = await loadViewer(db, claims.accountId);
  if (!viewer) return { viewer: null, authError: 'account disabled or removed', expiresAt: null };
  return { viewer, authError: null, expiresAt: claims.expiresAt };
}

/** `ApiKey <key>`: a partner's system acting as the PARTNER account the key was issued to. */
async function authenticateApiKey(db: DataSource, key: string): Promise<Authentication> {
  const found = await OrganisationService.accountForKey(db, key);
  const viewer = found ? await loadViewer(db, found.accountId) : null;
  if (!found || !viewer) return { viewer: null, authError: 'invalid or revoked API key', expiresAt: null };
  return { viewer, authError: null, expiresAt: null, apiKeyId: found.apiKeyId };
}

/**
 * graphql-ws authenticates once per connection; each operation checks again, so a token that
 * expired, a key revoked or an account disabled since the connection opened is not honoured.
 */
export async function recheckAuthentication(db: DataSource, auth: Authentication | undefined): Promise<Authentication> {
  if (!auth?.viewer) return auth ?? { viewer: null, authError: null, expiresAt: null };
  const expired = auth.expiresAt !== null && auth.expiresAt.getTime() <= Date.now();
  const revoked = auth.apiKeyId !== undefined && (await OrganisationService.isRevoked(db, auth.apiKeyId));
  const viewer = expired || revoked ? null : await loadViewer(db, auth.viewer.account.id);
  if (viewer) return { ...auth, viewer };
  return { viewer: null, authError: expired ? 'token expired' : revoked ? 'API key revoked' : 'account disabled or removed', expiresAt: null };
}

export async function loadViewer(db: DataSource, accountId: number): Promise<Viewer | null> {
  const account = await db
    .getRepository(Account)
    .createQueryBuilder('a')
    .leftJoinAndMapOne('a.scopeRegion', Region, 'r', 'r.id = a.scopeId')
    .where('a.id = :accountId', { accountId })
    .getOne();
  if (!account || account.disabledAt) return null;
  return { account, scopePath: account.scopeRegion?.path ?? null };
}

/** type-graphql's one auth checker: `@Authorized()` needs a viewer, `@Authorized(roles)` one of those roles. */
export const authChecker: AuthCheckerFn<Context, string> = ({ context }, roles) => {
  if (!context.viewer) throw unauthenticated(context.authError ? `Authentication required: ${context.authError}` : undefined);
  if (roles.length > 0 && !roles.includes(context.viewer.account.role)) {
    throw forbidden(`requires one of the roles ${roles.join(', ')}`);
  }
  return true;
};

/** The viewer of a resolver guarded by `@Authorized`. */
export function viewerOf(ctx: Context): Viewer {
  if (!ctx.viewer) throw unauthenticated();
  return ctx.viewer;
}
