import { Field, ObjectType } from 'type-graphql';
import { UserError } from '../../core/errors';
import { Demand } from '../demand/demand.entity';
import { DemandOffer } from './offer.entity';

@ObjectType({ description: 'The result of answering an offer.' })
export class DemandOfferPayload {
  @Field(() => DemandOffer, { nullable: true, description: 'The offer after the answer; null when refused.' })
  offer: DemandOffer | null;

  @Field(() => Demand, { nullable: true, description: 'The demand after the answer (ASSIGNED to you when you accepted).' })
  demand: Demand | null;

  @Field(() => [UserError], { description: 'What was wrong; an offer no longer pending (taken by someone else, expired) is CONFLICT.' })
  userErrors: UserError[];
}

@ObjectType({ description: 'The result of offering a demand to more volunteers.' })
export class OfferCreatePayload {
  @Field(() => [DemandOffer], { nullable: true, description: 'The new offers; null when refused.' })
  offers: DemandOffer[] | null;

  @Field(() => Demand, { nullable: true, description: 'The demand.' })
  demand: Demand | null;

  @Field(() => [UserError], { description: 'What was wrong with the input; empty on success.' })
  userErrors: UserError[];
}
