import type { ServerResponse } from 'node:http';
import type { DataSource } from 'typeorm';
import type { Config } from '../../config';
import { ErrorCode, fail } from '../../core/errors';
import { localClock } from '../../core/local-time';
import { loadViewer } from '../../server/auth';
import type { Context, Viewer } from '../../server/context';
import { covers } from '../../server/jurisdiction';
import { Role } from '../account/role';
import { periodOf, type Period } from '../analytics/period';
import { BULK_COLUMNS, type BulkColumn } from '../bulk/bulk.columns';
import { BulkKind, SheetFormat } from '../bulk/bulk.enums';
import { bulkRows } from '../bulk/bulk.rows';
import { sheetWriter, type SheetWriter } from '../bulk/sheet.writer';
import { Region } from '../region/region.entity';
import type { RegionService } from '../region/region.service';
import type { IdHasher } from '../volunteer/id-number';
import { ExportKind, columnsFor, safeCell, type ExportView } from './export.columns';
import { exportRows } from './export.rows';
import { isBulk, type BulkExportClaims, type ExportClaims, type ExportLinks } from './export.link';

export const EXPORTERS = [Role.PLATFORM_ADMIN, Role.DISPATCHER, Role.ANALYST];

/** A refusal of a download, as an HTTP status and a one-line reason. */
export class DownloadError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * CSV exports of a region's demands, service records and volunteers for a period. A GraphQL
 * mutation hands out a short-lived signed link; the download streams the rows a batch at a time
 * (export.rows.ts), writing each batch only when the client has taken the last, so memory stays
 * flat and no row is repeated or skipped however long it runs.
 */
export class ExportService {
  constructor(
    private readonly db: DataSource,
    private readonly config: Config,
    private readonly regions: RegionService,
    private readonly links: ExportLinks,
    private readonly hasher: IdHasher,
  ) {}

  async createLink(ctx: Context, viewer: Viewer, input: { kind: ExportKind; regionId: string; from: string; to: string; timeZone?: string | null; format?: SheetFormat | null }) {
    const period = periodOf(input.from, input.to, input.timeZone ?? this.config.timeZone, ['input']);
    const region = await this.regions.requireRegion(ctx.db.manager, ['input', 'regionId'], input.regionId);
    if (!covers(viewer, region.path)) fail(ErrorCode.FORBIDDEN, ['input', 'regionId'], 'the region is outside your jurisdiction');
    const format = input.format ?? SheetFormat.CSV;
    const { path, expiresAt } = await this.links.sign({ accountId: viewer.account.id, kind: input.kind, regionId: region.id, from: period.fromDate, to: period.toDate, timeZone: period.timeZone, format });
    return { url: path, expiresAt, filename: filename(input.kind, region, period, format) };
  }

  /**
   * A bulk export: the import columns of a kind (bulk.columns.ts) for a region's subtree, so that
   * the file re-imports. Without a region: a platform admin's is everything, anyone else's their scope.
   */
  async createBulkLink(ctx: Context, viewer: Viewer, input: { kind: BulkKind; regionId?: string | null; format?: SheetFormat | null }) {
    let region: Region | null = null;
    if (input.regionId) region = await this.regions.requireRegion(ctx.db.manager, ['input', 'regionId'], input.regionId);
    else if (viewer.account.role !== Role.PLATFORM_ADMIN) region = await ctx.db.getRepository(Region).findOneBy({ id: viewer.account.scopeId ?? -1 });
    if (region ? !covers(viewer, region.path) : viewer.account.role !== Role.PLATFORM_ADMIN) fail(ErrorCode.FORBIDDEN, ['input', 'regionId'], 'the region is outside your jurisdiction');
    const format = input.format ?? SheetFormat.CSV;
    const { path, expiresAt } = await this.links.sign({ accountId: viewer.account.id, bulk: input.kind, regionId: region?.id ?? null, format });
    return { url: path, expiresAt, filename: bulkFilename(input.kind, region, format) };
  }

  /** Serves a download link: checks it and the account behind it again, then streams the file. */
  async download(token: string, res: ServerResponse): Promise<void> {
    const { claims, viewer, region } = await this.admit(token);
    if (isBulk(claims)) return this.streamBulk(claims, viewer, region, res);
    const period = periodOf(claims.from, claims.to, claims.timeZone);
    const view: ExportView = { viewer, timeZone: period.timeZone, today: localClock(new Date(), period.timeZone).date };
    const columns = columnsFor(claims.kind, viewer);
    const format = claims.format ?? SheetFormat.CSV;
    const writer = this.start(res, format, columns.map((c) => c.header), claims.kind.toLowerCase(), filename(claims.kind, region!, period, format));
    for await (const rows of exportRows(this.db.manager, claims.kind, region!.path, period)) {
      if (writer.closed) break;
      await writer.rows(rows.map((row) => columns.map((c) => safeCell(c.value(row, view)))));
    }
    await writer.end();
  }

  private async streamBulk(claims: BulkExportClaims, viewer: Viewer, region: Region | null, res: ServerResponse): Promise<void> {
    const columns = bulkColumnsFor(claims.bulk, viewer.account.role);
    const writer = this.start(res, claims.format, columns.map((c) => c.key), claims.bulk.toLowerCase(), bulkFilename(claims.bulk, region, claims.format));
    for await (const rows of bulkRows(this.db.manager, claims.bulk, region?.path ?? null, this.hasher)) {
      if (writer.closed) break;
      await writer.rows(rows.map((row) => columns.map((c) => safeCell(row[c.key] ?? null))));
    }
    await writer.end();
  }

  /** The headers, then a writer that waits for the client to take each batch before the next is read. */
  private start(res: ServerResponse, format: SheetFormat, header: string[], sheetName: string, name: string): SheetWriter {
    const writer = sheetWriter(format, res, header, sheetName);
    res.writeHead(200, { 'Content-Type': writer.contentType, 'Content-Disposition': `attachment; filename="${name}"`, 'Cache-Control': 'no-store' });
    return writer;
  }

  private async admit(token: string): Promise<{ claims: ExportClaims | BulkExportClaims; viewer: Viewer; region: Region | null }> {
    let claims: ExportClaims | BulkExportClaims;
    try {
      claims = await this.links.verify(token);
    } catch (err) {
      throw (err as Error).message === 'expired' ? new DownloadError(410, 'This export link has expired; ask for a new one.') : new DownloadError(403, 'This export link is not valid.');
    }
    const viewer = await loadViewer(this.db, claims.accountId);
    if (!viewer || !EXPORTERS.includes(viewer.account.role)) throw new DownloadError(403, 'The account that asked for this export may no longer export.');
    if (claims.regionId === null) {
      // Everything: platform admins only (anyone else's link names their scope).
      if (viewer.account.role !== Role.PLATFORM_ADMIN) throw new DownloadError(403, 'The region is no longer inside your jurisdiction.');
      return { claims, viewer, region: null };
    }
    const region = await this.db.getRepository(Region).findOneBy({ id: claims.regionId });
    if (!region || !covers(viewer, region.path)) throw new DownloadError(403, 'The region is no longer inside your jurisdiction.');
    return { claims, viewer, region };
  }
}

/**
 * The bulk columns a role gets: analysts none that are personal (as in the other exports); only
 * platform admins those that carry identity into a re-import (keyed ID hashes, usernames).
 */
export function bulkColumnsFor(kind: BulkKind, role: Role): readonly BulkColumn[] {
  return BULK_COLUMNS[kind].filter((c) => (role === Role.PLATFORM_ADMIN || !c.adminOnly) && (role !== Role.ANALYST || !c.personal));
}

function filename(kind: ExportKind, region: Region, period: Period, format: SheetFormat): string {
  return `${kind.toLowerCase().replace('_', '-')}-${safeName(region.code)}-${period.fromDate}-${period.toDate}.${format.toLowerCase()}`;
}

function bulkFilename(kind: BulkKind, region: Region | null, format: SheetFormat): string {
  return `${kind.toLowerCase()}-${region ? safeName(region.code) : 'all'}.${format.toLowerCase()}`;
}

const safeName = (code: string) => code.replace(/[^A-Za-z0-9_-]/g, '_');
