import { ErrorCode, fail } from '../../core/errors';
import type { Account } from '../account/account.entity';
import { Role } from '../account/role';
import { Region, RegionLevel } from '../region/region.entity';
import { parseClockTime, type Window } from './availability';
import { isCalendarDate, normaliseIdNumber, parseResidentId, type IdHasher } from './id-number';
import type { Volunteer } from './volunteer.entity';
import { IdType, VolunteerStatus, type Gender } from './volunteer.enums';

/**
 * The rules of a registration that do not need the database, shared by `volunteerRegister` and
 * the bulk import. Each takes `at`, which turns the name of the input field at fault into the path
 * the caller reports: `['input', 'idNumber']` for the API, a spreadsheet column for an import.
 */
export type FieldPath = (...path: string[]) => string[];

export const inputField: FieldPath = (...path) => ['input', ...path];

export type Identity = Pick<Volunteer, 'idType' | 'idHash' | 'idLast4' | 'birthDate' | 'gender'>;

export interface IdentityInput {
  idType?: IdType | null;
  idNumber: string;
  birthDate?: string | null;
  gender?: Gender | null;
}

/** The ID number's keyed hash and last four, and the birth date and gender (read from a resident ID). */
export function identityOf(input: IdentityInput, hasher: IdHasher, today: string, at: FieldPath = inputField): Identity {
  const idType = input.idType ?? IdType.RESIDENT_ID;
  const number = normaliseIdNumber(input.idNumber);
  let birthDate = input.birthDate ?? undefined;
  let gender = input.gender ?? undefined;
  if (idType === IdType.RESIDENT_ID) {
    const facts = parseResidentId(number);
    if (!facts) fail(ErrorCode.INVALID, at('idNumber'), 'not a valid resident ID number: 18 characters with a valid birth date and check digit');
    if (birthDate && birthDate !== facts.birthDate) fail(ErrorCode.INVALID, at('birthDate'), 'does not match the birth date in the ID number');
    if (gender && gender !== facts.gender) fail(ErrorCode.INVALID, at('gender'), 'does not match the gender in the ID number');
    ({ birthDate, gender } = facts);
  } else {
    if (!/^[A-Z0-9]{4,40}$/.test(number)) fail(ErrorCode.INVALID, at('idNumber'), 'an ID number is 4 to 40 letters and digits');
    if (!birthDate) fail(ErrorCode.INVALID, at('birthDate'), `give the birth date (it is read only from resident IDs, not from a ${idType})`);
    if (!gender) fail(ErrorCode.INVALID, at('gender'), `give the gender (it is read only from resident IDs, not from a ${idType})`);
  }
  return { idType, idHash: hasher.hash(idType, number), idLast4: number.slice(-4), birthDate: pastDate(birthDate, today, at('birthDate'))!, gender };
}

/** A calendar date not after today (the city's today). */
export function pastDate(value: string | null | undefined, today: string, field: string[]): string | null {
  if (value == null) return null;
  if (!isCalendarDate(value)) fail(ErrorCode.INVALID, field, 'not a calendar date after 1900');
  if (value > today) fail(ErrorCode.INVALID, field, 'cannot be in the future');
  return value;
}

export function checkCoordinates(latitude: number | null | undefined, longitude: number | null | undefined, at: FieldPath = inputField): void {
  if ((latitude == null) !== (longitude == null)) fail(ErrorCode.INVALID, at('latitude'), 'give latitude and longitude together');
}

export interface WindowInput {
  weekday: number;
  start: string;
  end: string;
}

/** Validated windows; the path names the offending entry. */
export function toWindows(inputs: WindowInput[], at: FieldPath = inputField): Window[] {
  return inputs.map((w, i) => {
    const startMinute = parseClockTime(w.start);
    const endMinute = parseClockTime(w.end, { endOfDay: true });
    if (startMinute === null) fail(ErrorCode.INVALID, at('availability', String(i), 'start'), 'start must be a time from 00:00 to 23:59');
    if (endMinute === null) fail(ErrorCode.INVALID, at('availability', String(i), 'end'), 'end must be a time from 00:01 to 24:00');
    if (endMinute <= startMinute) fail(ErrorCode.INVALID, at('availability', String(i), 'end'), 'a window ends after it starts; split a night across two days');
    return { weekday: w.weekday, startMinute, endMinute };
  });
}

/** A home is a community, and the home grid (if any) one of its grids. */
export function checkHome(community: Pick<Region, 'id' | 'level'>, grid: Pick<Region, 'level' | 'parentId'> | null, at: FieldPath = inputField): void {
  if (community.level !== RegionLevel.COMMUNITY) fail(ErrorCode.INVALID, at('communityId'), `a home community must be a COMMUNITY, not a ${community.level}`);
  if (grid && (grid.level !== RegionLevel.GRID || grid.parentId !== community.id)) fail(ErrorCode.INVALID, at('gridId'), 'the home grid must be a grid of the home community');
}

/** Suspending or recording a departure needs a reason; reinstating clears it. */
export function statusReason(status: VolunteerStatus, reason: string | null | undefined, at: FieldPath = inputField): string | null {
  const text = reason?.trim() || null;
  if (status !== VolunteerStatus.ACTIVE && !text) fail(ErrorCode.INVALID, at('reason'), `give the reason for ${status}`);
  return status === VolunteerStatus.ACTIVE ? null : text;
}

/** A registration belongs to an active VOLUNTEER account. */
export function checkRegistrantAccount(account: Pick<Account, 'role' | 'disabledAt'>, at: FieldPath = inputField): void {
  if (account.role !== Role.VOLUNTEER || account.disabledAt) fail(ErrorCode.INVALID, at('accountId'), 'volunteers register with an active VOLUNTEER account');
}
