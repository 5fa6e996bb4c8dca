import { Field, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Node } from '../../core/relay';
import { BulkKind, ImportErrorCode, ImportJobStatus, SheetFormat } from './bulk.enums';

/**
 * One import of one file. The job is the resume point: the content hash finds it again, `lastRow`
 * says how far its committed batches reached, and `ownerId` + `heartbeatAt` say which process works
 * on it (a lease: a silent owner's job can be taken over).
 */
@Entity('import_job')
@ObjectType({ implements: Node, description: 'A bulk import of one spreadsheet: progress, counts and the rows that failed.' })
export class ImportJob {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => BulkKind, { description: 'What the file holds.' })
  kind: BulkKind;

  @Column({ type: 'varchar', length: 8 })
  @Field(() => SheetFormat, { description: 'CSV or XLSX, as read from the file itself.' })
  format: SheetFormat;

  @Column({ type: 'varchar', length: 255 })
  @Field({ description: 'The file name given with the upload (or on the command line).' })
  fileName: string;

  /** SHA-256 of the file's bytes: the same file again finds its unfinished job. */
  @Column({ type: 'varchar', length: 64 })
  @Field({ description: 'SHA-256 of the file (hex): the same file uploaded again resumes an unfinished job.' })
  contentHash: string;

  @Column({ type: 'integer' })
  @Field(() => Int, { description: 'Size of the file in bytes.' })
  bytes: number;

  /** How far into the file the committed batches reached, in bytes read (of an XLSX: compressed bytes). */
  @Column({ type: 'integer', default: 0 })
  bytesRead: number;

  /** The stored upload the job reads; null for command-line imports and once the job is over. */
  @Column({ type: 'integer', nullable: true })
  uploadId: number | null;

  @Column({ type: 'varchar', length: 16 })
  status: ImportJobStatus;

  @Column({ type: 'integer', nullable: true })
  @Field(() => Int, { nullable: true, description: 'Data rows in the file (empty rows not counted); null until the whole file was read.' })
  rowsTotal: number | null;

  /** Spreadsheet row number (the header is row 1) of the last row a committed batch covered. */
  @Column({ type: 'integer', default: 0 })
  lastRow: number;

  @Column({ type: 'integer', default: 0 })
  @Field(() => Int, { description: 'Rows dealt with so far: imported + skipped + failed.' })
  rowsDone: number;

  @Column({ type: 'integer', default: 0 })
  @Field(() => Int, { description: 'Rows written.' })
  rowsImported: number;

  @Column({ type: 'integer', default: 0 })
  @Field(() => Int, { description: 'Rows already present (same region code, ID number or team), left as they are.' })
  rowsSkipped: number;

  @Column({ type: 'integer', default: 0 })
  @Field(() => Int, { description: 'Rows refused; each has entries in `errors`.' })
  rowsFailed: number;

  /** Comma-separated headers the file has but the kind does not know. */
  @Column({ type: 'varchar', length: 1000, default: '' })
  ignoredColumns: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  @Field(() => String, { nullable: true, description: 'Why the job FAILED as a whole; null otherwise.' })
  failure: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  ownerId: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  heartbeatAt: Date | null;

  @Column({ type: 'integer', default: 0 })
  @Field(() => Int, { description: 'How many times it was resumed after an interruption.' })
  resumedCount: number;

  /** The platform admin who uploaded it; null for the command line. */
  @Column({ type: 'integer', nullable: true })
  startedById: number | null;

  @CreateDateColumn({ type: 'datetime', precision: 3 })
  @Field({ description: 'When it was created.' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'datetime', precision: 3 })
  updatedAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  @Field(() => Date, { nullable: true, description: 'When it completed or failed.' })
  finishedAt: Date | null;
}

/** Why one row was not imported: one entry per problem found (a row may have several). */
@Entity('import_row_error')
@ObjectType({ description: 'A problem with one row of an import; the row was not imported.' })
export class ImportRowError {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  jobId: number;

  /** `row` is a reserved word in MySQL 8. */
  @Column({ type: 'integer' })
  @Field(() => Int, { name: 'row', description: 'The row as a spreadsheet program numbers it (the header is row 1).' })
  rowNumber: number;

  @Column({ type: 'varchar', length: 64, nullable: true })
  @Field(() => String, { name: 'column', nullable: true, description: 'The column at fault, by its English header; null for the row as a whole.' })
  columnName: string | null;

  @Column({ type: 'varchar', length: 24 })
  @Field(() => ImportErrorCode, { description: 'Machine-readable reason.' })
  code: ImportErrorCode;

  /** Never repeats a personal value (an ID number, a phone): only names and codes. */
  @Column({ type: 'varchar', length: 500 })
  @Field({ description: 'What is wrong, for a person to fix; never repeats a personal value from the cell.' })
  message: string;
}

/** An uploaded file, kept in the database so that any API process can run or resume its job. */
@Entity('import_upload')
export class ImportUpload {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  accountId: number;

  @Column({ type: 'varchar', length: 255 })
  fileName: string;

  @Column({ type: 'integer' })
  bytes: number;

  @Column({ type: 'varchar', length: 64 })
  contentHash: string;

  @CreateDateColumn({ type: 'datetime', precision: 3 })
  createdAt: Date;
}

/** The upload's bytes in pieces of at most UPLOAD_CHUNK_BYTES: under MariaDB's packet limit, and read back one at a time. */
@Entity('import_upload_chunk')
export class ImportUploadChunk {
  @PrimaryColumn({ type: 'integer' })
  uploadId: number;

  @PrimaryColumn({ type: 'integer' })
  seq: number;

  @Column({ type: 'blob' })
  data: Buffer;
}
