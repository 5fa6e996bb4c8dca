import { Field, ObjectType } from 'type-graphql';
import { UserError } from '../../core/errors';
import { Demand } from './demand.entity';

@ObjectType({ description: 'The result of a demand mutation.' })
export class DemandPayload {
  @Field(() => Demand, { nullable: true, description: 'The demand after the change; null when refused.' })
  demand: Demand | null;

  @Field(() => [UserError], { description: 'What was wrong; a step not allowed from the current status is CONFLICT and names that status.' })
  userErrors: UserError[];
}
