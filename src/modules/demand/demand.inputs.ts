import { ArrayMaxSize, IsOptional, Matches, Max, Min } from 'class-validator';
import { ArgsType, Field, Float, ID, InputType, Int } from 'type-graphql';
import { PageArgs } from '../../core/relay';
import { CharLength } from '../../core/validation';
import { DemandChannel, DemandStatus, Urgency } from './demand.enums';

@InputType({ description: 'A new demand (点单).' })
export class DemandCreateInput {
  @Field(() => ID, { description: 'The grid where the service is needed.' })
  gridId: string;

  @Field(() => ID, { description: 'The service category.' })
  categoryId: string;

  @Field({ description: 'What is needed, 1 to 200 characters.' })
  @CharLength(1, 200)
  title: string;

  @Field({ nullable: true, description: 'Details, at most 4,000 characters.' })
  @IsOptional()
  @CharLength(0, 4000)
  description?: string;

  @Field(() => Urgency, { nullable: true, description: 'Default ROUTINE.' })
  urgency?: Urgency;

  @Field(() => DemandChannel, {
    nullable: true,
    description: 'Default by role: RESIDENT_APP (resident), GRID_VISIT (grid worker), HOTLINE (dispatcher), PARTNER_API (partner).',
  })
  channel?: DemandChannel;

  @Field({ nullable: true, description: 'A key of the caller\'s choosing: the same key from the same account returns the same demand instead of a second one.' })
  @IsOptional()
  @CharLength(1, 100)
  idempotencyKey?: string;

  @Field(() => ID, { nullable: true, description: 'When filing on behalf of a registered resident: their account.' })
  requesterId?: string;

  @Field({ nullable: true, description: 'Name of the person the demand is for (masked for most readers).' })
  @IsOptional()
  @CharLength(1, 100)
  contactName?: string;

  @Field({ nullable: true, description: 'Their telephone number (masked for most readers).' })
  @IsOptional()
  @Matches(/^\+?[0-9][0-9 ()-]{2,30}$/, { message: 'contactPhone must be a telephone number' })
  contactPhone?: string;

  @Field({ nullable: true, description: 'Street address, at most 300 characters.' })
  @IsOptional()
  @CharLength(1, 300)
  address?: string;

  @Field(() => Float, { nullable: true, description: 'Latitude, -90 to 90; give it with longitude.' })
  @IsOptional()
  @Min(-90)
  @Max(90)
  latitude?: number;

  @Field(() => Float, { nullable: true, description: 'Longitude, -180 to 180; give it with latitude.' })
  @IsOptional()
  @Min(-180)
  @Max(180)
  longitude?: number;

  @Field(() => [String], { nullable: true, description: 'Up to 10 photo URLs, http or https only.' })
  @IsOptional()
  @ArrayMaxSize(10)
  photoUrls?: string[];
}

@InputType({ description: 'A workflow step on one demand, with an optional note (required as the reason for reject, escalate and reopen).' })
export class DemandTransitionInput {
  @Field(() => ID, { description: 'The demand.' })
  id: string;

  @Field({ nullable: true, description: 'A note or reason, at most 2,000 characters.' })
  @IsOptional()
  @CharLength(0, 2000)
  note?: string;

  @Field(() => [String], { nullable: true, description: 'demandComplete only: up to 10 photo URLs of the finished work (http or https).' })
  @IsOptional()
  @ArrayMaxSize(10)
  photoUrls?: string[];
}

@InputType({ description: 'Dispatch (派单): to named volunteers, a team, or open recruitment.' })
export class DemandDispatchInput {
  @Field(() => ID, { description: 'The demand.' })
  id: string;

  @Field(() => [ID], { nullable: true, description: 'Registered volunteers (Volunteer or their VOLUNTEER Account ids) to offer it to, at most 50; each gets the offer pushed live.' })
  @IsOptional()
  @ArrayMaxSize(50)
  volunteerIds?: string[];

  @Field(() => ID, { nullable: true, description: 'A team: each active member is offered it.' })
  teamId?: string;

  @Field({ nullable: true, description: 'Let any registered volunteer claim it.' })
  openRecruitment?: boolean;

  @Field({
    nullable: true,
    description: 'Auto-dispatch: with no volunteers or team named, offer it to the best candidates now; whenever all its offers are declined or expired, offer it to the next ones.',
  })
  autoDispatch?: boolean;

  @Field({ nullable: true, description: 'A note for the responders, at most 2,000 characters.' })
  @IsOptional()
  @CharLength(0, 2000)
  note?: string;
}

@InputType({ description: 'The requester closes a served demand with a rating.' })
export class DemandCloseInput {
  @Field(() => ID, { description: 'The demand.' })
  id: string;

  @Field(() => Int, { description: 'Satisfaction, 1 (poor) to 5 (excellent).' })
  @Min(1)
  @Max(5)
  rating: number;

  @Field({ nullable: true, description: 'Feedback, at most 2,000 characters.' })
  @IsOptional()
  @CharLength(0, 2000)
  feedback?: string;
}

@ArgsType()
export class DemandsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Only demands in this region\'s subtree (must be inside your scope). Default: your scope.' })
  regionId?: string;

  @Field(() => [DemandStatus], { nullable: true, description: 'Only these statuses.' })
  status?: DemandStatus[];

  @Field(() => ID, { nullable: true, description: 'Only this service category.' })
  categoryId?: string;

  @Field(() => [Urgency], { nullable: true, description: 'Only these urgencies.' })
  urgency?: Urgency[];

  @Field(() => [DemandChannel], { nullable: true, description: 'Only these channels.' })
  channel?: DemandChannel[];

  @Field({ nullable: true, description: 'True: only open demands past their deadline; false: only the others.' })
  overdue?: boolean;

  @Field({ nullable: true, description: 'Only demands placed at or after this time.' })
  createdFrom?: Date;

  @Field({ nullable: true, description: 'Only demands placed before this time.' })
  createdTo?: Date;
}
