import { Field, ObjectType } from 'type-graphql';
import { UserError } from '../../core/errors';
import { Pairing, PairingVisit } from './pairing.entity';

@ObjectType({ description: 'The result of a pairing mutation.' })
export class PairingPayload {
  @Field(() => Pairing, { nullable: true, description: 'The pairing after the change; null when refused.' })
  pairing: Pairing | null;

  @Field(() => [UserError], { description: 'What was wrong with the input; empty on success.' })
  userErrors: UserError[];
}

@ObjectType({ description: 'The result of recording a visit.' })
export class PairingVisitPayload {
  @Field(() => PairingVisit, { nullable: true, description: 'The visit; null when refused.' })
  visit: PairingVisit | null;

  @Field(() => [UserError], { description: 'What was wrong with the input; empty on success.' })
  userErrors: UserError[];
}
