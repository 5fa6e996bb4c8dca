import { createHmac } from 'node:crypto';
import { expect } from 'chai';
import { Volunteer } from '../../../src/modules/volunteer/volunteer.entity';
import { asAdmin, errorCode, gql, gqlOk } from '../../support/client';
import { createWorld, demandAt, type World } from '../../support/demand-factories';
import { ACCOUNT_CREATE, createAccount, uniqueCode } from '../../support/factories';
import { TEST_ID_HASH_KEY, harness } from '../../support/harness';
import { VOLUNTEER_FIELDS, VOLUNTEER_REGISTER, VOLUNTEER_UPDATE, createVolunteer, residentId, skillId, uniqueResidentId } from '../../support/volunteer-factories';

const volunteerCount = () => harness().db.getRepository(Volunteer).count();
const NODE = `query($id: ID!) { node(id: $id) { ... on Volunteer { ${VOLUNTEER_FIELDS} reportedInAt latitude account { id } moves { from { id } to { id } reportedInAt } } } }`;

async function register(token: string, input: Record<string, unknown>) {
  const data = await gqlOk(VOLUNTEER_REGISTER, { input }, token);
  return data.volunteerRegister as { volunteer: any; userErrors: { field: string[]; message: string; code: string }[] };
}

describe('volunteer registration (real name)', () => {
  let w: World;
  let communityA: string;
  before(async () => {
    w = await createWorld(1);
    communityA = w.A.children[0].id;
  });

  it('a volunteer registers themself: birth date and gender come from the ID, which is kept only as a keyed hash and its last four', async () => {
    // given a fresh VOLUNTEER account
    const account = await createAccount('VOLUNTEER');
    const idNumber = residentId('1988-03-15', 457);
    // when it registers with a lower-case, spaced form of the number
    const result = await register(account.token, { name: '李明', phone: '13912345678', idNumber: ` ${idNumber.slice(0, 6)} ${idNumber.slice(6).toLowerCase()}`, communityId: communityA, gridId: w.gridA.id, partyMember: true, reportedInAt: '2024-05-01' });
    // then
    expect(result.userErrors).to.deep.equal([]);
    expect(result.volunteer).to.deep.include({ name: '李明', phone: '13912345678', idNumberLast4: idNumber.slice(-4), birthDate: '1988-03-15', gender: 'MALE', partyMember: true, status: 'ACTIVE', onDuty: false });
    expect(result.volunteer.homeCommunity.id).to.equal(communityA);
    const row = await harness().db.getRepository(Volunteer).findOneByOrFail({ idLast4: idNumber.slice(-4), name: '李明' });
    expect(JSON.stringify(row)).not.to.contain(idNumber.slice(0, 14));
    expect(row.idHash).to.equal(createHmac('sha256', TEST_ID_HASH_KEY).update(`RESIDENT_ID:${idNumber}`).digest('hex'));
    // and the viewer's account leads to it
    const viewer = await gqlOk(`{ viewer { volunteer { id reportedInAt } } }`, {}, account.token);
    expect(viewer.viewer.volunteer).to.deep.equal({ id: result.volunteer.id, reportedInAt: '2024-05-01' });
  });

  it('refuses a second registration of the same ID number, however written, and writes nothing', async () => {
    // given a registered volunteer
    const first = await createVolunteer({ communityId: communityA });
    const before = await volunteerCount();
    // when another account registers the same number in another form
    const other = await createAccount('VOLUNTEER');
    const result = await register(other.token, { name: '冒名', phone: '13000000000', idNumber: first.idNumber.toLowerCase().replace(/(.{6})/, '$1-'), communityId: communityA });
    // then
    expect(result.volunteer).to.equal(null);
    expect(result.userErrors).to.deep.equal([{ field: ['input', 'idNumber'], message: 'this ID number is already registered as a volunteer', code: 'CONFLICT' }]);
    expect(await volunteerCount()).to.equal(before);
    // and the same account cannot register twice
    const again = await register(first.token, { name: '张志愿', phone: '13800138000', ...uniqueResidentId(), communityId: communityA });
    expect(again.userErrors[0]).to.deep.include({ field: ['input', 'accountId'], code: 'CONFLICT' });
  });

  it('of ten accounts registering one ID number at once, exactly one succeeds', async () => {
    const accounts = await Promise.all(Array.from({ length: 10 }, () => createAccount('VOLUNTEER')));
    const { idNumber } = uniqueResidentId();
    const results = await Promise.all(accounts.map((a) => register(a.token, { name: '同一人', phone: '13000000001', idNumber, communityId: communityA })));
    expect(results.filter((r) => r.volunteer !== null)).to.have.length(1);
    for (const r of results.filter((x) => x.volunteer === null)) expect(r.userErrors[0]).to.deep.include({ field: ['input', 'idNumber'], code: 'CONFLICT' });
  });

  it('refuses bad input with the field and a code', async () => {
    const account = await createAccount('VOLUNTEER');
    const base = { name: '王五', phone: '13800000000', communityId: communityA };
    const good = uniqueResidentId();
    const cases: [Record<string, unknown>, string[], string][] = [
      [{ idNumber: `${good.idNumber.slice(0, 17)}${good.idNumber[17] === '1' ? '2' : '1'}` }, ['input', 'idNumber'], 'INVALID'],
      [{ idNumber: good.idNumber, birthDate: '1950-01-01' }, ['input', 'birthDate'], 'INVALID'],
      [{ idNumber: good.idNumber, gender: good.gender === 'MALE' ? 'FEMALE' : 'MALE' }, ['input', 'gender'], 'INVALID'],
      [{ idType: 'PASSPORT', idNumber: 'E12345678' }, ['input', 'birthDate'], 'INVALID'],
      [{ idNumber: good.idNumber, phone: 'call me' }, ['input', 'phone'], 'INVALID'],
      [{ idNumber: good.idNumber, communityId: w.gridA.id }, ['input', 'communityId'], 'INVALID'],
      [{ idNumber: good.idNumber, gridId: w.gridB.id }, ['input', 'gridId'], 'INVALID'],
      [{ idNumber: good.idNumber, skillIds: ['not-an-id'] }, ['input', 'skillIds', '0'], 'INVALID'],
      [{ idNumber: good.idNumber, availability: [{ weekday: 1, start: '18:00', end: '09:00' }] }, ['input', 'availability', '0', 'end'], 'INVALID'],
      [{ idNumber: good.idNumber, availability: [{ weekday: 8, start: '08:00', end: '09:00' }] }, ['input', 'availability', '0', 'weekday'], 'INVALID'],
      [{ idNumber: good.idNumber, reportedInAt: '2999-01-01' }, ['input', 'reportedInAt'], 'INVALID'],
      [{ idNumber: good.idNumber, latitude: 45.7 }, ['input', 'latitude'], 'INVALID'],
    ];
    const before = await volunteerCount();
    for (const [input, field, code] of cases) {
      const result = await register(account.token, { ...base, ...input });
      expect(result.userErrors[0], JSON.stringify(input)).to.deep.include({ field, code });
      expect(result.volunteer).to.equal(null);
    }
    expect(await volunteerCount()).to.equal(before);
    // a passport with birth date and gender is fine
    const passport = await register(account.token, { ...base, idType: 'PASSPORT', idNumber: 'E12345678', birthDate: '1990-06-01', gender: 'FEMALE' });
    expect(passport.userErrors).to.deep.equal([]);
    expect(passport.volunteer).to.deep.include({ idNumberLast4: '5678', birthDate: '1990-06-01', gender: 'FEMALE' });
  });

  it('the home community\'s dispatchers register volunteers for others; other streets and non-volunteer accounts are refused', async () => {
    const account = await createAccount('VOLUNTEER');
    const input = { accountId: account.id, name: '赵敏', phone: '13800001234', ...uniqueResidentId(), communityId: communityA };
    expect(errorCode(await gql(VOLUNTEER_REGISTER, { input }, w.streetDispatcherB.token))).to.equal('FORBIDDEN');
    const resident = await register(w.streetDispatcherA.token, { ...input, accountId: w.resident.id });
    expect(resident.userErrors[0]).to.deep.include({ field: ['input', 'accountId'], code: 'INVALID' });
    const done = await register(w.streetDispatcherA.token, input);
    expect(done.userErrors).to.deep.equal([]);
    expect(done.volunteer.name).to.equal('赵敏');
    // a resident cannot register anyone
    expect(errorCode(await gql(VOLUNTEER_REGISTER, { input: { ...input, ...uniqueResidentId() } }, w.resident.token))).to.equal('FORBIDDEN');
  });

  it('skills, certificates with expiry, weekly windows and duty make up availability', async () => {
    // given a volunteer with a first-aid skill, on duty only on a day that is not today
    const v = await createVolunteer({ communityId: communityA, skills: ['FIRST_AID'], onDuty: true });
    const today = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', weekday: 'short' }).format(new Date());
    const otherDay = today === 'Mon' ? 2 : 1;
    const windows = await gqlOk(VOLUNTEER_UPDATE, { input: { availability: [{ weekday: otherDay, start: '08:00', end: '12:00' }] } }, v.token);
    expect(windows.volunteerUpdate.volunteer).to.deep.include({ onDuty: true, availableNow: false, availability: [{ weekday: otherDay, start: '08:00', end: '12:00' }] });
    // when the windows cover every day, all day
    const always = Array.from({ length: 7 }, (_, i) => ({ weekday: i + 1, start: '00:00', end: '24:00' }));
    const updated = await gqlOk(VOLUNTEER_UPDATE, { input: { availability: always, skillIds: [await skillId('FIRST_AID'), await skillId('NURSING')] } }, v.token);
    expect(updated.volunteerUpdate.volunteer.availableNow).to.equal(true);
    expect(updated.volunteerUpdate.volunteer.skills.map((s: any) => s.code)).to.deep.equal(['FIRST_AID', 'NURSING']);
    // and a dispatcher records a current and an expired certificate
    const add = `mutation($input: VolunteerCertificateAddInput!) { volunteerCertificateAdd(input: $input) { certificate { id name expiresOn expired skill { code } } userErrors { field code } } }`;
    const current = await gqlOk(add, { input: { volunteerId: v.volunteerId, name: '红十字救护员证', skillId: await skillId('FIRST_AID'), issuer: '红十字会', issuedOn: '2024-01-01', expiresOn: '2099-12-31' } }, w.communityDispatcherA.token);
    expect(current.volunteerCertificateAdd.certificate).to.deep.include({ name: '红十字救护员证', expiresOn: '2099-12-31', expired: false, skill: { code: 'FIRST_AID' } });
    const expired = await gqlOk(add, { input: { volunteerId: v.volunteerId, name: '旧证', issuedOn: '2019-01-01', expiresOn: '2020-01-01' } }, w.communityDispatcherA.token);
    expect(expired.volunteerCertificateAdd.certificate.expired).to.equal(true);
    const backwards = await gqlOk(add, { input: { volunteerId: v.volunteerId, name: '错证', issuedOn: '2020-01-01', expiresOn: '2019-01-01' } }, w.communityDispatcherA.token);
    expect(backwards.volunteerCertificateAdd.userErrors[0]).to.deep.include({ field: ['input', 'expiresOn'], code: 'INVALID' });
    expect(errorCode(await gql(add, { input: { volunteerId: v.volunteerId, name: '自证' } }, w.streetDispatcherB.token))).to.equal('FORBIDDEN');
    // and off duty means unavailable whatever the windows
    const off = await gqlOk(VOLUNTEER_UPDATE, { input: { onDuty: false } }, v.token);
    expect(off.volunteerUpdate.volunteer.availableNow).to.equal(false);
  });

  it('a volunteer changes their own phone, skills and duty, not their name; their community changes the rest', async () => {
    const v = await createVolunteer({ communityId: communityA });
    expect(errorCode(await gql(VOLUNTEER_UPDATE, { input: { name: '新名字' } }, v.token))).to.equal('FORBIDDEN');
    const own = await gqlOk(VOLUNTEER_UPDATE, { input: { phone: '13700000000', onDuty: true } }, v.token);
    expect(own.volunteerUpdate.volunteer).to.deep.include({ phone: '13700000000', onDuty: true });
    const org = await gqlOk(`mutation { organisationCreate(input: { name: "${uniqueCode('厂')}", kind: ENTERPRISE }) { organisation { id } } }`, {}, await asAdmin());
    const staff = await gqlOk(VOLUNTEER_UPDATE, { input: { id: v.volunteerId, name: '张三丰', partyMember: true, organisationId: org.organisationCreate.organisation.id } }, w.communityDispatcherA.token);
    expect(staff.volunteerUpdate.volunteer).to.deep.include({ name: '张三丰', partyMember: true, employer: { id: org.organisationCreate.organisation.id } });
    const idFacts = await gqlOk(VOLUNTEER_UPDATE, { input: { id: v.volunteerId, birthDate: '1970-01-01' } }, w.communityDispatcherA.token);
    expect(idFacts.volunteerUpdate.userErrors[0]).to.deep.include({ field: ['input', 'birthDate'], code: 'INVALID' });
    expect(errorCode(await gql(VOLUNTEER_UPDATE, { input: { id: v.volunteerId, phone: '13100000000' } }, w.streetDispatcherB.token))).to.equal('FORBIDDEN');
  });

  it('suspension needs a reason, ends duty, and a suspended volunteer cannot take demands', async () => {
    const v = await createVolunteer({ communityId: communityA, onDuty: true });
    const SET = `mutation($input: VolunteerStatusSetInput!) { volunteerStatusSet(input: $input) { volunteer { status statusReason onDuty } userErrors { field code } } }`;
    const noReason = await gqlOk(SET, { input: { id: v.volunteerId, status: 'SUSPENDED' } }, w.communityDispatcherA.token);
    expect(noReason.volunteerStatusSet.userErrors[0]).to.deep.include({ field: ['input', 'reason'], code: 'INVALID' });
    const suspended = await gqlOk(SET, { input: { id: v.volunteerId, status: 'SUSPENDED', reason: '多次爽约' } }, w.communityDispatcherA.token);
    expect(suspended.volunteerStatusSet.volunteer).to.deep.equal({ status: 'SUSPENDED', statusReason: '多次爽约', onDuty: false });
    // when it tries to claim an open demand
    const d = await demandAt(w, 'ACCEPTED');
    await gqlOk(`mutation($id: ID!) { demandDispatch(input: { id: $id, openRecruitment: true }) { userErrors { code } } }`, { id: d.id }, w.communityDispatcherA.token);
    const claim = await gql(`mutation($id: ID!) { demandClaim(input: { id: $id }) { demand { id } } }`, { id: d.id }, v.token);
    expect(errorCode(claim)).to.equal('FORBIDDEN');
    expect(claim.errors![0].message).to.contain('SUSPENDED');
    // and an unregistered volunteer account is refused too
    const unregistered = await createAccount('VOLUNTEER');
    expect(errorCode(await gql(`mutation($id: ID!) { demandClaim(input: { id: $id }) { demand { id } } }`, { id: d.id }, unregistered.token))).to.equal('FORBIDDEN');
    // reinstated, it can
    await gqlOk(SET, { input: { id: v.volunteerId, status: 'ACTIVE' } }, w.communityDispatcherA.token);
    const ok = await gqlOk(`mutation($id: ID!) { demandClaim(input: { id: $id }) { demand { status } userErrors { code } } }`, { id: d.id }, v.token);
    expect(ok.demandClaim.demand.status).to.equal('ASSIGNED');
  });

  it('moving home keeps every past record with the person; the new community takes over the registration', async () => {
    // given a volunteer of street A who served a demand there
    const [v] = w.volunteers;
    const served = await demandAt(w, 'COMPLETED');
    const communityB = w.B.children[0].id;
    // when they report in to a community of street B
    const MOVE = `mutation($input: VolunteerMoveInput!) { volunteerMove(input: $input) { volunteer { homeCommunity { id } homeGrid { id } } userErrors { field code } } }`;
    expect(errorCode(await gql(MOVE, { input: { id: v.volunteerId, communityId: communityB } }, w.streetDispatcherA.token))).to.equal('FORBIDDEN');
    const moved = await gqlOk(MOVE, { input: { id: v.volunteerId, communityId: communityB, reportedInAt: '2025-01-02', note: '搬家' } }, w.streetDispatcherB.token);
    expect(moved.volunteerMove.volunteer).to.deep.equal({ homeCommunity: { id: communityB }, homeGrid: null });
    // then their history shows both homes, and what they served is still theirs
    const SERVED = `query($id: ID!) { node(id: $id) { ... on Volunteer { phone moves { from { id } to { id } reportedInAt } servedDemands { totalCount edges { node { id status } } } } } }`;
    const seenByB = await gqlOk(SERVED, { id: v.volunteerId }, w.streetDispatcherB.token);
    expect(seenByB.node.moves.map((m: any) => [m.from?.id ?? null, m.to.id])).to.deep.equal([[null, communityA], [communityA, communityB]]);
    expect(seenByB.node.moves[1].reportedInAt).to.equal('2025-01-02');
    expect(seenByB.node.servedDemands.edges.map((e: any) => e.node.id)).to.include(served.id);
    expect(seenByB.node.phone).to.equal('13800138000');
    // and the old street's dispatcher now sees only the basics
    const seenByA = await gqlOk(SERVED, { id: v.volunteerId }, w.streetDispatcherA.token);
    expect(seenByA.node).to.deep.include({ phone: '138****8000', moves: [] });
    expect(seenByA.node.servedDemands.totalCount).to.equal(0);
    // the volunteer can move back by themself
    const back = await gqlOk(MOVE, { input: { communityId: communityA, gridId: w.gridA.id } }, v.token);
    expect(back.volunteerMove.volunteer).to.deep.equal({ homeCommunity: { id: communityA }, homeGrid: { id: w.gridA.id } });
  });

  it('personal details by role: full for the person and their community, masked for other dispatchers, hidden from analysts and residents', async () => {
    const v = await createVolunteer({ communityId: communityA, phone: '13611112222', latitude: 45.7, longitude: 126.6 });
    const full = await gqlOk(NODE, { id: v.volunteerId }, w.communityDispatcherA.token);
    expect(full.node).to.deep.include({ phone: '13611112222', latitude: 45.7 });
    expect(full.node.idNumberLast4).to.equal(v.idNumber.slice(-4));
    expect(full.node.account.id).to.equal(v.id);
    const basic = await gqlOk(NODE, { id: v.volunteerId }, w.streetDispatcherB.token);
    expect(basic.node).to.deep.include({ name: '张志愿', phone: '136****2222', idNumberLast4: null, birthDate: null, latitude: null, account: null, moves: [] });
    for (const token of [w.analystA.token, w.resident.token, w.volunteers[0].token]) {
      expect(errorCode(await gql(NODE, { id: v.volunteerId }, token))).to.equal('FORBIDDEN');
    }
    expect(errorCode(await gql(`{ volunteers { totalCount } }`, {}, w.analystA.token))).to.equal('FORBIDDEN');
  });

  it('the employer and the community both see the person\'s service (dual management)', async () => {
    // given an enterprise with a PARTNER account, and its employee registered in community A
    const org = (await gqlOk(`mutation { organisationCreate(input: { name: "${uniqueCode('企业')}", kind: ENTERPRISE }) { organisation { id } } }`, {}, await asAdmin())).organisationCreate.organisation.id;
    const username = uniqueCode('hr');
    await gqlOk(ACCOUNT_CREATE, { input: { username, password: 'a-good-password', role: 'PARTNER', organisationId: org } }, await asAdmin());
    const hr = await gqlOk(`mutation($u: String!) { login(input: { username: $u, password: "a-good-password" }) { token } }`, { u: username });
    const employee = await createVolunteer({ communityId: communityA, organisationId: org });
    const stranger = await createVolunteer({ communityId: communityA });
    // when the employee serves a demand
    const d = await demandAt(w, 'ACCEPTED');
    await gqlOk(`mutation($id: ID!, $v: [ID!]) { demandDispatch(input: { id: $id, volunteerIds: $v }) { userErrors { code } } }`, { id: d.id, v: [employee.volunteerId] }, w.communityDispatcherA.token);
    await gqlOk(`mutation($id: ID!) { demandClaim(input: { id: $id }) { userErrors { code } } }`, { id: d.id }, employee.token);
    // then the employer lists its employees and sees what they served, with their phone
    const LIST = `{ volunteers { totalCount edges { node { id phone servedDemands { edges { node { id } } } } } } }`;
    const seen = await gqlOk(LIST, {}, hr.login.token);
    expect(seen.volunteers.edges.map((e: any) => e.node.id)).to.deep.equal([employee.volunteerId]);
    expect(seen.volunteers.edges[0].node).to.deep.include({ phone: '13800138000' });
    expect(seen.volunteers.edges[0].node.servedDemands.edges.map((e: any) => e.node.id)).to.deep.equal([d.id]);
    // and the community sees the same service
    const community = await gqlOk(`query($id: ID!) { node(id: $id) { ... on Volunteer { servedDemands { edges { node { id } } } } } }`, { id: employee.volunteerId }, w.communityDispatcherA.token);
    expect(community.node.servedDemands.edges.map((e: any) => e.node.id)).to.deep.equal([d.id]);
    // but not someone else's employees
    expect(errorCode(await gql(NODE, { id: stranger.volunteerId }, hr.login.token))).to.equal('FORBIDDEN');
  });

  it('lists the scope\'s volunteers with filters, and pages stably', async () => {
    const nurse = await createVolunteer({ communityId: communityA, skills: ['NURSING'], partyMember: true, onDuty: true });
    const other = await createVolunteer({ communityId: w.B.children[0].id, skills: ['NURSING'] });
    const LIST = `query($skillId: ID, $categoryId: ID, $partyMember: Boolean, $onDuty: Boolean, $regionId: ID, $first: Int, $after: String) {
      volunteers(skillId: $skillId, categoryId: $categoryId, partyMember: $partyMember, onDuty: $onDuty, regionId: $regionId, first: $first, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`;
    const ids = (data: any) => data.volunteers.edges.map((e: any) => e.node.id);
    const health = (await gqlOk(`{ serviceCategories { id code } }`, {}, await asAdmin())).serviceCategories.find((c: any) => c.code === 'HEALTH').id;
    const bySkill = await gqlOk(LIST, { skillId: await skillId('NURSING') }, w.streetDispatcherA.token);
    expect(ids(bySkill)).to.include(nurse.volunteerId);
    expect(ids(bySkill)).not.to.include(other.volunteerId);
    expect(ids(await gqlOk(LIST, { categoryId: health, partyMember: true, onDuty: true }, w.streetDispatcherA.token))).to.include(nurse.volunteerId);
    expect(ids(await gqlOk(LIST, { partyMember: false }, w.streetDispatcherA.token))).not.to.include(nurse.volunteerId);
    expect(ids(await gqlOk(LIST, { skillId: await skillId('NURSING') }, await asAdmin()))).to.include.members([nurse.volunteerId, other.volunteerId]);
    expect(errorCode(await gql(LIST, { regionId: w.B.id }, w.streetDispatcherA.token))).to.equal('FORBIDDEN');
    // paging: two pages of one cover the first two without overlap
    const p1 = await gqlOk(LIST, { first: 1 }, w.streetDispatcherA.token);
    const p2 = await gqlOk(LIST, { first: 1, after: p1.volunteers.pageInfo.endCursor }, w.streetDispatcherA.token);
    const both = await gqlOk(LIST, { first: 2 }, w.streetDispatcherA.token);
    expect([...ids(p1), ...ids(p2)]).to.deep.equal(ids(both));
  });
});
