import type { ServerResponse } from 'node:http';
import { stringify } from 'csv-stringify/sync';
import type { DataSource } from 'typeorm';
import type { Config } from '../../config';
import { ErrorCode, fail } from '../../core/errors';
import { localClock } from '../../core/local-time';
import { loadViewer } from '../../server/auth';
import type { Context, Viewer } from '../../server/context';
import { covers } from '../../server/jurisdiction';
import { Role } from '../account/role';
import { periodOf, type Period } from '../analytics/period';
import { Region } from '../region/region.entity';
import type { RegionService } from '../region/region.service';
import { ExportKind, columnsFor, safeCell, type ExportView } from './export.columns';
import { exportRows } from './export.rows';
import type { ExportClaims, ExportLinks } from './export.link';

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
  ) {}

  async createLink(ctx: Context, viewer: Viewer, input: { kind: ExportKind; regionId: string; from: string; to: string; timeZone?: string | null }) {
    const period = periodOf(input.from, input.to, input.timeZone ?? this.config.timeZone, ['input']);
    const region = await this.regions.requireRegion(ctx.db.manager, ['input', 'regionId'], input.regionId);
    if (!covers(viewer, region.path)) fail(ErrorCode.FORBIDDEN, ['input', 'regionId'], 'the region is outside your jurisdiction');
    const { path, expiresAt } = await this.links.sign({ accountId: viewer.account.id, kind: input.kind, regionId: region.id, from: period.fromDate, to: period.toDate, timeZone: period.timeZone });
    return { url: path, expiresAt, filename: filename(input.kind, region, period) };
  }

  /** Serves a download link: checks it and the account behind it again, then streams the CSV. */
  async download(token: string, res: ServerResponse): Promise<void> {
    const { claims, viewer, region } = await this.admit(token);
    const period = periodOf(claims.from, claims.to, claims.timeZone);
    const view: ExportView = { viewer, timeZone: period.timeZone, today: localClock(new Date(), period.timeZone).date };
    const columns = columnsFor(claims.kind, viewer);
    res.writeHead(200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename(claims.kind, region, period)}"`,
      'Cache-Control': 'no-store',
    });
    let closed = false;
    res.on('close', () => (closed = true));
    const write = async (chunk: string) => {
      if (!res.write(chunk) && !closed) await drainedOrClosed(res);
    };
    // A byte-order mark, so that spreadsheet programs read the Chinese text as UTF-8.
    await write(`\uFEFF${stringify([columns.map((c) => c.header)])}`);
    for await (const rows of exportRows(this.db.manager, claims.kind, region.path, period)) {
      if (closed) break;
      await write(stringify(rows.map((row) => columns.map((c) => safeCell(c.value(row, view))))));
    }
    res.end();
  }

  private async admit(token: string): Promise<{ claims: ExportClaims; viewer: Viewer; region: Region }> {
    let claims: ExportClaims;
    try {
      claims = await this.links.verify(token);
    } catch (err) {
      throw (err as Error).message === 'expired' ? new DownloadError(410, 'This export link has expired; ask for a new one.') : new DownloadError(403, 'This export link is not valid.');
    }
    const viewer = await loadViewer(this.db, claims.accountId);
    if (!viewer || !EXPORTERS.includes(viewer.account.role)) throw new DownloadError(403, 'The account that asked for this export may no longer export.');
    const region = await this.db.getRepository(Region).findOneBy({ id: claims.regionId });
    if (!region || !covers(viewer, region.path)) throw new DownloadError(403, 'The region is no longer inside your jurisdiction.');
    return { claims, viewer, region };
  }
}

/** Resolves when the client has taken what was written, or went away; leaves no listener behind. */
function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

function filename(kind: ExportKind, region: Region, period: Period): string {
  return `${kind.toLowerCase().replace('_', '-')}-${region.code.replace(/[^A-Za-z0-9_-]/g, '_')}-${period.fromDate}-${period.toDate}.csv`;
}
