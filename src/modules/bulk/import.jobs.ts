import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { runInTransaction } from '../../core/transaction';
import { ImportJob } from './bulk.entity';
import { ImportJobStatus, type BulkKind, type SheetFormat } from './bulk.enums';

const UNFINISHED = [ImportJobStatus.QUEUED, ImportJobStatus.RUNNING];

/** This process, as a job's owner: host, pid and a random part (pids are reused). */
export function newOwnerId(): string {
  return `${os.hostname().slice(0, 60)}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/** False only when the owner is a process of this host that no longer exists (killed); other hosts' owners wait out the lease. */
export function ownerMayBeAlive(ownerId: string): boolean {
  const [host, pid] = ownerId.split(':');
  if (host !== os.hostname().slice(0, 60) || !/^\d+$/.test(pid)) return true;
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** The status to show: a RUNNING job whose owner went silent is INTERRUPTED (it resumes at the next start). */
export function shownStatus(job: ImportJob, leaseMs: number, now = Date.now()): ImportJobStatus {
  if (job.status !== ImportJobStatus.RUNNING) return job.status;
  if (!job.ownerId) return ImportJobStatus.INTERRUPTED;
  const silent = !job.heartbeatAt || now - job.heartbeatAt.getTime() > leaseMs;
  return silent || !ownerMayBeAlive(job.ownerId) ? ImportJobStatus.INTERRUPTED : ImportJobStatus.RUNNING;
}

export interface NewJob {
  kind: BulkKind;
  format: SheetFormat;
  fileName: string;
  contentHash: string;
  bytes: number;
  uploadId: number | null;
  startedById: number | null;
}

/** Finds and creates jobs, and hands them to one process at a time (a lease on `ownerId`, renewed by every batch). */
export class ImportJobs {
  constructor(
    private readonly db: DataSource,
    readonly leaseMs: number,
  ) {}

  /** The unfinished job of this file, if any: running it again resumes it. */
  unfinished(manager: EntityManager, kind: BulkKind, contentHash: string): Promise<ImportJob | null> {
    return manager.getRepository(ImportJob).findOne({ where: { kind, contentHash, status: In(UNFINISHED) }, order: { id: 'DESC' } });
  }

  async create(manager: EntityManager, job: NewJob): Promise<ImportJob> {
    return manager.getRepository(ImportJob).save(manager.create(ImportJob, { ...job, status: ImportJobStatus.QUEUED }));
  }

  /** Unfinished jobs whose file is stored (uploads): a starting server runs those nobody is running. */
  async uploadedUnfinished(): Promise<ImportJob[]> {
    const jobs = await this.db.getRepository(ImportJob).find({ where: { status: In(UNFINISHED) }, order: { id: 'ASC' } });
    return jobs.filter((j) => j.uploadId !== null && this.takeable(j));
  }

  /** Nobody holds it, or its holder went silent past the lease, or died on this host. */
  takeable(job: ImportJob): boolean {
    return shownStatus(job, this.leaseMs) !== ImportJobStatus.RUNNING;
  }

  /**
   * Takes the job for `ownerId` if it is takeable: a compare-and-swap on the previous owner, so of
   * two processes trying at once one gets it. Null when someone else holds it.
   */
  async claim(jobId: number, ownerId: string): Promise<ImportJob | null> {
    return runInTransaction(this.db, async (tx) => {
      const repo = tx.getRepository(ImportJob);
      const job = await repo.findOneBy({ id: jobId });
      if (!job || !UNFINISHED.includes(job.status) || !this.takeable(job)) return null;
      const resumed = job.status === ImportJobStatus.RUNNING;
      const query = repo
        .createQueryBuilder()
        .update()
        .set({ ownerId, heartbeatAt: new Date(), status: ImportJobStatus.RUNNING, resumedCount: () => (resumed ? 'resumedCount + 1' : 'resumedCount') })
        .where('id = :id', { id: jobId });
      if (job.ownerId === null) query.andWhere('ownerId IS NULL');
      else query.andWhere('ownerId = :previous', { previous: job.ownerId });
      const { affected } = await query.execute();
      return affected === 1 ? repo.findOneByOrFail({ id: jobId }) : null;
    });
  }

  /** Changes to a job this process holds; nothing happens if another process took it over. */
  async update(jobId: number, ownerId: string, changes: Partial<ImportJob>): Promise<void> {
    await runInTransaction(this.db, (tx) => tx.getRepository(ImportJob).update({ id: jobId, ownerId }, changes));
  }

  /** Lets go of a job left unfinished (the server stopping): the next start resumes it at once. */
  async release(jobId: number, ownerId: string): Promise<void> {
    await this.update(jobId, ownerId, { ownerId: null });
  }

  /** The end of a job: COMPLETED or FAILED, its stored file no longer needed. */
  async finish(jobId: number, ownerId: string, changes: Partial<ImportJob>): Promise<void> {
    await this.update(jobId, ownerId, { ...changes, ownerId: null, finishedAt: new Date() });
  }
}
