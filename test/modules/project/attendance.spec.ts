import { expect } from 'chai';
import { Activity, ActivitySignup } from '../../../src/modules/project/project.entity';
import { errorCode, gql, gqlOk } from '../../support/client';
import { createWorld, type World } from '../../support/demand-factories';
import { harness } from '../../support/harness';
import { LiveClient } from '../../support/live-client';
import { SIGN_UP, moveActivity, publishProject } from '../../support/project-factories';
import { createTeam } from '../../support/team-factories';
import { createVolunteer, type VolunteerRef } from '../../support/volunteer-factories';

const dbId = (globalId: string) => Number(Buffer.from(globalId, 'base64url').toString().split(':')[1]);
const CODE = `query($a: ID!) { activityCheckInCode(activityId: $a) { code expiresAt qrPayload } }`;
const CHECK_IN = `mutation($input: ActivityCheckInInput!) { activityCheckIn(input: $input) { signup { checkedInAt checkInMethod } userErrors { field message code } } }`;
const CHECK_OUT = `mutation($a: ID!) { activityCheckOut(input: { activityId: $a }) { signup { checkedOutAt serviceRecord { status minutes source needsReview } } userErrors { field message code } } }`;
const MARK = `mutation($input: AttendanceMarkInput!) { activityAttendanceMark(input: $input) { signup { checkInMethod checkedInAt checkedOutAt serviceRecord { status minutes } } userErrors { field message code } } }`;

describe('activities: check-in and check-out', function () {
  this.timeout(60_000);
  let w: World;
  let community: string;
  let leader: VolunteerRef;
  let teamId: string;
  before(async () => {
    w = await createWorld(0);
    community = w.A.children[0].id;
    leader = await createVolunteer({ communityId: community });
    teamId = (await createTeam(community, { leader })).id;
  });

  /** A project of `leader`'s team with one activity the volunteer has a place at, moved to start `startIn` minutes from now. */
  async function attending(startIn: number, overrides: Record<string, unknown> = {}) {
    const project = await publishProject(leader.token, w.gridA.id, { teamId, ...overrides });
    const activityId = project.activities.edges[0].node.id;
    const v = await createVolunteer({ communityId: community });
    const signupId = (await gqlOk(SIGN_UP, { a: activityId }, v.token)).activitySignUp.signup.id;
    await moveActivity(activityId, startIn, 60);
    return { project, activityId, v, signupId };
  }

  it('the organiser shows a rotating code; a confirmed volunteer checks in with it (typed or scanned) and checks out; the time inside the activity becomes a PENDING record', async () => {
    const { activityId, v } = await attending(-10);
    // only the organisers see the code
    expect(errorCode(await gql(CODE, { a: activityId }, v.token))).to.equal('FORBIDDEN');
    const { activityCheckInCode: shown } = await gqlOk(CODE, { a: activityId }, leader.token);
    expect(shown.code).to.match(/^[0-9]{6}$/);
    expect(shown.qrPayload).to.equal(`volunteer-grid:checkin:${activityId}:${shown.code}`);
    expect(new Date(shown.expiresAt).getTime() - Date.now()).to.be.within(0, 120_000);
    // a wrong code is refused, the QR payload works
    const wrong = String((Number(shown.code) + 1) % 1_000_000).padStart(6, '0');
    expect((await gqlOk(CHECK_IN, { input: { activityId, code: wrong } }, v.token)).activityCheckIn.userErrors[0]).to.deep.include({ field: ['input', 'code'], code: 'INVALID' });
    const checkedIn = await gqlOk(CHECK_IN, { input: { activityId, code: shown.qrPayload } }, v.token);
    expect(checkedIn.activityCheckIn.userErrors).to.deep.equal([]);
    expect(checkedIn.activityCheckIn.signup.checkInMethod).to.equal('CODE');
    expect((await gqlOk(CHECK_IN, { input: { activityId, code: shown.code } }, v.token)).activityCheckIn.userErrors[0]).to.deep.include({ code: 'CONFLICT' });
    // ten minutes later (the check-in is moved back instead of waiting), checking out makes a record of them
    await harness().db.getRepository(ActivitySignup).update({ activityId: dbId(activityId) }, { checkedInAt: new Date(Date.now() - 10 * 60_000) });
    const out = await gqlOk(CHECK_OUT, { a: activityId }, v.token);
    expect(out.activityCheckOut.signup.serviceRecord).to.deep.include({ status: 'PENDING', source: 'ACTIVITY', needsReview: false });
    expect(out.activityCheckOut.signup.serviceRecord.minutes).to.be.within(9, 11);
    // a volunteer without a confirmed place cannot check in at all
    const stranger = await createVolunteer({ communityId: community });
    expect((await gqlOk(CHECK_IN, { input: { activityId, code: shown.code } }, stranger.token)).activityCheckIn.userErrors[0]).to.deep.include({ code: 'FORBIDDEN' });
  });

  it('check-in opens an hour before the start, and a project may ask for the volunteer\'s location within a radius of the place', async () => {
    const early = await attending(120);
    const code = (await gqlOk(CODE, { a: early.activityId }, leader.token)).activityCheckInCode.code;
    expect((await gqlOk(CHECK_IN, { input: { activityId: early.activityId, code } }, early.v.token)).activityCheckIn.userErrors[0]).to.deep.include({ code: 'CONFLICT' });
    // 45.7°N 126.6°E is the place; 200 m radius
    const fenced = await attending(-5, { latitude: 45.7, longitude: 126.6, checkInRadiusMeters: 200 });
    const fencedCode = (await gqlOk(CODE, { a: fenced.activityId }, leader.token)).activityCheckInCode.code;
    const input = (extra: Record<string, unknown>) => ({ input: { activityId: fenced.activityId, code: fencedCode, ...extra } });
    expect((await gqlOk(CHECK_IN, input({}), fenced.v.token)).activityCheckIn.userErrors[0]).to.deep.include({ field: ['input', 'latitude'], code: 'INVALID' });
    const far = await gqlOk(CHECK_IN, input({ latitude: 45.71, longitude: 126.6 }), fenced.v.token);
    expect(far.activityCheckIn.userErrors[0]).to.deep.include({ field: ['input', 'latitude'], code: 'FORBIDDEN' });
    expect(far.activityCheckIn.userErrors[0].message).to.match(/you are 110[0-9] m from the place/);
    const near = await gqlOk(CHECK_IN, input({ latitude: 45.7005, longitude: 126.6005 }), fenced.v.token);
    expect(near.activityCheckIn.userErrors).to.deep.equal([]);
  });

  it('the organiser marks attendance for someone without a phone; the record follows the marks', async () => {
    const { activityId, signupId } = await attending(-90);
    const activity = await harness().db.getRepository(Activity).findOneByOrFail({ id: dbId(activityId) });
    const checkedInAt = new Date(activity.startsAt.getTime() + 5 * 60_000).toISOString();
    const checkedOutAt = new Date(activity.startsAt.getTime() + 50 * 60_000).toISOString();
    expect(errorCode(await gql(MARK, { input: { signupId, checkedInAt, checkedOutAt } }, w.streetDispatcherB.token))).to.equal('FORBIDDEN');
    const backwards = await gqlOk(MARK, { input: { signupId, checkedInAt: checkedOutAt, checkedOutAt: checkedInAt } }, leader.token);
    expect(backwards.activityAttendanceMark.userErrors[0]).to.deep.include({ field: ['input', 'checkedOutAt'], code: 'INVALID' });
    const marked = await gqlOk(MARK, { input: { signupId, checkedInAt, checkedOutAt } }, leader.token);
    expect(marked.activityAttendanceMark.signup).to.deep.include({ checkInMethod: 'ORGANISER', serviceRecord: { status: 'PENDING', minutes: 45 } });
    // marked again (corrected), the pending record follows
    const fixed = await gqlOk(MARK, { input: { signupId, checkedInAt, checkedOutAt: new Date(activity.startsAt.getTime() + 60 * 60_000).toISOString() } }, w.communityDispatcherA.token);
    expect(fixed.activityAttendanceMark.signup.serviceRecord).to.deep.equal({ status: 'PENDING', minutes: 55 });
  });

  it('a forgotten check-out is closed at the activity\'s end by the sweeper, flagged for review, not counted until approved, and the volunteer is told', async () => {
    const { activityId, v } = await attending(-10);
    const code = (await gqlOk(CODE, { a: activityId }, leader.token)).activityCheckInCode.code;
    await gqlOk(CHECK_IN, { input: { activityId, code } }, v.token);
    const listener = new LiveClient(v.token);
    try {
      await listener.subscribe(`subscription { notices { kind serviceRecord { status needsReview minutes } } }`);
      // when the activity ended long enough ago (AUTO_CHECKOUT_MINUTES, default 60) and the sweeper runs, twice
      await moveActivity(activityId, -200, 60);
      await harness().app.services.sweeper.sweep();
      await harness().app.services.sweeper.sweep();
      // then it is closed once, at the end, flagged
      const signup = await harness().db.getRepository(ActivitySignup).findOneByOrFail({ activityId: dbId(activityId) });
      const activity = await harness().db.getRepository(Activity).findOneByOrFail({ id: dbId(activityId) });
      expect(signup.autoCheckedOut).to.equal(true);
      expect(signup.checkedOutAt!.getTime()).to.equal(activity.endsAt.getTime());
      await listener.until(() => listener.results.length >= 1, 'the notice');
      expect(listener.results).to.have.length(1);
      expect(listener.results[0]).to.deep.include({ kind: 'CHECKOUT_AUTO_CLOSED', serviceRecord: { status: 'PENDING', needsReview: true, minutes: 0 } });
      // the check-in was moved into the past with the activity, so the counted time is what the window allows
      const stars = await gqlOk(`{ viewer { volunteer { certifiedHours stars { hours } } } }`, {}, v.token);
      expect(stars.viewer.volunteer).to.deep.equal({ certifiedHours: 0, stars: { hours: 0 } });
    } finally {
      await listener.close();
    }
  });
});
