import type { EntityManager } from 'typeorm';
import { UserInputError } from '../../core/errors';
import { ruleViolations } from '../../core/validation';
import { AccountCreateInput } from '../account/account.inputs';
import { normaliseUsername } from '../account/account.service';
import { Role } from '../account/role';
import type { Region } from '../region/region.entity';
import type { Window } from '../volunteer/availability';
import type { IdHasher } from '../volunteer/id-number';
import { AvailabilityWindowInput, VolunteerRegisterInput, VolunteerStatusSetInput } from '../volunteer/volunteer.inputs';
import { Gender, VolunteerStatus } from '../volunteer/volunteer.enums';
import { checkCoordinates, checkHome, checkRegistrantAccount, identityOf, inputField, pastDate, statusReason, toWindows, type FieldPath, type Identity } from '../volunteer/volunteer.rules';
import { ImportErrorCode } from './bulk.enums';
import { insertRows, selectWhereIn } from './bulk.sql';
import { booleanValue, dateValue, enumValue, listValue, numberValue, windowsValue } from './bulk.values';
import { idTypeValue, inexactNumber, parseHashCell } from './id-cells';
import { inSavepoint, type CandidateRow, type Checked, type Importer, type RowKey, type RowOutcome } from './importer';
import { applyRule, columnsByField, problem, problemsOf, writeFailure, type RowProblem } from './import.problems';
import type { SheetCell } from './sheet.reader';

interface VolunteerCandidate {
  name: string;
  phone: string;
  identity: Identity;
  partyMember: boolean;
  communityCode: string;
  gridCode: string | null;
  reportedInAt: string | null;
  employer: string | null;
  skillIds: number[];
  windows: Window[];
  latitude: number | null;
  longitude: number | null;
  status: VolunteerStatus;
  statusReason: string | null;
  /** Given in the file; otherwise one is made from the ID hash. */
  username: string | null;
}

interface Placed {
  row: number;
  candidate: VolunteerCandidate;
  communityId: number;
  gridId: number | null;
  organisationId: number | null;
  username: string;
  /** An existing VOLUNTEER account without a registration, taken over; null: a new account is made. */
  accountId: number | null;
}

type RegionRef = Pick<Region, 'id' | 'code' | 'level' | 'parentId'>;

/** The rules' input fields → this file's columns. */
const FIELDS: Record<string, string> = {
  name: 'name',
  phone: 'phone',
  idType: 'id_type',
  idNumber: 'id_number',
  birthDate: 'birth_date',
  gender: 'gender',
  communityId: 'community_code',
  gridId: 'grid_code',
  reportedInAt: 'reported_in_at',
  organisationId: 'employer',
  skillIds: 'skills',
  availability: 'availability',
  latitude: 'latitude',
  longitude: 'longitude',
  reason: 'status_reason',
  accountId: 'username',
  username: 'username',
};
const COLUMN_OF = columnsByField(FIELDS);
/** The shared rules name input fields (`['input', 'idNumber']`); COLUMN_OF turns them into columns. */
const at: FieldPath = inputField;

/** Imported accounts have no password (nothing verifies against this), so nobody signs in with one until a password is set. */
export const NO_PASSWORD = 'imported:no-password';

const GENDERS = Object.values(Gender);
const GENDER_ALIASES: Record<string, Gender> = { 男: Gender.MALE, 女: Gender.FEMALE, M: Gender.MALE, F: Gender.FEMALE };
const STATUSES = Object.values(VolunteerStatus);
const STATUS_ALIASES: Record<string, VolunteerStatus> = { 正常: VolunteerStatus.ACTIVE, 在册: VolunteerStatus.ACTIVE, 暂停: VolunteerStatus.SUSPENDED, 停用: VolunteerStatus.SUSPENDED, 退出: VolunteerStatus.LEFT, 已退出: VolunteerStatus.LEFT };

const ACCOUNT_COLUMNS = ['username', 'passwordHash', 'role', 'scopeId', 'organisationId', 'disabledAt', 'createdById'] as const;
const VOLUNTEER_COLUMNS = [
  'accountId', 'name', 'phone', 'idType', 'idHash', 'idLast4', 'birthDate', 'gender', 'partyMember', 'communityId', 'gridId', 'reportedInAt',
  'organisationId', 'onDuty', 'status', 'statusReason', 'latitude', 'longitude', 'certifiedMinutes', 'createdById',
] as const;

/**
 * Real-name registrations, many per statement: this is the import cities run with tens of
 * thousands of rows. The rules are the registration's own (volunteer.rules.ts, the input's
 * decorators), applied per row without the database; what needs the database (home community and
 * grid, employer, the person already registered, the account) is read once per batch; the rows are
 * then written with one multi-row INSERT per table. Each volunteer gets a VOLUNTEER account, as a
 * registration needs one: the file's `username`, or `v-` and the start of the ID hash.
 */
export class VolunteerImporter implements Importer<VolunteerCandidate> {
  /** Rows name only regions, skills and organisations that exist before the import: batches do not wait for each other. */
  readonly batchesAtOnce = 2;
  private skills = new Map<string, number>();
  /** Regions and organisations that exist (only hits are kept: a later batch may find one created meanwhile). */
  private readonly regions = new Map<string, RegionRef>();
  private readonly organisations = new Map<string, number>();

  constructor(
    private readonly hasher: IdHasher,
    private readonly today: string,
    private readonly actorId: number | null,
  ) {}

  async prepare(tx: EntityManager): Promise<void> {
    const rows = (await tx.query('SELECT id, code, name FROM skill')) as { id: unknown; code: string; name: string }[];
    this.skills = new Map(rows.flatMap((s) => [[s.code.toUpperCase(), Number(s.id)], [s.name, Number(s.id)]] as [string, number][]));
  }

  check(cell: (column: string) => SheetCell): Checked<VolunteerCandidate> {
    const problems: RowProblem[] = [];
    const invalid = (column: string, message: string) => problems.push(problem(column, ImportErrorCode.INVALID, message));
    const name = cell('name').text;
    const phone = cell('phone').text;
    const idType = idTypeValue(cell('id_type').text, 'id_type', problems);
    const gender = enumValue(cell('gender').text, GENDERS, GENDER_ALIASES);
    if (gender === undefined) invalid('gender', 'gender must be MALE or FEMALE (男/女)');
    const birthDate = dateValue(cell('birth_date').text);
    if (birthDate === undefined) invalid('birth_date', 'birth_date must be a date, e.g. 1986-04-12');
    const partyMember = booleanValue(cell('party_member').text);
    if (partyMember === undefined) invalid('party_member', 'party_member must be 1 or 0 (是/否)');
    const reportedInAt = dateValue(cell('reported_in_at').text);
    if (reportedInAt === undefined) invalid('reported_in_at', 'reported_in_at must be a date, e.g. 2024-05-01');
    const skillNames = listValue(cell('skills').text);
    const skillIds = skillNames.map((s) => this.skills.get(s.toUpperCase()) ?? this.skills.get(s));
    const unknown = skillNames.filter((_, i) => skillIds[i] === undefined);
    if (unknown.length) problems.push(problem('skills', ImportErrorCode.NOT_FOUND, `no skill with the code or name ${unknown.join(', ')}`));
    const windowInputs = windowsValue(cell('availability').text);
    if (windowInputs === undefined) invalid('availability', 'availability must be like "6 08:00-12:00;7 14:00-18:00" (ISO weekday, then the times)');
    const latitude = numberValue(cell('latitude').text);
    const longitude = numberValue(cell('longitude').text);
    if (latitude === undefined) invalid('latitude', 'latitude must be a number');
    if (longitude === undefined) invalid('longitude', 'longitude must be a number');
    const status = enumValue(cell('status').text, STATUSES, STATUS_ALIASES);
    if (status === undefined) invalid('status', `status must be one of ${STATUSES.join(', ')}`);
    const username = cell('username').text ? normaliseUsername(cell('username').text) : null;

    // The registration input's own rules: name and phone, ID length, list sizes, windows, coordinates.
    const input = Object.assign(new VolunteerRegisterInput(), {
      name,
      phone,
      idNumber: cell('id_number').text || undefined,
      skillIds: skillNames,
      availability: windowInputs?.map((w) => Object.assign(new AvailabilityWindowInput(), w)),
      latitude: latitude ?? undefined,
      longitude: longitude ?? undefined,
    });
    for (const v of ruleViolations(input)) problems.push(problem(COLUMN_OF(v.path), ImportErrorCode.INVALID, v.message));
    if (username) for (const v of ruleViolations(Object.assign(new AccountCreateInput(), { username }))) invalid('username', v.message);
    if (cell('status_reason').text) for (const v of ruleViolations(Object.assign(new VolunteerStatusSetInput(), { reason: cell('status_reason').text }))) invalid('status_reason', v.message);
    const windows = windowInputs ? applyRule(problems, COLUMN_OF, () => toWindows(windowInputs, at)) : [];
    applyRule(problems, COLUMN_OF, () => checkCoordinates(latitude, longitude, at));
    applyRule(problems, COLUMN_OF, () => pastDate(reportedInAt, this.today, at('reportedInAt')));
    const reason = applyRule(problems, COLUMN_OF, () => statusReason(status ?? VolunteerStatus.ACTIVE, cell('status_reason').text, at));

    const identity = this.identity(cell, { idType, birthDate: birthDate ?? null, gender: gender ?? null }, problems);
    const keys: RowKey[] = [];
    if (identity) keys.push({ space: 'person', column: cell('id_number').text ? 'id_number' : 'id_number_hash', value: identity.idHash, label: 'ID number' });
    if (username) keys.push({ space: 'username', column: 'username', value: username, label: 'username' });
    if (problems.length || !identity) return { candidate: null, keys, problems };
    return {
      candidate: {
        name: name.trim(),
        phone: phone.trim(),
        identity,
        partyMember: partyMember ?? false,
        communityCode: cell('community_code').text,
        gridCode: cell('grid_code').text || null,
        reportedInAt: reportedInAt ?? null,
        employer: cell('employer').text || null,
        skillIds: [...new Set(skillIds as number[])],
        windows: windows ?? [],
        latitude: latitude ?? null,
        longitude: longitude ?? null,
        status: status ?? VolunteerStatus.ACTIVE,
        statusReason: reason ?? null,
        username,
      },
      keys,
      problems,
    };
  }

  /** By ID number (checked and hashed as the registration does), or by the keyed hash an export of this installation wrote. */
  private identity(cell: (column: string) => SheetCell, facts: Pick<Identity, 'idType'> & { birthDate: string | null; gender: Gender | null }, problems: RowProblem[]): Identity | undefined {
    const number = cell('id_number');
    if (number.text) {
      const lost = inexactNumber(number, 'id_number');
      if (!lost) return applyRule(problems, COLUMN_OF, () => identityOf({ ...facts, idNumber: number.text }, this.hasher, this.today, at));
      problems.push(lost);
      return undefined;
    }
    const hashText = cell('id_number_hash').text;
    if (!hashText) {
      problems.push(problem('id_number', ImportErrorCode.REQUIRED, 'id_number is required'));
      return undefined;
    }
    const idHash = parseHashCell(this.hasher, hashText, 'id_number_hash');
    if (typeof idHash !== 'string') {
      problems.push(idHash);
      return undefined;
    }
    const idLast4 = cell('id_number_last4').text.toUpperCase();
    // Without the number nothing can be read from it: the export's own columns say the rest.
    if (!/^[0-9A-Z]{4}$/.test(idLast4)) problems.push(problem('id_number_last4', ImportErrorCode.REQUIRED, 'id_number_last4 (four letters or digits) is required with id_number_hash'));
    if (!cell('birth_date').text) problems.push(problem('birth_date', ImportErrorCode.REQUIRED, 'birth_date is required with id_number_hash'));
    if (!cell('gender').text) problems.push(problem('gender', ImportErrorCode.REQUIRED, 'gender is required with id_number_hash'));
    const birthDate = facts.birthDate ? applyRule(problems, COLUMN_OF, () => pastDate(facts.birthDate, this.today, at('birthDate'))) : null;
    if (!birthDate || !facts.gender || idLast4.length !== 4) return undefined;
    return { idType: facts.idType, idHash, idLast4, birthDate, gender: facts.gender };
  }

  async write(tx: EntityManager, rows: CandidateRow<VolunteerCandidate>[]): Promise<RowOutcome[]> {
    const outcomes = new Map<number, RowOutcome>();
    const failed = (row: number, problems: RowProblem[]) => outcomes.set(row, { result: 'failed', problems });
    await this.loadReferences(tx, rows.map((r) => r.candidate));
    const present = new Set((await selectWhereIn<{ idHash: string }>(tx, 'SELECT idHash FROM volunteer', 'idHash', rows.map((r) => r.candidate.identity.idHash))).map((v) => v.idHash));
    const placed: Placed[] = [];
    for (const { row, candidate } of rows) {
      if (present.has(candidate.identity.idHash)) {
        outcomes.set(row, { result: 'skipped' });
        continue;
      }
      const problems: RowProblem[] = [];
      const home = this.home(candidate, problems);
      const organisationId = candidate.employer === null ? null : this.organisations.get(candidate.employer);
      if (organisationId === undefined) problems.push(problem('employer', ImportErrorCode.NOT_FOUND, `no organisation is named ${candidate.employer}`));
      if (problems.length || !home) failed(row, problems);
      else placed.push({ row, candidate, ...home, organisationId: organisationId ?? null, username: candidate.username ?? `v-${candidate.identity.idHash.slice(0, 16)}`, accountId: null });
    }
    const ready = await this.accounts(tx, placed, failed);
    if (ready.length) {
      const batch = await inSavepoint(tx, () => this.insert(tx, ready));
      if (batch.ok) for (const p of ready) outcomes.set(p.row, { result: 'imported' });
      else {
        // One row broke the batch's statements: each row again on its own, so only the broken one fails.
        for (const p of ready) {
          const single = await inSavepoint(tx, () => this.insert(tx, [p]));
          if (single.ok) outcomes.set(p.row, { result: 'imported' });
          else failed(p.row, single.error instanceof UserInputError ? problemsOf(single.error, COLUMN_OF) : [writeFailure(single.error)]);
        }
      }
    }
    return rows.map((r) => outcomes.get(r.row)!);
  }

  /** The home community and grid by code, checked as a registration checks them. */
  private home(candidate: VolunteerCandidate, problems: RowProblem[]): { communityId: number; gridId: number | null } | null {
    const community = this.regions.get(candidate.communityCode);
    const grid = candidate.gridCode ? this.regions.get(candidate.gridCode) : null;
    if (!community) problems.push(problem('community_code', ImportErrorCode.NOT_FOUND, `no region has the code ${candidate.communityCode}`));
    if (grid === undefined) problems.push(problem('grid_code', ImportErrorCode.NOT_FOUND, `no region has the code ${candidate.gridCode}`));
    if (!community || grid === undefined) return null;
    const ok = applyRule(problems, COLUMN_OF, () => {
      checkHome(community, grid, at);
      return true;
    });
    return ok ? { communityId: community.id, gridId: grid?.id ?? null } : null;
  }

  private async loadReferences(tx: EntityManager, candidates: VolunteerCandidate[]): Promise<void> {
    const codes = [...new Set(candidates.flatMap((c) => [c.communityCode, c.gridCode ?? '']))].filter((c) => c && !this.regions.has(c));
    for (const r of await selectWhereIn<RegionRef>(tx, 'SELECT id, code, level, parentId FROM region', 'code', codes)) {
      this.regions.set(r.code, { id: Number(r.id), code: r.code, level: r.level, parentId: r.parentId === null ? null : Number(r.parentId) });
    }
    const names = [...new Set(candidates.map((c) => c.employer ?? ''))].filter((n) => n && !this.organisations.has(n));
    for (const o of await selectWhereIn<{ id: unknown; name: string }>(tx, 'SELECT id, name FROM organisation', 'name', names)) this.organisations.set(o.name, Number(o.id));
  }

  /**
   * The account of each person: an existing VOLUNTEER account of that username without a
   * registration is taken over (someone who signed up before the city's register was imported);
   * a username held by anyone else is a conflict; otherwise a new account is made.
   */
  private async accounts(tx: EntityManager, placed: Placed[], failed: (row: number, problems: RowProblem[]) => void): Promise<Placed[]> {
    type Existing = { id: unknown; username: string; role: Role; disabledAt: Date | null; volunteerId: unknown };
    // Only names the file gives are looked up: a made-up `v-<hash>` belongs to no one but this person,
    // who is not registered yet (else the row was skipped); should someone hold it anyway, the unique
    // index refuses the row, alone (the batch is tried again row by row).
    const given = placed.filter((p) => p.candidate.username !== null).map((p) => p.username);
    const existing = new Map(
      (await selectWhereIn<Existing>(tx, 'SELECT a.id AS id, a.username AS username, a.role AS role, a.disabledAt AS disabledAt, v.id AS volunteerId FROM account a LEFT JOIN volunteer v ON v.accountId = a.id', 'a.username', given)).map(
        (a) => [a.username.toLowerCase(), a],
      ),
    );
    return placed.filter((p) => {
      const account = existing.get(p.username);
      if (!account) return true;
      const problems: RowProblem[] = [];
      if (account.volunteerId !== null) problems.push(problem('username', ImportErrorCode.CONFLICT, `the account ${p.username} is registered as another volunteer`));
      else applyRule(problems, COLUMN_OF, () => checkRegistrantAccount(account, at));
      if (problems.length) {
        failed(p.row, problems);
        return false;
      }
      p.accountId = Number(account.id);
      return true;
    });
  }

  /** Accounts, registrations, skills, windows and the first home of the rows, a statement per table. */
  private async insert(tx: EntityManager, rows: Placed[]): Promise<void> {
    const accountIds = new Map(rows.filter((p) => p.accountId !== null).map((p) => [p.username, p.accountId!]));
    const creating = rows.filter((p) => p.accountId === null);
    if (creating.length) {
      await insertRows(tx, 'account', ACCOUNT_COLUMNS, creating.map((p) => [p.username, NO_PASSWORD, Role.VOLUNTEER, null, null, null, this.actorId]));
      for (const a of await selectWhereIn<{ id: unknown; username: string }>(tx, 'SELECT id, username FROM account', 'username', creating.map((p) => p.username))) {
        accountIds.set(a.username.toLowerCase(), Number(a.id));
      }
    }
    await insertRows(
      tx,
      'volunteer',
      VOLUNTEER_COLUMNS,
      rows.map(({ candidate: c, ...p }) => [
        accountIds.get(p.username)!, c.name, c.phone, c.identity.idType, c.identity.idHash, c.identity.idLast4, c.identity.birthDate, c.identity.gender,
        c.partyMember ? 1 : 0, p.communityId, p.gridId, c.reportedInAt, p.organisationId, 0, c.status, c.statusReason, c.latitude, c.longitude, 0, this.actorId,
      ]),
    );
    const ids = new Map(
      (await selectWhereIn<{ id: unknown; idHash: string }>(tx, 'SELECT id, idHash FROM volunteer', 'idHash', rows.map((p) => p.candidate.identity.idHash))).map((v) => [v.idHash, Number(v.id)]),
    );
    const idOf = (p: Placed) => ids.get(p.candidate.identity.idHash)!;
    await insertRows(tx, 'volunteer_skill', ['volunteerId', 'skillId'], rows.flatMap((p) => p.candidate.skillIds.map((s) => [idOf(p), s])));
    await insertRows(tx, 'volunteer_availability', ['volunteerId', 'weekday', 'startMinute', 'endMinute'], rows.flatMap((p) => p.candidate.windows.map((w) => [idOf(p), w.weekday, w.startMinute, w.endMinute])));
    // The history of homes starts with the first one, as with a registration through the API.
    await insertRows(tx, 'volunteer_move', ['volunteerId', 'fromCommunityId', 'toCommunityId', 'reportedInAt', 'note', 'movedById'], rows.map((p) => [idOf(p), null, p.communityId, p.candidate.reportedInAt, 'imported', this.actorId]));
  }
}
