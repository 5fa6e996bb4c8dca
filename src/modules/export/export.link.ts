import { createHmac } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import { ExportKind } from './export.columns';

export const EXPORT_PATH = '/exports';
const AUDIENCE = 'volunteer-grid:export';

/** What a download link grants: one export, for one account, until it expires. */
export interface ExportClaims {
  accountId: number;
  kind: ExportKind;
  regionId: number;
  from: string;
  to: string;
  timeZone: string;
}

/**
 * Signed download links (JWT, HS256). The key is derived from the token key for this use alone, so
 * a link can never pass as a sign-in token, nor a token as a link.
 */
export class ExportLinks {
  private readonly key: Uint8Array;

  constructor(tokenKey: Uint8Array, private readonly ttlSeconds: number) {
    this.key = createHmac('sha256', tokenKey).update('volunteer-grid export links').digest();
  }

  async sign(claims: ExportClaims): Promise<{ path: string; expiresAt: Date }> {
    const expiresAt = new Date(Math.floor(Date.now() / 1000 + this.ttlSeconds) * 1000);
    const token = await new SignJWT({ kind: claims.kind, region: claims.regionId, from: claims.from, to: claims.to, tz: claims.timeZone })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(String(claims.accountId))
      .setAudience(AUDIENCE)
      .setExpirationTime(expiresAt.getTime() / 1000)
      .sign(this.key);
    return { path: `${EXPORT_PATH}/${token}`, expiresAt };
  }

  /** The claims of a valid link; throws `expired` or `invalid` otherwise. */
  async verify(token: string): Promise<ExportClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, { audience: AUDIENCE, algorithms: ['HS256'] });
      const kind = payload.kind as ExportKind;
      if (!Object.values(ExportKind).includes(kind)) throw new Error('kind');
      return { accountId: Number(payload.sub), kind, regionId: Number(payload.region), from: String(payload.from), to: String(payload.to), timeZone: String(payload.tz) };
    } catch (err) {
      throw new Error((err as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'expired' : 'invalid');
    }
  }
}
