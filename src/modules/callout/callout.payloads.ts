import { Field, ObjectType } from 'type-graphql';
import { UserError } from '../../core/errors';
import { EmergencyCallout, EmergencyCalloutMember } from './callout.entity';

@ObjectType({ description: 'The result of calling out emergency teams.' })
export class EmergencyCalloutPayload {
  @Field(() => EmergencyCallout, { nullable: true, description: 'The call-out; null when refused.' })
  callout: EmergencyCallout | null;

  @Field(() => [UserError], { description: 'What was wrong with the input; empty on success.' })
  userErrors: UserError[];
}

@ObjectType({ description: 'The result of answering a call-out.' })
export class EmergencyCalloutAnswerPayload {
  @Field(() => EmergencyCalloutMember, { nullable: true, description: 'Your answer as recorded; null when refused.' })
  response: EmergencyCalloutMember | null;

  @Field(() => EmergencyCallout, { nullable: true, description: 'The call-out.' })
  callout: EmergencyCallout | null;

  @Field(() => [UserError], { description: 'What was wrong with the input; empty on success.' })
  userErrors: UserError[];
}
