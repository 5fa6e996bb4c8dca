import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { fromGlobalId } from '../../../src/core/relay';
import { Demand } from '../../../src/modules/demand/demand.entity';
import { DemandChannel, DemandStatus, HandlingLevel, Urgency } from '../../../src/modules/demand/demand.enums';
import { ExportKind } from '../../../src/modules/export/export.columns';
import { ExportLinks } from '../../../src/modules/export/export.link';
import { ALL_REGION_TYPES } from '../../../src/modules/region/region.types';
import { loadJwtKey } from '../../../src/server/auth';
import { asAdmin, gql, gqlOk } from '../../support/client';
import { categoryId, createDemand, createWorld, step, type World } from '../../support/demand-factories';
import { createAccount, createTree, uniqueCode } from '../../support/factories';
import { harness } from '../../support/harness';
import { createVolunteer } from '../../support/volunteer-factories';

const LINK = `mutation($input: ExportLinkCreateInput!) { exportLinkCreate(input: $input) { link { url expiresAt filename } userErrors { field message code } } }`;

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const yesterday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() - 24 * 3600_000));
const base = () => harness().url.replace(/\/graphql$/, '');

async function link(token: string, input: Record<string, unknown>) {
  const data = await gqlOk(LINK, { input: { from: today(), to: today(), ...input } }, token);
  expect(data.exportLinkCreate.userErrors, JSON.stringify(data.exportLinkCreate.userErrors)).to.deep.equal([]);
  return data.exportLinkCreate.link;
}

/** Downloads as a browser would (no Authorization header) and parses the CSV into objects by header. */
async function download(url: string): Promise<{ status: number; body: string; rows: Record<string, string>[]; headers: string[]; type: string | null }> {
  const res = await fetch(base() + url);
  const bytes = Buffer.from(await res.arrayBuffer());
  const body = bytes.toString('utf8');
  if (res.status !== 200) return { status: res.status, body, rows: [], headers: [], type: res.headers.get('content-type') };
  expect([...bytes.subarray(0, 3)], 'a byte-order mark for spreadsheet programs').to.deep.equal([0xef, 0xbb, 0xbf]);
  const records: string[][] = parse(body.slice(1));
  const [headers, ...lines] = records;
  return { status: 200, body, headers, rows: lines.map((l) => Object.fromEntries(headers.map((h, i) => [h, l[i]]))), type: res.headers.get('content-type') };
}

describe('CSV exports', function () {
  this.timeout(120_000);
  let w: World;

  before(async () => {
    w = await createWorld(1);
  });

  it('a dispatcher downloads the demands of their scope, contacts shown as on the demand itself, with a short-lived link', async () => {
    // given two demands in community A, one of them escalated to the street (no longer the community's to handle)
    const kept = await createDemand(w.resident.token, { gridId: w.gridA.id, title: '=HYPERLINK("http://evil")', contactName: '王秀英', contactPhone: '13912345678', address: '幸福里 3 号' });
    const escalated = await createDemand(w.resident.token, { gridId: w.gridA.id, contactName: '李建国', contactPhone: '13887654321' });
    await step('escalate', w.communityDispatcherA.token, { id: escalated.id, note: '街道协调' });
    // when the community dispatcher exports
    const l = await link(w.communityDispatcherA.token, { kind: 'DEMANDS', regionId: w.A.children[0].id });
    expect(Date.parse(l.expiresAt) - Date.now()).to.be.within(0, 300_000);
    expect(l.filename).to.match(/^demands-.*\.csv$/);
    const csv = await download(l.url);
    // then
    expect(csv.status).to.equal(200);
    expect(csv.type).to.match(/^text\/csv; charset=utf-8/);
    const byNumber = new Map(csv.rows.map((r) => [r.number, r]));
    expect(byNumber.get(kept.number)).to.deep.include({ status: 'SUBMITTED', contact_name: '王秀英', contact_phone: '13912345678', address: '幸福里 3 号', grid: w.gridA.code });
    expect(byNumber.get(kept.number)!.title, 'a formula is defused').to.equal('\'=HYPERLINK("http://evil")');
    expect(byNumber.get(escalated.number)).to.deep.include({ contact_name: '李**', contact_phone: '138****4321', handling_level: 'STREET' });
    // and the street's dispatcher, who handles it now, sees it in full
    const street = await download((await link(w.streetDispatcherA.token, { kind: 'DEMANDS', regionId: w.A.id })).url);
    expect(street.rows.find((r) => r.number === escalated.number)).to.deep.include({ contact_name: '李建国', contact_phone: '13887654321' });
  });

  it('an analyst\'s exports have no personal columns and no personal data', async () => {
    // given a demand, a volunteer and an approved service record in street A
    await createDemand(w.resident.token, { gridId: w.gridA.id, contactName: '赵淑芬', contactPhone: '13700001111', title: '赵淑芬家水管' });
    const volunteer = await createVolunteer({ communityId: w.A.children[0].id, name: '钱志强', phone: '13600002222' });
    const record = await gqlOk(`mutation($input: ServiceRecordCreateInput!) { serviceRecordCreate(input: $input) { record { id } userErrors { code message } } }`, {
      input: { volunteerId: volunteer.volunteerId, categoryId: await categoryId('CONVENIENCE'), startedAt: new Date(Date.now() - 3 * 3600_000).toISOString(), minutes: 60, description: '帮钱志强的邻居修电脑' },
    }, w.communityDispatcherA.token);
    expect(record.serviceRecordCreate.userErrors).to.deep.equal([]);
    for (const kind of Object.values(ExportKind)) {
      // when the analyst exports each kind
      // from yesterday: the record began 3 hours ago, which is yesterday until 03:00 city time
      const csv = await download((await link(w.analystA.token, { kind, regionId: w.A.id, from: yesterday() })).url);
      expect(csv.status, kind).to.equal(200);
      expect(csv.rows.length, `${kind} has rows`).to.be.above(0);
      // then no column that names or reaches a person, and none of their data anywhere in the file
      for (const personal of ['title', 'description', 'contact_name', 'contact_phone', 'address', 'feedback', 'name', 'phone', 'birth_date', 'volunteer_id', 'volunteer_name', 'home_grid', 'employer']) {
        expect(csv.headers, kind).not.to.include(personal);
      }
      for (const secret of ['赵淑芬', '13700001111', '钱志强', '13600002222', volunteer.idNumber]) expect(csv.body, `${kind}: ${secret}`).not.to.include(secret);
    }
    const volunteers = await download((await link(w.analystA.token, { kind: 'VOLUNTEERS', regionId: w.A.id })).url);
    expect(volunteers.headers).to.include.members(['gender', 'age_band', 'party_member', 'home_community', 'status', 'certified_hours']);
    // while the community's dispatcher gets the full registration
    const full = await download((await link(w.communityDispatcherA.token, { kind: 'VOLUNTEERS', regionId: w.A.children[0].id })).url);
    expect(full.rows.find((r) => r.name === '钱志强')).to.deep.include({ phone: '13600002222', volunteer_id: volunteer.volunteerId });
    const records = await download((await link(w.communityDispatcherA.token, { kind: 'SERVICE_RECORDS', regionId: w.A.children[0].id, from: yesterday() })).url);
    expect(records.rows.find((r) => r.volunteer_name === '钱志强')).to.deep.include({ minutes: '60', status: 'PENDING', category: 'CONVENIENCE', description: '帮钱志强的邻居修电脑' });
  });

  it('streams thousands of rows in id order, each exactly once, across its batches', async () => {
    // given 2,500 demands placed today in a grid of their own (written directly: the API is not what this tests)
    const tree = await createTree([1, 1, 1]);
    const grid = tree.children[0].children[0].children[0];
    const gridId = fromGlobalId(grid.id, ALL_REGION_TYPES)!.id;
    const category = fromGlobalId(await categoryId(), ['ServiceCategory'])!.id;
    const creator = fromGlobalId(w.resident.id, ['Account'])!.id;
    const numbers: string[] = [];
    for (let i = 0; i < 2500; i += 250) {
      const rows = Array.from({ length: 250 }, () => {
        const number = uniqueCode('X');
        numbers.push(number);
        return { number, title: 'bulk', categoryId: category, urgency: Urgency.ROUTINE, channel: DemandChannel.HOTLINE, status: DemandStatus.SUBMITTED, handlingLevel: HandlingLevel.COMMUNITY, gridId, createdById: creator, photos: [], completionPhotos: [], acceptDueAt: new Date(), dueAt: new Date() };
      });
      await harness().db.getRepository(Demand).insert(rows);
    }
    const admin = await createAccount('DISPATCHER', tree.id);
    // when exported
    const csv = await download((await link(admin.token, { kind: 'DEMANDS', regionId: tree.id })).url);
    // then every demand once, in order
    expect(csv.rows.map((r) => r.number)).to.deep.equal(numbers);
  });

  it('a link is refused once expired (410), when altered, when its account is disabled, and never works as a sign-in token', async () => {
    const dispatcher = await createAccount('DISPATCHER', w.A.id);
    const l = await link(dispatcher.token, { kind: 'DEMANDS', regionId: w.A.id });
    // altered
    expect((await download(l.url.slice(0, -2) + (l.url.endsWith('AA') ? 'BB' : 'AA'))).status).to.equal(403);
    // expired: signed by the same key with a lifetime already over
    const claims = { accountId: fromGlobalId(dispatcher.id, ['Account'])!.id, kind: ExportKind.DEMANDS, regionId: fromGlobalId(w.A.id, ALL_REGION_TYPES)!.id, from: today(), to: today(), timeZone: 'Asia/Shanghai' };
    const expired = await new ExportLinks(loadJwtKey(harness().config), -60).sign(claims);
    const gone = await download(expired.path);
    expect(gone.status).to.equal(410);
    expect(gone.body).to.match(/expired/);
    // a link as a bearer token, and a sign-in token as a link
    const token = l.url.split('/').pop()!;
    expect((await gqlOk(`{ viewer { id } }`, {}, token)).viewer).to.equal(null);
    expect((await download(`/exports/${dispatcher.token}`)).status).to.equal(403);
    // the account disabled after the link was made
    await gqlOk(`mutation($input: AccountDisableInput!) { accountDisable(input: $input) { userErrors { code } } }`, { input: { id: dispatcher.id } }, await asAdmin());
    expect((await download(l.url)).status).to.equal(403);
  });

  it('bad input is refused with the field at fault; residents cannot export', async () => {
    const problems = async (input: Record<string, unknown>, token = w.communityDispatcherA.token) =>
      (await gqlOk(LINK, { input: { kind: 'DEMANDS', regionId: w.A.children[0].id, from: today(), to: today(), ...input } }, token)).exportLinkCreate;
    expect((await problems({ regionId: w.B.id })).userErrors).to.deep.equal([{ field: ['input', 'regionId'], message: 'the region is outside your jurisdiction', code: 'FORBIDDEN' }]);
    expect((await problems({ from: '2026-13-01' })).userErrors[0]).to.deep.include({ field: ['input', 'from'], code: 'INVALID' });
    expect((await problems({ timeZone: 'Nowhere/Town' })).userErrors[0]).to.deep.include({ field: ['input', 'timeZone'], code: 'INVALID' });
    expect((await problems({}))).to.have.property('link').that.is.not.null;
    const res = await gql(LINK, { input: { kind: 'DEMANDS', regionId: w.gridA.id, from: today(), to: today() } }, w.resident.token);
    expect(res.errors?.[0]?.extensions?.code).to.equal('FORBIDDEN');
  });
});
