import { expect } from 'chai';
import { errorCode, gql, gqlOk } from '../../support/client';
import { categoryId, createDemand, createWorld, type World } from '../../support/demand-factories';
import { LiveClient } from '../../support/live-client';
import { createVolunteer, type VolunteerRef } from '../../support/volunteer-factories';

const PERIOD = { from: '2026-01-01', to: '2026-12-31' };
const STATS = `query($regionId: ID!, $from: String!, $to: String!) { regionStats(regionId: $regionId, from: $from, to: $to) {
  residents volunteers { registered active byGender { gender count } byAgeBand { band count } } hours { total byCategory { hours } }
  demands { total byStatus { status count } byChannel { channel count } timeToAccept { count medianMinutes } } } }`;

describe('analytics: analysts see aggregates of their scope, never a person', function () {
  this.timeout(60_000);
  let w: World;
  let volunteer: VolunteerRef;
  let demand: { id: string };

  before(async () => {
    w = await createWorld(0);
    volunteer = await createVolunteer({ communityId: w.A.children[0].id, name: '孙丽华', phone: '13500003333' });
    demand = await createDemand(w.resident.token, { gridId: w.gridA.id, title: '孙丽华家老人需要陪诊', contactName: '孙丽华', contactPhone: '13500003333', address: '和平路 8 号' });
  });

  it('an analyst reads the figures of their scope, and nothing in them names anyone', async () => {
    const { regionStats } = await gqlOk(STATS, { regionId: w.A.id, ...PERIOD }, w.analystA.token);
    expect(regionStats.volunteers.registered).to.be.at.least(1);
    expect(regionStats.demands.total).to.be.at.least(1);
    const text = JSON.stringify(regionStats);
    for (const secret of ['孙丽华', '13500003333', '和平路', volunteer.idNumber]) expect(text).not.to.include(secret);
  });

  it('outside their scope, an analyst gets FORBIDDEN from every figure', async () => {
    const queries: [string, Record<string, unknown>][] = [
      [STATS, { regionId: w.B.id, ...PERIOD }],
      [STATS, { regionId: w.tree.id, ...PERIOD }],
      [`query($r: ID!) { regionRanking(regionId: $r, metric: DEMANDS, from: "2026-01-01", to: "2026-01-31") { rank } }`, { r: w.tree.id }],
      [`query($r: ID!) { regionSeries(regionId: $r, metric: DEMANDS, bucket: MONTH, from: "2026-01-01", to: "2026-03-31") { value } }`, { r: w.B.id }],
      [`query($r: ID!) { regionHeatmap(regionId: $r) { open } }`, { r: w.B.id }],
    ];
    for (const [query, variables] of queries) expect(errorCode(await gql(query, variables, w.analystA.token)), query).to.equal('FORBIDDEN');
  });

  it('an analyst reads no demand, volunteer or service record, and does not get the demand feed', async () => {
    const node = `query($id: ID!) { node(id: $id) { id } }`;
    const record = await gqlOk(`mutation($input: ServiceRecordCreateInput!) { serviceRecordCreate(input: $input) { record { id } userErrors { message } } }`, {
      input: { volunteerId: volunteer.volunteerId, categoryId: await categoryId(), startedAt: new Date(Date.now() - 7200_000).toISOString(), minutes: 30, description: '陪诊' },
    }, w.communityDispatcherA.token);
    for (const id of [demand.id, volunteer.volunteerId, record.serviceRecordCreate.record.id]) expect(errorCode(await gql(node, { id }, w.analystA.token)), id).to.equal('FORBIDDEN');
    expect(errorCode(await gql(`{ demands { totalCount } }`, {}, w.analystA.token))).to.equal('FORBIDDEN');
    expect(errorCode(await gql(`{ volunteers { totalCount } }`, {}, w.analystA.token))).to.equal('FORBIDDEN');
    const feed = new LiveClient(w.analystA.token);
    await feed.subscribe(`subscription($r: ID!) { demandEvents(regionId: $r) { id } }`, { r: w.A.id }, { registered: false });
    await feed.until(() => feed.errors.length > 0, 'the refusal');
    expect((feed.errors[0] as { extensions?: { code?: string } }).extensions?.code).to.equal('FORBIDDEN');
    await feed.close();
  });

  it('figures are for analysts, dispatchers and admins; residents, volunteers, partners and grid workers are refused', async () => {
    expect((await gqlOk(STATS, { regionId: w.A.id, ...PERIOD }, w.streetDispatcherA.token)).regionStats.residents).to.be.a('number');
    for (const token of [w.resident.token, volunteer.token, w.partner.token, w.gridWorkerA.token]) {
      expect(errorCode(await gql(STATS, { regionId: w.gridA.id, ...PERIOD }, token))).to.equal('FORBIDDEN');
    }
    // the heat map is for grid workers too
    expect((await gqlOk(`query($r: ID!) { regionHeatmap(regionId: $r) { open } }`, { r: w.gridA.id }, w.gridWorkerA.token)).regionHeatmap[0].open).to.be.at.least(1);
  });
});
