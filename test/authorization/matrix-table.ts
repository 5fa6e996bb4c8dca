import fs from 'node:fs';
import path from 'node:path';
import { CALLERS, type Caller, type Side } from './world';

export const MATRIX_FILE = path.join(__dirname, '../../docs/authorization-matrix.md');

export type Kind = 'query' | 'mutation' | 'subscription' | 'field';
export type Expected = 'yes' | 'no' | '-';

export interface Row {
  /** `demandAccept`, `node · Demand` (a variant of an operation) or `Volunteer.phone` (a field). */
  name: string;
  kind: Kind;
  /** The root field (queries, mutations, subscriptions) or `Type.field`. */
  operation: string;
  cells: { caller: Caller; side: Side; expected: Expected }[];
}

/** The header's columns after `operation | kind`: ANONYMOUS and PLATFORM_ADMIN once, every other role in and out. */
export const COLUMNS: { caller: Caller; side: Side }[] = CALLERS.flatMap((caller: Caller): { caller: Caller; side: Side }[] =>
  caller === 'ANONYMOUS' || caller === 'PLATFORM_ADMIN' ? [{ caller, side: 'in' }] : [{ caller, side: 'in' }, { caller, side: 'out' }],
);

export const HEADER = ['operation', 'kind', ...COLUMNS.map(({ caller, side }) => (caller === 'ANONYMOUS' || caller === 'PLATFORM_ADMIN' ? caller : `${caller} ${side}`))];

const split = (line: string) => line.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim().replace(/`/g, ''));

/** Reads the table of docs/authorization-matrix.md: the block of lines under the header row. */
export function readMatrix(file = MATRIX_FILE): Row[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const start = lines.findIndex((l) => l.startsWith('|') && split(l).join('|') === HEADER.join('|'));
  if (start < 0) throw new Error(`${file}: no table with the header | ${HEADER.join(' | ')} |`);
  const rows: Row[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const [name, kind, ...values] = split(line);
    if (values.length !== COLUMNS.length) throw new Error(`${file}: row "${name}" has ${values.length} cells, expected ${COLUMNS.length}`);
    if (!['query', 'mutation', 'subscription', 'field'].includes(kind)) throw new Error(`${file}: row "${name}" has kind "${kind}"`);
    const cells = COLUMNS.map((col, i) => {
      const expected = values[i] as Expected;
      if (!['yes', 'no', '-'].includes(expected) || (expected === '-' && col.side === 'in')) throw new Error(`${file}: row "${name}", column ${HEADER[i + 2]}: "${values[i]}"`);
      return { ...col, expected };
    });
    rows.push({ name, kind: kind as Kind, operation: name.split(' ')[0], cells });
  }
  return rows;
}
