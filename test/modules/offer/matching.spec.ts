import { expect } from 'chai';
import { Volunteer } from '../../../src/modules/volunteer/volunteer.entity';
import { errorCode, gql, gqlOk } from '../../support/client';
import { categoryId, createDemand, createWorld, step, type World } from '../../support/demand-factories';
import { harness } from '../../support/harness';
import { createTeam } from '../../support/team-factories';
import { createVolunteer, type VolunteerOverrides, type VolunteerRef } from '../../support/volunteer-factories';

const CANDIDATES = `query($demandId: ID!, $first: Int, $kinds: [CandidateKind!]) {
  demandCandidates(demandId: $demandId, first: $first, kinds: $kinds) {
    rank kind score distanceKm availableNow volunteer { id } team { id } reasons { code points detail } } }`;
const dbId = (globalId: string) => Number(Buffer.from(globalId, 'base64url').toString().split(':')[1]);
const setHours = (v: VolunteerRef, minutes: number) => harness().db.getRepository(Volunteer).update({ id: dbId(v.volunteerId) }, { certifiedMinutes: minutes });

describe('matching: demandCandidates', () => {
  let w: World;
  let communityA: string;
  const volunteer = (overrides: VolunteerOverrides) => createVolunteer({ communityId: communityA, gridId: null, onDuty: true, ...overrides });
  const rank = async (demandId: string, token = w.communityDispatcherA.token, kinds = ['VOLUNTEER']) =>
    (await gqlOk(CANDIDATES, { demandId, first: 50, kinds }, token)).demandCandidates as any[];

  beforeEach(async () => {
    // a district of its own for each case: candidates are drawn from the demand's district
    w = await createWorld(0);
    communityA = w.A.children[0].id;
  });

  it('ranks by skill, closeness, availability and load, and explains each score', async () => {
    // given volunteers around grid A, for an elder-care demand in grid A
    const sameGrid = await volunteer({ gridId: w.gridA.id, skills: ['MEAL_DELIVERY'] });
    const sameCommunity = await volunteer({ skills: ['COMPANIONSHIP'] });
    const offDuty = await volunteer({ gridId: w.gridA.id, skills: ['MEAL_DELIVERY'], onDuty: false });
    const otherStreet = await volunteer({ communityId: w.B.children[0].id, skills: ['MEAL_DELIVERY'] });
    const noSkill = await volunteer({ gridId: w.gridA.id });
    const d = await createDemand(w.resident.token, { gridId: w.gridA.id, categoryId: await categoryId('ELDER_CARE') });
    // when the community dispatcher asks for candidates
    const ranked = await rank(d.id);
    // then
    expect(ranked.map((c) => c.volunteer.id)).to.deep.equal([sameGrid.volunteerId, sameCommunity.volunteerId, offDuty.volunteerId, otherStreet.volunteerId, noSkill.volunteerId]);
    const byId = Object.fromEntries(ranked.map((c) => [c.volunteer.id, c]));
    expect(byId[sameGrid.volunteerId].score).to.equal(90);
    expect(byId[sameCommunity.volunteerId].score).to.equal(80);
    expect(byId[offDuty.volunteerId]).to.deep.include({ score: 70, availableNow: false });
    expect(byId[otherStreet.volunteerId].score).to.equal(65);
    expect(byId[noSkill.volunteerId].score).to.equal(50);
    expect(ranked.map((c) => c.score)).to.deep.equal([...ranked.map((c) => c.score)].sort((a, b) => b - a));
    expect(ranked.map((c) => c.rank)).to.deep.equal(ranked.map((_, i) => i + 1));
    const reasons = byId[sameGrid.volunteerId].reasons;
    expect(reasons.map((r: any) => r.code)).to.deep.equal(['SKILL', 'CLOSENESS', 'AVAILABLE', 'HOURS']);
    expect(reasons[0]).to.deep.equal({ code: 'SKILL', points: 40, detail: '养老助老: 助餐送餐' });
    expect(reasons[1]).to.deep.equal({ code: 'CLOSENESS', points: 30, detail: 'lives in the demand\'s grid' });
    expect(byId[noSkill.volunteerId].reasons[0]).to.deep.include({ code: 'NO_SKILL', points: 0 });
    expect(byId[offDuty.volunteerId].reasons.find((r: any) => r.code === 'UNAVAILABLE')).to.deep.include({ points: 0 });
    // and every score is the sum of its reasons
    for (const c of ranked) expect(c.reasons.reduce((s: number, r: any) => s + r.points, 0)).to.equal(c.score);
  });

  it('an unexpired certificate for the skill adds to the score; certified hours break ties, then the older registration', async () => {
    const a = await volunteer({ gridId: w.gridA.id, skills: ['FIRST_AID'] });
    const b = await volunteer({ gridId: w.gridA.id, skills: ['FIRST_AID'] });
    const c = await volunteer({ gridId: w.gridA.id, skills: ['FIRST_AID'] });
    const skills = (await gqlOk(`{ skills { id code } }`, {}, w.communityDispatcherA.token)).skills;
    const firstAid = skills.find((s: any) => s.code === 'FIRST_AID').id;
    const add = `mutation($input: VolunteerCertificateAddInput!) { volunteerCertificateAdd(input: $input) { userErrors { code } } }`;
    await gqlOk(add, { input: { volunteerId: c.volunteerId, name: '救护员证', skillId: firstAid, expiresOn: '2099-01-01' } }, w.communityDispatcherA.token);
    await gqlOk(add, { input: { volunteerId: a.volunteerId, name: '过期证', skillId: firstAid, expiresOn: '2020-01-01' } }, w.communityDispatcherA.token);
    await setHours(b, 600);
    const d = await createDemand(w.resident.token, { gridId: w.gridA.id, categoryId: await categoryId('HEALTH') });
    const ranked = await rank(d.id);
    expect(ranked.map((x) => x.volunteer.id)).to.deep.equal([c.volunteerId, b.volunteerId, a.volunteerId]);
    expect(ranked.map((x) => x.score)).to.deep.equal([100, 90, 90]);
    expect(ranked[0].reasons.find((r: any) => r.code === 'CERTIFICATE')).to.deep.include({ points: 10 });
    expect(ranked[1].reasons.find((r: any) => r.code === 'HOURS').detail).to.equal('10 certified hours (tie-break)');
  });

  it('uses distance instead of the hierarchy when both sides have coordinates', async () => {
    const near = await volunteer({ communityId: w.B.children[0].id, skills: ['MEAL_DELIVERY'], latitude: 45.7027, longitude: 126.6 });
    const far = await volunteer({ gridId: w.gridA.id, skills: ['MEAL_DELIVERY'], latitude: 45.73, longitude: 126.6 });
    const unknown = await volunteer({ gridId: w.gridA.id, skills: ['MEAL_DELIVERY'] });
    const d = await createDemand(w.resident.token, { gridId: w.gridA.id, categoryId: await categoryId('ELDER_CARE'), latitude: 45.7, longitude: 126.6 });
    const ranked = await rank(d.id);
    const byId = Object.fromEntries(ranked.map((c) => [c.volunteer.id, c]));
    expect(byId[near.volunteerId].distanceKm).to.be.closeTo(0.3, 0.01);
    expect(byId[near.volunteerId].reasons.find((r: any) => r.code === 'DISTANCE')).to.deep.include({ points: 30 });
    expect(byId[far.volunteerId].reasons.find((r: any) => r.code === 'DISTANCE')).to.deep.include({ points: 10 });
    expect(byId[unknown.volunteerId].reasons.find((r: any) => r.code === 'CLOSENESS')).to.deep.include({ points: 30 });
    expect(byId[unknown.volunteerId].distanceKm).to.equal(null);
    expect(ranked.map((c) => c.volunteer.id)).to.deep.equal([near.volunteerId, unknown.volunteerId, far.volunteerId]);
  });

  it('leaves out volunteers serving another demand, those who declined this one and suspended ones; pending offers elsewhere count as load', async () => {
    const busy = await volunteer({ gridId: w.gridA.id, skills: ['MEAL_DELIVERY'] });
    const decliner = await volunteer({ gridId: w.gridA.id, skills: ['MEAL_DELIVERY'] });
    const suspended = await volunteer({ gridId: w.gridA.id, skills: ['MEAL_DELIVERY'] });
    const loaded = await volunteer({ gridId: w.gridA.id, skills: ['MEAL_DELIVERY'] });
    const free = await volunteer({ gridId: w.gridA.id, skills: ['MEAL_DELIVERY'] });
    // busy serves another demand; loaded holds an offer of another demand
    const other = await step('accept', w.communityDispatcherA.token, { id: (await createDemand(w.resident.token, { gridId: w.gridA.id })).id });
    await step('dispatch', w.communityDispatcherA.token, { id: other.id, volunteerIds: [busy.volunteerId] });
    await step('claim', busy.token, { id: other.id });
    const another = await step('accept', w.communityDispatcherA.token, { id: (await createDemand(w.resident.token, { gridId: w.gridA.id })).id });
    await step('dispatch', w.communityDispatcherA.token, { id: another.id, volunteerIds: [loaded.volunteerId] });
    await gqlOk(`mutation($input: VolunteerStatusSetInput!) { volunteerStatusSet(input: $input) { userErrors { code } } }`, { input: { id: suspended.volunteerId, status: 'SUSPENDED', reason: '调查中' } }, w.communityDispatcherA.token);
    // decliner declines the demand we match for
    const d = await step('accept', w.communityDispatcherA.token, { id: (await createDemand(w.resident.token, { gridId: w.gridA.id, categoryId: await categoryId('ELDER_CARE') })).id });
    await step('dispatch', w.communityDispatcherA.token, { id: d.id, volunteerIds: [decliner.volunteerId] });
    const offerId = (await gqlOk(`{ myOffers { edges { node { id } } } }`, {}, decliner.token)).myOffers.edges[0].node.id;
    await gqlOk(`mutation($id: ID!) { offerDecline(input: { id: $id, reason: "在外地" }) { userErrors { code } } }`, { id: offerId }, decliner.token);
    // when
    const ranked = await rank(d.id);
    // then
    expect(ranked.map((c) => c.volunteer.id)).to.deep.equal([free.volunteerId, loaded.volunteerId]);
    expect(ranked[1].reasons.find((r: any) => r.code === 'LOAD')).to.deep.include({ points: -5 });
    expect(ranked[1].score).to.equal(ranked[0].score - 5);
  });

  it('ranks teams by specialty, closeness, members available now and open demands; for the demand\'s handlers only', async () => {
    const member = await volunteer({ gridId: w.gridA.id });
    const other = await volunteer({});
    const elderTeam = await createTeam(communityA, { specialties: ['ELDER_CARE'], members: [member] });
    const districtTeam = await createTeam(w.tree.id, { kind: 'DISTRICT_DETACHMENT', members: [other] });
    await createTeam(communityA, { specialties: ['ELDER_CARE'] }); // no members: not a candidate
    const d = await createDemand(w.resident.token, { gridId: w.gridA.id, categoryId: await categoryId('ELDER_CARE') });
    const ranked = await rank(d.id, w.communityDispatcherA.token, ['TEAM']);
    expect(ranked.map((c) => [c.kind, c.team.id, c.score])).to.deep.equal([
      ['TEAM', elderTeam.id, 40 + 20 + 5],
      ['TEAM', districtTeam.id, 0 + 5 + 5],
    ]);
    expect(ranked[0].reasons.map((r: any) => r.code)).to.deep.equal(['SPECIALTY', 'CLOSENESS', 'AVAILABLE', 'HOURS']);
    // both kinds together, volunteers first on equal scores
    const mixed = await rank(d.id, w.communityDispatcherA.token, ['VOLUNTEER', 'TEAM']);
    expect(mixed.map((c) => c.kind)).to.include.members(['VOLUNTEER', 'TEAM']);
    // another street's dispatcher, a volunteer and a resident may not ask
    for (const token of [w.streetDispatcherB.token, member.token, w.resident.token]) expect(errorCode(await gql(CANDIDATES, { demandId: d.id }, token))).to.equal('FORBIDDEN');
    expect(errorCode(await gql(CANDIDATES, { demandId: d.id, first: 101 }, w.communityDispatcherA.token))).to.equal('LIMIT_EXCEEDED');
  });
});
