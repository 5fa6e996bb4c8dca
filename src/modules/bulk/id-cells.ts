import { normaliseIdNumber, type IdHasher } from '../volunteer/id-number';
import { IdType } from '../volunteer/volunteer.enums';
import { ImportErrorCode } from './bulk.enums';
import { enumValue } from './bulk.values';
import { problem, type RowProblem } from './import.problems';
import type { SheetCell } from './sheet.reader';

/**
 * ID numbers are stored only as a keyed hash, so an export cannot carry them. It carries the hash
 * instead, tagged with the key it was made under: `hmac:<key tag>:<64 hex>`. An import accepts that
 * in place of the number, but only under the same key (the same installation, or one given the same
 * ID_HASH_KEY): a hash made under another key would never match the person's number again.
 */
export function hashCell(hasher: IdHasher, idHash: string): string {
  return `hmac:${hasher.keyTag()}:${idHash}`;
}

const HASH_CELL = /^hmac:([0-9a-f]{12}):([0-9a-f]{64})$/;

/** The hash in a hash cell, or the problem with it. */
export function parseHashCell(hasher: IdHasher, text: string, column: string): string | RowProblem {
  const match = HASH_CELL.exec(text.toLowerCase());
  if (!match) return problem(column, ImportErrorCode.INVALID, `${column} must be as an export writes it: hmac:<key tag>:<64 hex digits>`);
  if (match[1] !== hasher.keyTag()) {
    return problem(column, ImportErrorCode.INVALID, `${column} was made under another ID_HASH_KEY (key tag ${match[1]}); import the ID number itself, or use this installation's key`);
  }
  return match[2];
}

export const ID_TYPE_ALIASES: Record<string, IdType> = { 身份证: IdType.RESIDENT_ID, 居民身份证: IdType.RESIDENT_ID, 护照: IdType.PASSPORT, 其他: IdType.OTHER, 其它: IdType.OTHER };
const ID_TYPES = Object.values(IdType);

export function idTypeValue(text: string, column: string, problems: RowProblem[]): IdType {
  const idType = enumValue(text, ID_TYPES, ID_TYPE_ALIASES);
  if (idType === undefined) problems.push(problem(column, ImportErrorCode.INVALID, `${column} must be one of ${ID_TYPES.join(', ')}`));
  return idType ?? IdType.RESIDENT_ID;
}

/** A spreadsheet that kept an 18-digit number as a float has lost its last digits for good. */
export function inexactNumber(cell: SheetCell, column: string): RowProblem | null {
  return cell.inexact ? problem(column, ImportErrorCode.INVALID, `${column} was stored as a number and lost its last digits; format the column as text and enter it again`) : null;
}

/**
 * Someone a row refers to (a team's leader) by ID type and number, or by an exported hash: their
 * hash, or null (nobody named, or a problem added).
 */
export function idReference(hasher: IdHasher, cells: { type: SheetCell; number: SheetCell; hash: SheetCell }, columns: { type: string; number: string; hash: string }, problems: RowProblem[]): string | null {
  const idType = idTypeValue(cells.type.text, columns.type, problems);
  if (cells.number.text) {
    const lost = inexactNumber(cells.number, columns.number);
    if (lost) {
      problems.push(lost);
      return null;
    }
    return hasher.hash(idType, normaliseIdNumber(cells.number.text));
  }
  if (!cells.hash.text) return null;
  const parsed = parseHashCell(hasher, cells.hash.text, columns.hash);
  if (typeof parsed === 'string') return parsed;
  problems.push(parsed);
  return null;
}
