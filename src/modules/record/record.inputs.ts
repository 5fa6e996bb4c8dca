import { ArrayMaxSize, ArrayMinSize, IsOptional, Max, Min } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { PageArgs } from '../../core/relay';
import { CharLength } from '../../core/validation';
import { RecordSource, RecordStatus } from './record.enums';

@InputType({ description: 'Service entered by hand, with evidence.' })
export class ServiceRecordCreateInput {
  @Field(() => ID, { nullable: true, description: 'Staff entering for someone: the volunteer. Default: you.' })
  volunteerId?: string;

  @Field(() => ID, { description: 'The kind of service.' })
  categoryId: string;

  @Field(() => ID, { nullable: true, description: 'Where it happened (default the volunteer\'s home community); its dispatchers certify it.' })
  regionId?: string;

  @Field(() => ID, { nullable: true, description: 'The team that organised it; its leader certifies it.' })
  teamId?: string;

  @Field({ description: 'When it began (not in the future).' })
  startedAt: Date;

  @Field(() => Int, { description: 'Minutes served, 1 to 1,440.' })
  @Min(1)
  @Max(1440)
  minutes: number;

  @Field({ description: 'What was done, 1 to 2,000 characters.' })
  @CharLength(1, 2000)
  description: string;

  @Field(() => [String], { nullable: true, description: 'Evidence photo URLs (http or https), at most 10; a volunteer entering their own service gives at least one.' })
  @IsOptional()
  @ArrayMaxSize(10)
  photoUrls?: string[];
}

@InputType({ description: 'Certify several records at once.' })
export class ServiceRecordsApproveInput {
  @Field(() => [ID], { description: '1 to 200 PENDING records you may certify; all are approved, or none.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  ids: string[];
}

@InputType({ description: 'Decline a record, with the reason.' })
export class ServiceRecordDeclineInput {
  @Field(() => ID, { description: 'The record (PENDING).' })
  id: string;

  @Field({ description: 'Why, 1 to 500 characters (the volunteer sees it).' })
  @CharLength(1, 500)
  reason: string;
}

@InputType({ description: 'Ask for a record\'s time to be corrected.' })
export class ServiceRecordCorrectionRequestInput {
  @Field(() => ID, { description: 'Your record.' })
  id: string;

  @Field(() => Int, { description: 'The right number of minutes, 1 to 1,440.' })
  @Min(1)
  @Max(1440)
  minutes: number;

  @Field({ description: 'Why, 1 to 500 characters.' })
  @CharLength(1, 500)
  reason: string;
}

@InputType({ description: 'Accept or refuse a correction a volunteer asked for.' })
export class ServiceRecordCorrectionResolveInput {
  @Field(() => ID, { description: 'The record.' })
  id: string;

  @Field({ description: 'True: the record takes the minutes asked for.' })
  accept: boolean;

  @Field({ nullable: true, description: 'A note for the volunteer, at most 500 characters; required to refuse.' })
  @IsOptional()
  @CharLength(0, 500)
  note?: string;
}

@ArgsType()
export class ServiceRecordsArgs extends PageArgs {
  @Field(() => [RecordStatus], { nullable: true, description: 'Only these statuses.' })
  status?: RecordStatus[];

  @Field(() => [RecordSource], { nullable: true, description: 'Only these sources.' })
  source?: RecordSource[];

  @Field({ nullable: true, description: 'Only records flagged for review (true) or not (false).' })
  needsReview?: boolean;

  @Field({ nullable: true, description: 'Only service that began at or after this time.' })
  from?: Date;

  @Field({ nullable: true, description: 'Only service that began before this time.' })
  to?: Date;
}

@ArgsType()
export class CertifierRecordsArgs extends ServiceRecordsArgs {
  @Field(() => ID, { nullable: true, description: 'Only service in this region\'s subtree (inside your scope).' })
  regionId?: string;

  @Field(() => ID, { nullable: true, description: 'Only service organised by this team (which you lead, or in your scope).' })
  teamId?: string;
}
