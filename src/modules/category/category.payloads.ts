import { Field, ObjectType } from 'type-graphql';
import { UserError } from '../../core/errors';
import { ServiceCategory } from './category.entity';

@ObjectType({ description: 'The result of a service category mutation.' })
export class ServiceCategoryPayload {
  @Field(() => ServiceCategory, { nullable: true, description: 'The category after the change; null when refused.' })
  serviceCategory: ServiceCategory | null;

  @Field(() => [UserError], { description: 'What was wrong with the input; empty on success.' })
  userErrors: UserError[];
}
