import { Field, ObjectType } from 'type-graphql';
import { UserError } from '../../core/errors';
import { ApiKey } from './api-key.entity';
import { Organisation } from './organisation.entity';

@ObjectType({ description: 'The result of an organisation mutation.' })
export class OrganisationPayload {
  @Field(() => Organisation, { nullable: true, description: 'The organisation; null when refused.' })
  organisation: Organisation | null;

  @Field(() => [UserError], { description: 'What was wrong with the input; empty on success.' })
  userErrors: UserError[];
}

@ObjectType({ description: 'The result of creating an API key: the only time the key itself is shown.' })
export class ApiKeyCreatePayload {
  @Field(() => ApiKey, { nullable: true, description: 'The key\'s record.' })
  apiKey: ApiKey | null;

  @Field(() => String, { nullable: true, description: 'The key. Store it now: it is kept only as a hash and cannot be shown again.' })
  key: string | null;

  @Field(() => [UserError], { description: 'What was wrong with the input; empty on success.' })
  userErrors: UserError[];
}

@ObjectType({ description: 'The result of revoking an API key.' })
export class ApiKeyPayload {
  @Field(() => ApiKey, { nullable: true, description: 'The key\'s record.' })
  apiKey: ApiKey | null;

  @Field(() => [UserError], { description: 'What was wrong with the input; empty on success.' })
  userErrors: UserError[];
}
