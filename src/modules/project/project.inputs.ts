import { ArrayMaxSize, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';
import { LocalDateResolver } from 'graphql-scalars';
import { ArgsType, Field, Float, ID, InputType, Int } from 'type-graphql';
import { PageArgs } from '../../core/relay';
import { CharLength } from '../../core/validation';
import { PHONE } from '../volunteer/volunteer.inputs';
import { SignupStatus } from './project.enums';
import { ScheduleKind } from './schedule';

const CLOCK = /^([01][0-9]|2[0-4]):[0-5][0-9]$/;

@InputType({ description: 'When a project happens, in the city\'s local time.' })
export class ScheduleInput {
  @Field(() => ScheduleKind, { description: 'How it repeats.' })
  kind: ScheduleKind;

  @Field(() => LocalDateResolver, { description: 'The day (ONE_OFF), or the first day it may happen; today or later.' })
  from: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'The last day it may happen; none: until the project is closed.' })
  until?: string;

  @Field(() => Int, { nullable: true, description: 'WEEKLY and MONTHLY_WEEKDAY: ISO weekday, 1 = Monday ... 7 = Sunday.' })
  weekday?: number;

  @Field(() => Int, { nullable: true, description: 'MONTHLY_WEEKDAY: which one in the month, 1 to 5, or -1 for the last.' })
  nth?: number;

  @Field(() => Int, { nullable: true, description: 'MONTHLY_DAY and YEARLY: the day of the month.' })
  monthDay?: number;

  @Field(() => Int, { nullable: true, description: 'YEARLY: the month, 1 to 12.' })
  month?: number;

  @Field({ description: 'Start, "HH:MM".' })
  @Matches(CLOCK, { message: 'start must be a time "HH:MM"' })
  start: string;

  @Field({ description: 'End, "HH:MM" ("24:00" for midnight), after the start.' })
  @Matches(CLOCK, { message: 'end must be a time "HH:MM"' })
  end: string;
}

@InputType({ description: 'A project to publish (content, time, place, contact, capacity).' })
export class ProjectPublishInput {
  @Field({ description: 'Title, 1 to 200 characters.' })
  @CharLength(1, 200)
  title: string;

  @Field({ nullable: true, description: 'What volunteers will do, at most 4,000 characters.' })
  @IsOptional()
  @CharLength(0, 4000)
  content?: string;

  @Field(() => ID, { description: 'The service category.' })
  categoryId: string;

  @Field(() => ID, { description: 'The region it serves: inside your scope, or inside your team\'s region.' })
  regionId: string;

  @Field(() => ID, { nullable: true, description: 'Publishing as a team (its leader, or a dispatcher): the team organises it. Dispatchers may leave it for a team to claim.' })
  teamId?: string;

  @Field({ description: 'Where it takes place, 1 to 300 characters.' })
  @CharLength(1, 300)
  address: string;

  @Field(() => Float, { nullable: true, description: 'Latitude of the place; with longitude.' })
  @IsOptional()
  @Min(-90)
  @Max(90)
  latitude?: number;

  @Field(() => Float, { nullable: true, description: 'Longitude of the place; with latitude.' })
  @IsOptional()
  @Min(-180)
  @Max(180)
  longitude?: number;

  @Field(() => Int, { nullable: true, description: 'Require the volunteer\'s location within this many metres (50 to 5,000) at check-in; needs the place\'s coordinates.' })
  @IsOptional()
  @Min(50)
  @Max(5000)
  checkInRadiusMeters?: number;

  @Field({ description: 'Who to ask, 1 to 100 characters (published).' })
  @CharLength(1, 100)
  contactName: string;

  @Field({ description: 'Their telephone (published).' })
  @Matches(PHONE, { message: 'contactPhone must be a telephone number' })
  contactPhone: string;

  @Field(() => ScheduleInput, { description: 'When it happens.' })
  @ValidateNested()
  schedule: ScheduleInput;

  @Field(() => Int, { description: 'Places per activity, 1 to 1,000.' })
  @Min(1)
  @Max(1000)
  capacity: number;

  @Field(() => [ID], { nullable: true, description: 'Skills a volunteer needs, all of them, to sign up (at most 10).' })
  @IsOptional()
  @ArrayMaxSize(10)
  requiredSkillIds?: string[];

  @Field({ nullable: true, description: 'Open for sign-ups (default true).' })
  recruitmentOpen?: boolean;
}

@InputType({ description: 'Changes to a project; omitted fields stay.' })
export class ProjectUpdateInput {
  @Field(() => ID, { description: 'The project.' })
  id: string;

  @Field({ nullable: true, description: 'New title.' })
  @IsOptional()
  @CharLength(1, 200)
  title?: string;

  @Field({ nullable: true, description: 'New content.' })
  @IsOptional()
  @CharLength(0, 4000)
  content?: string;

  @Field({ nullable: true, description: 'New contact name.' })
  @IsOptional()
  @CharLength(1, 100)
  contactName?: string;

  @Field({ nullable: true, description: 'New contact telephone.' })
  @IsOptional()
  @Matches(PHONE, { message: 'contactPhone must be a telephone number' })
  contactPhone?: string;

  @Field({ nullable: true, description: 'Open or close sign-ups.' })
  recruitmentOpen?: boolean;
}

@InputType({ description: 'End a project: its future activities are cancelled and those signed up are told.' })
export class ProjectCloseInput {
  @Field(() => ID, { description: 'The project.' })
  id: string;

  @Field({ description: 'Why, 1 to 500 characters (shown to those signed up).' })
  @CharLength(1, 500)
  reason: string;
}

@InputType({ description: 'A team claims a project to organise it (认领).' })
export class ProjectClaimInput {
  @Field(() => ID, { description: 'The project (not yet organised by a team).' })
  projectId: string;

  @Field(() => ID, { description: 'Your team.' })
  teamId: string;
}

@InputType({ description: 'An activity, and for organisers a reason.' })
export class ActivityInput {
  @Field(() => ID, { description: 'The activity.' })
  activityId: string;
}

@InputType({ description: 'Call off one activity.' })
export class ActivityCancelInput {
  @Field(() => ID, { description: 'The activity.' })
  activityId: string;

  @Field({ description: 'Why, 1 to 500 characters (shown to those signed up).' })
  @CharLength(1, 500)
  reason: string;
}

@InputType({ description: 'Check in with the code the organiser shows (typed or scanned from the QR payload).' })
export class ActivityCheckInInput {
  @Field(() => ID, { description: 'The activity.' })
  activityId: string;

  @Field({ description: 'The 6-digit code, or the whole QR payload.' })
  @CharLength(6, 200)
  code: string;

  @Field(() => Float, { nullable: true, description: 'Your latitude; needed when the project asks for location proof.' })
  @IsOptional()
  @Min(-90)
  @Max(90)
  latitude?: number;

  @Field(() => Float, { nullable: true, description: 'Your longitude.' })
  @IsOptional()
  @Min(-180)
  @Max(180)
  longitude?: number;
}

@InputType({ description: 'The organiser records attendance for a volunteer signed up.' })
export class AttendanceMarkInput {
  @Field(() => ID, { description: 'The sign-up.' })
  signupId: string;

  @Field({ description: 'When they arrived.' })
  checkedInAt: Date;

  @Field({ nullable: true, description: 'When they left; omit while they are still there.' })
  checkedOutAt?: Date;
}

@InputType({ description: 'A sign-up, by its id.' })
export class SignupInput {
  @Field(() => ID, { description: 'The sign-up.' })
  signupId: string;
}

@ArgsType()
export class ProjectsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Only projects serving this region\'s subtree.' })
  regionId?: string;

  @Field(() => ID, { nullable: true, description: 'Only this service category.' })
  categoryId?: string;

  @Field({ nullable: true, description: 'Only projects with an activity starting at or after this time (default now).' })
  from?: Date;

  @Field({ nullable: true, description: 'Only projects with an activity starting before this time.' })
  to?: Date;

  @Field({ nullable: true, description: 'Only projects with such an activity that still has free places and takes sign-ups.' })
  hasFreePlaces?: boolean;
}

@ArgsType()
export class ActivitiesArgs extends PageArgs {
  @Field({ nullable: true, description: 'Starting at or after this time (default now).' })
  from?: Date;

  @Field({ nullable: true, description: 'Starting before this time.' })
  to?: Date;
}

@ArgsType()
export class SignupsArgs extends PageArgs {
  @Field(() => [SignupStatus], { nullable: true, description: 'Only these statuses (default CONFIRMED and WAITLISTED).' })
  status?: SignupStatus[];
}
