import { expect } from 'chai';
import { ActivitySignup } from '../../../src/modules/project/project.entity';
import { errorCode, gql, gqlOk } from '../../support/client';
import { createWorld, type World } from '../../support/demand-factories';
import { harness } from '../../support/harness';
import { LiveClient } from '../../support/live-client';
import { SIGN_UP, createVolunteers, moveActivity, publishProject } from '../../support/project-factories';
import { createVolunteer, skillId, type VolunteerRef } from '../../support/volunteer-factories';

const dbId = (globalId: string) => Number(Buffer.from(globalId, 'base64url').toString().split(':')[1]);
const CANCEL = `mutation($a: ID!) { activitySignUpCancel(input: { activityId: $a }) { signup { status } userErrors { field message code } } }`;
const NOTICES = `subscription($after: String) { notices(after: $after) { id cursor kind message signup { id status } } }`;

describe('activities: sign-up, waitlist and no-shows', function () {
  this.timeout(240_000);
  let w: World;
  let community: string;
  before(async () => {
    w = await createWorld(0);
    community = w.A.children[0].id;
  });

  it('200 volunteers signing up at once for 50 places: exactly 50 confirmed, 150 waitlisted in order', async () => {
    // given an activity with 50 places and 200 registered volunteers
    const project = await publishProject(w.communityDispatcherA.token, w.gridA.id, { capacity: 50 });
    const activityId = project.activities.edges[0].node.id;
    const volunteers = await createVolunteers(200, { communityId: community });
    // when all sign up at once
    const results = await Promise.all(volunteers.map((v) => gqlOk(SIGN_UP, { a: activityId }, v.token)));
    // then
    for (const r of results) expect(r.activitySignUp.userErrors).to.deep.equal([]);
    const statuses = results.map((r) => r.activitySignUp.signup.status);
    expect(statuses.filter((s) => s === 'CONFIRMED')).to.have.length(50);
    expect(statuses.filter((s) => s === 'WAITLISTED')).to.have.length(150);
    const activity = await gqlOk(`query($id: ID!) { node(id: $id) { ... on Activity { confirmedCount freePlaces waitlistCount } } }`, { id: activityId }, w.communityDispatcherA.token);
    expect(activity.node).to.deep.equal({ confirmedCount: 50, freePlaces: 0, waitlistCount: 150 });
    // and the waitlist is an order: positions 1..150, following the order in which the sign-ups were taken
    const rows = await harness().db.getRepository(ActivitySignup).find({ where: { activityId: dbId(activityId) }, order: { id: 'ASC' } });
    const confirmed = rows.filter((r) => r.status === 'CONFIRMED');
    const waitlisted = rows.filter((r) => r.status === 'WAITLISTED').sort((a, b) => a.queuedAt.getTime() - b.queuedAt.getTime() || a.id - b.id);
    expect(confirmed).to.have.length(50);
    // nobody waitlisted signed up before somebody confirmed
    expect(Math.max(...confirmed.map((r) => r.queuedAt.getTime()))).to.be.at.most(Math.min(...waitlisted.map((r) => r.queuedAt.getTime())));
    const positions = await Promise.all(
      waitlisted.map(async (r) => (await gqlOk(`query($id: ID!) { node(id: $id) { ... on ActivitySignup { waitlistPosition } } }`, { id: Buffer.from(`ActivitySignup:${r.id}`).toString('base64url') }, w.communityDispatcherA.token)).node.waitlistPosition),
    );
    expect(positions).to.deep.equal(Array.from({ length: 150 }, (_, i) => i + 1));
  });

  it('a cancellation gives the place to the first on the waitlist, who is told live; a reconnect with the cursor replays what was missed', async () => {
    const project = await publishProject(w.communityDispatcherA.token, w.gridA.id, { capacity: 1 });
    const activityId = project.activities.edges[0].node.id;
    const [a, b, c] = [await createVolunteer({ communityId: community }), await createVolunteer({ communityId: community }), await createVolunteer({ communityId: community })];
    const live = new LiveClient(b.token);
    try {
      await live.subscribe(NOTICES);
      expect((await gqlOk(SIGN_UP, { a: activityId }, a.token)).activitySignUp.signup.status).to.equal('CONFIRMED');
      const bWaits = (await gqlOk(SIGN_UP, { a: activityId }, b.token)).activitySignUp.signup;
      expect(bWaits).to.deep.include({ status: 'WAITLISTED', waitlistPosition: 1 });
      expect((await gqlOk(SIGN_UP, { a: activityId }, c.token)).activitySignUp.signup).to.deep.include({ status: 'WAITLISTED', waitlistPosition: 2 });
      // when a withdraws
      expect((await gqlOk(CANCEL, { a: activityId }, a.token)).activitySignUpCancel.signup.status).to.equal('CANCELLED');
      // then b, first in line, is confirmed and told live; c moves up
      await live.until(() => live.results.length === 1, 'the promotion notice');
      expect(live.results[0]).to.deep.include({ kind: 'SIGNUP_PROMOTED', signup: { id: bWaits.id, status: 'CONFIRMED' } });
      const cNow = await gqlOk(`query($id: ID!) { node(id: $id) { ... on Activity { confirmedCount mySignup { status waitlistPosition } } } }`, { id: activityId }, c.token);
      expect(cNow.node).to.deep.equal({ confirmedCount: 1, mySignup: { status: 'WAITLISTED', waitlistPosition: 1 } });
      // and after b withdraws too, c is promoted while nobody listens; c catches up with myNotices
      await gqlOk(CANCEL, { a: activityId }, b.token);
      const mine = await gqlOk(`{ myNotices(first: 5) { edges { node { kind signup { status } } } } }`, {}, c.token);
      expect(mine.myNotices.edges[0].node).to.deep.equal({ kind: 'SIGNUP_PROMOTED', signup: { status: 'CONFIRMED' } });
      // and b, reconnecting after its last cursor, gets nothing it already had and nothing twice
      const cursor = live.results[0].cursor;
      await live.close();
      const again = new LiveClient(b.token);
      await again.subscribe(NOTICES, { after: cursor });
      await gqlOk(SIGN_UP, { a: activityId }, b.token); // waitlisted behind nobody? c holds the only place
      await new Promise((r) => setTimeout(r, 300));
      expect(again.results).to.deep.equal([]);
      await again.close();
    } finally {
      await live.close().catch(() => undefined);
    }
  });

  it('sign-ups need a registration, the required skills, an open project and a future activity; twice is CONFLICT', async () => {
    const nursing = await skillId('NURSING');
    const project = await publishProject(w.communityDispatcherA.token, w.gridA.id, { requiredSkillIds: [nursing] });
    const activityId = project.activities.edges[0].node.id;
    const plain = await createVolunteer({ communityId: community });
    const nurse = await createVolunteer({ communityId: community, skills: ['NURSING'] });
    expect((await gqlOk(SIGN_UP, { a: activityId }, plain.token)).activitySignUp.userErrors[0]).to.deep.include({ field: ['input', 'activityId'], code: 'FORBIDDEN' });
    expect((await gqlOk(SIGN_UP, { a: activityId }, nurse.token)).activitySignUp.signup.status).to.equal('CONFIRMED');
    expect((await gqlOk(SIGN_UP, { a: activityId }, nurse.token)).activitySignUp.userErrors[0]).to.deep.include({ code: 'CONFLICT' });
    expect(errorCode(await gql(SIGN_UP, { a: activityId }, w.resident.token))).to.equal('FORBIDDEN');
    // closed to sign-ups by its organiser
    await gqlOk(`mutation($id: ID!) { projectUpdate(input: { id: $id, recruitmentOpen: false }) { userErrors { code } } }`, { id: project.id }, w.communityDispatcherA.token);
    const other = await createVolunteer({ communityId: community, skills: ['NURSING'] });
    expect((await gqlOk(SIGN_UP, { a: activityId }, other.token)).activitySignUp.userErrors[0]).to.deep.include({ code: 'CONFLICT' });
    // started already
    const started = await publishProject(w.communityDispatcherA.token, w.gridA.id);
    await moveActivity(started.activities.edges[0].node.id, -5);
    expect((await gqlOk(SIGN_UP, { a: started.activities.edges[0].node.id }, other.token)).activitySignUp.userErrors[0]).to.deep.include({ code: 'CONFLICT' });
  });

  it('after the start, the organiser marks a confirmed volunteer who did not come as a no-show; the volunteer\'s record shows it', async () => {
    const project = await publishProject(w.communityDispatcherA.token, w.gridA.id);
    const activityId = project.activities.edges[0].node.id;
    const v: VolunteerRef = await createVolunteer({ communityId: community });
    const signupId = (await gqlOk(SIGN_UP, { a: activityId }, v.token)).activitySignUp.signup.id;
    const NO_SHOW = `mutation($s: ID!) { activityNoShowMark(input: { signupId: $s }) { signup { status } userErrors { field message code } } }`;
    expect((await gqlOk(NO_SHOW, { s: signupId }, w.communityDispatcherA.token)).activityNoShowMark.userErrors[0]).to.deep.include({ code: 'CONFLICT', message: 'the activity has not started' });
    await moveActivity(activityId, -30);
    expect(errorCode(await gql(NO_SHOW, { s: signupId }, w.streetDispatcherB.token))).to.equal('FORBIDDEN');
    expect((await gqlOk(NO_SHOW, { s: signupId }, w.communityDispatcherA.token)).activityNoShowMark.signup.status).to.equal('NO_SHOW');
    const seen = await gqlOk(`query($id: ID!) { node(id: $id) { ... on Volunteer { noShows } } }`, { id: v.volunteerId }, w.communityDispatcherA.token);
    expect(seen.node.noShows).to.equal(1);
    // the roster of sign-ups is for organisers, with names and phones
    const roster = await gqlOk(`query($id: ID!) { node(id: $id) { ... on Activity { signups(status: [NO_SHOW]) { edges { node { volunteerName volunteerPhone status } } } } } }`, { id: activityId }, w.communityDispatcherA.token);
    expect(roster.node.signups.edges.map((e: any) => e.node)).to.deep.equal([{ volunteerName: '张志愿', volunteerPhone: '13800138000', status: 'NO_SHOW' }]);
    expect(errorCode(await gql(`query($id: ID!) { node(id: $id) { ... on Activity { signups { totalCount } } } }`, { id: activityId }, v.token))).to.equal('FORBIDDEN');
  });
});
