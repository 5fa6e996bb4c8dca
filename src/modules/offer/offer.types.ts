import { Field, Float, Int, ObjectType } from 'type-graphql';
import { connectionType } from '../../core/relay';
import { DemandEventType } from '../demand/demand.enums';
import { CandidateKind, CandidateReasonCode } from './offer.enums';
import { DemandOffer } from './offer.entity';

export const DemandOfferConnection = connectionType('DemandOffer', DemandOffer, 'offer');

@ObjectType({ description: 'One part of a candidate\'s score, in words.' })
export class CandidateReason {
  @Field(() => CandidateReasonCode, { description: 'Which rule.' })
  code: CandidateReasonCode;

  @Field(() => Float, { description: 'Points it adds (negative: subtracts); 0 for facts that only inform or break ties.' })
  points: number;

  @Field({ description: 'What was found, e.g. "养老助老: 助餐送餐" or "1.2 km from the demand".' })
  detail: string;
}

@ObjectType({ description: 'A volunteer or team that could serve a demand, with its score and the reasons for it.' })
export class DemandCandidate {
  @Field(() => Int, { description: 'Position in the ranking, from 1.' })
  rank: number;

  @Field(() => CandidateKind, { description: 'Volunteer or team.' })
  kind: CandidateKind;

  @Field(() => Float, { description: 'The sum of the reasons\' points; higher is better.' })
  score: number;

  @Field(() => Float, { nullable: true, description: 'Kilometres to the demand, when both have coordinates.' })
  distanceKm: number | null;

  @Field({ description: 'Available right now (a team: at least one member is).' })
  availableNow: boolean;

  @Field(() => [CandidateReason], { description: 'Why it scored so: skill or specialty, closeness, availability, load, and certified hours as the tie-break.' })
  reasons: CandidateReason[];

  volunteerId: number | null;
  teamId: number | null;
}

@ObjectType({ description: 'A change to one of your offers, pushed live: a new offer, or one withdrawn, expired or accepted.' })
export class DemandOfferUpdate {
  @Field({ description: 'Pass it as `after` when you subscribe again, to receive what you missed.' })
  cursor: string;

  @Field(() => DemandEventType, { description: 'The demand event that changed it: DISPATCHED or OFFERED (new), CLAIMED (taken: yours accepted or withdrawn), CANCELLED, OFFERS_EXPIRED ...' })
  type: DemandEventType;

  @Field({ description: 'When.' })
  at: Date;

  offerId: number;
}
