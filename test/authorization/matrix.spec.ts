import fs from 'node:fs';
import { expect } from 'chai';
import { gqlOk } from '../support/client';
import { askHttp, askSubscription, type Answer } from './outcome';
import { COLUMNS, HEADER, readMatrix, type Kind, type Row } from './matrix-table';
import { PROBES } from './probes';
import type { Probe } from './probe';
import { buildWorld, type Caller, type Side, type World } from './world';

/**
 * Every cell of docs/authorization-matrix.md against the running server: each role (and nobody)
 * calls each operation on a target inside and one outside its scope. The table is the contract;
 * this spec fails when a cell disagrees, when the schema has an operation without a row, or when a
 * row names an operation that is gone. AUTHZ_MATRIX_OBSERVE=<file> writes the observed table
 * instead (for adding rows; review every cell before committing it).
 */
const OBSERVE = process.env.AUTHZ_MATRIX_OBSERVE;
/**
 * Reads run six cells at a time. Mutations and their setups run one at a time: their cells touch the
 * same people (the volunteer every demand is dispatched to, the team whose records are approved),
 * and MariaDB answers racing writers with deadlocks that say nothing about authorization (races
 * are the concurrency tests' subject). Subscription cells count registrations, so they run alone.
 */
const concurrency = (kind: Kind) => (kind === 'query' || kind === 'field' ? 6 : 1);

const INTROSPECT = `{ __schema {
  queryType { fields { name } } mutationType { fields { name } } subscriptionType { fields { name } }
  types { name kind fields { name } } } }`;

async function ask(kind: Kind, probe: Probe, w: World, caller: Caller, side: Side): Promise<Answer> {
  try {
    const target = await probe.target({ w, s: w.side[side], side, caller });
    return kind === 'subscription' ? await askSubscription(probe.document, target, w.tokens[caller]) : await askHttp(probe.document, target, w.tokens[caller]);
  } catch (err) {
    return { outcome: 'broken', detail: `setup failed: ${(err as Error).message}` };
  }
}

/** Runs `tasks` with at most `limit` at once. */
async function pool<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

describe('authorization matrix (docs/authorization-matrix.md)', function () {
  this.timeout(120_000);
  const rows = readMatrix();
  let w: World;

  before(async function () {
    this.timeout(600_000);
    w = await buildWorld();
  });

  it('has a row for every operation of the running schema, and names no operation it lacks', async () => {
    const { __schema: schema } = await gqlOk(INTROSPECT);
    const ops = (kind: Kind, type: { fields: { name: string }[] } | null) => (type?.fields ?? []).map((f) => `${kind} ${f.name}`);
    const live = [...ops('query', schema.queryType), ...ops('mutation', schema.mutationType), ...ops('subscription', schema.subscriptionType)];
    const fields = new Set<string>(schema.types.flatMap((t: { name: string; fields: { name: string }[] | null }) => (t.fields ?? []).map((f) => `field ${t.name}.${f.name}`)));
    const rowed = new Set(rows.map((r) => `${r.kind} ${r.operation}`));
    expect(live.filter((op) => !rowed.has(op)), 'operations without a row').to.deep.equal([]);
    expect([...rowed].filter((op) => !live.includes(op) && !fields.has(op)), 'rows naming nothing in the schema').to.deep.equal([]);
  });

  it('has exactly one probe per row, and "-" outside exactly for the operations without a scoped target', () => {
    const names = rows.map((r) => `${r.kind} ${r.name}`);
    expect(names.filter((n, i) => names.indexOf(n) !== i), 'duplicate rows').to.deep.equal([]);
    const probes = Object.entries(PROBES).flatMap(([kind, probes]) => Object.keys(probes).map((name) => `${kind} ${name}`));
    expect(names.filter((n) => !probes.includes(n)), 'rows without a probe').to.deep.equal([]);
    expect(probes.filter((p) => !names.includes(p)), 'probes without a row').to.deep.equal([]);
    const inconsistent = rows.filter((r) => {
      const dashes = r.cells.filter((c) => c.side === 'out').map((c) => c.expected === '-');
      return dashes.some((d) => d !== Boolean(PROBES[r.kind][r.name].unscoped));
    });
    expect(inconsistent.map((r) => r.name), 'rows whose "-" cells disagree with their probe').to.deep.equal([]);
  });

  if (OBSERVE) {
    it(`writes the observed table to ${OBSERVE}`, async function () {
      this.timeout(1_200_000);
      const lines = [`| ${HEADER.join(' | ')} |`, `|${HEADER.map(() => '---').join('|')}|`];
      const details: string[] = [];
      for (const [kind, probes] of Object.entries(PROBES) as [Kind, Record<string, Probe>][]) {
        for (const [name, probe] of Object.entries(probes)) {
          const cells = await pool(
            COLUMNS.map(({ caller, side }) => async () => (side === 'out' && probe.unscoped ? { outcome: '-', detail: '' } : ask(kind, probe, w, caller, side))),
            concurrency(kind),
          );
          lines.push(`| ${name} | ${kind} | ${cells.map((c) => (c.outcome === 'broken' ? 'BROKEN' : c.outcome)).join(' | ')} |`);
          details.push(...cells.map((c, i) => `${name} ${COLUMNS[i].caller} ${COLUMNS[i].side}: ${c.outcome} ${c.detail}`));
        }
      }
      fs.writeFileSync(OBSERVE, lines.join('\n') + '\n');
      fs.writeFileSync(`${OBSERVE}.details`, details.join('\n') + '\n');
    });
    return;
  }

  for (const row of rows) {
    it(`${row.kind} ${row.name}`, async () => {
      const probe = PROBES[row.kind][row.name];
      if (!probe) expect.fail(`no probe for ${row.kind} ${row.name}`);
      const cells = row.cells.filter((c) => c.expected !== '-');
      const answers = await pool(
        cells.map((c) => () => ask(row.kind, probe, w, c.caller, c.side)),
        concurrency(row.kind),
      );
      const wrong = cells.flatMap((c, i) => (answers[i].outcome === c.expected ? [] : [`${c.caller} ${c.side}: expected ${c.expected}, got ${answers[i].outcome} (${answers[i].detail})`]));
      expect(wrong, `${row.name}`).to.deep.equal([]);
    });
  }
});

export type { Row };
