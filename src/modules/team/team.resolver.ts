import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { toGlobalId } from '../../core/relay';
import { viewerOf } from '../../server/auth';
import type { Context } from '../../server/context';
import { Role } from '../account/role';
import { ServiceCategory } from '../category/category.entity';
import { Organisation } from '../organisation/organisation.entity';
import { RegionType } from '../region/region.types';
import { Volunteer } from '../volunteer/volunteer.entity';
import { Team, TeamMember } from './team.entity';
import { RosterArgs, TeamCreateInput, TeamJoinRequestInput, TeamLeaveInput, TeamMembershipDecisionInput, TeamUpdateInput, TeamsArgs } from './team.inputs';
import { TeamMembershipPayload, TeamPayload } from './team.payloads';
import { TeamConnection, TeamMemberConnection } from './team.types';

const STAFF = [Role.PLATFORM_ADMIN, Role.DISPATCHER];
const LEADERS = [Role.PLATFORM_ADMIN, Role.DISPATCHER, Role.VOLUNTEER];
const membership = (m: TeamMember): TeamMembershipPayload => ({ membership: m, userErrors: [] });

@Resolver(() => Team)
export class TeamResolver {
  @Authorized()
  @Query(() => TeamConnection, { description: 'Volunteer teams, oldest first; anyone signed in may browse them (rosters are restricted).' })
  teams(@Args() args: TeamsArgs, @Ctx() ctx: Context) {
    return ctx.services.team.list(ctx, args);
  }

  @Authorized(...STAFF)
  @Mutation(() => TeamPayload, { description: 'Set up a team in a region inside your scope.' })
  async teamCreate(@Arg('input', { description: 'The team.' }) input: TeamCreateInput, @Ctx() ctx: Context): Promise<TeamPayload> {
    return { team: await ctx.services.team.create(ctx, viewerOf(ctx), input), userErrors: [] };
  }

  @Authorized(...LEADERS)
  @Mutation(() => TeamPayload, { description: 'Change a team: its leader changes name, description, specialties and liaison; dispatchers of its region anything.' })
  async teamUpdate(@Arg('input', { description: 'What to change.' }) input: TeamUpdateInput, @Ctx() ctx: Context): Promise<TeamPayload> {
    return { team: await ctx.services.team.update(ctx, viewerOf(ctx), input), userErrors: [] };
  }

  @Authorized(Role.VOLUNTEER)
  @Mutation(() => TeamMembershipPayload, { description: 'Ask to join a team (registered volunteers).' })
  async teamJoinRequest(@Arg('input', { description: 'The team and a message.' }) input: TeamJoinRequestInput, @Ctx() ctx: Context) {
    return membership(await ctx.services.team.requestToJoin(ctx, viewerOf(ctx), input));
  }

  @Authorized(...LEADERS)
  @Mutation(() => TeamMembershipPayload, { description: 'Approve a join request (the team\'s leader or dispatchers of its region).' })
  async teamMembershipApprove(@Arg('input', { description: 'The request.' }) input: TeamMembershipDecisionInput, @Ctx() ctx: Context) {
    return membership(await ctx.services.team.approve(ctx, viewerOf(ctx), input));
  }

  @Authorized(...LEADERS)
  @Mutation(() => TeamMembershipPayload, { description: 'Turn down a join request, with a reason.' })
  async teamMembershipReject(@Arg('input', { description: 'The request and the reason.' }) input: TeamMembershipDecisionInput, @Ctx() ctx: Context) {
    return membership(await ctx.services.team.reject(ctx, viewerOf(ctx), input));
  }

  @Authorized(...LEADERS)
  @Mutation(() => TeamMembershipPayload, { description: 'Remove a member, with a reason (not the leader).' })
  async teamMembershipRemove(@Arg('input', { description: 'The membership and the reason.' }) input: TeamMembershipDecisionInput, @Ctx() ctx: Context) {
    return membership(await ctx.services.team.remove(ctx, viewerOf(ctx), input));
  }

  @Authorized(Role.VOLUNTEER)
  @Mutation(() => TeamMembershipPayload, { description: 'Leave a team, or withdraw a request to join.' })
  async teamLeave(@Arg('input', { description: 'The team.' }) input: TeamLeaveInput, @Ctx() ctx: Context) {
    return membership(await ctx.services.team.leave(ctx, viewerOf(ctx), input));
  }

  @FieldResolver(() => ID, { description: 'Globally unique id.' })
  id(@Root() team: Team): string {
    return toGlobalId('Team', team.id);
  }

  @FieldResolver(() => RegionType, { description: 'Home region.' })
  region(@Root() team: Team, @Ctx() ctx: Context) {
    return ctx.loaders.region.byId.load(team.regionId);
  }

  @FieldResolver(() => Team, { nullable: true, description: 'The team it belongs to.' })
  parent(@Root() team: Team, @Ctx() ctx: Context) {
    return team.parentId === null ? null : ctx.loaders.team.byId.load(team.parentId);
  }

  @FieldResolver(() => [Team], { description: 'Teams that belong to it.' })
  children(@Root() team: Team, @Ctx() ctx: Context) {
    return ctx.loaders.team.children.load(team.id);
  }

  @FieldResolver(() => Organisation, { nullable: true, description: 'The partner organisation it belongs to.' })
  organisation(@Root() team: Team, @Ctx() ctx: Context) {
    return team.organisationId === null ? null : ctx.loaders.organisation.byId.load(team.organisationId);
  }

  @FieldResolver(() => [ServiceCategory], { description: 'Service categories it specialises in.' })
  async specialties(@Root() team: Team, @Ctx() ctx: Context) {
    const ids = await ctx.loaders.team.specialties.load(team.id);
    return (await ctx.loaders.category.byId.loadMany(ids)).filter((c): c is ServiceCategory => c instanceof ServiceCategory);
  }

  @FieldResolver(() => Volunteer, { nullable: true, description: 'The leader; null when there is none or you may not see them.' })
  async leader(@Root() team: Team, @Ctx() ctx: Context) {
    return team.leaderId === null ? null : ctx.services.volunteer.visible(ctx, await ctx.loaders.volunteer.byId.load(team.leaderId));
  }

  @FieldResolver(() => Volunteer, { nullable: true, description: 'The liaison (联络员) who notifies members and records their service; null when there is none or you may not see them.' })
  async liaison(@Root() team: Team, @Ctx() ctx: Context) {
    return team.liaisonId === null ? null : ctx.services.volunteer.visible(ctx, await ctx.loaders.volunteer.byId.load(team.liaisonId));
  }

  @FieldResolver(() => Int, { description: 'Active members.' })
  memberCount(@Root() team: Team, @Ctx() ctx: Context) {
    return ctx.loaders.team.memberCount.load(team.id);
  }

  @FieldResolver(() => TeamMemberConnection, { description: 'The roster (default: active members), oldest membership first. For staff, its leader, liaison and members, and its organisation.' })
  members(@Root() team: Team, @Args() args: RosterArgs, @Ctx() ctx: Context) {
    return ctx.services.team.roster(ctx, team, args);
  }

  @FieldResolver(() => TeamMember, { nullable: true, description: 'Your own membership or request, if any.' })
  myMembership(@Root() team: Team, @Ctx() ctx: Context) {
    return ctx.services.team.myMembership(ctx, team);
  }
}

@Resolver(() => TeamMember)
export class TeamMemberResolver {
  @FieldResolver(() => ID, { description: 'Globally unique id.' })
  id(@Root() m: TeamMember): string {
    return toGlobalId('TeamMember', m.id);
  }

  @FieldResolver(() => Team, { description: 'The team.' })
  team(@Root() m: TeamMember, @Ctx() ctx: Context) {
    return ctx.loaders.team.byId.load(m.teamId);
  }

  @FieldResolver(() => Volunteer, { nullable: true, description: 'The volunteer; null when you may not see them.' })
  async volunteer(@Root() m: TeamMember, @Ctx() ctx: Context) {
    return ctx.services.volunteer.visible(ctx, await ctx.loaders.volunteer.byId.load(m.volunteerId));
  }
}
