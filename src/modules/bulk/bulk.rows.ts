import type { EntityManager } from 'typeorm';
import { namedQuery } from '../../core/sql';
import { formatClockTime } from '../volunteer/availability';
import type { IdHasher } from '../volunteer/id-number';
import { LEVELS, RegionLevel } from '../region/region.entity';
import { BulkKind } from './bulk.enums';
import { formatWindows } from './bulk.values';
import { hashCell } from './id-cells';
import { selectWhereIn } from './bulk.sql';
import type { SheetValue } from './sheet.writer';

/** Rows read per statement: the memory an export holds, however long it is. */
export const BULK_EXPORT_BATCH = 1000;

/** One exported row: every column of the kind by key (the caller leaves out those the viewer may not see). */
export type BulkRow = Record<string, SheetValue>;

type Raw = Record<string, unknown>;

/**
 * The rows of a bulk export, a batch at a time, in an order an import can take top down: regions
 * level by level, volunteers community by community, teams by id (a parent team is always older than
 * its sub-teams). Each batch is a keyset read of one table on an index, then one lookup per related
 * table for the batch, as in the other exports (export.rows.ts). `regionPath` null: everything.
 */
export async function* bulkRows(m: EntityManager, kind: BulkKind, regionPath: string | null, hasher: IdHasher): AsyncGenerator<BulkRow[]> {
  const within = regionPath === null ? '' : 'AND r.path LIKE :prefix';
  const prefix = `${regionPath ?? ''}%`;
  if (kind === BulkKind.REGIONS) {
    for (const level of LEVELS) {
      for await (const rows of keyset(m, `SELECT r.id, r.code, r.name, r.level, r.population, p.code AS parentCode FROM region r LEFT JOIN region p ON p.id = r.parentId WHERE r.level = :level AND r.id > :after ${within} ORDER BY r.id LIMIT :limit`, { level, prefix })) {
        yield rows.map((r) => ({ code: text(r.code), parent_code: text(r.parentCode), level: text(r.level), name: text(r.name), population: r.population == null ? null : Number(r.population) }));
      }
    }
    return;
  }
  if (kind === BulkKind.TEAMS) {
    for await (const rows of keyset(m, `SELECT t.* FROM team t INNER JOIN region r ON r.id = t.regionId WHERE t.id > :after ${within} ORDER BY t.id LIMIT :limit`, { prefix })) yield describeTeams(m, rows, hasher);
    return;
  }
  const communities = await namedRows(m, `SELECT r.id, r.code FROM region r WHERE r.level = :level ${within} ORDER BY r.id`, { level: RegionLevel.COMMUNITY, prefix });
  for (const community of communities) {
    const sql = 'SELECT * FROM volunteer WHERE communityId = :community AND id > :after ORDER BY id LIMIT :limit';
    for await (const rows of keyset(m, sql, { community: Number(community.id) })) yield describeVolunteers(m, rows, text(community.code)!, hasher);
  }
}

async function* keyset(m: EntityManager, sql: string, params: Raw): AsyncGenerator<Raw[]> {
  for (let after = 0; ; ) {
    const rows = await namedRows(m, sql, { ...params, after, limit: BULK_EXPORT_BATCH });
    if (rows.length) yield rows;
    if (rows.length < BULK_EXPORT_BATCH) return;
    after = Number(rows[rows.length - 1].id);
  }
}

function namedRows(m: EntityManager, sql: string, params: Raw): Promise<Raw[]> {
  return namedQuery<Raw>(m, sql, params);
}

async function describeVolunteers(m: EntityManager, rows: Raw[], communityCode: string, hasher: IdHasher): Promise<BulkRow[]> {
  const ids = rows.map((r) => r.id as number);
  const [grids, employers, accounts, skills, windows] = await Promise.all([
    lookup(m, 'SELECT id, code AS value FROM region', rows.map((r) => r.gridId)),
    lookup(m, 'SELECT id, name AS value FROM organisation', rows.map((r) => r.organisationId)),
    lookup(m, 'SELECT id, username AS value FROM account', rows.map((r) => r.accountId)),
    selectWhereIn<Raw>(m, 'SELECT vs.volunteerId AS volunteerId, s.code AS code FROM volunteer_skill vs INNER JOIN skill s ON s.id = vs.skillId', 'vs.volunteerId', ids),
    selectWhereIn<Raw>(m, 'SELECT volunteerId, weekday, startMinute, endMinute FROM volunteer_availability', 'volunteerId', ids),
  ]);
  const skillsOf = group(skills, 'volunteerId', (s) => text(s.code)!);
  const windowsOf = group(windows, 'volunteerId', (w) => ({ weekday: Number(w.weekday), start: formatClockTime(Number(w.startMinute)), end: formatClockTime(Number(w.endMinute)) }));
  return rows.map((v) => ({
    name: text(v.name),
    phone: text(v.phone),
    id_type: text(v.idType),
    id_number: null,
    id_number_hash: hashCell(hasher, text(v.idHash)!),
    id_number_last4: text(v.idLast4),
    gender: text(v.gender),
    birth_date: day(v.birthDate),
    party_member: Number(v.partyMember) ? 1 : 0,
    community_code: communityCode,
    grid_code: grids.get(Number(v.gridId)) ?? null,
    reported_in_at: day(v.reportedInAt),
    employer: employers.get(Number(v.organisationId)) ?? null,
    skills: (skillsOf.get(Number(v.id)) ?? []).sort().join(';'),
    availability: formatWindows(windowsOf.get(Number(v.id)) ?? []),
    latitude: v.latitude == null ? null : Number(v.latitude),
    longitude: v.longitude == null ? null : Number(v.longitude),
    status: text(v.status),
    status_reason: text(v.statusReason),
    username: accounts.get(Number(v.accountId)) ?? null,
  }));
}

async function describeTeams(m: EntityManager, rows: Raw[], hasher: IdHasher): Promise<BulkRow[]> {
  const parents = await selectWhereIn<Raw>(m, 'SELECT t.id AS id, t.name AS name, r.code AS code FROM team t INNER JOIN region r ON r.id = t.regionId', 't.id', unique(rows.map((t) => t.parentId)));
  const parentOf = new Map(parents.map((p) => [Number(p.id), p]));
  const people = await selectWhereIn<Raw>(m, 'SELECT id, idType, idHash FROM volunteer', 'id', unique(rows.flatMap((t) => [t.leaderId, t.liaisonId])));
  const personOf = new Map(people.map((p) => [Number(p.id), p]));
  const [regions, organisations, specialties] = await Promise.all([
    lookup(m, 'SELECT id, code AS value FROM region', rows.map((t) => t.regionId)),
    lookup(m, 'SELECT id, name AS value FROM organisation', rows.map((t) => t.organisationId)),
    selectWhereIn<Raw>(m, 'SELECT ts.teamId AS teamId, c.code AS code FROM team_specialty ts INNER JOIN service_category c ON c.id = ts.categoryId', 'ts.teamId', rows.map((t) => t.id as number)),
  ]);
  const specialtiesOf = group(specialties, 'teamId', (s) => text(s.code)!);
  const person = (id: unknown) => personOf.get(Number(id));
  return rows.map((t) => {
    const parent = parentOf.get(Number(t.parentId));
    const leader = person(t.leaderId);
    const liaison = person(t.liaisonId);
    return {
      name: text(t.name),
      kind: text(t.kind),
      region_code: regions.get(Number(t.regionId)) ?? null,
      parent_region_code: parent ? text(parent.code) : null,
      parent_name: parent ? text(parent.name) : null,
      organisation: organisations.get(Number(t.organisationId)) ?? null,
      description: text(t.description),
      specialties: (specialtiesOf.get(Number(t.id)) ?? []).sort().join(';'),
      leader_id_type: leader ? text(leader.idType) : null,
      leader_id_number: null,
      leader_id_number_hash: leader ? hashCell(hasher, text(leader.idHash)!) : null,
      liaison_id_type: liaison ? text(liaison.idType) : null,
      liaison_id_number: null,
      liaison_id_number_hash: liaison ? hashCell(hasher, text(liaison.idHash)!) : null,
      active: Number(t.active) ? 1 : 0,
    };
  });
}

/** id → one value, for the ids a batch mentions. */
async function lookup(m: EntityManager, select: string, ids: unknown[]): Promise<Map<number, string>> {
  const rows = await selectWhereIn<{ id: unknown; value: string }>(m, select, 'id', unique(ids));
  return new Map(rows.map((r) => [Number(r.id), r.value]));
}

/** Rows of a related table by the id they belong to. */
function group<T>(rows: Raw[], owner: string, value: (row: Raw) => T): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const row of rows) {
    const key = Number(row[owner]);
    const list = out.get(key);
    if (list) list.push(value(row));
    else out.set(key, [value(row)]);
  }
  return out;
}

function unique(ids: unknown[]): number[] {
  return [...new Set(ids.filter((id) => id != null).map(Number))];
}

function text(value: unknown): string | null {
  return value == null ? null : String(value);
}

/** SQLite returns dates as text, mysql2 as Date objects (at UTC midnight: the connection's zone is UTC). */
function day(value: unknown): string | null {
  if (value == null) return null;
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
}
