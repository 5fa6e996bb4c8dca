import { ArrayMaxSize, IsOptional, Matches, Max, Min } from 'class-validator';
import { LocalDateResolver } from 'graphql-scalars';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { PageArgs } from '../../core/relay';
import { CharLength } from '../../core/validation';
import { PHONE } from '../volunteer/volunteer.inputs';
import { Vulnerability } from './pairing.enums';

@InputType({ description: 'A long-term pairing of a volunteer or a team with a household.' })
export class PairingCreateInput {
  @Field(() => ID, { description: 'The household\'s grid (inside your scope).' })
  gridId: string;

  @Field(() => ID, { nullable: true, description: 'The volunteer who helps (give this or teamId).' })
  volunteerId?: string;

  @Field(() => ID, { nullable: true, description: 'The team that helps (give this or volunteerId).' })
  teamId?: string;

  @Field({ description: 'Who is helped: the household\'s contact name, 1 to 100 characters.' })
  @CharLength(1, 100)
  householdName: string;

  @Field({ nullable: true, description: 'Their telephone.' })
  @IsOptional()
  @Matches(PHONE, { message: 'householdPhone must be a telephone number' })
  householdPhone?: string;

  @Field({ nullable: true, description: 'Their address, at most 300 characters.' })
  @IsOptional()
  @CharLength(1, 300)
  householdAddress?: string;

  @Field(() => Vulnerability, { description: 'Why they are helped.' })
  vulnerability: Vulnerability;

  @Field({ nullable: true, description: 'What they need, at most 1,000 characters.' })
  @IsOptional()
  @CharLength(0, 1000)
  note?: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Start (default today, city time).' })
  startedOn?: string;
}

@InputType({ description: 'End a pairing.' })
export class PairingEndInput {
  @Field(() => ID, { description: 'The pairing.' })
  id: string;

  @Field({ description: 'Why it ends, 1 to 500 characters.' })
  @CharLength(1, 500)
  reason: string;
}

@InputType({ description: 'A visit to a paired household.' })
export class PairingVisitRecordInput {
  @Field(() => ID, { description: 'The pairing.' })
  pairingId: string;

  @Field(() => ID, { nullable: true, description: 'Staff recording for someone: the volunteer who visited (the paired volunteer or a member of the paired team). Default: you.' })
  volunteerId?: string;

  @Field({ description: 'When the visit began (not in the future).' })
  visitedAt: Date;

  @Field(() => Int, { description: 'How long it took, 1 to 720 minutes.' })
  @Min(1)
  @Max(720)
  minutes: number;

  @Field({ nullable: true, description: 'What was done, at most 2,000 characters.' })
  @IsOptional()
  @CharLength(0, 2000)
  note?: string;

  @Field(() => [String], { nullable: true, description: 'Up to 10 photo URLs (http or https).' })
  @IsOptional()
  @ArrayMaxSize(10)
  photoUrls?: string[];
}

@ArgsType()
export class PairingsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Only households in this region\'s subtree (inside your scope).' })
  regionId?: string;

  @Field({ nullable: true, description: 'Only ongoing (true) or ended (false) pairings.' })
  active?: boolean;

  @Field(() => [Vulnerability], { nullable: true, description: 'Only these needs.' })
  vulnerability?: Vulnerability[];
}
