import { ErrorCode, UserInputError } from '../../core/errors';
import { isUniqueViolation } from '../../core/database';
import { ImportErrorCode } from './bulk.enums';

/** One reason a row was not imported. Messages name columns and codes, never a personal value. */
export interface RowProblem {
  column: string | null;
  code: ImportErrorCode;
  message: string;
}

export function problem(column: string | null, code: ImportErrorCode, message: string): RowProblem {
  return { column, code, message };
}

/** The input field a shared rule or service names (`['input', 'idNumber']` or `['idNumber']`) → the column it came from. */
export type ColumnOf = (field: string[] | null) => string | null;

/** A column lookup from input field names (the first name after `input`) to column keys. */
export function columnsByField(map: Record<string, string>): ColumnOf {
  return (field) => {
    const name = field?.[0] === 'input' ? field[1] : field?.[0];
    return (name && map[name]) || null;
  };
}

const CODES: Record<ErrorCode, ImportErrorCode> = {
  INVALID: ImportErrorCode.INVALID,
  NOT_FOUND: ImportErrorCode.NOT_FOUND,
  CONFLICT: ImportErrorCode.CONFLICT,
  FORBIDDEN: ImportErrorCode.INVALID,
  LIMIT_EXCEEDED: ImportErrorCode.INVALID,
  INSUFFICIENT_BALANCE: ImportErrorCode.INVALID,
};

/** A service's or a rule's refusal, as problems of the row. */
export function problemsOf(err: UserInputError, columnOf: ColumnOf): RowProblem[] {
  return err.errors.map((e) => problem(columnOf(e.field), CODES[e.code], e.message));
}

/** Runs a shared rule; a refusal is added to `problems` (and undefined returned) instead of thrown. */
export function applyRule<T>(problems: RowProblem[], columnOf: ColumnOf, rule: () => T): T | undefined {
  try {
    return rule();
  } catch (err) {
    if (!(err instanceof UserInputError)) throw err;
    problems.push(...problemsOf(err, columnOf));
    return undefined;
  }
}

/** A row the checks passed but the database refused: what to tell, without the driver's text (it may quote values). */
export function writeFailure(err: unknown): RowProblem {
  if (err instanceof UserInputError) return problemsOf(err, () => null)[0];
  return isUniqueViolation(err)
    ? problem(null, ImportErrorCode.CONFLICT, 'stored meanwhile by someone else (a concurrent import or registration); run the file again to skip it')
    : problem(null, ImportErrorCode.WRITE_FAILED, 'the database refused the row; nothing of it was written');
}
