import { createHmac } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import { BulkKind, SheetFormat } from '../bulk/bulk.enums';
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
  /** Default CSV. */
  format?: SheetFormat;
}

/** A bulk export (bulkExportLinkCreate): a kind's import columns for a region's subtree, or everything (`regionId` null). */
export interface BulkExportClaims {
  accountId: number;
  bulk: BulkKind;
  regionId: number | null;
  format: SheetFormat;
}

export function isBulk(claims: ExportClaims | BulkExportClaims): claims is BulkExportClaims {
  return 'bulk' in claims;
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

  async sign(claims: ExportClaims | BulkExportClaims): Promise<{ path: string; expiresAt: Date }> {
    const expiresAt = new Date(Math.floor(Date.now() / 1000 + this.ttlSeconds) * 1000);
    const payload = isBulk(claims)
      ? { bulk: claims.bulk, region: claims.regionId, fmt: claims.format }
      : { kind: claims.kind, region: claims.regionId, from: claims.from, to: claims.to, tz: claims.timeZone, fmt: claims.format ?? SheetFormat.CSV };
    const token = await new SignJWT(payload)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(String(claims.accountId))
      .setAudience(AUDIENCE)
      .setExpirationTime(expiresAt.getTime() / 1000)
      .sign(this.key);
    return { path: `${EXPORT_PATH}/${token}`, expiresAt };
  }

  /** The claims of a valid link; throws `expired` or `invalid` otherwise. */
  async verify(token: string): Promise<ExportClaims | BulkExportClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, { audience: AUDIENCE, algorithms: ['HS256'] });
      const accountId = Number(payload.sub);
      const format = (payload.fmt ?? SheetFormat.CSV) as SheetFormat;
      if (!Object.values(SheetFormat).includes(format)) throw new Error('format');
      if (payload.bulk !== undefined) {
        const bulk = payload.bulk as BulkKind;
        if (!Object.values(BulkKind).includes(bulk)) throw new Error('kind');
        return { accountId, bulk, regionId: payload.region == null ? null : Number(payload.region), format };
      }
      const kind = payload.kind as ExportKind;
      if (!Object.values(ExportKind).includes(kind)) throw new Error('kind');
      return { accountId, kind, regionId: Number(payload.region), from: String(payload.from), to: String(payload.to), timeZone: String(payload.tz), format };
    } catch (err) {
      throw new Error((err as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'expired' : 'invalid');
    }
  }
}
