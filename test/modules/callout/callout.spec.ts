import { expect } from 'chai';
import { errorCode, gql, gqlOk } from '../../support/client';
import { createDemand, createWorld, type World } from '../../support/demand-factories';
import { Console } from '../../support/feed-client';
import { LiveClient } from '../../support/live-client';
import { createTeam, type TeamRef } from '../../support/team-factories';
import { createVolunteer, type VolunteerRef } from '../../support/volunteer-factories';

const CALLOUT_FIELDS = 'id message cursor counts { invited coming cannot pending } coming { answer note volunteer { id } team { id } } teams { id }';
const CREATE = `mutation($input: EmergencyCalloutCreateInput!) { emergencyCalloutCreate(input: $input) { callout { ${CALLOUT_FIELDS} } userErrors { field message code } } }`;
const ANSWER = `mutation($input: EmergencyCalloutAnswerInput!) { emergencyCalloutAnswer(input: $input) { response { answer note answeredAt } callout { counts { coming cannot pending } } userErrors { field message code } } }`;
const RECEIVED = `subscription($after: String) { emergencyCallouts(after: $after) { cursor callout { id message demand { id title } myResponse { answer } } } }`;
const UPDATES = `subscription($id: ID!, $after: String) { emergencyCalloutUpdates(id: $id, after: $after) { cursor type response { answer volunteer { id } } callout { counts { invited coming cannot pending } coming { volunteer { id } note } } } }`;

describe('emergency call-out', function () {
  this.timeout(60_000);
  let w: World;
  let rescue: TeamRef;
  let firefighters: TeamRef;
  let members: VolunteerRef[];
  let both: VolunteerRef;
  const clients: LiveClient[] = [];
  const live = async (token: string, query: string, variables: Record<string, unknown> = {}) => {
    const c = new LiveClient(token);
    clients.push(c);
    return c.subscribe(query, variables);
  };

  before(async () => {
    w = await createWorld(0);
    const community = w.A.children[0].id;
    members = [];
    for (let i = 0; i < 3; i++) members.push(await createVolunteer({ communityId: community, skills: ['RESCUE'] }));
    both = await createVolunteer({ communityId: community });
    rescue = await createTeam(w.A.id, { kind: 'EMERGENCY_TEAM', members: [members[0], members[1], both] });
    firefighters = await createTeam(community, { kind: 'EMERGENCY_TEAM', members: [members[2], both] });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });

  it('every member of the called teams is alerted live; members answer COMING or CANNOT; the dispatcher watches counts and the roster of who is coming live', async () => {
    // given each member listening for call-outs, and a console on street A
    const listeners = await Promise.all([...members, both].map((m) => live(m.token, RECEIVED)));
    const console = await new Console(w.streetDispatcherA.token).watch(w.A.id);
    try {
      // when the community dispatcher calls out both teams for an emergency
      const d = await createDemand(w.resident.token, { gridId: w.gridA.id, title: '楼道起火', urgency: 'EMERGENCY' });
      const created = await gqlOk(CREATE, { input: { demandId: d.id, teamIds: [rescue.id, firefighters.id], message: '安康小区3号楼起火，请携带灭火器' } }, w.communityDispatcherA.token);
      expect(created.emergencyCalloutCreate.userErrors).to.deep.equal([]);
      const callout = created.emergencyCalloutCreate.callout;
      // a member of both teams is alerted once
      expect(callout.counts).to.deep.equal({ invited: 4, coming: 0, cannot: 0, pending: 4 });
      expect(callout.teams.map((t: any) => t.id)).to.deep.equal([rescue.id, firefighters.id]);
      // then every member receives it live
      for (const l of listeners) {
        await l.until(() => l.results.length === 1, 'the call-out');
        expect(l.results[0].callout).to.deep.include({ id: callout.id, message: '安康小区3号楼起火，请携带灭火器', demand: { id: d.id, title: '楼道起火' }, myResponse: { answer: 'PENDING' } });
      }
      await console.until(() => console.events.some((e) => e.type === 'CALLOUT'), 'the call-out on the console');
      // and the dispatcher, watching from the call-out's cursor, sees each answer as it comes
      const watch = await live(w.communityDispatcherA.token, UPDATES, { id: callout.id, after: callout.cursor });
      const coming0 = await gqlOk(ANSWER, { input: { calloutId: callout.id, answer: 'COMING', note: '5分钟到' } }, members[0].token);
      expect(coming0.emergencyCalloutAnswer.response).to.deep.include({ answer: 'COMING', note: '5分钟到' });
      await gqlOk(ANSWER, { input: { calloutId: callout.id, answer: 'CANNOT' } }, members[1].token);
      await gqlOk(ANSWER, { input: { calloutId: callout.id, answer: 'COMING' } }, both.token);
      await watch.until(() => watch.results.length === 3, 'three answers');
      expect(watch.results.map((u: any) => [u.type, u.response.answer, u.response.volunteer.id])).to.deep.equal([
        ['CALLOUT_ANSWERED', 'COMING', members[0].volunteerId],
        ['CALLOUT_ANSWERED', 'CANNOT', members[1].volunteerId],
        ['CALLOUT_ANSWERED', 'COMING', both.volunteerId],
      ]);
      const last = watch.results[2].callout;
      expect(last.counts).to.deep.equal({ invited: 4, coming: 2, cannot: 1, pending: 1 });
      expect(last.coming.map((c: any) => c.volunteer.id)).to.deep.equal([members[0].volunteerId, both.volunteerId]);
      expect(last.coming[0].note).to.equal('5分钟到');
      // a member may change their mind
      const changed = await gqlOk(ANSWER, { input: { calloutId: callout.id, answer: 'CANNOT', note: '车坏了' } }, both.token);
      expect(changed.emergencyCalloutAnswer.callout.counts).to.deep.equal({ coming: 1, cannot: 2, pending: 1 });
      await watch.until(() => watch.results.length === 4, 'the changed answer');
      expect(watch.results[3].callout.coming.map((c: any) => c.volunteer.id)).to.deep.equal([members[0].volunteerId]);
    } finally {
      await console.close();
    }
  });

  it('only emergency teams, with members, by the demand\'s handlers; only called members answer', async () => {
    const d = await createDemand(w.resident.token, { gridId: w.gridA.id, urgency: 'EMERGENCY' });
    const professional = await createTeam(w.A.id, { members: [members[0]] });
    const notEmergency = await gqlOk(CREATE, { input: { demandId: d.id, teamIds: [rescue.id, professional.id], message: '集合' } }, w.communityDispatcherA.token);
    expect(notEmergency.emergencyCalloutCreate.userErrors[0]).to.deep.include({ field: ['input', 'teamIds', '1'], code: 'INVALID' });
    const empty = await createTeam(w.A.id, { kind: 'EMERGENCY_TEAM' });
    const nobody = await gqlOk(CREATE, { input: { demandId: d.id, teamIds: [empty.id], message: '集合' } }, w.communityDispatcherA.token);
    expect(nobody.emergencyCalloutCreate.userErrors[0]).to.deep.include({ field: ['input', 'teamIds'], code: 'INVALID' });
    const blank = await gqlOk(CREATE, { input: { demandId: d.id, teamIds: [rescue.id], message: '  ' } }, w.communityDispatcherA.token);
    expect(blank.emergencyCalloutCreate.userErrors[0]).to.deep.include({ field: ['input', 'message'], code: 'INVALID' });
    for (const token of [w.streetDispatcherB.token, w.analystA.token, members[0].token]) {
      expect(errorCode(await gql(CREATE, { input: { demandId: d.id, teamIds: [rescue.id], message: '集合' } }, token))).to.equal('FORBIDDEN');
    }
    const made = await gqlOk(CREATE, { input: { demandId: d.id, teamIds: [firefighters.id], message: '集合' } }, w.communityDispatcherA.token);
    const id = made.emergencyCalloutCreate.callout.id;
    // members[0] is not in the firefighters
    expect(errorCode(await gql(ANSWER, { input: { calloutId: id, answer: 'COMING' } }, members[0].token))).to.equal('FORBIDDEN');
    const pending = await gqlOk(ANSWER, { input: { calloutId: id, answer: 'PENDING' } }, members[2].token);
    expect(pending.emergencyCalloutAnswer.userErrors[0]).to.deep.include({ field: ['input', 'answer'], code: 'INVALID' });
    // a called member reads the call-out and its demand, but not the roster of others
    const seen = await gqlOk(`query($id: ID!) { node(id: $id) { ... on EmergencyCallout { message demand { id } responses { volunteer { id } } } } }`, { id }, members[2].token);
    expect(seen.node).to.deep.equal({ message: '集合', demand: { id: d.id }, responses: [{ volunteer: { id: members[2].volunteerId } }] });
    // nobody else may watch it
    const refused = new LiveClient(w.streetDispatcherB.token);
    clients.push(refused);
    await refused.subscribe(UPDATES, { id }, { registered: false });
    await refused.until(() => refused.errors.length > 0, 'the refusal');
    expect(JSON.stringify(refused.errors)).to.contain('FORBIDDEN');
  });
});
