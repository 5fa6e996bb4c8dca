import { ArrayMaxSize, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';
import { LocalDateResolver } from 'graphql-scalars';
import { ArgsType, Field, Float, ID, InputType, Int } from 'type-graphql';
import { PageArgs } from '../../core/relay';
import { CharLength } from '../../core/validation';
import { Gender, IdType, VolunteerStatus } from './volunteer.enums';

export const PHONE = /^\+?[0-9][0-9 ()-]{2,30}$/;
const CLOCK = /^([01][0-9]|2[0-4]):[0-5][0-9]$/;

@InputType({ description: 'A weekly window in which a volunteer can serve, in the city\'s local time.' })
export class AvailabilityWindowInput {
  @Field(() => Int, { description: 'ISO weekday: 1 = Monday ... 7 = Sunday.' })
  @Min(1)
  @Max(7)
  weekday: number;

  @Field({ description: 'Start, "HH:MM" (24-hour).' })
  @Matches(CLOCK, { message: 'start must be a time "HH:MM"' })
  start: string;

  @Field({ description: 'End, "HH:MM", after the start; "24:00" for the end of the day. Split a night across two days.' })
  @Matches(CLOCK, { message: 'end must be a time "HH:MM"' })
  end: string;
}

@InputType({ description: 'Real-name registration of a volunteer.' })
export class VolunteerRegisterInput {
  @Field(() => ID, { nullable: true, description: 'Staff registering someone: their VOLUNTEER account. Omit to register yourself.' })
  accountId?: string;

  @Field({ description: 'Real name, 1 to 100 characters.' })
  @CharLength(1, 100)
  name: string;

  @Field({ description: 'Mobile or landline number.' })
  @Matches(PHONE, { message: 'phone must be a telephone number' })
  phone: string;

  @Field(() => IdType, { nullable: true, description: 'Default RESIDENT_ID.' })
  idType?: IdType;

  @Field({ description: 'The ID number. Kept only as a keyed hash and its last four characters; a number already registered is refused.' })
  @CharLength(4, 40)
  idNumber: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Birth date; read from a resident ID (and checked against it when given), required otherwise.' })
  birthDate?: string;

  @Field(() => Gender, { nullable: true, description: 'Gender; read from a resident ID (and checked against it when given), required otherwise.' })
  gender?: Gender;

  @Field({ nullable: true, description: 'Party member (default false).' })
  partyMember?: boolean;

  @Field(() => ID, { description: 'Home community: where they report in and are managed.' })
  communityId: string;

  @Field(() => ID, { nullable: true, description: 'Home grid inside the home community, for closer matches.' })
  gridId?: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'When they reported in to the community (party members and civil servants, 到社区报到).' })
  reportedInAt?: string;

  @Field(() => ID, { nullable: true, description: 'Employer organisation: it, too, sees this person\'s service (dual management).' })
  organisationId?: string;

  @Field(() => [ID], { nullable: true, description: 'Skills from the taxonomy (at most 30).' })
  @IsOptional()
  @ArrayMaxSize(30)
  skillIds?: string[];

  @Field(() => [AvailabilityWindowInput], { nullable: true, description: 'Weekly windows (at most 21). None: available whenever on duty.' })
  @IsOptional()
  @ArrayMaxSize(21)
  @ValidateNested({ each: true })
  availability?: AvailabilityWindowInput[];

  @Field(() => Float, { nullable: true, description: 'Latitude of where they usually are, -90 to 90; with longitude.' })
  @IsOptional()
  @Min(-90)
  @Max(90)
  latitude?: number;

  @Field(() => Float, { nullable: true, description: 'Longitude, -180 to 180; with latitude.' })
  @IsOptional()
  @Min(-180)
  @Max(180)
  longitude?: number;
}

@InputType({ description: 'Changes to a registration; omitted fields stay. The volunteer changes phone, skills, availability, duty and location; their community\'s dispatchers also the rest.' })
export class VolunteerUpdateInput {
  @Field(() => ID, { nullable: true, description: 'The volunteer; default your own registration.' })
  id?: string;

  @Field({ nullable: true, description: 'Real name (staff).' })
  @IsOptional()
  @CharLength(1, 100)
  name?: string;

  @Field({ nullable: true, description: 'Telephone number.' })
  @IsOptional()
  @Matches(PHONE, { message: 'phone must be a telephone number' })
  phone?: string;

  @Field(() => Gender, { nullable: true, description: 'Gender (staff; not for a resident ID, which states it).' })
  gender?: Gender;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Birth date (staff; not for a resident ID, which states it).' })
  birthDate?: string;

  @Field({ nullable: true, description: 'Party member (staff).' })
  partyMember?: boolean;

  @Field(() => ID, { nullable: true, description: 'Employer organisation (staff); null clears it.' })
  organisationId?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Replaces the skills (at most 30).' })
  @IsOptional()
  @ArrayMaxSize(30)
  skillIds?: string[];

  @Field(() => [AvailabilityWindowInput], { nullable: true, description: 'Replaces the weekly windows (at most 21); an empty list means "whenever on duty".' })
  @IsOptional()
  @ArrayMaxSize(21)
  @ValidateNested({ each: true })
  availability?: AvailabilityWindowInput[];

  @Field({ nullable: true, description: 'On duty (ready to be offered demands now) or off duty.' })
  onDuty?: boolean;

  @Field(() => Float, { nullable: true, description: 'Latitude, -90 to 90; with longitude.' })
  @IsOptional()
  @Min(-90)
  @Max(90)
  latitude?: number | null;

  @Field(() => Float, { nullable: true, description: 'Longitude, -180 to 180; with latitude.' })
  @IsOptional()
  @Min(-180)
  @Max(180)
  longitude?: number | null;
}

@InputType({ description: 'A volunteer moving home: they report in to a new community; every record stays with them.' })
export class VolunteerMoveInput {
  @Field(() => ID, { nullable: true, description: 'The volunteer; default yourself.' })
  id?: string;

  @Field(() => ID, { description: 'The new home community.' })
  communityId: string;

  @Field(() => ID, { nullable: true, description: 'The new home grid inside it.' })
  gridId?: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'When they reported in there.' })
  reportedInAt?: string;

  @Field({ nullable: true, description: 'A note, at most 500 characters.' })
  @IsOptional()
  @CharLength(0, 500)
  note?: string;
}

@InputType({ description: 'Suspend, reinstate, or record that a volunteer left.' })
export class VolunteerStatusSetInput {
  @Field(() => ID, { description: 'The volunteer.' })
  id: string;

  @Field(() => VolunteerStatus, { description: 'The new status.' })
  status: VolunteerStatus;

  @Field({ nullable: true, description: 'Why; required for SUSPENDED and LEFT (at most 500 characters).' })
  @IsOptional()
  @CharLength(0, 500)
  reason?: string;
}

@InputType({ description: 'A certificate a volunteer holds.' })
export class VolunteerCertificateAddInput {
  @Field(() => ID, { description: 'The volunteer.' })
  volunteerId: string;

  @Field({ description: 'What it is, 1 to 100 characters.' })
  @CharLength(1, 100)
  name: string;

  @Field(() => ID, { nullable: true, description: 'The skill it certifies; an unexpired one counts in matching.' })
  skillId?: string;

  @Field({ nullable: true, description: 'Who issued it.' })
  @IsOptional()
  @CharLength(1, 100)
  issuer?: string;

  @Field({ nullable: true, description: 'Its number.' })
  @IsOptional()
  @CharLength(1, 64)
  number?: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Issued on.' })
  issuedOn?: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Valid until (inclusive); none: does not expire.' })
  expiresOn?: string;
}

@InputType({ description: 'Which certificate to remove.' })
export class VolunteerCertificateRemoveInput {
  @Field(() => ID, { description: 'The certificate.' })
  id: string;
}

@ArgsType()
export class VolunteersArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Only volunteers whose home community lies in this region (inside your scope).' })
  regionId?: string;

  @Field(() => [VolunteerStatus], { nullable: true, description: 'Only these statuses.' })
  status?: VolunteerStatus[];

  @Field(() => ID, { nullable: true, description: 'Only volunteers with this skill.' })
  skillId?: string;

  @Field(() => ID, { nullable: true, description: 'Only volunteers with a skill of this service category.' })
  categoryId?: string;

  @Field({ nullable: true, description: 'Only those on (true) or off (false) duty.' })
  onDuty?: boolean;

  @Field({ nullable: true, description: 'Only party members (true) or the others (false).' })
  partyMember?: boolean;

  @Field(() => ID, { nullable: true, description: 'Only employees of this organisation.' })
  organisationId?: string;
}
