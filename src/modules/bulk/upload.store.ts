import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { LessThan, type DataSource } from 'typeorm';
import { runInTransaction } from '../../core/transaction';
import { ImportJob, ImportUpload, ImportUploadChunk } from './bulk.entity';

/** Bytes per stored piece: one INSERT each, well under MariaDB's default 16 MB packet. */
export const UPLOAD_CHUNK_BYTES = 1024 * 1024;
/** An upload no job took within this time is deleted. */
const UNUSED_UPLOAD_MS = 24 * 3600_000;

/** Thrown when the body is over the limit: the route answers 413. */
export class UploadTooLarge extends Error {}

/**
 * Uploaded spreadsheets, kept in the database in pieces: any API process can then run the job, and
 * resume it after the one that started it died. A job's upload is deleted when the job ends.
 */
export class UploadStore {
  constructor(
    private readonly db: DataSource,
    private readonly maxBytes: number,
  ) {}

  /** Stores a request body as it arrives, piece by piece; the whole file is never in memory. */
  async save(body: AsyncIterable<Buffer>, accountId: number, fileName: string): Promise<ImportUpload> {
    await this.removeUnused();
    // Every write in a transaction of its own: on SQLite a bare write would land in whatever transaction is open on the one connection.
    const upload = await runInTransaction(this.db, (tx) => tx.getRepository(ImportUpload).save({ accountId, fileName, bytes: 0, contentHash: '' }));
    const hash = createHash('sha256');
    let bytes = 0;
    let seq = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async () => {
      if (!pendingBytes) return;
      const data = Buffer.concat(pending);
      pending = [];
      pendingBytes = 0;
      const piece = { uploadId: upload.id, seq: seq++, data };
      await runInTransaction(this.db, (tx) => tx.getRepository(ImportUploadChunk).insert(piece));
    };
    try {
      for await (const chunk of body) {
        bytes += chunk.length;
        if (bytes > this.maxBytes) throw new UploadTooLarge(`the file is larger than ${this.maxBytes} bytes`);
        hash.update(chunk);
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes >= UPLOAD_CHUNK_BYTES) await flush();
      }
      await flush();
    } catch (err) {
      await this.remove(upload.id);
      throw err;
    }
    Object.assign(upload, { bytes, contentHash: hash.digest('hex') });
    await runInTransaction(this.db, (tx) => tx.getRepository(ImportUpload).update({ id: upload.id }, { bytes, contentHash: upload.contentHash }));
    return upload;
  }

  /** The stored bytes as a stream, one piece read at a time. */
  open(uploadId: number): Readable {
    const db = this.db;
    async function* pieces() {
      for (let seq = 0; ; seq++) {
        const chunk = await db.getRepository(ImportUploadChunk).findOneBy({ uploadId, seq });
        if (!chunk) return;
        yield Buffer.from(chunk.data);
      }
    }
    return Readable.from(pieces(), { objectMode: false });
  }

  async remove(uploadId: number): Promise<void> {
    await runInTransaction(this.db, async (tx) => {
      await tx.getRepository(ImportUploadChunk).delete({ uploadId });
      await tx.getRepository(ImportUpload).delete({ id: uploadId });
    });
  }

  /** Uploads no job refers to a day after they came in: never started, or their job ended. */
  private async removeUnused(): Promise<void> {
    const stale = await this.db.getRepository(ImportUpload).findBy({ createdAt: LessThan(new Date(Date.now() - UNUSED_UPLOAD_MS)) });
    for (const upload of stale) {
      if (!(await this.db.getRepository(ImportJob).existsBy({ uploadId: upload.id }))) await this.remove(upload.id);
    }
  }
}
