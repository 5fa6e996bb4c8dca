import { LocalDateResolver } from 'graphql-scalars';
import { Arg, Args, Authorized, Ctx, FieldResolver, Float, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { PageArgs, parsePage, toConnection, toGlobalId } from '../../core/relay';
import { viewerOf } from '../../server/auth';
import type { Context } from '../../server/context';
import { Account } from '../account/account.entity';
import { Role } from '../account/role';
import { maskName, maskPhone } from '../demand/demand.access';
import { DemandConnection } from '../demand/demand.types';
import { Organisation } from '../organisation/organisation.entity';
import { CommunityType, GridType } from '../region/region.types';
import { Skill } from '../skill/skill.entity';
import { TeamMember } from '../team/team.entity';
import { ageOn } from './availability';
import { VolunteerAccess } from './volunteer.access';
import { Volunteer, VolunteerCertificate, VolunteerMove } from './volunteer.entity';
import {
  VolunteerCertificateAddInput,
  VolunteerCertificateRemoveInput,
  VolunteerMoveInput,
  VolunteerRegisterInput,
  VolunteerStatusSetInput,
  VolunteerUpdateInput,
  VolunteersArgs,
} from './volunteer.inputs';
import { VolunteerCertificatePayload, VolunteerPayload } from './volunteer.payloads';
import { AvailabilityWindow, VolunteerConnection, toAvailabilityWindow } from './volunteer.types';

const payload = (volunteer: Volunteer): VolunteerPayload => ({ volunteer, userErrors: [] });
const REGISTRARS = [Role.PLATFORM_ADMIN, Role.DISPATCHER, Role.VOLUNTEER];
const STAFF = [Role.PLATFORM_ADMIN, Role.DISPATCHER];

@Resolver(() => Volunteer)
export class VolunteerResolver {
  @Authorized(Role.PLATFORM_ADMIN, Role.DISPATCHER, Role.GRID_WORKER, Role.PARTNER)
  @Query(() => VolunteerConnection, { description: 'Registered volunteers, oldest registration first: by home community within your scope, or a partner\'s employees.' })
  volunteers(@Args() args: VolunteersArgs, @Ctx() ctx: Context) {
    return ctx.services.volunteer.list(ctx, viewerOf(ctx), args);
  }

  @Authorized(...REGISTRARS)
  @Mutation(() => VolunteerPayload, { description: 'Real-name registration: a volunteer registers themself, or their community\'s dispatchers register them. One registration per ID number.' })
  async volunteerRegister(@Arg('input', { description: 'The registration.' }) input: VolunteerRegisterInput, @Ctx() ctx: Context) {
    return payload(await ctx.services.volunteer.register(ctx, viewerOf(ctx), input));
  }

  @Authorized(...REGISTRARS)
  @Mutation(() => VolunteerPayload, { description: 'Change a registration: the volunteer their phone, skills, availability, duty and location; their community\'s dispatchers anything but the ID.' })
  async volunteerUpdate(@Arg('input', { description: 'What to change.' }) input: VolunteerUpdateInput, @Ctx() ctx: Context) {
    return payload(await ctx.services.volunteer.update(ctx, viewerOf(ctx), input));
  }

  @Authorized(...REGISTRARS)
  @Mutation(() => VolunteerPayload, { description: 'Move home: report in to a new community (the volunteer, or the new community\'s dispatchers). Records stay with the person.' })
  async volunteerMove(@Arg('input', { description: 'The new home.' }) input: VolunteerMoveInput, @Ctx() ctx: Context) {
    return payload(await ctx.services.volunteer.move(ctx, viewerOf(ctx), input));
  }

  @Authorized(...STAFF)
  @Mutation(() => VolunteerPayload, { description: 'Suspend, reinstate, or record that a volunteer left (their community\'s dispatchers). Suspended volunteers are never matched or offered demands.' })
  async volunteerStatusSet(@Arg('input', { description: 'The status and reason.' }) input: VolunteerStatusSetInput, @Ctx() ctx: Context) {
    return payload(await ctx.services.volunteer.setStatus(ctx, viewerOf(ctx), input));
  }

  @Authorized(...STAFF)
  @Mutation(() => VolunteerCertificatePayload, { description: 'Record a certificate a volunteer holds (their community\'s dispatchers).' })
  async volunteerCertificateAdd(@Arg('input', { description: 'The certificate.' }) input: VolunteerCertificateAddInput, @Ctx() ctx: Context): Promise<VolunteerCertificatePayload> {
    return { certificate: await ctx.services.volunteer.addCertificate(ctx, viewerOf(ctx), input), userErrors: [] };
  }

  @Authorized(...STAFF)
  @Mutation(() => VolunteerPayload, { description: 'Remove a certificate recorded in error.' })
  async volunteerCertificateRemove(@Arg('input', { description: 'The certificate.' }) input: VolunteerCertificateRemoveInput, @Ctx() ctx: Context) {
    return payload(await ctx.services.volunteer.removeCertificate(ctx, viewerOf(ctx), input));
  }

  @FieldResolver(() => ID, { description: 'Globally unique id.' })
  id(@Root() volunteer: Volunteer): string {
    return toGlobalId('Volunteer', volunteer.id);
  }

  @FieldResolver(() => String, { description: 'Real name; masked (王**) for viewers who see only that someone serves.' })
  async name(@Root() v: Volunteer, @Ctx() ctx: Context) {
    return (await this.access(v, ctx)) >= VolunteerAccess.BASIC ? v.name : maskName(v.name);
  }

  @FieldResolver(() => String, { description: 'Telephone; in full for the person, their community\'s dispatchers, their team leaders and liaisons, and their employer; masked otherwise.' })
  async phone(@Root() v: Volunteer, @Ctx() ctx: Context) {
    return (await this.access(v, ctx)) >= VolunteerAccess.CONTACT ? v.phone : maskPhone(v.phone);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Last four characters of the ID number (the number itself is never kept); for the person and their community only.' })
  async idNumberLast4(@Root() v: Volunteer, @Ctx() ctx: Context) {
    return (await this.full(v, ctx)) ? v.idLast4 : null;
  }

  @FieldResolver(() => LocalDateResolver, { nullable: true, description: 'Birth date; for the person and their community only.' })
  async birthDate(@Root() v: Volunteer, @Ctx() ctx: Context) {
    return (await this.full(v, ctx)) ? v.birthDate : null;
  }

  @FieldResolver(() => Int, { description: 'Age in whole years today (city time).' })
  age(@Root() v: Volunteer, @Ctx() ctx: Context): number {
    return ageOn(v.birthDate, ctx.services.volunteer.clock().date);
  }

  @FieldResolver(() => CommunityType, { description: 'Home community: where they reported in and are managed.' })
  homeCommunity(@Root() v: Volunteer, @Ctx() ctx: Context) {
    return ctx.loaders.region.byId.load(v.communityId);
  }

  @FieldResolver(() => GridType, { nullable: true, description: 'Home grid, when given.' })
  homeGrid(@Root() v: Volunteer, @Ctx() ctx: Context) {
    return v.gridId === null ? null : ctx.loaders.region.byId.load(v.gridId);
  }

  @FieldResolver(() => LocalDateResolver, { nullable: true, description: 'When they reported in to the home community; for the person and their community only.' })
  async reportedInAt(@Root() v: Volunteer, @Ctx() ctx: Context) {
    return (await this.full(v, ctx)) ? v.reportedInAt : null;
  }

  @FieldResolver(() => Organisation, { nullable: true, description: 'Employer organisation (dual management).' })
  employer(@Root() v: Volunteer, @Ctx() ctx: Context) {
    return v.organisationId === null ? null : ctx.loaders.organisation.byId.load(v.organisationId);
  }

  @FieldResolver(() => Account, { nullable: true, description: 'The account they sign in with; for the person and their community only.' })
  async account(@Root() v: Volunteer, @Ctx() ctx: Context) {
    return (await this.full(v, ctx)) ? ctx.loaders.account.byId.load(v.accountId) : null;
  }

  @FieldResolver(() => [Skill], { description: 'Skills from the taxonomy.' })
  skills(@Root() v: Volunteer, @Ctx() ctx: Context) {
    return ctx.loaders.volunteer.skills.load(v.id);
  }

  @FieldResolver(() => [VolunteerCertificate], { description: 'Certificates held, expired ones included (see `expired`).' })
  certificates(@Root() v: Volunteer, @Ctx() ctx: Context) {
    return ctx.loaders.volunteer.certificates.load(v.id);
  }

  @FieldResolver(() => [AvailabilityWindow], { description: 'Weekly windows in which they can serve; none means whenever on duty.' })
  async availability(@Root() v: Volunteer, @Ctx() ctx: Context) {
    return (await ctx.loaders.volunteer.availability.load(v.id)).map(toAvailabilityWindow);
  }

  @FieldResolver(() => Boolean, { description: 'Active, on duty and inside a weekly window (or with none) right now.' })
  availableNow(@Root() v: Volunteer, @Ctx() ctx: Context) {
    return ctx.services.volunteer.availableNow(ctx, v);
  }

  @FieldResolver(() => Float, { nullable: true, description: 'Latitude of where they usually are; for the person and their community only.' })
  async latitude(@Root() v: Volunteer, @Ctx() ctx: Context) {
    return (await this.full(v, ctx)) ? v.latitude : null;
  }

  @FieldResolver(() => Float, { nullable: true, description: 'Longitude; for the person and their community only.' })
  async longitude(@Root() v: Volunteer, @Ctx() ctx: Context) {
    return (await this.full(v, ctx)) ? v.longitude : null;
  }

  @FieldResolver(() => Float, { description: 'Certified service hours so far.' })
  certifiedHours(@Root() v: Volunteer): number {
    return Math.round((v.certifiedMinutes / 60) * 100) / 100;
  }

  @FieldResolver(() => [VolunteerMove], { description: 'Home communities over time, from registration on; for the person and their community only.' })
  async moves(@Root() v: Volunteer, @Ctx() ctx: Context) {
    return (await this.full(v, ctx)) ? ctx.loaders.volunteer.moves.load(v.id) : [];
  }

  @FieldResolver(() => [TeamMember], { description: 'Their team memberships and join requests.' })
  memberships(@Root() v: Volunteer, @Ctx() ctx: Context) {
    return ctx.loaders.volunteer.memberships.load(v.id);
  }

  @FieldResolver(() => DemandConnection, { description: 'Demands they served or serve, oldest first: their service follows them across moves. For the person, their community, team leaders and employer.' })
  async servedDemands(@Root() v: Volunteer, @Args() args: PageArgs, @Ctx() ctx: Context) {
    const page = parsePage(args);
    if ((await this.access(v, ctx)) < VolunteerAccess.CONTACT) return toConnection([], page, () => 0, async () => 0);
    const rows = page.limit === 0 ? [] : await ctx.loaders.demand.byResponderPage.load({ parentId: v.accountId, page });
    return toConnection(rows, page, (d) => d.id, () => ctx.loaders.demand.byResponderCount.load(v.accountId));
  }

  private access(v: Volunteer, ctx: Context): Promise<VolunteerAccess> {
    return ctx.services.volunteer.access(ctx, v);
  }

  private async full(v: Volunteer, ctx: Context): Promise<boolean> {
    return (await this.access(v, ctx)) === VolunteerAccess.FULL;
  }
}

@Resolver(() => VolunteerCertificate)
export class VolunteerCertificateResolver {
  @FieldResolver(() => ID, { description: 'Globally unique id.' })
  id(@Root() certificate: VolunteerCertificate): string {
    return toGlobalId('VolunteerCertificate', certificate.id);
  }

  @FieldResolver(() => Skill, { nullable: true, description: 'The skill it certifies.' })
  skill(@Root() certificate: VolunteerCertificate, @Ctx() ctx: Context) {
    return certificate.skillId === null ? null : ctx.loaders.skill.byId.load(certificate.skillId);
  }

  @FieldResolver(() => LocalDateResolver, { nullable: true, description: 'Issued on.' })
  issuedOn(@Root() certificate: VolunteerCertificate) {
    return certificate.issuedOn;
  }

  @FieldResolver(() => LocalDateResolver, { nullable: true, description: 'Valid until (inclusive); null: does not expire.' })
  expiresOn(@Root() certificate: VolunteerCertificate) {
    return certificate.expiresOn;
  }

  @FieldResolver(() => Boolean, { description: 'Past its expiry date (city time); expired certificates do not count in matching.' })
  expired(@Root() certificate: VolunteerCertificate, @Ctx() ctx: Context): boolean {
    return certificate.expiresOn !== null && certificate.expiresOn < ctx.services.volunteer.clock().date;
  }
}

@Resolver(() => VolunteerMove)
export class VolunteerMoveResolver {
  @FieldResolver(() => CommunityType, { nullable: true, description: 'The community they left; null for the registration.' })
  from(@Root() move: VolunteerMove, @Ctx() ctx: Context) {
    return move.fromCommunityId === null ? null : ctx.loaders.region.byId.load(move.fromCommunityId);
  }

  @FieldResolver(() => CommunityType, { description: 'The community they reported in to.' })
  to(@Root() move: VolunteerMove, @Ctx() ctx: Context) {
    return ctx.loaders.region.byId.load(move.toCommunityId);
  }

  @FieldResolver(() => LocalDateResolver, { nullable: true, description: 'When they reported in there.' })
  reportedInAt(@Root() move: VolunteerMove) {
    return move.reportedInAt;
  }
}

@Resolver(() => Account)
export class AccountVolunteerResolver {
  @FieldResolver(() => Volunteer, { nullable: true, description: 'VOLUNTEER accounts: their real-name registration, when the viewer may see it.' })
  async volunteer(@Root() account: Account, @Ctx() ctx: Context) {
    if (account.role !== Role.VOLUNTEER) return null;
    return ctx.services.volunteer.visible(ctx, await ctx.loaders.volunteer.byAccountId.load(account.id));
  }
}
