import { Field, ObjectType } from 'type-graphql';
import { UserError } from '../../core/errors';
import { Account } from './account.entity';

@ObjectType({ description: 'The result of an account mutation.' })
export class AccountPayload {
  @Field(() => Account, { nullable: true, description: 'The account after the change; null when refused.' })
  account: Account | null;

  @Field(() => [UserError], { description: 'What was wrong with the input; empty on success.' })
  userErrors: UserError[];
}

@ObjectType({ description: 'The result of signing in.' })
export class LoginPayload {
  @Field(() => String, { nullable: true, description: 'Send as `Authorization: Bearer <token>` (HTTP) or in connectionParams (graphql-ws).' })
  token: string | null;

  @Field(() => Date, { nullable: true, description: 'When the token stops working.' })
  expiresAt: Date | null;

  @Field(() => Account, { nullable: true, description: 'The signed-in account.' })
  account: Account | null;

  @Field(() => [UserError], { description: 'Why sign-in failed; the same message whether or not the username exists.' })
  userErrors: UserError[];
}
