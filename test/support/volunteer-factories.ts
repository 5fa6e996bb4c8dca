import { expect } from 'chai';
import { checkCharacter } from '../../src/modules/volunteer/id-number';
import { asAdmin, gqlOk } from './client';
import { createAccount, createTree, type AccountRef, type Tree } from './factories';

/** A valid 18-character resident ID: area code, birth date, sequence (odd for men) and check character. */
export function residentId(birthDate: string, sequence: number, area = '230110'): string {
  const body = `${area}${birthDate.replace(/-/g, '')}${String(sequence % 1000).padStart(3, '0')}`;
  return body + checkCharacter(body);
}

let counter = 0;
/** A resident ID no other volunteer of this run has: each call moves the birth date on by a day. */
export function uniqueResidentId(): { idNumber: string; birthDate: string; gender: 'MALE' | 'FEMALE' } {
  counter += 1;
  const birth = new Date(Date.UTC(1960, 0, 1) + counter * 86_400_000).toISOString().slice(0, 10);
  const sequence = (process.pid % 400) * 2 + (counter % 2);
  return { idNumber: residentId(birth, sequence), birthDate: birth, gender: sequence % 2 === 1 ? 'MALE' : 'FEMALE' };
}

export const VOLUNTEER_FIELDS = `id name phone idNumberLast4 birthDate age gender partyMember status onDuty availableNow certifiedHours
  homeCommunity { id } homeGrid { id } employer { id } skills { id code } availability { weekday start end }`;

export const VOLUNTEER_REGISTER = `mutation($input: VolunteerRegisterInput!) { volunteerRegister(input: $input) { volunteer { ${VOLUNTEER_FIELDS} } userErrors { field message code } } }`;
export const VOLUNTEER_UPDATE = `mutation($input: VolunteerUpdateInput!) { volunteerUpdate(input: $input) { volunteer { ${VOLUNTEER_FIELDS} } userErrors { field message code } } }`;

let skills: Record<string, string> | undefined;
/** Global ids of the reference skills, by code. */
export async function skillId(code: string): Promise<string> {
  if (!skills) {
    const data = await gqlOk(`{ skills { id code } }`, {}, await asAdmin());
    skills = Object.fromEntries(data.skills.map((s: { id: string; code: string }) => [s.code, s.id]));
  }
  expect(skills![code], `skill ${code}`).to.be.a('string');
  return skills![code];
}

let defaultHome: Tree | undefined;
async function home(): Promise<Tree> {
  return (defaultHome ??= await createTree([1, 1, 1]));
}

export interface VolunteerRef extends AccountRef {
  /** The Volunteer's global id (AccountRef.id stays the account's). */
  volunteerId: string;
  idNumber: string;
}

export interface VolunteerOverrides {
  communityId?: string;
  gridId?: string | null;
  skills?: string[];
  onDuty?: boolean;
  partyMember?: boolean;
  organisationId?: string;
  latitude?: number;
  longitude?: number;
  availability?: { weekday: number; start: string; end: string }[];
  name?: string;
  phone?: string;
}

/** A VOLUNTEER account registered under a real name by an admin, signed in. */
export async function createVolunteer(overrides: VolunteerOverrides = {}): Promise<VolunteerRef> {
  return registerVolunteer(await createAccount('VOLUNTEER'), overrides);
}

/** Registers an existing VOLUNTEER account (an admin does it, through the API). */
export async function registerVolunteer(account: AccountRef, overrides: VolunteerOverrides = {}): Promise<VolunteerRef> {
  const tree = overrides.communityId ? null : await home();
  const communityId = overrides.communityId ?? tree!.children[0].children[0].id;
  const gridId = overrides.gridId === undefined ? (tree ? tree.children[0].children[0].children[0].id : undefined) : overrides.gridId ?? undefined;
  const id = uniqueResidentId();
  const input = {
    accountId: account.id,
    name: overrides.name ?? '张志愿',
    phone: overrides.phone ?? '13800138000',
    idNumber: id.idNumber,
    communityId,
    gridId,
    partyMember: overrides.partyMember ?? false,
    organisationId: overrides.organisationId,
    skillIds: await Promise.all((overrides.skills ?? []).map(skillId)),
    availability: overrides.availability,
    latitude: overrides.latitude,
    longitude: overrides.longitude,
  };
  const data = await gqlOk(VOLUNTEER_REGISTER, { input }, await asAdmin());
  expect(data.volunteerRegister.userErrors, JSON.stringify(data.volunteerRegister.userErrors)).to.deep.equal([]);
  const ref = { ...account, volunteerId: data.volunteerRegister.volunteer.id, idNumber: id.idNumber };
  if (overrides.onDuty) await setDuty(ref, true);
  return ref;
}

export async function setDuty(volunteer: AccountRef, onDuty: boolean): Promise<void> {
  const data = await gqlOk(VOLUNTEER_UPDATE, { input: { onDuty } }, volunteer.token);
  expect(data.volunteerUpdate.userErrors, JSON.stringify(data.volunteerUpdate.userErrors)).to.deep.equal([]);
}
