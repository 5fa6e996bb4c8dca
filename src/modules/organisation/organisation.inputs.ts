import { Field, ID, InputType } from 'type-graphql';
import { CharLength } from '../../core/validation';
import { OrganisationKind } from './organisation.entity';

@InputType({ description: 'A new partner organisation.' })
export class OrganisationCreateInput {
  @Field({ description: 'Name, 1 to 100 characters, unique.' })
  @CharLength(1, 100)
  name: string;

  @Field(() => OrganisationKind, { description: 'What kind of organisation.' })
  kind: OrganisationKind;

  @Field(() => ID, { nullable: true, description: 'Where it is based.' })
  regionId?: string;
}

@InputType({ description: 'A new API key for a PARTNER account.' })
export class ApiKeyCreateInput {
  @Field(() => ID, { description: 'The PARTNER account the key acts as.' })
  accountId: string;

  @Field({ description: 'What the key is for, 1 to 100 characters.' })
  @CharLength(1, 100)
  name: string;
}

@InputType({ description: 'Which API key to revoke.' })
export class ApiKeyRevokeInput {
  @Field(() => ID, { description: 'The key.' })
  id: string;
}
