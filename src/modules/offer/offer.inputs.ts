import { ArrayMaxSize, IsOptional, Max, Min } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { PageArgs } from '../../core/relay';
import { CharLength } from '../../core/validation';
import { OfferStatus } from './offer.enums';

@InputType({ description: 'Answer an offer: accept it.' })
export class OfferAcceptInput {
  @Field(() => ID, { description: 'The offer.' })
  id: string;
}

@InputType({ description: 'Decline an offer; the demand is not offered to you again.' })
export class OfferDeclineInput {
  @Field(() => ID, { description: 'The offer.' })
  id: string;

  @Field({ nullable: true, description: 'Why (the dispatcher sees it), at most 500 characters.' })
  @IsOptional()
  @CharLength(0, 500)
  reason?: string;
}

@InputType({ description: 'Offer a dispatched demand to more volunteers: named ones, a team, or the next best candidates.' })
export class OfferCreateInput {
  @Field(() => ID, { description: 'The demand (DISPATCHED).' })
  demandId: string;

  @Field(() => [ID], { nullable: true, description: 'Registered volunteers (Volunteer or Account ids), at most 50.' })
  @IsOptional()
  @ArrayMaxSize(50)
  volunteerIds?: string[];

  @Field(() => ID, { nullable: true, description: 'A team: each active member not yet offered it.' })
  teamId?: string;

  @Field(() => Int, { nullable: true, description: 'Also offer it to this many of the best candidates not yet offered it (1 to 20).' })
  @IsOptional()
  @Min(1)
  @Max(20)
  candidates?: number;

  @Field({ nullable: true, description: 'A note for the consoles, at most 2,000 characters.' })
  @IsOptional()
  @CharLength(0, 2000)
  note?: string;
}

@ArgsType()
export class MyOffersArgs extends PageArgs {
  @Field(() => [OfferStatus], { nullable: true, description: 'Only these statuses (default PENDING: the ones still open to answer).' })
  status?: OfferStatus[];
}
