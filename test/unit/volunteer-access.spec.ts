import { expect } from 'chai';
import type { Viewer } from '../../src/server/context';
import { Account } from '../../src/modules/account/account.entity';
import { Role } from '../../src/modules/account/role';
import { VolunteerAccess, volunteerAccess } from '../../src/modules/volunteer/volunteer.access';
import { Volunteer } from '../../src/modules/volunteer/volunteer.entity';

const HOME = '/1/7/42/';
const volunteer = Object.assign(new Volunteer(), { id: 5, accountId: 50, organisationId: 3 });
const none = { viewerLeadsThem: false, theyLeadViewer: false, teammates: false };
const viewer = (role: Role, scopePath: string | null = null, extra: Partial<Account> = {}): Viewer => ({ account: Object.assign(new Account(), { id: 1, role, organisationId: null, ...extra }), scopePath });

describe('who sees how much of a volunteer (unit)', () => {
  const cases: [string, Viewer, Partial<typeof none>, VolunteerAccess][] = [
    ['the volunteer', viewer(Role.VOLUNTEER, null, { id: 50 }), {}, VolunteerAccess.FULL],
    ['a platform admin', viewer(Role.PLATFORM_ADMIN), {}, VolunteerAccess.FULL],
    ['a dispatcher of the home community\'s street', viewer(Role.DISPATCHER, '/1/7/'), {}, VolunteerAccess.FULL],
    ['a dispatcher of another street', viewer(Role.DISPATCHER, '/1/8/'), {}, VolunteerAccess.BASIC],
    ['their team leader', viewer(Role.VOLUNTEER), { viewerLeadsThem: true }, VolunteerAccess.CONTACT],
    ['a member of the team they lead', viewer(Role.VOLUNTEER), { theyLeadViewer: true }, VolunteerAccess.CONTACT],
    ['a teammate', viewer(Role.VOLUNTEER), { teammates: true }, VolunteerAccess.BASIC],
    ['their employer', viewer(Role.PARTNER, null, { organisationId: 3 }), {}, VolunteerAccess.CONTACT],
    ['another organisation', viewer(Role.PARTNER, null, { organisationId: 4 }), {}, VolunteerAccess.NONE],
    ['a grid worker of their community', viewer(Role.GRID_WORKER, HOME), {}, VolunteerAccess.BASIC],
    ['a grid worker of a grid in their community', viewer(Role.GRID_WORKER, `${HOME}311/`), {}, VolunteerAccess.BASIC],
    ['a grid worker of another community', viewer(Role.GRID_WORKER, '/1/7/43/'), {}, VolunteerAccess.NONE],
    ['an analyst of their street', viewer(Role.ANALYST, '/1/7/'), {}, VolunteerAccess.NONE],
    ['a resident', viewer(Role.RESIDENT, '/1/7/42/311/'), {}, VolunteerAccess.NONE],
    ['another volunteer', viewer(Role.VOLUNTEER), {}, VolunteerAccess.NONE],
  ];
  for (const [who, v, relation, expected] of cases) {
    it(`${who}: ${VolunteerAccess[expected]}`, () => {
      expect(volunteerAccess(v, volunteer, HOME, { ...none, ...relation })).to.equal(expected);
    });
  }
});
