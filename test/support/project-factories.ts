import { expect } from 'chai';
import { Activity } from '../../src/modules/project/project.entity';
import { gqlOk } from './client';
import { categoryId } from './demand-factories';
import { harness } from './harness';
import { hashPassword } from '../../src/modules/account/password';
import { Account } from '../../src/modules/account/account.entity';
import { Role } from '../../src/modules/account/role';
import { toGlobalId } from '../../src/core/relay';
import { uniqueCode } from './factories';
import { registerVolunteer, type VolunteerOverrides, type VolunteerRef } from './volunteer-factories';

export const PROJECT_FIELDS = `id title status capacity recruitmentOpen address contactName contactPhone checkInRadiusMeters
  category { code } region { id } organiserTeam { id } publisherTeam { id }
  schedule { kind from until weekday nth monthDay month start end description }
  activities(first: 100) { totalCount edges { node { id startsAt endsAt capacity confirmedCount freePlaces status } } }`;
export const PUBLISH = `mutation($input: ProjectPublishInput!) { projectPublish(input: $input) { project { ${PROJECT_FIELDS} } userErrors { field message code } } }`;
export const SIGN_UP = `mutation($a: ID!) { activitySignUp(input: { activityId: $a }) { signup { id status waitlistPosition queuedAt } userErrors { field message code } } }`;

const dbId = (globalId: string) => Number(Buffer.from(globalId, 'base64url').toString().split(':')[1]);

/** A date `days` from today in the city (Asia/Shanghai), YYYY-MM-DD. */
export function cityDate(days = 0): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + days * 86_400_000));
}

export function projectInput(regionId: string, overrides: Record<string, unknown> = {}) {
  return {
    title: '周末助老送餐',
    content: '为独居老人送午餐',
    regionId,
    address: '安康小区活动室',
    contactName: '刘老师',
    contactPhone: '13800001111',
    capacity: 10,
    schedule: { kind: 'ONE_OFF', from: cityDate(3), start: '09:00', end: '11:00' },
    ...overrides,
  };
}

/** Publishes (as `token`) and returns the project, with its activities. */
export async function publishProject(token: string, regionId: string, overrides: Record<string, unknown> = {}) {
  const input = { categoryId: await categoryId('ELDER_CARE'), ...projectInput(regionId, overrides) };
  const data = await gqlOk(PUBLISH, { input }, token);
  expect(data.projectPublish.userErrors, JSON.stringify(data.projectPublish.userErrors)).to.deep.equal([]);
  return data.projectPublish.project;
}

/** Moves an activity in time (tests cannot wait for Saturday): starts `startMinutes` from now, lasting `lengthMinutes`. */
export async function moveActivity(activityId: string, startMinutes: number, lengthMinutes = 60): Promise<void> {
  const startsAt = new Date(Date.now() + startMinutes * 60_000);
  await harness().db.getRepository(Activity).update({ id: dbId(activityId) }, { startsAt, endsAt: new Date(startsAt.getTime() + lengthMinutes * 60_000) });
}

let sharedHash: Promise<string> | undefined;

/**
 * `n` registered volunteers for bulk scenarios (races, leaderboards). Setting up is not what these
 * tests test, so the accounts are inserted directly with one shared password hash and signed in
 * with tokens from the server's own token service (what `login` returns); each registration still
 * goes through the API.
 */
export async function createVolunteers(n: number, overrides: VolunteerOverrides & { communityId: string }, batch = 8): Promise<VolunteerRef[]> {
  const passwordHash = await (sharedHash ??= hashPassword('a-good-password'));
  const repo = harness().db.getRepository(Account);
  const all: VolunteerRef[] = [];
  for (let i = 0; i < n; i += batch) {
    const made = await Promise.all(
      Array.from({ length: Math.min(batch, n - i) }, async () => {
        const username = uniqueCode('bulk');
        const account = await repo.save(repo.create({ username, passwordHash, role: Role.VOLUNTEER }));
        const { token } = await harness().app.services.tokens.sign(account);
        return registerVolunteer({ id: toGlobalId('Account', account.id), username, password: 'a-good-password', token }, overrides);
      }),
    );
    all.push(...made);
  }
  return all;
}
