import { Readable } from 'node:stream';
import { expect } from 'chai';
import { fromGlobalId } from '../../../src/core/relay';
import { ImportJob } from '../../../src/modules/bulk/bulk.entity';
import { ImportJobStatus } from '../../../src/modules/bulk/bulk.enums';
import { IdHasher } from '../../../src/modules/volunteer/id-number';
import { IdType } from '../../../src/modules/volunteer/volunteer.enums';
import { csv, errorKeys, importFile, IMPORT_JOB, IMPORT_START, readJob, upload, waitForJob, xlsx } from '../../support/bulk-factories';
import { asAdmin, errorCode, gql, gqlOk } from '../../support/client';
import { createAccount, createTree, uniqueCode, type Tree } from '../../support/factories';
import { harness, TEST_ID_HASH_KEY } from '../../support/harness';
import { startLimitedApp } from '../../support/limited-app';
import { createVolunteer, uniqueResidentId } from '../../support/volunteer-factories';

const VOLUNTEERS_OF = `query($r: ID!) { volunteers(regionId: $r, first: 100) { edges { node { name phone idNumberLast4 gender birthDate partyMember status
  homeGrid { code } skills { code } availability { weekday start end } reportedInAt account { username } } } } }`;

const hasher = new IdHasher(new TextEncoder().encode(TEST_ID_HASH_KEY));
/** A resident ID whose check character is wrong. */
const corrupt = (id: string) => id.slice(0, 17) + (id[17] === '0' ? '1' : '0');

async function volunteersOf(regionId: string): Promise<any[]> {
  return (await gqlOk(VOLUNTEERS_OF, { r: regionId }, await asAdmin())).volunteers.edges.map((e: { node: unknown }) => e.node);
}

describe('bulk import (upload, importJobStart, importJob)', function () {
  this.timeout(120_000);
  let home: Tree;
  let other: Tree;

  before(async () => {
    home = await createTree([1, 1, 2]);
    other = await createTree([1, 1, 1]);
  });

  const community = () => home.children[0].children[0];

  it('imports volunteers from a CSV, each bad row refused whole and reported with its row, column and code; the same file again imports nothing twice', async () => {
    // given a register with two good rows and six bad ones
    const [a, b, c] = [uniqueResidentId(), uniqueResidentId(), uniqueResidentId()];
    const file = csv([
      ['name', 'phone', 'id_number', 'community_code', 'grid_code', 'skills', 'availability', 'party_member', 'reported_in_at', 'status', 'status_reason'],
      ['张志愿', '13800000001', a.idNumber, community().code, community().children[0].code, 'MEAL_DELIVERY;急救', '6 08:00-12:00;周日 14:00-18:00', '是', '2024-05-01', '', ''],
      ['李校验', '13800000002', corrupt(b.idNumber), community().code, '', '', '', '', '', '', ''],
      ['王无社区', '13800000003', b.idNumber, 'NO-SUCH-COMMUNITY', '', '', '', '', '', '', ''],
      ['赵重复', '13800000004', a.idNumber, community().code, '', '', '', '', '', '', ''],
      ['钱好人', '13800000005', c.idNumber, community().code, '', '', '', '否', '', '', ''],
      ['孙别处', '13800000006', uniqueResidentId().idNumber, community().code, other.children[0].children[0].children[0].code, '', '', '', '', '', ''],
      ['', '13800000007', uniqueResidentId().idNumber, community().code, '', '', '', '', '', '', ''],
      ['周暂停', '13800000008', uniqueResidentId().idNumber, community().code, '', '', '', '', '', 'SUSPENDED', ''],
    ]);
    // when an admin uploads and imports it
    const job = await importFile('VOLUNTEERS', file);
    // then the good rows are in, each bad one is reported and nothing of it was written
    expect(job).to.deep.include({ status: 'COMPLETED', rowsTotal: 8, rowsDone: 8, rowsImported: 2, rowsSkipped: 0, rowsFailed: 6, fractionDone: 1 });
    expect(errorKeys(job)).to.deep.equal([
      [3, 'id_number', 'INVALID'],
      [4, 'community_code', 'NOT_FOUND'],
      [5, 'id_number', 'DUPLICATE_IN_FILE'],
      [7, 'grid_code', 'INVALID'],
      [8, 'name', 'REQUIRED'],
      [9, 'status_reason', 'INVALID'],
    ]);
    expect(job.errors[2].message).to.equal('the same ID number as row 2');
    for (const e of job.errors) expect(e.message, 'no personal value in a message').not.to.match(/\d{17}/);
    const people = await volunteersOf(community().id);
    expect(people.map((p) => p.name).sort()).to.deep.equal(['张志愿', '钱好人']);
    const zhang = people.find((p) => p.name === '张志愿');
    expect(zhang.skills.map((k: { code: string }) => k.code).sort()).to.deep.equal(['FIRST_AID', 'MEAL_DELIVERY']);
    expect(zhang).to.deep.include({
      idNumberLast4: a.idNumber.slice(-4),
      birthDate: a.birthDate,
      gender: a.gender,
      partyMember: true,
      status: 'ACTIVE',
      reportedInAt: '2024-05-01',
      homeGrid: { code: community().children[0].code },
      availability: [
        { weekday: 6, start: '08:00', end: '12:00' },
        { weekday: 7, start: '14:00', end: '18:00' },
      ],
      account: { username: `v-${hasher.hash(IdType.RESIDENT_ID, a.idNumber).slice(0, 16)}` },
    });

    // when the same file is imported again
    const again = await importFile('VOLUNTEERS', file);
    // then it is a new job that skips what is there and reports the same bad rows
    expect(again.id).not.to.equal(job.id);
    expect(again).to.deep.include({ status: 'COMPLETED', rowsImported: 0, rowsSkipped: 2, rowsFailed: 6 });
    expect(errorKeys(again)).to.deep.equal(errorKeys(job));
    expect(await volunteersOf(community().id)).to.have.length(2);
  });

  it('takes over a VOLUNTEER account named in the file that has no registration yet; a name held by anyone else is refused', async () => {
    // given a volunteer who signed up before the register was imported, a registered one, and a dispatcher
    const signedUp = await createAccount('VOLUNTEER');
    const registered = await createVolunteer();
    const dispatcher = await createAccount('DISPATCHER', home.id);
    const row = (name: string, username: string) => [name, '13600000001', uniqueResidentId().idNumber, community().code, username];
    // when the register names their usernames
    const job = await importFile(
      'VOLUNTEERS',
      csv([['name', 'phone', 'id_number', 'community_code', 'username'], row('先注册', signedUp.username.toUpperCase()), row('已登记', registered.username), row('调度员', dispatcher.username)]),
    );
    // then the first is registered on their own account, which now signs in as that volunteer
    expect(errorKeys(job)).to.deep.equal([
      [3, 'username', 'CONFLICT'],
      [4, 'username', 'INVALID'],
    ]);
    const me = await gqlOk(`{ viewer { username volunteer { name homeCommunity { code } } } }`, {}, signedUp.token);
    expect(me.viewer).to.deep.equal({ username: signedUp.username, volunteer: { name: '先注册', homeCommunity: { code: community().code } } });
  });

  it('reads a city\'s XLSX as it is: Chinese headers under a title, date cells, another ID type; an ID number stored as a number is refused with the reason', async () => {
    // given a workbook with a title row, Chinese headers and a column the import does not know
    const resident = uniqueResidentId();
    const passport = `E${Date.now().toString().slice(-8)}`;
    const file = await xlsx([
      ['安康社区志愿者名册（2024年）'],
      ['姓名', '手机号码', '证件类型', '身份证号', '性别', '出生日期', '所属社区编码', '备注'],
      ['约翰', '13900000001', '护照', passport, '男', new Date(Date.UTC(1990, 0, 2)), community().code, '外籍'],
      ['李数字', '13900000002', '', 110105194912310020, '', '', community().code, ''],
      ['王文本', '13900000003', '身份证', resident.idNumber, '', '', community().code, ''],
    ]);
    // when imported
    const job = await importFile('VOLUNTEERS', file, '名册.xlsx');
    // then
    expect(job).to.deep.include({ status: 'COMPLETED', rowsTotal: 3, rowsImported: 2, rowsFailed: 1, ignoredColumns: ['备注'] });
    expect(errorKeys(job)).to.deep.equal([[4, 'id_number', 'INVALID']]);
    expect(job.errors[0].message).to.match(/stored as a number.*format the column as text/);
    const people = await volunteersOf(community().id);
    expect(people.find((p) => p.name === '约翰')).to.deep.include({ gender: 'MALE', birthDate: '1990-01-02', idNumberLast4: passport.slice(-4) });
    expect(people.find((p) => p.name === '王文本')).to.deep.include({ birthDate: resident.birthDate });
  });

  it('imports the hierarchy by code and parent code, top down, and teams with their parent, leader and specialties', async () => {
    // given a region file: levels left to be inferred, and rows that cannot be placed
    const code = (level: string) => uniqueCode(`B${level}`);
    const [d, s, c, g] = [code('D'), code('S'), code('C'), code('G')];
    const regions = await importFile(
      'REGIONS',
      csv([
        ['code', 'parent_code', 'level', 'name', 'population'],
        [d, '', '', '测试区', '900000'],
        [s, d, '', '测试街道', ''],
        [c, s, 'COMMUNITY', '测试社区', '4000'],
        [g, c, '网格', '测试网格', '300'],
        [code('X'), 'NO-SUCH-PARENT', '', '孤儿', ''],
        [code('Y'), g, '', '太深', ''],
        [s, d, '', '重复', ''],
        ['bad code!', d, '', '坏编码', ''],
        [home.code, '', '', '已有的区', ''],
      ]),
    );
    expect(regions).to.deep.include({ rowsImported: 4, rowsSkipped: 1, rowsFailed: 4 });
    expect(errorKeys(regions)).to.deep.equal([
      [6, 'parent_code', 'NOT_FOUND'],
      [7, 'parent_code', 'INVALID'],
      [8, 'code', 'DUPLICATE_IN_FILE'],
      [9, 'code', 'INVALID'],
    ]);
    const grid = (await gqlOk(`query($c: String!) { regionByCode(code: $c) { level population ancestors { code } } }`, { c: g }, await asAdmin())).regionByCode;
    expect(grid).to.deep.equal({ level: 'GRID', population: 300, ancestors: [{ code: d }, { code: s }, { code: c }] });

    // and a team file naming leaders by ID number and parents by region and name
    const leader = await createVolunteer();
    const squad = uniqueCode('队');
    const teams = await importFile(
      'TEAMS',
      csv([
        ['name', 'kind', 'region_code', 'parent_region_code', 'parent_name', 'specialties', 'leader_id_number', 'active'],
        [squad, 'STREET_SQUAD', s, '', '', 'ELDER_CARE', leader.idNumber, ''],
        ['社区小队', '小队', c, s, squad, 'ELDER_CARE;HEALTH', '', '1'],
        ['错层级', 'COMMUNITY_TEAM', s, '', '', '', '', ''],
        ['无队长', 'PROFESSIONAL_TEAM', c, '', '', '', uniqueResidentId().idNumber, ''],
        ['无上级', 'PROFESSIONAL_TEAM', c, s, '不存在的队', '', '', ''],
        ['应急队', '应急救援队', d, '', '', '', '', '否'],
      ]),
    );
    expect(teams).to.deep.include({ rowsImported: 3, rowsFailed: 3 });
    expect(errorKeys(teams)).to.deep.equal([
      [4, 'region_code', 'INVALID'],
      [5, 'leader_id_number', 'NOT_FOUND'],
      [6, 'parent_name', 'NOT_FOUND'],
    ]);
    const districtId = (await gqlOk(`query($c: String!) { regionByCode(code: $c) { id } }`, { c: d }, await asAdmin())).regionByCode.id;
    const listed = await gqlOk(`query($r: ID!) { teams(regionId: $r, includeInactive: true) { edges { node { name kind active parent { name } leader { name } specialties { code } } } } }`, { r: districtId }, await asAdmin());
    expect(listed.teams.edges.map((e: { node: unknown }) => e.node)).to.deep.equal([
      { name: squad, kind: 'STREET_SQUAD', active: true, parent: null, leader: { name: '张志愿' }, specialties: [{ code: 'ELDER_CARE' }] },
      { name: '社区小队', kind: 'COMMUNITY_TEAM', active: true, parent: { name: squad }, leader: null, specialties: [{ code: 'ELDER_CARE' }, { code: 'HEALTH' }] },
      { name: '应急队', kind: 'EMERGENCY_TEAM', active: false, parent: null, leader: null, specialties: [] },
    ]);
  });

  it('a row the database refuses at insert fails alone: the rest of its batch is imported, nothing of it is left behind', async () => {
    // given the database refuses one name (a trigger stands in for any failure the checks cannot foresee)
    const mysql = harness().db.options.type === 'mysql';
    await harness().db.query(
      mysql
        ? "CREATE TRIGGER bulk_test_refuse BEFORE INSERT ON volunteer FOR EACH ROW BEGIN IF NEW.name = '拒绝入库' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused by the test'; END IF; END"
        : "CREATE TRIGGER bulk_test_refuse BEFORE INSERT ON volunteer WHEN NEW.name = '拒绝入库' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END",
    );
    try {
      const [x, refused, y] = [uniqueResidentId(), uniqueResidentId(), uniqueResidentId()];
      const target = other.children[0].children[0];
      // when the three rows are imported in one batch
      const job = await importFile(
        'VOLUNTEERS',
        csv([
          ['name', 'phone', 'id_number', 'community_code'],
          ['前一行', '13700000001', x.idNumber, target.code],
          ['拒绝入库', '13700000002', refused.idNumber, target.code],
          ['后一行', '13700000003', y.idNumber, target.code],
        ]),
      );
      // then
      expect(job).to.deep.include({ rowsImported: 2, rowsFailed: 1 });
      expect(errorKeys(job)).to.deep.equal([[3, null, 'WRITE_FAILED']]);
      expect(job.errors[0].message).not.to.include('refused by the test');
      expect((await volunteersOf(target.id)).map((v) => v.name).sort()).to.deep.equal(['前一行', '后一行']);
      const hash = hasher.hash(IdType.RESIDENT_ID, refused.idNumber);
      const [accounts] = await harness().db.query('SELECT COUNT(*) AS n FROM account WHERE username = ?', [`v-${hash.slice(0, 16)}`]);
      expect(Number(accounts.n), 'the account made for the refused row was rolled back with it').to.equal(0);
    } finally {
      await harness().db.query('DROP TRIGGER bulk_test_refuse');
    }
  });

  it('is for platform admins: the upload, the mutation and the job; an upload is its uploader\'s alone', async () => {
    const dispatcher = await createAccount('DISPATCHER', home.id);
    const file = csv([['code', 'name'], [uniqueCode('Z'), '无权']]);
    expect((await upload(file, 'r.csv', null)).status).to.equal(401);
    const refused = await upload(file, 'r.csv', dispatcher.token);
    expect(refused.status).to.equal(403);
    expect(refused.body.errors[0].extensions.code).to.equal('FORBIDDEN');
    const mine = await upload(file, 'r.csv');
    expect(errorCode(await gql(IMPORT_START, { input: { uploadId: mine.body.uploadId, kind: 'REGIONS' } }, dispatcher.token))).to.equal('FORBIDDEN');
    // another admin cannot start a job on it
    const otherAdmin = await createAccount('PLATFORM_ADMIN');
    const theirs = await gqlOk(IMPORT_START, { input: { uploadId: mine.body.uploadId, kind: 'REGIONS' } }, otherAdmin.token);
    expect(theirs.importJobStart.userErrors).to.deep.equal([{ field: ['input', 'uploadId'], message: 'no such upload of yours', code: 'NOT_FOUND' }]);
    const started = await gqlOk(IMPORT_START, { input: { uploadId: mine.body.uploadId, kind: 'REGIONS' } }, await asAdmin());
    const job = await waitForJob(started.importJobStart.job.id);
    expect(job.startedBy).to.deep.equal({ username: 'admin' });
    expect(errorCode(await gql(IMPORT_JOB, { id: job.id }, dispatcher.token))).to.equal('FORBIDDEN');
    // and the start is in the audit log, with the job as its target
    const audit = await gqlOk(`{ auditLog(first: 5, filter: { operation: "importJobStart", outcome: OK }) { edges { node { targetId inputFields } } } }`, {}, await asAdmin());
    expect(audit.auditLog.edges.map((e: { node: { targetId: string } }) => e.node.targetId)).to.include(job.id);
  });

  it('a file that is not one of the kind fails as a whole, saying why', async () => {
    const job = await importFile('VOLUNTEERS', csv([['code', 'parent_code', 'name'], ['A', '', 'x']]));
    expect(job).to.deep.include({ status: 'FAILED', rowsImported: 0 });
    expect(job.failure).to.match(/no header row/);
    const missing = await importFile('VOLUNTEERS', csv([['name', 'phone'], ['a', '1']]));
    expect(missing.failure).to.equal('the file lacks the required column community_code');
  });

  it('refuses an upload over IMPORT_UPLOAD_LIMIT_MB with 413 and keeps nothing of it', async () => {
    const limited = await startLimitedApp({ IMPORT_UPLOAD_LIMIT_MB: '1' });
    try {
      const before = Number((await harness().db.query('SELECT COUNT(*) AS n FROM import_upload'))[0].n);
      const res = await fetch(`${limited.url.replace(/\/graphql$/, '')}/imports?filename=big.csv`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await asAdmin()}` },
        body: Buffer.alloc(1.5 * 1024 * 1024, 'a'),
      });
      expect(res.status).to.equal(413);
      expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).to.equal('LIMIT_EXCEEDED');
      // a chunked body declares no length: it is counted as it is stored, and dropped at the limit
      const chunked = await fetch(`${limited.url.replace(/\/graphql$/, '')}/imports?filename=big.csv`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await asAdmin()}` },
        body: Readable.toWeb(Readable.from(Array.from({ length: 6 }, () => Buffer.alloc(256 * 1024, 'b')))) as ReadableStream,
        duplex: 'half',
      } as RequestInit);
      expect(chunked.status).to.equal(413);
      expect(Number((await harness().db.query('SELECT COUNT(*) AS n FROM import_upload'))[0].n)).to.equal(before);
    } finally {
      await limited.stop();
    }
  });

  it('a starting server resumes an uploaded job whose process died, from the row its last batch reached', async () => {
    // given an uploaded region file whose job a process that no longer exists had taken to row 4
    const codes = Array.from({ length: 8 }, () => uniqueCode('R'));
    const uploaded = await upload(csv([['code', 'parent_code', 'name'], ...codes.map((code) => ['' + code, '', '区' + code])]), 'resume.csv');
    const admin = fromGlobalId((await gqlOk(`{ viewer { id } }`, {}, await asAdmin())).viewer.id, ['Account'])!.id;
    const saved = await harness().db.getRepository(ImportJob).save({
      kind: 'REGIONS',
      format: 'CSV',
      fileName: 'resume.csv',
      contentHash: uploaded.body.sha256,
      bytes: uploaded.body.bytes,
      uploadId: fromGlobalId(uploaded.body.uploadId, ['ImportUpload'])!.id,
      status: ImportJobStatus.RUNNING,
      lastRow: 4,
      rowsDone: 3,
      rowsImported: 3,
      ownerId: 'a-host-that-went-away:1:dead',
      heartbeatAt: new Date(Date.now() - 3600_000),
      startedById: admin,
    } as Partial<ImportJob>);
    const id = Buffer.from(`ImportJob:${saved.id}`).toString('base64url');
    expect((await readJob(id)).status).to.equal('INTERRUPTED');
    // when a server starts
    const second = await startLimitedApp({});
    try {
      const job = await waitForJob(id);
      // then it finished the rows after row 4, once
      expect(job).to.deep.include({ status: 'COMPLETED', resumedCount: 1, rowsDone: 8, rowsImported: 8, rowsTotal: 8 });
      const found = await harness().db.query(`SELECT code FROM region WHERE code IN (${codes.map(() => '?').join(', ')})`, codes);
      expect(found.map((r: { code: string }) => r.code).sort()).to.deep.equal(codes.slice(3).sort());
    } finally {
      await second.stop();
    }
  });
});
