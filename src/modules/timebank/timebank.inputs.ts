import { IsOptional, Max, Min } from 'class-validator';
import { ArgsType, Field, Float, ID, InputType } from 'type-graphql';
import { PageArgs } from '../../core/relay';
import { CharLength } from '../../core/validation';

@InputType({ description: 'Pay, from your account, for a demand another volunteer served for you.' })
export class TimebankPayInput {
  @Field(() => ID, { description: 'Your demand (COMPLETED or CLOSED, served by a volunteer).' })
  demandId: string;

  @Field(() => Float, { nullable: true, description: 'Credits to pay; default the service\'s hours at the category\'s rate.' })
  @IsOptional()
  @Min(0.01)
  @Max(100000)
  credits?: number;

  @Field({ nullable: true, description: 'A note, at most 500 characters.' })
  @IsOptional()
  @CharLength(0, 500)
  note?: string;
}

@InputType({ description: 'Pay for a listed service with credits.' })
export class TimebankRedeemInput {
  @Field(() => ID, { description: 'The listed service.' })
  listedServiceId: string;

  @Field({ nullable: true, description: 'A note for the provider, at most 500 characters.' })
  @IsOptional()
  @CharLength(0, 500)
  note?: string;
}

@InputType({ description: 'Give credits to a family member (a relation a dispatcher verified).' })
export class TimebankTransferInput {
  @Field(() => ID, { description: 'The family member\'s account.' })
  toAccountId: string;

  @Field(() => Float, { description: 'Credits, at most two decimals.' })
  @Min(0.01)
  @Max(100000)
  credits: number;

  @Field({ nullable: true, description: 'A note, at most 500 characters.' })
  @IsOptional()
  @CharLength(0, 500)
  note?: string;
}

@InputType({ description: 'Record a family relation, so credits may be given between the two (dispatchers).' })
export class FamilyLinkCreateInput {
  @Field(() => ID, { description: 'One account.' })
  accountId: string;

  @Field(() => ID, { description: 'The other.' })
  memberAccountId: string;

  @Field({ description: 'How they are related, 1 to 32 characters (e.g. 母子).' })
  @CharLength(1, 32)
  relation: string;
}

@InputType({ description: 'List a service that can be bought with credits.' })
export class ListedServiceCreateInput {
  @Field({ description: 'What it is, 1 to 100 characters.' })
  @CharLength(1, 100)
  name: string;

  @Field({ nullable: true, description: 'Details, at most 1,000 characters.' })
  @IsOptional()
  @CharLength(0, 1000)
  description?: string;

  @Field(() => Float, { description: 'Price in credits.' })
  @Min(0.01)
  @Max(100000)
  credits: number;

  @Field(() => ID, { description: 'Where it is offered (inside your scope).' })
  regionId: string;

  @Field(() => ID, { nullable: true, description: 'The organisation that provides it.' })
  organisationId?: string;
}

@ArgsType()
export class StatementArgs extends PageArgs {
  @Field({ nullable: true, description: 'Entries at or after this time.' })
  from?: Date;

  @Field({ nullable: true, description: 'Entries before this time.' })
  to?: Date;
}
