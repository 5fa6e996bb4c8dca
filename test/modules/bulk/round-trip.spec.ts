import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { openDatabase } from '../../../src/core/database';
import { Organisation } from '../../../src/modules/organisation/organisation.entity';
import { OrganisationKind } from '../../../src/modules/organisation/organisation.entity';
import { bulkExport, parseSheet } from '../../support/bulk-factories';
import { asAdmin, gqlOk } from '../../support/client';
import { categoryId } from '../../support/demand-factories';
import { createAccount, createTree, uniqueCode, type Tree } from '../../support/factories';
import { TEST_ID_HASH_KEY, TEST_JWT_SECRET } from '../../support/harness';
import { EXIT_WITHIN_MS, running, start, within } from '../../support/processes';
import { createTeam, TEAM_CREATE } from '../../support/team-factories';
import { createVolunteer, skillId, VOLUNTEER_REGISTER } from '../../support/volunteer-factories';

const KINDS = ['REGIONS', 'VOLUNTEERS', 'TEAMS'] as const;

/** A fresh installation with this one's ID hash key: another process on an empty embedded database. */
function freshInstallation(): { dir: string; env: Record<string, string> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-round-trip-'));
  return { dir, env: { NODE_ENV: 'test', DATA_DIR: dir, ID_HASH_KEY: TEST_ID_HASH_KEY, JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'warn' } };
}

async function run(entry: string, env: Record<string, string>, args: string[]): Promise<string> {
  const child = start(entry, env, args);
  const exit = await within(child.exited, EXIT_WITHIN_MS * 2, `${entry} to end`, child);
  expect(exit.code, `${entry}: ${child.out.stdout}${child.out.stderr}`).to.equal(0);
  return child.out.stdout;
}

describe('bulk export and re-import (round trip)', function () {
  this.timeout(300_000);
  let district: Tree;
  let organisation: string;
  const dirs: string[] = [];

  before(async function () {
    this.timeout(120_000);
    // given a district with everything the files carry: grids, an employer, skills, weekly windows,
    // coordinates, another ID type, a suspension, a party member's reporting-in date, and teams with
    // a parent, a leader, a liaison, specialties, an organisation and one dissolved
    district = await createTree([1, 2, 2]);
    const street = district.children[0];
    const [c1, c2] = street.children;
    organisation = uniqueCode('单位');
    const org = await gqlOk(`mutation($input: OrganisationCreateInput!) { organisationCreate(input: $input) { organisation { id } userErrors { message } } }`, { input: { name: organisation, kind: 'ENTERPRISE' } }, await asAdmin());
    const organisationId = org.organisationCreate.organisation.id;
    const leader = await createVolunteer({ communityId: c1.id, gridId: c1.children[0].id, name: '=SUM(1)', phone: '+86 138 0013 8000', skills: ['FIRST_AID', 'MEAL_DELIVERY'], partyMember: true, organisationId, latitude: 45.7, longitude: 126.6, availability: [{ weekday: 6, start: '08:00', end: '12:00' }] });
    const liaison = await createVolunteer({ communityId: c2.id, gridId: null, name: '李联络' });
    const passportHolder = await createAccount('VOLUNTEER');
    const passport = await gqlOk(VOLUNTEER_REGISTER, {
      input: { accountId: passportHolder.id, name: 'Anna Schmidt', phone: '13900001111', idType: 'PASSPORT', idNumber: `C${Date.now().toString().slice(-8)}`, birthDate: '1991-03-04', gender: 'FEMALE', communityId: c2.id, reportedInAt: '2024-05-01', skillIds: [await skillId('COUNSELLING')] },
    }, await asAdmin());
    expect(passport.volunteerRegister.userErrors).to.deep.equal([]);
    const suspended = await gqlOk(`mutation($input: VolunteerStatusSetInput!) { volunteerStatusSet(input: $input) { userErrors { message } } }`, { input: { id: passport.volunteerRegister.volunteer.id, status: 'SUSPENDED', reason: '长期外出' } }, await asAdmin());
    expect(suspended.volunteerStatusSet.userErrors).to.deep.equal([]);
    const squad = await createTeam(street.id, { kind: 'STREET_SQUAD', specialties: ['ELDER_CARE', 'HEALTH'], leader, name: uniqueCode('大队') });
    const child = await gqlOk(TEAM_CREATE, {
      input: { name: '社区小队', kind: 'COMMUNITY_TEAM', regionId: c1.id, parentId: squad.id, organisationId, description: '每周六助老', liaisonId: liaison.volunteerId, specialtyIds: [await categoryId('ELDER_CARE')] },
    }, await asAdmin());
    expect(child.teamCreate.userErrors).to.deep.equal([]);
    const dissolved = await createTeam(c2.id, { kind: 'EMERGENCY_TEAM', name: '已解散' });
    await gqlOk(`mutation($input: TeamUpdateInput!) { teamUpdate(input: $input) { userErrors { message } } }`, { input: { id: dissolved.id, active: false } }, await asAdmin());
  });

  afterEach(() => {
    for (const child of running) child.kill('SIGKILL');
  });

  after(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const format of ['CSV', 'XLSX'] as const) {
    it(`an admin's ${format} export of regions, volunteers and teams re-imports into a fresh installation, and exporting that gives the same files`, async () => {
      // when an admin exports the district
      const exported = Object.fromEntries(await Promise.all(KINDS.map(async (kind) => [kind, await bulkExport({ kind, regionId: district.id, format })] as const)));
      expect(exported.VOLUNTEERS.rows.map((r) => r.name).sort()).to.deep.equal(['=SUM(1)', 'Anna Schmidt', '李联络'].sort());
      // (every column the files carry is filled somewhere, so the comparison below compares something)
      const byName = new Map(exported.VOLUNTEERS.rows.map((r) => [r.name, r]));
      expect(byName.get('=SUM(1)')).to.deep.include({ phone: '+86 138 0013 8000', employer: organisation, latitude: '45.7', longitude: '126.6', availability: '6 08:00-12:00', skills: 'FIRST_AID;MEAL_DELIVERY', party_member: '1', grid_code: district.children[0].children[0].children[0].code });
      expect(byName.get('Anna Schmidt')).to.deep.include({ id_type: 'PASSPORT', gender: 'FEMALE', birth_date: '1991-03-04', status: 'SUSPENDED', status_reason: '长期外出', reported_in_at: '2024-05-01', skills: 'COUNSELLING' });
      expect(exported.TEAMS.rows.map((t) => [t.name === '社区小队' ? t.name : t.kind, t.parent_name !== '', t.leader_id_number_hash !== '', t.liaison_id_number_hash !== '', t.organisation !== '', t.description, t.specialties, t.active])).to.deep.equal([
        ['STREET_SQUAD', false, true, false, false, '', 'ELDER_CARE;HEALTH', '1'],
        ['社区小队', true, false, true, true, '每周六助老', 'ELDER_CARE', '1'],
        ['EMERGENCY_TEAM', false, false, false, false, '', '', '0'],
      ]);
      expect(exported.VOLUNTEERS.rows.every((r) => /^hmac:[0-9a-f]{12}:[0-9a-f]{64}$/.test(r.id_number_hash) && r.id_number === ''), 'identity as keyed hashes, never numbers').to.equal(true);
      // and the files are imported into another installation (its own empty database, the same ID hash key), where the employer exists
      const fresh = freshInstallation();
      dirs.push(fresh.dir);
      const db = await openDatabase({ kind: 'sqlite', file: path.join(fresh.dir, 'volunteer-grid.sqlite') });
      await db.getRepository(Organisation).save({ name: organisation, kind: OrganisationKind.ENTERPRISE });
      await db.destroy();
      const ext = format.toLowerCase();
      const files = Object.fromEntries(KINDS.map((kind) => [kind, path.join(fresh.dir, `${kind.toLowerCase()}.${ext}`)]));
      for (const kind of KINDS) fs.writeFileSync(files[kind], exported[kind].bytes);
      const imported = await run('src/cli/import.ts', fresh.env, KINDS.flatMap((kind) => [kind.toLowerCase(), files[kind]]));
      expect(imported).to.match(/REGIONS.*COMPLETED; 8 rows: 8 imported/);
      expect(imported).to.match(/VOLUNTEERS.*COMPLETED; 3 rows: 3 imported/);
      expect(imported).to.match(/TEAMS.*COMPLETED; 3 rows: 3 imported/);
      // then exporting there gives the same rows
      const again = Object.fromEntries(KINDS.map((kind) => [kind, path.join(fresh.dir, `again-${kind.toLowerCase()}.${ext}`)]));
      await run('src/cli/export.ts', fresh.env, [...KINDS.flatMap((kind) => [kind.toLowerCase(), again[kind]]), '--region', district.code]);
      for (const kind of KINDS) {
        const second = await parseSheet(fs.readFileSync(again[kind]));
        expect(second.headers, kind).to.deep.equal(exported[kind].headers);
        expect(second.rows, kind).to.deep.equal(exported[kind].rows);
      }
    });
  }

  it('others get what their role may see: no identity columns for a dispatcher, no personal ones for an analyst', async () => {
    const dispatcher = await createAccount('DISPATCHER', district.id);
    const analyst = await createAccount('ANALYST', district.id);
    const full = await bulkExport({ kind: 'VOLUNTEERS', regionId: district.id });
    const staff = await bulkExport({ kind: 'VOLUNTEERS', regionId: district.id, format: 'XLSX' }, dispatcher.token);
    expect(staff.headers).to.deep.equal(full.headers.filter((h) => h !== 'id_number_hash' && h !== 'username'));
    expect(staff.rows.map((r) => r.phone).sort()).to.deep.equal(full.rows.map((r) => r.phone).sort());
    const figures = await bulkExport({ kind: 'VOLUNTEERS' }, analyst.token);
    expect(figures.headers).to.deep.equal(['id_type', 'gender', 'party_member', 'community_code', 'skills', 'availability', 'status']);
    expect(figures.rows).to.have.length(3);
    for (const secret of ['李联络', '13900001111', 'Anna']) expect(figures.bytes.toString('utf8')).not.to.include(secret);
    // a region outside the scope is refused
    const outside = await createTree([1, 1, 1]);
    const refused = await gqlOk(`mutation($input: BulkExportLinkCreateInput!) { bulkExportLinkCreate(input: $input) { link { url } userErrors { field code } } }`, { input: { kind: 'REGIONS', regionId: outside.id } }, dispatcher.token);
    expect(refused.bulkExportLinkCreate).to.deep.equal({ link: null, userErrors: [{ field: ['input', 'regionId'], code: 'FORBIDDEN' }] });
  });
});
