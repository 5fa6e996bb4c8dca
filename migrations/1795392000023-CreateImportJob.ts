import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { binaryType, nowDefault } from '../src/core/dialect';

/**
 * Bulk imports (modules/bulk): the job (progress, counts, the lease of the process running it),
 * its per-row errors, and uploaded files kept in the database in pieces, so that any API process
 * can run or resume an uploaded job.
 */
export class CreateImportJob1795392000023 implements MigrationInterface {
  name = 'CreateImportJob1795392000023';

  async up(q: QueryRunner): Promise<void> {
    const created = { type: 'datetime', precision: 3, default: nowDefault(q) };
    await q.createTable(
      new Table({
        name: 'import_upload',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'accountId', type: 'integer' },
          { name: 'fileName', type: 'varchar', length: '255' },
          { name: 'bytes', type: 'integer' },
          { name: 'contentHash', type: 'varchar', length: '64' },
          { name: 'createdAt', ...created },
        ],
        indices: [{ name: 'ix_import_upload_created', columnNames: ['createdAt'] }],
        foreignKeys: [{ name: 'fk_import_upload_account', columnNames: ['accountId'], referencedTableName: 'account', referencedColumnNames: ['id'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'import_upload_chunk',
        columns: [
          { name: 'uploadId', type: 'integer', isPrimary: true },
          { name: 'seq', type: 'integer', isPrimary: true },
          { name: 'data', type: binaryType(q) },
        ],
        foreignKeys: [{ name: 'fk_import_upload_chunk_upload', columnNames: ['uploadId'], referencedTableName: 'import_upload', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'import_job',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'kind', type: 'varchar', length: '16' },
          { name: 'format', type: 'varchar', length: '8' },
          { name: 'fileName', type: 'varchar', length: '255' },
          { name: 'contentHash', type: 'varchar', length: '64' },
          { name: 'bytes', type: 'integer' },
          { name: 'bytesRead', type: 'integer', default: 0 },
          { name: 'uploadId', type: 'integer', isNullable: true },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'rowsTotal', type: 'integer', isNullable: true },
          { name: 'lastRow', type: 'integer', default: 0 },
          { name: 'rowsDone', type: 'integer', default: 0 },
          { name: 'rowsImported', type: 'integer', default: 0 },
          { name: 'rowsSkipped', type: 'integer', default: 0 },
          { name: 'rowsFailed', type: 'integer', default: 0 },
          { name: 'ignoredColumns', type: 'varchar', length: '1000', default: "''" },
          { name: 'failure', type: 'varchar', length: '500', isNullable: true },
          { name: 'ownerId', type: 'varchar', length: '100', isNullable: true },
          { name: 'heartbeatAt', type: 'datetime', precision: 3, isNullable: true },
          { name: 'resumedCount', type: 'integer', default: 0 },
          { name: 'startedById', type: 'integer', isNullable: true },
          { name: 'createdAt', ...created },
          { name: 'updatedAt', ...created },
          { name: 'finishedAt', type: 'datetime', precision: 3, isNullable: true },
        ],
        indices: [
          // The unfinished job of a file, found again by its content.
          { name: 'ix_import_job_content', columnNames: ['kind', 'contentHash', 'status'] },
          // Jobs a starting server may have to resume.
          { name: 'ix_import_job_status', columnNames: ['status', 'id'] },
        ],
        foreignKeys: [
          { name: 'fk_import_job_upload', columnNames: ['uploadId'], referencedTableName: 'import_upload', referencedColumnNames: ['id'], onDelete: 'SET NULL' },
          { name: 'fk_import_job_account', columnNames: ['startedById'], referencedTableName: 'account', referencedColumnNames: ['id'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'import_row_error',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'jobId', type: 'integer' },
          { name: 'rowNumber', type: 'integer' },
          { name: 'columnName', type: 'varchar', length: '64', isNullable: true },
          { name: 'code', type: 'varchar', length: '24' },
          { name: 'message', type: 'varchar', length: '500' },
        ],
        indices: [{ name: 'ix_import_row_error_job', columnNames: ['jobId', 'id'] }],
        foreignKeys: [{ name: 'fk_import_row_error_job', columnNames: ['jobId'], referencedTableName: 'import_job', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('import_row_error');
    await q.dropTable('import_job');
    await q.dropTable('import_upload_chunk');
    await q.dropTable('import_upload');
  }
}
