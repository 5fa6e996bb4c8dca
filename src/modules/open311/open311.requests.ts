import type { ServiceCategory, ServiceLevel } from '../category/category.entity';
import type { DemandEvent } from '../demand/demand-event.entity';
import type { Demand } from '../demand/demand.entity';
import { DemandEventType as E, DemandStatus, HandlingLevel } from '../demand/demand.enums';
import { OPEN_STATUSES } from '../demand/demand.state-machine';
import type { Region } from '../region/region.entity';
import { serviceNotice } from './open311.catalog';
import { w3Time, type Fields } from './open311.format';

/**
 * GeoReport has two statuses. Open: still to be served (SUBMITTED, ACCEPTED, DISPATCHED, ASSIGNED,
 * IN_SERVICE). Closed: nothing more will happen unless it is reopened (COMPLETED, CLOSED, REJECTED,
 * CANCELLED); a COMPLETED demand only waits for the requester's rating.
 */
export type Open311Status = 'open' | 'closed';

export function open311Status(status: DemandStatus): Open311Status {
  return OPEN_STATUSES.includes(status) ? 'open' : 'closed';
}

export function statusesOf(status: Open311Status): DemandStatus[] {
  const open = OPEN_STATUSES as readonly DemandStatus[];
  return Object.values(DemandStatus).filter((s) => open.includes(s) === (status === 'open'));
}

/**
 * The events `status_notes` explains: the steps of the workflow and escalation. Offers, call-outs
 * and overdue marks are left out: their notes are volunteers' reasons and messages to teams.
 */
export const NOTED_EVENTS: E[] = [E.CREATED, E.ACCEPTED, E.REJECTED, E.DISPATCHED, E.CLAIMED, E.STARTED, E.COMPLETED, E.CLOSED, E.REOPENED, E.CANCELLED, E.ESCALATED];

const PHRASES: Partial<Record<E, string>> = {
  [E.CREATED]: 'Received; waiting for the command center to take it',
  [E.ACCEPTED]: 'Taken by the command center; volunteers are being arranged',
  [E.REJECTED]: 'Refused by the command center',
  [E.DISPATCHED]: 'Sent to volunteers; waiting for one to take it',
  [E.CLAIMED]: 'A volunteer has taken it',
  [E.STARTED]: 'A volunteer is serving',
  [E.COMPLETED]: 'Served',
  [E.CLOSED]: 'Closed',
  [E.REOPENED]: 'Reported as not fixed and taken up again',
  [E.CANCELLED]: 'Withdrawn by the requester',
  [E.ESCALATED]: 'Passed up to a higher command center',
};

/** What the gateway knows of one demand when it renders it. */
export interface RequestView {
  demand: Demand;
  category: ServiceCategory;
  level: ServiceLevel | undefined;
  /** The grid's regions from the district down to the grid. */
  regions: Region[];
  /** The latest of NOTED_EVENTS. */
  event: DemandEvent | null;
  /**
   * Whether the caller may read the demand itself (its partner organisation filed it). Otherwise it
   * is shown as analysts' exports show it: no free text, no exact address, coordinates or photos;
   * the place is its grid. Names and phone numbers are never part of a GeoReport request.
   */
  full: boolean;
}

/** A GeoReport `request`, its fields in the spec's order. */
export function requestOf(view: RequestView): Fields {
  const { demand, category, regions, event, full } = view;
  const grid = regions[regions.length - 1];
  const status = open311Status(demand.status);
  const centre = grid?.latitude != null && grid.longitude != null ? { lat: grid.latitude, long: grid.longitude } : null;
  const exact = full && demand.latitude != null && demand.longitude != null ? { lat: demand.latitude, long: demand.longitude } : null;
  const place = exact ?? centre;
  return {
    service_request_id: demand.number,
    status,
    status_notes: statusNotes(event, full),
    service_name: category.name,
    service_code: category.code,
    description: full ? descriptionOf(demand) : null,
    agency_responsible: agencyOf(demand, regions),
    service_notice: serviceNotice(category, view.level),
    requested_datetime: w3Time(demand.createdAt),
    // For a closed request the spec wants the time it was closed: the step that brought it there.
    updated_datetime: w3Time(status === 'closed' && event ? event.at : demand.updatedAt),
    expected_datetime: w3Time(demand.dueAt),
    address: (full && demand.address) || hierarchyAddress(regions),
    address_id: grid?.code ?? null,
    zipcode: null,
    lat: place?.lat ?? null,
    long: place?.long ?? null,
    media_url: full ? (demand.photos[0] ?? null) : null,
  };
}

/** The step that explains the current status; its note (free text) only for a caller who may read the demand. */
function statusNotes(event: DemandEvent | null, full: boolean): string | null {
  if (!event) return null;
  const phrase = PHRASES[event.type] ?? null;
  const note = full ? event.note?.trim() : null;
  return note ? `${phrase}: ${note}` : phrase && `${phrase}.`;
}

/** Title and details: Open311 has one free-text field. */
function descriptionOf(demand: Demand): string {
  const details = demand.description?.trim();
  if (!details) return demand.title;
  return details.startsWith(demand.title) ? details : `${demand.title}\n${details}`;
}

const HANDLING_DEPTH: Record<HandlingLevel, number> = { DISTRICT: 0, STREET: 1, COMMUNITY: 2 };

/** The command center handling it now: its community, or the street or district it was escalated to. */
function agencyOf(demand: Demand, regions: Region[]): string | null {
  const region = regions[HANDLING_DEPTH[demand.handlingLevel]];
  return region?.name ?? null;
}

/** From the most specific to the most general, as the spec asks: grid, community, street, district. */
export function hierarchyAddress(regions: Region[]): string | null {
  return regions.length ? [...regions].reverse().map((r) => r.name).join(', ') : null;
}
