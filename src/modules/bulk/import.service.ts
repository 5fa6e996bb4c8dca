import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { Config } from '../../config';
import { ErrorCode, fail } from '../../core/errors';
import { localClock } from '../../core/local-time';
import { logger } from '../../core/logger';
import { fromGlobalId, parsePage, toConnection, type Connection, type PageArgs } from '../../core/relay';
import { runInTransaction } from '../../core/transaction';
import { loadViewer } from '../../server/auth';
import { txOf, type Context, type Viewer } from '../../server/context';
import { Role } from '../account/role';
import type { RegionService } from '../region/region.service';
import type { TeamService } from '../team/team.service';
import type { IdHasher } from '../volunteer/id-number';
import { ImportJob, ImportRowError, ImportUpload, ImportUploadChunk } from './bulk.entity';
import { BulkKind, ImportJobStatus } from './bulk.enums';
import type { Importer } from './importer';
import { runImport, type ImportProgress } from './import.engine';
import { ImportJobs, newOwnerId } from './import.jobs';
import { RegionImporter } from './region.importer';
import { detectFormat } from './sheet.reader';
import { TeamImporter } from './team.importer';
import type { UploadStore } from './upload.store';
import { VolunteerImporter } from './volunteer.importer';

/** The unfinished job of the file is being run by another process that is still alive. */
export class ImportBusyError extends Error {
  constructor(readonly job: ImportJob) {
    super(`import job ${job.id} of this file is being run by another process (${job.ownerId}); wait for it, or run again once it has been silent for the lease`);
  }
}

/**
 * Bulk imports: jobs from an uploaded file (GraphQL) or a file on disk (the CLI), run by the engine
 * (import.engine.ts) with the importer of their kind. A server runs uploaded jobs one at a time in
 * the background, and at start resumes those left unfinished by a process that stopped.
 */
export class ImportService {
  readonly jobs: ImportJobs;
  readonly ownerId = newOwnerId();
  private readonly queue: number[] = [];
  private running: Promise<void> | null = null;
  private stopping = false;

  constructor(
    private readonly db: DataSource,
    private readonly config: Config,
    private readonly regions: RegionService,
    private readonly teams: TeamService,
    private readonly hasher: IdHasher,
    readonly uploads: UploadStore,
  ) {
    this.jobs = new ImportJobs(db, config.imports.leaseSeconds * 1000);
  }

  /** The importer of a kind, acting as `viewer` (null: the command line's operator). */
  importer(kind: BulkKind, viewer: Viewer | null): Importer<unknown> {
    if (kind === BulkKind.REGIONS) return new RegionImporter(this.regions, viewer) as Importer<unknown>;
    if (kind === BulkKind.TEAMS) return new TeamImporter(this.teams, this.hasher, viewer) as Importer<unknown>;
    return new VolunteerImporter(this.hasher, localClock(new Date(), this.config.timeZone).date, viewer?.account.id ?? null) as Importer<unknown>;
  }

  /**
   * `npm run import`: the file's unfinished job is resumed, or a new one made, and run here to its
   * end. The command line acts with the database's credentials, as a platform admin would.
   */
  async runFile(kind: BulkKind, file: string, hooks: { onStart?: (job: ImportJob, resumed: boolean) => void; onProgress?: (p: ImportProgress) => void } = {}): Promise<ImportJob> {
    const { contentHash, bytes, head } = await fileFacts(file);
    const found = await runInTransaction(this.db, async (tx) => {
      const unfinished = await this.jobs.unfinished(tx, kind, contentHash);
      return unfinished ?? this.jobs.create(tx, { kind, format: detectFormat(head), fileName: path.basename(file).slice(0, 255), contentHash, bytes, uploadId: null, startedById: null });
    });
    const job = await this.jobs.claim(found.id, this.ownerId);
    if (!job) throw new ImportBusyError(found);
    hooks.onStart?.(job, job.lastRow > 0 || job.resumedCount > 0);
    return runImport({ db: this.db, jobs: this.jobs, job, ownerId: this.ownerId, importer: this.importer(kind, null), input: fs.createReadStream(file), batchRows: this.config.imports.batchRows, onProgress: hooks.onProgress });
  }

  /**
   * `importJobStart`: a job for an upload of the caller's. The same file's unfinished job (an
   * interrupted one) is resumed instead of starting over; the run begins after the commit.
   */
  async start(ctx: Context, viewer: Viewer, input: { uploadId: string; kind: BulkKind }): Promise<ImportJob> {
    const tx = txOf(ctx);
    const decoded = fromGlobalId(input.uploadId, ['ImportUpload']);
    if (!decoded) fail(ErrorCode.INVALID, ['input', 'uploadId'], 'not an upload id (POST the file to /imports first)');
    const upload = await tx.getRepository(ImportUpload).findOneBy({ id: decoded.id, accountId: viewer.account.id });
    if (!upload || !upload.contentHash) fail(ErrorCode.NOT_FOUND, ['input', 'uploadId'], 'no such upload of yours');
    const head = await tx.getRepository(ImportUploadChunk).findOneBy({ uploadId: upload.id, seq: 0 });
    if (!head) fail(ErrorCode.INVALID, ['input', 'uploadId'], 'the upload is empty');
    let job = await this.jobs.unfinished(tx, input.kind, upload.contentHash);
    if (job && job.uploadId === null) {
      // A job of the command line, interrupted: the server can resume it now that it holds the file, on the caller's behalf.
      Object.assign(job, { uploadId: upload.id, startedById: job.startedById ?? viewer.account.id });
      await tx.getRepository(ImportJob).update({ id: job.id }, { uploadId: job.uploadId, startedById: job.startedById });
    }
    job ??= await this.jobs.create(tx, {
      kind: input.kind,
      format: detectFormat(Buffer.from(head.data)),
      fileName: upload.fileName,
      contentHash: upload.contentHash,
      bytes: upload.bytes,
      uploadId: upload.id,
      startedById: viewer.account.id,
    });
    const jobId = job.id;
    ctx.afterCommit.push(() => this.enqueue(jobId));
    return job;
  }

  /** Runs the job in the background, after those already waiting. */
  enqueue(jobId: number): void {
    if (this.stopping) return;
    this.queue.push(jobId);
    this.running ??= this.drain().finally(() => (this.running = null));
  }

  /** At server start: uploaded jobs left unfinished by a process that stopped. */
  async resumeUnfinished(): Promise<void> {
    for (const job of await this.jobs.uploadedUnfinished()) this.enqueue(job.id);
  }

  /** Stops after the batch being written; the job stays unfinished (released) for the next start. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  private async drain(): Promise<void> {
    while (this.queue.length && !this.stopping) {
      const jobId = this.queue.shift()!;
      try {
        await this.runUploaded(jobId);
      } catch (err) {
        logger.error({ component: 'imports', jobId, err }, 'import job failed');
      }
    }
  }

  private async runUploaded(jobId: number): Promise<void> {
    const job = await this.jobs.claim(jobId, this.ownerId);
    if (!job) return; // done, or another process runs it
    const uploadId = job.uploadId;
    const viewer = job.startedById === null ? null : await loadViewer(this.db, job.startedById);
    if (uploadId === null || !viewer || viewer.account.role !== Role.PLATFORM_ADMIN) {
      const failure = uploadId === null ? 'the uploaded file is no longer stored; upload it again' : 'the account that started the import may no longer import';
      await this.jobs.finish(job.id, this.ownerId, { status: ImportJobStatus.FAILED, failure, uploadId: null });
      return;
    }
    logger.info({ component: 'imports', jobId, kind: job.kind, resumedAt: job.lastRow }, 'import job running');
    const input = this.uploads.open(uploadId);
    const done = await runImport({ db: this.db, jobs: this.jobs, job, ownerId: this.ownerId, importer: this.importer(job.kind, viewer), input, batchRows: this.config.imports.batchRows, shouldStop: () => this.stopping });
    if (done.status === ImportJobStatus.COMPLETED || done.status === ImportJobStatus.FAILED) await this.uploads.remove(uploadId);
    logger.info({ component: 'imports', jobId, status: done.status, imported: done.rowsImported, skipped: done.rowsSkipped, failed: done.rowsFailed }, 'import job ended');
  }

  get(ctx: Context, id: string): Promise<ImportJob | null> {
    const decoded = fromGlobalId(id, ['ImportJob']);
    return decoded ? ctx.db.getRepository(ImportJob).findOneBy({ id: decoded.id }) : Promise.resolve(null);
  }

  /** Newest first. */
  async list(ctx: Context, args: PageArgs & { kind?: BulkKind | null }): Promise<Connection<ImportJob>> {
    const page = parsePage(args);
    const query = ctx.db.getRepository(ImportJob).createQueryBuilder('j');
    if (args.kind) query.andWhere('j.kind = :kind', { kind: args.kind });
    const pageQuery = query.clone();
    if (page.afterKey !== null) pageQuery.andWhere('j.id < :afterKey', { afterKey: page.afterKey });
    const rows = await pageQuery.orderBy('j.id', 'DESC').take(page.limit + 1).getMany();
    return toConnection(rows, page, (j) => j.id, () => query.getCount());
  }

  /** The row errors in the order of the file. */
  async errors(ctx: Context, job: ImportJob, args: PageArgs): Promise<Connection<ImportRowError>> {
    const page = parsePage(args);
    const query = ctx.db.getRepository(ImportRowError).createQueryBuilder('e').where('e.jobId = :job', { job: job.id });
    const pageQuery = query.clone();
    if (page.afterKey !== null) pageQuery.andWhere('e.id > :afterKey', { afterKey: page.afterKey });
    const rows = await pageQuery.orderBy('e.id', 'ASC').take(page.limit + 1).getMany();
    return toConnection(rows, page, (e) => e.id, () => query.getCount());
  }
}

/** SHA-256 and size of a file, read once, and its first bytes (to tell XLSX from CSV). */
async function fileFacts(file: string): Promise<{ contentHash: string; bytes: number; head: Buffer }> {
  const hash = createHash('sha256');
  let bytes = 0;
  let head = Buffer.alloc(0);
  for await (const chunk of fs.createReadStream(file) as AsyncIterable<Buffer>) {
    if (head.length < 8) head = Buffer.concat([head, chunk.subarray(0, 8)]);
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { contentHash: hash.digest('hex'), bytes, head };
}
