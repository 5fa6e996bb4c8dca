import { ArrayMaxSize, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';
import { Field, Float, ID, InputType } from 'type-graphql';
import { CharLength } from '../../core/validation';
import { Urgency } from '../demand/demand.enums';

@InputType({ description: 'Deadlines for one urgency.' })
export class ServiceLevelInput {
  @Field(() => Urgency, { description: 'The urgency.' })
  urgency: Urgency;

  @Field(() => Float, { description: 'Hours to accept, more than 0 and at most 8760.' })
  @Min(0.01)
  @Max(8760)
  acceptWithinHours: number;

  @Field(() => Float, { description: 'Hours to complete, at least the hours to accept, at most 8760.' })
  @Min(0.01)
  @Max(8760)
  completeWithinHours: number;

  @Field(() => Float, { nullable: true, description: 'Handling deadline at the community: hours a demand may stay unassigned there before it escalates to the street. Default a third of the hours to complete.' })
  @IsOptional()
  @Min(0.01)
  @Max(8760)
  communityHandlingHours?: number;

  @Field(() => Float, { nullable: true, description: 'Handling deadline at the street, before it escalates to the district; with the community\'s at most the hours to complete. Default a third of the hours to complete.' })
  @IsOptional()
  @Min(0.01)
  @Max(8760)
  streetHandlingHours?: number;
}

@InputType({ description: 'A new service category.' })
export class ServiceCategoryCreateInput {
  @Field({ description: 'Unique code: 2 to 32 capital letters, digits or "_".' })
  @Matches(/^[A-Z][A-Z0-9_]{1,31}$/, { message: 'code must be 2 to 32 capital letters, digits or "_", starting with a letter' })
  code: string;

  @Field({ description: 'Name in Chinese, 1 to 100 characters.' })
  @CharLength(1, 100)
  name: string;

  @Field({ description: 'Name in English, 1 to 100 characters.' })
  @CharLength(1, 100)
  nameEn: string;

  @Field(() => Float, { nullable: true, description: 'Time-bank credits an approved hour earns, 0 to 100 with at most two decimals (default 1).' })
  @IsOptional()
  @Min(0)
  @Max(100)
  creditsPerHour?: number;

  @Field(() => [ServiceLevelInput], { description: 'One level for each urgency (ROUTINE, URGENT, EMERGENCY).' })
  @ArrayMaxSize(3)
  @ValidateNested({ each: true })
  serviceLevels: ServiceLevelInput[];
}

@InputType({ description: 'Changes to a service category; omitted fields stay as they are.' })
export class ServiceCategoryUpdateInput {
  @Field(() => ID, { description: 'The category.' })
  id: string;

  @Field({ nullable: true, description: 'New Chinese name.' })
  @IsOptional()
  @CharLength(1, 100)
  name?: string;

  @Field({ nullable: true, description: 'New English name.' })
  @IsOptional()
  @CharLength(1, 100)
  nameEn?: string;

  @Field({ nullable: true, description: 'False hides it from new demands; existing demands keep it.' })
  active?: boolean;

  @Field(() => Float, { nullable: true, description: 'Time-bank credits an approved hour earns from now on, 0 to 100 with at most two decimals.' })
  @IsOptional()
  @Min(0)
  @Max(100)
  creditsPerHour?: number;

  @Field(() => [ServiceLevelInput], { nullable: true, description: 'Replaces the levels of the urgencies given.' })
  @IsOptional()
  @ArrayMaxSize(3)
  @ValidateNested({ each: true })
  serviceLevels?: ServiceLevelInput[];
}
