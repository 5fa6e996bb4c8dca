import { toGlobalId } from '../../core/relay';
import { localDateTime } from '../../core/local-time';
import type { Viewer } from '../../server/context';
import { Role } from '../account/role';
import { AGE_BANDS, bornBy } from '../analytics/analytics.rules';
import { maskName, maskPhone, maySeeContact } from '../demand/demand.access';
import type { Demand } from '../demand/demand.entity';

export enum ExportKind {
  DEMANDS = 'DEMANDS',
  SERVICE_RECORDS = 'SERVICE_RECORDS',
  VOLUNTEERS = 'VOLUNTEERS',
}

/** What a column needs besides the row: who reads it, in which zone, and today's date there. */
export interface ExportView {
  viewer: Viewer;
  timeZone: string;
  today: string;
}

type Cell = string | number | null;
export type Row = Record<string, unknown>;

export interface Column {
  header: string;
  /**
   * Names, contacts, exact birth dates, free text (which may name people), and whatever ties a
   * line to one person. Analysts never get these columns; others get them as the API would show them.
   */
  personal?: boolean;
  value(row: Row, view: ExportView): Cell;
}

const text = (key: string) => (row: Row) => (row[key] == null ? null : String(row[key]));
const int = (key: string) => (row: Row) => (row[key] == null ? null : Number(row[key]));
const flag = (key: string) => (row: Row) => (Number(row[key]) ? 1 : 0);
const time = (key: string) => (row: Row, view: ExportView) => (row[key] == null ? null : localDateTime(asDate(row[key]), view.timeZone));

/** Whether the viewer may see the requester's contact, as on the demand itself. */
function seesContact(row: Row, view: ExportView): boolean {
  const demand = { requesterId: row.requesterId, createdById: row.createdById, responderId: row.responderId, handlingLevel: row.handlingLevel } as unknown as Demand;
  return maySeeContact(view.viewer, demand, String(row.gridPath));
}

/** The contact in full, or masked the way the API masks it. */
function contact(key: string, mask: (s: string) => string) {
  return (row: Row, view: ExportView): Cell => (row[key] == null ? null : seesContact(row, view) ? String(row[key]) : mask(String(row[key])));
}

export const COLUMNS: Record<ExportKind, Column[]> = {
  DEMANDS: [
    { header: 'number', value: text('number') },
    { header: 'placed_at', value: time('createdAt') },
    { header: 'status', value: text('status') },
    { header: 'category', value: text('category') },
    { header: 'urgency', value: text('urgency') },
    { header: 'channel', value: text('channel') },
    { header: 'handling_level', value: text('handlingLevel') },
    { header: 'grid', value: text('gridCode') },
    { header: 'grid_name', value: text('gridName') },
    { header: 'title', personal: true, value: text('title') },
    { header: 'description', personal: true, value: text('description') },
    { header: 'contact_name', personal: true, value: contact('contactName', maskName) },
    { header: 'contact_phone', personal: true, value: contact('contactPhone', maskPhone) },
    { header: 'address', personal: true, value: text('address') },
    { header: 'rating', value: int('rating') },
    { header: 'feedback', personal: true, value: text('feedback') },
    { header: 'completed_at', value: time('completedAt') },
    { header: 'closed_at', value: time('closedAt') },
    { header: 'overdue', value: (row) => (row.overdueAt == null ? 0 : 1) },
  ],
  SERVICE_RECORDS: [
    { header: 'record_id', value: (row) => toGlobalId('ServiceRecord', Number(row.id)) },
    { header: 'volunteer_id', personal: true, value: (row) => toGlobalId('Volunteer', Number(row.volunteerId)) },
    { header: 'volunteer_name', personal: true, value: text('volunteerName') },
    { header: 'home_community', value: text('communityCode') },
    { header: 'source', value: text('source') },
    { header: 'category', value: text('category') },
    { header: 'place', value: text('placeCode') },
    { header: 'started_at', value: time('startedAt') },
    { header: 'ended_at', value: time('endedAt') },
    { header: 'minutes', value: int('minutes') },
    { header: 'status', value: text('status') },
    { header: 'needs_review', value: flag('needsReview') },
    { header: 'certified_by_organisation', value: text('certifierOrganisation') },
    { header: 'certified_by_team', value: text('certifierTeam') },
    { header: 'certified_at', value: time('certifiedAt') },
    { header: 'description', personal: true, value: text('description') },
  ],
  VOLUNTEERS: [
    { header: 'volunteer_id', personal: true, value: (row) => toGlobalId('Volunteer', Number(row.id)) },
    { header: 'name', personal: true, value: text('name') },
    { header: 'phone', personal: true, value: text('phone') },
    { header: 'gender', value: text('gender') },
    { header: 'birth_date', personal: true, value: (row) => dateOnly(row.birthDate) },
    { header: 'age_band', value: (row, view) => ageBand(dateOnly(row.birthDate), view.today) },
    { header: 'party_member', value: flag('partyMember') },
    { header: 'home_community', value: text('communityCode') },
    { header: 'home_grid', personal: true, value: text('gridCode') },
    { header: 'employer', personal: true, value: text('employer') },
    { header: 'status', value: text('status') },
    { header: 'on_duty', value: flag('onDuty') },
    { header: 'skills', value: (row) => (row.skills as string[] | undefined)?.join(';') ?? '' },
    { header: 'certified_hours', value: (row) => Math.round(Number(row.certifiedMinutes) / 0.6) / 100 },
    { header: 'registered_on', value: (row, view) => localDateTime(asDate(row.createdAt), view.timeZone).slice(0, 10) },
  ],
};

/** The columns this viewer gets: analysts see aggregates and categories, never a person. */
export function columnsFor(kind: ExportKind, viewer: Viewer): Column[] {
  return viewer.account.role === Role.ANALYST ? COLUMNS[kind].filter((c) => !c.personal) : COLUMNS[kind];
}

/** A spreadsheet would run a cell starting with = + - @ as a formula: such text is quoted with '. */
export function safeCell(value: Cell): Cell {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function ageBand(birthDate: string | null, today: string): string | null {
  if (!birthDate) return null;
  const band = [...AGE_BANDS].reverse().find(({ from }) => birthDate <= bornBy(today, from));
  return band?.band ?? null;
}

/** SQLite returns datetimes as UTC text, mysql2 as Date objects. */
export function asDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(`${String(value).replace(' ', 'T')}Z`);
}

function dateOnly(value: unknown): string | null {
  if (value == null) return null;
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
}
