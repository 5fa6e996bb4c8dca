import { Args, Arg, Authorized, Ctx, FieldResolver, Float, ID, Int, Mutation, ObjectType, Field, Query, Resolver, Root } from 'type-graphql';
import { connectionType, toGlobalId } from '../../core/relay';
import { viewerOf } from '../../server/auth';
import type { Context } from '../../server/context';
import { Account } from '../account/account.entity';
import { Role } from '../account/role';
import { ServiceCategory } from '../category/category.entity';
import { Demand } from '../demand/demand.entity';
import { ErrorCode, UserError, fail, limitExceeded } from '../../core/errors';
import { maskName } from '../demand/demand.access';
import { LeaderboardPeriod } from './leaderboard.service';
import { Notice, NoticeKind } from '../notice/notice.entity';
import { Organisation } from '../organisation/organisation.entity';
import { PairingVisit } from '../pairing/pairing.entity';
import { Activity, ActivitySignup } from '../project/project.entity';
import { RegionType } from '../region/region.types';
import { Team, TeamMember } from '../team/team.entity';
import { MembershipStatus } from '../team/team.enums';
import { TimebankEntry } from '../timebank/timebank.entity';
import { Volunteer } from '../volunteer/volunteer.entity';
import { ServiceRecord } from './record.entity';
import { SignupStatus } from '../project/project.enums';
import {
  CertifierRecordsArgs,
  ServiceRecordCorrectionRequestInput,
  ServiceRecordCorrectionResolveInput,
  ServiceRecordCreateInput,
  ServiceRecordDeclineInput,
  ServiceRecordsApproveInput,
  ServiceRecordsArgs,
} from './record.inputs';
import { starProgress, teamStars } from './stars';

export const ServiceRecordConnection = connectionType('ServiceRecord', ServiceRecord, 'service record');
const CERTIFIERS = [Role.PLATFORM_ADMIN, Role.DISPATCHER, Role.VOLUNTEER];

@ObjectType({ description: 'The result of a service record mutation.' })
export class ServiceRecordPayload {
  @Field(() => ServiceRecord, { nullable: true, description: 'The record after the change; null when refused.' })
  record: ServiceRecord | null;

  @Field(() => [UserError], { description: 'What was wrong with the input; a record already decided is CONFLICT.' })
  userErrors: UserError[];
}

@ObjectType({ description: 'The result of certifying several records.' })
export class ServiceRecordsPayload {
  @Field(() => [ServiceRecord], { nullable: true, description: 'The records, approved; null when refused (then none was approved).' })
  records: ServiceRecord[] | null;

  @Field(() => [UserError], { description: 'What was wrong, naming the entry of `ids` at fault.' })
  userErrors: UserError[];
}

@ObjectType({ description: 'Star level (星级) from certified hours, and the way to the next.' })
export class StarLevel {
  @Field(() => Int, { description: 'Stars, 0 to the number of thresholds (5 by default).' })
  stars: number;

  @Field(() => Float, { description: 'Certified hours.' })
  hours: number;

  @Field(() => Int, { nullable: true, description: 'The next level; null at the top.' })
  nextStars: number | null;

  @Field(() => Float, { nullable: true, description: 'Hours the next level needs.' })
  nextThresholdHours: number | null;

  @Field(() => Float, { nullable: true, description: 'Hours still to go.' })
  hoursToNext: number | null;
}

const record = (r: ServiceRecord): ServiceRecordPayload => ({ record: r, userErrors: [] });

@Resolver(() => ServiceRecord)
export class ServiceRecordResolver {
  @Authorized(...CERTIFIERS)
  @Query(() => ServiceRecordConnection, { description: 'Records to certify, newest first: service in a dispatcher\'s scope, or organised by the teams a volunteer leads.' })
  serviceRecords(@Args() args: CertifierRecordsArgs, @Ctx() ctx: Context) {
    return ctx.services.record.forCertifier(ctx, viewerOf(ctx), args);
  }

  @Authorized(Role.VOLUNTEER, Role.PLATFORM_ADMIN, Role.DISPATCHER)
  @Mutation(() => ServiceRecordPayload, { description: 'Enter service by hand: a volunteer their own (with evidence), staff for a volunteer; it waits to be certified.' })
  async serviceRecordCreate(@Arg('input', { description: 'The service.' }) input: ServiceRecordCreateInput, @Ctx() ctx: Context) {
    return record(await ctx.services.record.create(ctx, viewerOf(ctx), input));
  }

  @Authorized(...CERTIFIERS)
  @Mutation(() => ServiceRecordsPayload, { description: 'Certify records in bulk (all or none): whoever organised the service (its team\'s leader or liaison, or a dispatcher of where it happened). Hours count and credits are deposited.' })
  async serviceRecordsApprove(@Arg('input', { description: 'The records.' }) input: ServiceRecordsApproveInput, @Ctx() ctx: Context): Promise<ServiceRecordsPayload> {
    return { records: await ctx.services.record.approve(ctx, viewerOf(ctx), input), userErrors: [] };
  }

  @Authorized(...CERTIFIERS)
  @Mutation(() => ServiceRecordPayload, { description: 'Decline a record, with the reason the volunteer sees.' })
  async serviceRecordDecline(@Arg('input', { description: 'The record and why.' }) input: ServiceRecordDeclineInput, @Ctx() ctx: Context) {
    return record(await ctx.services.record.decline(ctx, viewerOf(ctx), input));
  }

  @Authorized(Role.VOLUNTEER)
  @Mutation(() => ServiceRecordPayload, { description: 'Ask for your record\'s time to be corrected, with the reason.' })
  async serviceRecordCorrectionRequest(@Arg('input', { description: 'The record, the right minutes and why.' }) input: ServiceRecordCorrectionRequestInput, @Ctx() ctx: Context) {
    return record(await ctx.services.record.requestCorrection(ctx, viewerOf(ctx), input));
  }

  @Authorized(...CERTIFIERS)
  @Mutation(() => ServiceRecordPayload, { description: 'Accept or refuse a correction; on a certified record the counted hours and credits move by the difference.' })
  async serviceRecordCorrectionResolve(@Arg('input', { description: 'The record and the answer.' }) input: ServiceRecordCorrectionResolveInput, @Ctx() ctx: Context) {
    return record(await ctx.services.record.resolveCorrection(ctx, viewerOf(ctx), input));
  }

  @FieldResolver(() => ID, { description: 'Globally unique id.' })
  id(@Root() r: ServiceRecord): string {
    return toGlobalId('ServiceRecord', r.id);
  }

  @FieldResolver(() => Float, { description: 'Hours served.' })
  hours(@Root() r: ServiceRecord): number {
    return Math.round((r.minutes / 60) * 100) / 100;
  }

  @FieldResolver(() => Volunteer, { nullable: true, description: 'Whose service it is; null when you may not see them.' })
  async volunteer(@Root() r: ServiceRecord, @Ctx() ctx: Context) {
    return ctx.services.volunteer.visible(ctx, await ctx.loaders.volunteer.byId.load(r.volunteerId));
  }

  @FieldResolver(() => ServiceCategory, { description: 'The kind of service.' })
  category(@Root() r: ServiceRecord, @Ctx() ctx: Context) {
    return ctx.loaders.category.byId.load(r.categoryId);
  }

  @FieldResolver(() => RegionType, { description: 'Where it happened.' })
  region(@Root() r: ServiceRecord, @Ctx() ctx: Context) {
    return ctx.loaders.region.byId.load(r.regionId);
  }

  @FieldResolver(() => Team, { nullable: true, description: 'The team that organised it.' })
  team(@Root() r: ServiceRecord, @Ctx() ctx: Context) {
    return r.teamId === null ? null : ctx.loaders.team.byId.load(r.teamId);
  }

  @FieldResolver(() => Account, { nullable: true, description: 'Who approved or declined it.' })
  certifiedBy(@Root() r: ServiceRecord, @Ctx() ctx: Context) {
    return r.certifiedById === null ? null : ctx.loaders.account.byId.load(r.certifiedById);
  }

  @FieldResolver(() => Team, { nullable: true, description: 'The team that certified it, when its leader or liaison did.' })
  certifyingTeam(@Root() r: ServiceRecord, @Ctx() ctx: Context) {
    return r.certifierTeamId === null ? null : ctx.loaders.team.byId.load(r.certifierTeamId);
  }

  @FieldResolver(() => Organisation, { nullable: true, description: 'The organisation that certified it (the certifying team\'s organisation), which the record carries wherever the volunteer goes.' })
  certifyingOrganisation(@Root() r: ServiceRecord, @Ctx() ctx: Context) {
    return r.certifierOrganisationId === null ? null : ctx.loaders.organisation.byId.load(r.certifierOrganisationId);
  }

  @FieldResolver(() => RegionType, { nullable: true, description: 'The command center that certified it, when a dispatcher did: the dispatcher\'s scope.' })
  certifyingRegion(@Root() r: ServiceRecord, @Ctx() ctx: Context) {
    return r.certifierRegionId === null ? null : ctx.loaders.region.byId.load(r.certifierRegionId);
  }

  @FieldResolver(() => Activity, { nullable: true, description: 'The activity, for ACTIVITY records.' })
  async activity(@Root() r: ServiceRecord, @Ctx() ctx: Context) {
    if (r.activitySignupId === null) return null;
    const signup = await ctx.db.getRepository(ActivitySignup).findOneByOrFail({ id: r.activitySignupId });
    return ctx.db.getRepository(Activity).findOneBy({ id: signup.activityId });
  }

  @FieldResolver(() => Demand, { nullable: true, description: 'The demand, for DEMAND records.' })
  demand(@Root() r: ServiceRecord, @Ctx() ctx: Context) {
    return r.demandId === null ? null : ctx.loaders.demand.byId.load(r.demandId);
  }

  @FieldResolver(() => PairingVisit, { nullable: true, description: 'The visit, for PAIRING_VISIT records.' })
  pairingVisit(@Root() r: ServiceRecord, @Ctx() ctx: Context) {
    return r.pairingVisitId === null ? null : ctx.db.getRepository(PairingVisit).findOneBy({ id: r.pairingVisitId });
  }
}

@Resolver(() => Volunteer)
export class VolunteerRecordsResolver {
  @FieldResolver(() => ServiceRecordConnection, { description: 'Their service records, newest first; they stay with the person across moves. For the person, their community, team leaders and employer.' })
  serviceRecords(@Root() v: Volunteer, @Args() args: ServiceRecordsArgs, @Ctx() ctx: Context) {
    return ctx.services.record.ofVolunteer(ctx, v, args);
  }

  @FieldResolver(() => StarLevel, { description: 'Star level from certified hours, and the hours to the next.' })
  stars(@Root() v: Volunteer, @Ctx() ctx: Context): StarLevel {
    return Object.assign(new StarLevel(), starProgress(v.certifiedMinutes, ctx.config.starThresholdsHours));
  }

  @FieldResolver(() => Int, { description: 'Activities they had a place at and did not come to.' })
  noShows(@Root() v: Volunteer, @Ctx() ctx: Context) {
    return ctx.db.getRepository(ActivitySignup).countBy({ volunteerId: v.id, status: SignupStatus.NO_SHOW });
  }
}

@Resolver(() => Team)
export class TeamStarsResolver {
  @FieldResolver(() => Int, { description: 'Team stars: the star level its active members reach on average (from three active members on).' })
  async stars(@Root() team: Team, @Ctx() ctx: Context) {
    const minutes = await ctx.db
      .getRepository(Volunteer)
      .createQueryBuilder('v')
      .select('v.certifiedMinutes', 'minutes')
      .innerJoin(TeamMember, 'm', 'm.volunteerId = v.id AND m.teamId = :team AND m.status = :active', { team: team.id, active: MembershipStatus.ACTIVE })
      .getRawMany<{ minutes: number }>();
    return teamStars(minutes.map((m) => Number(m.minutes)), ctx.config.starThresholdsHours);
  }
}

@Resolver(() => Notice)
export class NoticeSubjectResolver {
  @FieldResolver(() => ActivitySignup, { nullable: true, description: 'SIGNUP_PROMOTED: the sign-up now confirmed.' })
  signup(@Root() n: Notice, @Ctx() ctx: Context) {
    return n.kind === NoticeKind.SIGNUP_PROMOTED && n.refId !== null ? ctx.db.getRepository(ActivitySignup).findOneBy({ id: n.refId }) : null;
  }

  @FieldResolver(() => Activity, { nullable: true, description: 'ACTIVITY_CANCELLED: the activity.' })
  activity(@Root() n: Notice, @Ctx() ctx: Context) {
    return n.kind === NoticeKind.ACTIVITY_CANCELLED && n.refId !== null ? ctx.db.getRepository(Activity).findOneBy({ id: n.refId }) : null;
  }

  @FieldResolver(() => ServiceRecord, { nullable: true, description: 'Record notices and CHECKOUT_AUTO_CLOSED: the service record.' })
  serviceRecord(@Root() n: Notice, @Ctx() ctx: Context) {
    const kinds = [NoticeKind.RECORD_APPROVED, NoticeKind.RECORD_DECLINED, NoticeKind.CORRECTION_RESOLVED, NoticeKind.CHECKOUT_AUTO_CLOSED];
    return kinds.includes(n.kind) && n.refId !== null ? ctx.db.getRepository(ServiceRecord).findOneBy({ id: n.refId }) : null;
  }

  @FieldResolver(() => TimebankEntry, { nullable: true, description: 'CREDITS_RECEIVED: the ledger line.' })
  timebankEntry(@Root() n: Notice, @Ctx() ctx: Context) {
    return n.kind === NoticeKind.CREDITS_RECEIVED && n.refId !== null ? ctx.db.getRepository(TimebankEntry).findOneBy({ id: n.refId }) : null;
  }
}

@ObjectType({ description: 'One place on a leaderboard.' })
export class LeaderboardEntry {
  @Field(() => Int, { description: 'Place, from 1; ties are broken by total certified hours, then the older registration.' })
  rank: number;

  @Field(() => Float, { description: 'Certified hours in the period.' })
  hours: number;

  volunteerId: number;
}

@Resolver(() => LeaderboardEntry)
export class LeaderboardResolver {
  @Authorized()
  @Query(() => [LeaderboardEntry], {
    description: 'Certified hours ranked for a week, month, year or all time, within a region subtree (by home community), a team or an organisation (or everyone without one).',
  })
  leaderboard(
    @Arg('period', () => LeaderboardPeriod, { description: 'Which hours count.' }) period: LeaderboardPeriod,
    @Arg('regionId', () => ID, { nullable: true, description: 'Volunteers whose home community lies in this region.' }) regionId: string | null,
    @Arg('teamId', () => ID, { nullable: true, description: 'Active members of this team.' }) teamId: string | null,
    @Arg('organisationId', () => ID, { nullable: true, description: 'Employees of this organisation.' }) organisationId: string | null,
    @Arg('at', () => Date, { nullable: true, description: 'A moment in the period wanted (default now).' }) at: Date | null,
    @Arg('first', () => Int, { defaultValue: 20, description: 'How many places, at most 100.' }) first: number,
    @Ctx() ctx: Context,
  ) {
    if (first < 0 || first > 100) throw limitExceeded('`first` may be at most 100');
    // Periods are computed on calendar dates; far-off years (9999 and beyond its week) have none.
    if (at && (at.getUTCFullYear() < 1970 || at.getUTCFullYear() > 2200)) fail(ErrorCode.INVALID, ['at'], '`at` must lie between the years 1970 and 2200');
    return ctx.services.leaderboard
      .rank(ctx, period, { regionId, teamId, organisationId }, at ?? new Date(), first)
      .then((rows) => rows.map((r) => Object.assign(new LeaderboardEntry(), { rank: r.rank, hours: Math.round((r.minutes / 60) * 100) / 100, volunteerId: r.volunteerId })));
  }

  @FieldResolver(() => Volunteer, { nullable: true, description: 'The volunteer, when you may see their registration.' })
  async volunteer(@Root() e: LeaderboardEntry, @Ctx() ctx: Context) {
    return ctx.services.volunteer.visible(ctx, await ctx.loaders.volunteer.byId.load(e.volunteerId));
  }

  @FieldResolver(() => String, { description: 'Their name; masked (王**) for those who may not see their registration.' })
  async name(@Root() e: LeaderboardEntry, @Ctx() ctx: Context) {
    const v = (await ctx.loaders.volunteer.byId.load(e.volunteerId))!;
    return (await ctx.services.volunteer.visible(ctx, v)) ? v.name : maskName(v.name);
  }

  @FieldResolver(() => Int, { description: 'Their star level (from all their certified hours).' })
  async stars(@Root() e: LeaderboardEntry, @Ctx() ctx: Context) {
    const v = (await ctx.loaders.volunteer.byId.load(e.volunteerId))!;
    return starProgress(v.certifiedMinutes, ctx.config.starThresholdsHours).stars;
  }
}
