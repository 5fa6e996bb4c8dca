import type { EntityManager } from 'typeorm';
import { namedQuery } from '../../core/sql';
import type { Period } from '../analytics/period';
import { RegionLevel } from '../region/region.entity';
import { ExportKind, type Row } from './export.columns';

/** Rows read per statement: the memory an export holds, however long it is. */
export const EXPORT_BATCH = 1000;

/**
 * The rows of an export, a batch at a time. Each batch is one single-table statement that walks an
 * index in order from a keyset (no OFFSET, no join for the optimizer to reorder into a sort of
 * everything left), so an export of n rows reads about n rows in all and never repeats or skips
 * one: demands grid by grid on (gridId, id), volunteers community by community on (communityId,
 * id), service records on their primary key with the subtree as a filter. Names and codes are then
 * looked up for the batch, one statement per table.
 */
export async function* exportRows(m: EntityManager, kind: ExportKind, regionPath: string, period: Period): AsyncGenerator<Row[]> {
  const base = { prefix: `${regionPath}%`, start: period.start, end: period.end, limit: EXPORT_BATCH };
  const categories = new Map((await namedQuery<{ id: unknown; code: string }>(m, 'SELECT id, code FROM service_category', {})).map((c) => [Number(c.id), c.code]));
  if (kind === ExportKind.SERVICE_RECORDS) {
    for await (const rows of keyset((after) => namedQuery<Row>(m, RECORDS, { ...base, after }))) yield describeRecords(m, rows, categories);
    return;
  }
  const level = kind === ExportKind.DEMANDS ? RegionLevel.GRID : RegionLevel.COMMUNITY;
  const cells = await namedQuery<Row>(m, 'SELECT id, code, name, path FROM region WHERE path LIKE :prefix AND level = :level ORDER BY id', { prefix: base.prefix, level });
  for (const cell of cells) {
    const params = { ...base, cell: Number(cell.id) };
    if (kind === ExportKind.DEMANDS) {
      for await (const rows of keyset((after) => namedQuery<Row>(m, DEMANDS, { ...params, after }))) {
        yield rows.map((d) => ({ ...d, category: categories.get(Number(d.categoryId)), gridCode: cell.code, gridName: cell.name, gridPath: cell.path }));
      }
    } else {
      for await (const rows of keyset((after) => namedQuery<Row>(m, VOLUNTEERS, { ...params, after }))) yield describeVolunteers(m, rows, String(cell.code));
    }
  }
}

async function* keyset(read: (after: number) => Promise<Row[]>): AsyncGenerator<Row[]> {
  for (let after = 0; ; ) {
    const rows = await read(after);
    if (rows.length) yield rows;
    if (rows.length < EXPORT_BATCH) return;
    after = Number(rows[rows.length - 1].id);
  }
}

const DEMANDS = `SELECT id, number, createdAt, status, categoryId, urgency, channel, handlingLevel, title, description, contactName,
    contactPhone, address, rating, feedback, completedAt, closedAt, overdueAt, requesterId, createdById, responderId
  FROM demand WHERE gridId = :cell AND id > :after AND createdAt >= :start AND createdAt < :end ORDER BY id LIMIT :limit`;

const VOLUNTEERS = `SELECT id, name, phone, gender, birthDate, partyMember, gridId, status, onDuty, organisationId, certifiedMinutes, createdAt
  FROM volunteer WHERE communityId = :cell AND id > :after AND createdAt >= :start AND createdAt < :end ORDER BY id LIMIT :limit`;

const RECORDS = `SELECT id, volunteerId, source, categoryId, regionId, startedAt, endedAt, minutes, status, needsReview,
    certifierOrganisationId, certifierTeamId, certifiedAt, description
  FROM service_record r
  WHERE r.id > :after AND r.startedAt >= :start AND r.startedAt < :end
    AND EXISTS (SELECT 1 FROM volunteer hv INNER JOIN region hr ON hr.id = hv.communityId WHERE hv.id = r.volunteerId AND hr.path LIKE :prefix)
  ORDER BY r.id LIMIT :limit`;

async function describeVolunteers(m: EntityManager, rows: Row[], communityCode: string): Promise<Row[]> {
  const [grids, employers, skills] = await Promise.all([
    lookup(m, 'region', 'code', rows.map((r) => r.gridId)),
    lookup(m, 'organisation', 'name', rows.map((r) => r.organisationId)),
    namedQuery<{ volunteerId: unknown; code: string }>(
      m,
      'SELECT vs.volunteerId AS volunteerId, s.code AS code FROM volunteer_skill vs INNER JOIN skill s ON s.id = vs.skillId WHERE vs.volunteerId IN (:...ids) ORDER BY s.code',
      { ids: rows.map((r) => Number(r.id)) },
    ),
  ]);
  const byVolunteer = new Map<number, string[]>();
  for (const s of skills) byVolunteer.set(Number(s.volunteerId), [...(byVolunteer.get(Number(s.volunteerId)) ?? []), s.code]);
  return rows.map((r) => ({ ...r, communityCode, gridCode: grids.get(Number(r.gridId)), employer: employers.get(Number(r.organisationId)), skills: byVolunteer.get(Number(r.id)) ?? [] }));
}

async function describeRecords(m: EntityManager, rows: Row[], categories: Map<number, string>): Promise<Row[]> {
  const volunteers = new Map(
    (await namedQuery<Row>(m, 'SELECT id, name, communityId FROM volunteer WHERE id IN (:...ids)', { ids: unique(rows.map((r) => r.volunteerId)) })).map((v) => [Number(v.id), v]),
  );
  const [regions, organisations, teams] = await Promise.all([
    lookup(m, 'region', 'code', [...rows.map((r) => r.regionId), ...[...volunteers.values()].map((v) => v.communityId)]),
    lookup(m, 'organisation', 'name', rows.map((r) => r.certifierOrganisationId)),
    lookup(m, 'team', 'name', rows.map((r) => r.certifierTeamId)),
  ]);
  return rows.map((r) => {
    const volunteer = volunteers.get(Number(r.volunteerId));
    return {
      ...r,
      volunteerName: volunteer?.name,
      communityCode: regions.get(Number(volunteer?.communityId)),
      placeCode: regions.get(Number(r.regionId)),
      category: categories.get(Number(r.categoryId)),
      certifierOrganisation: organisations.get(Number(r.certifierOrganisationId)),
      certifierTeam: teams.get(Number(r.certifierTeamId)),
    };
  });
}

/** id → one column of a small table, for the ids a batch mentions. */
async function lookup(m: EntityManager, table: 'region' | 'organisation' | 'team', column: 'code' | 'name', ids: unknown[]): Promise<Map<number, string>> {
  const wanted = unique(ids);
  if (!wanted.length) return new Map();
  const rows = await namedQuery<{ id: unknown; value: string }>(m, `SELECT id, ${column} AS value FROM ${table} WHERE id IN (:...ids)`, { ids: wanted });
  return new Map(rows.map((r) => [Number(r.id), r.value]));
}

function unique(ids: unknown[]): number[] {
  return [...new Set(ids.filter((id) => id != null).map(Number))];
}
