import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { fromGlobalId, toGlobalId } from '../../core/relay';
import { viewerOf } from '../../server/auth';
import type { Context } from '../../server/context';
import { Role } from '../account/role';
import { ServiceCategory } from '../category/category.entity';
import { maskName, maskPhone } from '../demand/demand.access';
import { ServiceRecord } from '../record/record.entity';
import { RegionType } from '../region/region.types';
import { Skill } from '../skill/skill.entity';
import { Team } from '../team/team.entity';
import { Volunteer } from '../volunteer/volunteer.entity';
import { Activity, ActivitySignup, Project } from './project.entity';
import {
  ActivitiesArgs,
  ActivityCancelInput,
  ActivityCheckInInput,
  ActivityInput,
  AttendanceMarkInput,
  ProjectClaimInput,
  ProjectCloseInput,
  ProjectPublishInput,
  ProjectUpdateInput,
  ProjectsArgs,
  SignupInput,
  SignupsArgs,
} from './project.inputs';
import { ActivityPayload, ActivitySignupPayload, ProjectPayload } from './project.payloads';
import { ActivityConnection, ActivitySignupConnection, CheckInCode, ProjectConnection, ProjectSchedule, toProjectSchedule } from './project.types';

const ORGANISERS = [Role.PLATFORM_ADMIN, Role.DISPATCHER, Role.VOLUNTEER];
const project = (p: Project): ProjectPayload => ({ project: p, userErrors: [] });
const signup = (s: ActivitySignup): ActivitySignupPayload => ({ signup: s, userErrors: [] });

@Resolver(() => Project)
export class ProjectResolver {
  @Query(() => ProjectConnection, { description: 'Open projects with activities to come, newest first; public, no sign-in needed. Filters: region subtree, category, a time window, free places.' })
  projects(@Args() args: ProjectsArgs, @Ctx() ctx: Context) {
    return ctx.services.project.list(ctx, args);
  }

  @Query(() => Project, { nullable: true, description: 'One project by id; public.' })
  project(@Arg('id', () => ID, { description: 'The project.' }) id: string, @Ctx() ctx: Context) {
    const decoded = fromGlobalId(id, ['Project']);
    return decoded ? ctx.db.getRepository(Project).findOneBy({ id: decoded.id }) : null;
  }

  @Authorized(...ORGANISERS)
  @Mutation(() => ProjectPayload, { description: 'Publish a project: dispatchers in their scope (optionally as a team, or for teams to claim), team leaders for their team.' })
  async projectPublish(@Arg('input', { description: 'The project.' }) input: ProjectPublishInput, @Ctx() ctx: Context) {
    return project(await ctx.services.project.publish(ctx, viewerOf(ctx), input));
  }

  @Authorized(...ORGANISERS)
  @Mutation(() => ProjectPayload, { description: 'Change a project\'s title, content, contact or whether it takes sign-ups (its organisers).' })
  async projectUpdate(@Arg('input', { description: 'What to change.' }) input: ProjectUpdateInput, @Ctx() ctx: Context) {
    return project(await ctx.services.project.update(ctx, viewerOf(ctx), input));
  }

  @Authorized(...ORGANISERS)
  @Mutation(() => ProjectPayload, { description: 'End a project: its future activities are cancelled and those signed up are told.' })
  async projectClose(@Arg('input', { description: 'The project and why.' }) input: ProjectCloseInput, @Ctx() ctx: Context) {
    return project(await ctx.services.activity.closeProject(ctx, viewerOf(ctx), input.id, input.reason));
  }

  @Authorized(...ORGANISERS)
  @Mutation(() => ProjectPayload, { description: 'A team claims a project nobody organises yet (认领); the first claim wins.' })
  async projectClaim(@Arg('input', { description: 'The project and your team.' }) input: ProjectClaimInput, @Ctx() ctx: Context) {
    return project(await ctx.services.project.claim(ctx, viewerOf(ctx), input));
  }

  @FieldResolver(() => ID, { description: 'Globally unique id.' })
  id(@Root() p: Project): string {
    return toGlobalId('Project', p.id);
  }

  @FieldResolver(() => ServiceCategory, { description: 'The service category.' })
  category(@Root() p: Project, @Ctx() ctx: Context) {
    return ctx.loaders.category.byId.load(p.categoryId);
  }

  @FieldResolver(() => RegionType, { description: 'The region it serves.' })
  region(@Root() p: Project, @Ctx() ctx: Context) {
    return ctx.loaders.region.byId.load(p.regionId);
  }

  @FieldResolver(() => ProjectSchedule, { description: 'When it happens.' })
  schedule(@Root() p: Project): ProjectSchedule {
    return toProjectSchedule(p.schedule);
  }

  @FieldResolver(() => [Skill], { description: 'Skills a volunteer needs to sign up.' })
  async requiredSkills(@Root() p: Project, @Ctx() ctx: Context) {
    const ids = await ctx.loaders.project.skillIds.load(p.id);
    return (await ctx.loaders.skill.byId.loadMany(ids)).filter((s): s is Skill => s instanceof Skill);
  }

  @FieldResolver(() => Team, { nullable: true, description: 'The team that published it.' })
  publisherTeam(@Root() p: Project, @Ctx() ctx: Context) {
    return p.publisherTeamId === null ? null : ctx.loaders.team.byId.load(p.publisherTeamId);
  }

  @FieldResolver(() => Team, { nullable: true, description: 'The team that organises it; null while open for a team to claim.' })
  organiserTeam(@Root() p: Project, @Ctx() ctx: Context) {
    return p.organiserTeamId === null ? null : ctx.loaders.team.byId.load(p.organiserTeamId);
  }

  @FieldResolver(() => ActivityConnection, { description: 'Its activities in a window (default from now), soonest first.' })
  activities(@Root() p: Project, @Args() args: ActivitiesArgs, @Ctx() ctx: Context) {
    return ctx.services.project.activities(ctx, p, args);
  }
}

@Resolver(() => Activity)
export class ActivityResolver {
  @Authorized(...ORGANISERS)
  @Query(() => CheckInCode, { description: 'The check-in code to show at the activity (its organisers).' })
  activityCheckInCode(@Arg('activityId', () => ID, { description: 'The activity.' }) activityId: string, @Ctx() ctx: Context) {
    return ctx.services.activity.checkInCode(ctx, viewerOf(ctx), activityId).then((c) => Object.assign(new CheckInCode(), c));
  }

  @Authorized(Role.VOLUNTEER)
  @Query(() => ActivitySignupConnection, { description: 'Your sign-ups, newest first.' })
  async mySignups(@Args() args: SignupsArgs, @Ctx() ctx: Context) {
    const me = await ctx.services.volunteer.requireServing(ctx.db.manager, viewerOf(ctx));
    return ctx.services.activity.ofVolunteer(ctx, me.id, args);
  }

  @Authorized(Role.VOLUNTEER)
  @Mutation(() => ActivitySignupPayload, { description: 'Sign up: CONFIRMED while places remain, WAITLISTED after that, in order.' })
  async activitySignUp(@Arg('input', { description: 'The activity.' }) input: ActivityInput, @Ctx() ctx: Context) {
    return signup(await ctx.services.activity.signUp(ctx, viewerOf(ctx), input));
  }

  @Authorized(Role.VOLUNTEER)
  @Mutation(() => ActivitySignupPayload, { description: 'Withdraw before it starts; a place you free goes to the first on the waitlist, who is told live.' })
  async activitySignUpCancel(@Arg('input', { description: 'The activity.' }) input: ActivityInput, @Ctx() ctx: Context) {
    return signup(await ctx.services.activity.cancelSignUp(ctx, viewerOf(ctx), input));
  }

  @Authorized(...ORGANISERS)
  @Mutation(() => ActivityPayload, { description: 'Call one activity off (its organisers); everyone signed up is told.' })
  async activityCancel(@Arg('input', { description: 'The activity and why.' }) input: ActivityCancelInput, @Ctx() ctx: Context): Promise<ActivityPayload> {
    return { activity: await ctx.services.activity.cancelActivity(ctx, viewerOf(ctx), input), userErrors: [] };
  }

  @Authorized(Role.VOLUNTEER)
  @Mutation(() => ActivitySignupPayload, { description: 'Check in with the organiser\'s current code (and your location when the project asks for it).' })
  async activityCheckIn(@Arg('input', { description: 'The activity, the code and your location.' }) input: ActivityCheckInInput, @Ctx() ctx: Context) {
    return signup(await ctx.services.activity.checkIn(ctx, viewerOf(ctx), input));
  }

  @Authorized(Role.VOLUNTEER)
  @Mutation(() => ActivitySignupPayload, { description: 'Check out; the time inside the activity\'s hours becomes a PENDING service record.' })
  async activityCheckOut(@Arg('input', { description: 'The activity.' }) input: ActivityInput, @Ctx() ctx: Context) {
    return signup(await ctx.services.activity.checkOut(ctx, viewerOf(ctx), input));
  }

  @Authorized(...ORGANISERS)
  @Mutation(() => ActivitySignupPayload, { description: 'The organiser records someone\'s attendance.' })
  async activityAttendanceMark(@Arg('input', { description: 'The sign-up and the times.' }) input: AttendanceMarkInput, @Ctx() ctx: Context) {
    return signup(await ctx.services.activity.markAttendance(ctx, viewerOf(ctx), input));
  }

  @Authorized(...ORGANISERS)
  @Mutation(() => ActivitySignupPayload, { description: 'The organiser marks a confirmed volunteer who did not come as a no-show.' })
  async activityNoShowMark(@Arg('input', { description: 'The sign-up.' }) input: SignupInput, @Ctx() ctx: Context) {
    return signup(await ctx.services.activity.markNoShow(ctx, viewerOf(ctx), input));
  }

  @FieldResolver(() => ID, { description: 'Globally unique id.' })
  id(@Root() a: Activity): string {
    return toGlobalId('Activity', a.id);
  }

  @FieldResolver(() => Project, { description: 'The project.' })
  project(@Root() a: Activity, @Ctx() ctx: Context) {
    return ctx.loaders.project.projectById.load(a.projectId);
  }

  @FieldResolver(() => Int, { description: 'Places still free.' })
  freePlaces(@Root() a: Activity): number {
    return Math.max(0, a.capacity - a.confirmedCount);
  }

  @FieldResolver(() => Int, { description: 'How many wait for a place.' })
  waitlistCount(@Root() a: Activity, @Ctx() ctx: Context) {
    return ctx.services.activity.waitlistCount(ctx, a);
  }

  @FieldResolver(() => ActivitySignup, { nullable: true, description: 'Your own sign-up, if any.' })
  mySignup(@Root() a: Activity, @Ctx() ctx: Context) {
    return ctx.services.activity.mine(ctx, a);
  }

  @FieldResolver(() => ActivitySignupConnection, { description: 'Who signed up (its organisers only), in the order they did.' })
  signups(@Root() a: Activity, @Args() args: SignupsArgs, @Ctx() ctx: Context) {
    return ctx.services.activity.signups(ctx, a, args);
  }
}

@Resolver(() => ActivitySignup)
export class ActivitySignupResolver {
  @FieldResolver(() => ID, { description: 'Globally unique id.' })
  id(@Root() s: ActivitySignup): string {
    return toGlobalId('ActivitySignup', s.id);
  }

  @FieldResolver(() => Activity, { description: 'The activity.' })
  activity(@Root() s: ActivitySignup, @Ctx() ctx: Context) {
    return ctx.loaders.project.activityById.load(s.activityId);
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Place in the waitlist, 1 the next to get a place; null unless WAITLISTED.' })
  waitlistPosition(@Root() s: ActivitySignup, @Ctx() ctx: Context) {
    return ctx.services.activity.waitlistPosition(ctx, s);
  }

  @FieldResolver(() => Volunteer, { nullable: true, description: 'The volunteer; null when you may not see their registration.' })
  async volunteer(@Root() s: ActivitySignup, @Ctx() ctx: Context) {
    return ctx.services.volunteer.visible(ctx, await ctx.loaders.volunteer.byId.load(s.volunteerId));
  }

  @FieldResolver(() => String, { description: 'Their name: in full for the organisers and the volunteer, masked otherwise.' })
  async volunteerName(@Root() s: ActivitySignup, @Ctx() ctx: Context) {
    const v = (await ctx.loaders.volunteer.byId.load(s.volunteerId))!;
    return (await this.organiserOrSelf(s, v, ctx)) ? v.name : maskName(v.name);
  }

  @FieldResolver(() => String, { description: 'Their telephone, for the organisers to reach them; masked otherwise.' })
  async volunteerPhone(@Root() s: ActivitySignup, @Ctx() ctx: Context) {
    const v = (await ctx.loaders.volunteer.byId.load(s.volunteerId))!;
    return (await this.organiserOrSelf(s, v, ctx)) ? v.phone : maskPhone(v.phone);
  }

  @FieldResolver(() => ServiceRecord, { nullable: true, description: 'The service record its attendance made.' })
  serviceRecord(@Root() s: ActivitySignup, @Ctx() ctx: Context) {
    return ctx.db.getRepository(ServiceRecord).findOneBy({ activitySignupId: s.id });
  }

  private async organiserOrSelf(s: ActivitySignup, v: Volunteer, ctx: Context): Promise<boolean> {
    if (ctx.viewer?.account.id === v.accountId) return true;
    const activity = await ctx.db.getRepository(Activity).findOneByOrFail({ id: s.activityId });
    return ctx.services.activity.isOrganiserOf(ctx, activity);
  }
}
