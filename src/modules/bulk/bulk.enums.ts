import { registerEnumType } from 'type-graphql';

/** What a bulk import or export holds: the kinds cities already keep in spreadsheets. */
export enum BulkKind {
  REGIONS = 'REGIONS',
  VOLUNTEERS = 'VOLUNTEERS',
  TEAMS = 'TEAMS',
}

export enum SheetFormat {
  CSV = 'CSV',
  XLSX = 'XLSX',
}

export enum ImportJobStatus {
  /** Created; no process has started on it yet. */
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  /** Derived, never stored: RUNNING, but its process stopped reporting (killed, or the server went down). */
  INTERRUPTED = 'INTERRUPTED',
  COMPLETED = 'COMPLETED',
  /** The file could not be read: not a spreadsheet, a required column missing, or malformed part-way. */
  FAILED = 'FAILED',
}

export enum ImportErrorCode {
  REQUIRED = 'REQUIRED',
  INVALID = 'INVALID',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  DUPLICATE_IN_FILE = 'DUPLICATE_IN_FILE',
  WRITE_FAILED = 'WRITE_FAILED',
}

registerEnumType(BulkKind, {
  name: 'BulkKind',
  description: 'What a bulk import or export holds (its columns: README, "Bulk import and export").',
  valuesConfig: {
    REGIONS: { description: 'The hierarchy: one region per row, by code and parent code.' },
    VOLUNTEERS: { description: 'Real-name volunteer registrations, one per ID number.' },
    TEAMS: { description: 'Volunteer teams, one per home region and name.' },
  },
});

registerEnumType(SheetFormat, {
  name: 'SheetFormat',
  description: 'A spreadsheet file format.',
  valuesConfig: {
    CSV: { description: 'Comma-separated values, UTF-8 with a byte-order mark (imports also read GB18030).' },
    XLSX: { description: 'Office Open XML workbook (Excel); the first worksheet.' },
  },
});

registerEnumType(ImportJobStatus, {
  name: 'ImportJobStatus',
  description: 'Where an import job stands.',
  valuesConfig: {
    QUEUED: { description: 'Accepted; waiting for a process to start it.' },
    RUNNING: { description: 'Rows are being imported.' },
    INTERRUPTED: { description: 'Stopped part-way (its process ended); the next start resumes it where it stopped.' },
    COMPLETED: { description: 'Every row was read; see the counts and the row errors.' },
    FAILED: { description: 'The file could not be read (see `failure`): not a spreadsheet, a required column missing, or malformed part-way (the rows before that point stay imported).' },
  },
});

registerEnumType(ImportErrorCode, {
  name: 'ImportErrorCode',
  description: 'Why a row was not imported.',
  valuesConfig: {
    REQUIRED: { description: 'A required cell is empty.' },
    INVALID: { description: 'A value is malformed or breaks a rule (level, dates, ID number check digit ...).' },
    NOT_FOUND: { description: 'It names something that does not exist: a parent or home region, skill, organisation, leader.' },
    CONFLICT: { description: 'It clashes with data already stored, e.g. a username held by someone else.' },
    DUPLICATE_IN_FILE: { description: 'An earlier row of the same file has the same key (region code, ID number, team, username).' },
    WRITE_FAILED: { description: 'The checks passed but the database refused the row; nothing of it was written.' },
  },
});
