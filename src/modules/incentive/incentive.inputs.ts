import { IsOptional, Max, Min } from 'class-validator';
import { LocalDateResolver } from 'graphql-scalars';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { PageArgs } from '../../core/relay';
import { CharLength } from '../../core/validation';

@InputType({ description: 'A benefit for the catalogue.' })
export class BenefitCreateInput {
  @Field({ description: 'What it is, 1 to 100 characters.' })
  @CharLength(1, 100)
  name: string;

  @Field({ nullable: true, description: 'Details, at most 1,000 characters.' })
  @IsOptional()
  @CharLength(0, 1000)
  description?: string;

  @Field(() => ID, { nullable: true, description: 'The organisation providing it (a partner lists for its own organisation).' })
  providerOrganisationId?: string;

  @Field(() => Int, { description: 'Stars a volunteer needs, 0 to 10.' })
  @Min(0)
  @Max(10)
  minStars: number;

  @Field(() => Int, { description: 'How many can be given out, 1 to 1,000,000.' })
  @Min(1)
  @Max(1_000_000)
  quota: number;

  @Field(() => Int, { nullable: true, description: 'How many one volunteer may have (default 1).' })
  @IsOptional()
  @Min(1)
  @Max(100)
  perPersonLimit?: number;

  @Field(() => LocalDateResolver, { description: 'First day it may be redeemed.' })
  validFrom: string;

  @Field(() => LocalDateResolver, { description: 'Last day it may be redeemed.' })
  validUntil: string;
}

@InputType({ description: 'Changes to a benefit; omitted fields stay.' })
export class BenefitUpdateInput {
  @Field(() => ID, { description: 'The benefit.' })
  id: string;

  @Field(() => Int, { nullable: true, description: 'New quota, at least what was given out.' })
  @IsOptional()
  @Min(1)
  @Max(1_000_000)
  quota?: number;

  @Field(() => LocalDateResolver, { nullable: true, description: 'New last day.' })
  validUntil?: string;

  @Field({ nullable: true, description: 'Offer it, or stop.' })
  active?: boolean;
}

@InputType({ description: 'Redeem a benefit.' })
export class BenefitRedeemInput {
  @Field(() => ID, { description: 'The benefit.' })
  benefitId: string;
}

@InputType({ description: 'The provider takes a voucher.' })
export class BenefitRedemptionUseInput {
  @Field({ description: 'The voucher code the volunteer shows.' })
  @CharLength(4, 16)
  code: string;
}

@ArgsType()
export class BenefitsArgs extends PageArgs {
  @Field({ nullable: true, description: 'Only those you may redeem now (your stars, its validity and quota, your limit).' })
  eligible?: boolean;
}
