import { IsOptional, Matches } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { CharLength } from '../../core/validation';
import { Role } from './role';

@InputType({ description: 'Credentials to sign in with.' })
export class LoginInput {
  @Field({ description: 'The account\'s username.' })
  @CharLength(1, 64)
  username: string;

  @Field({ description: 'The account\'s password.' })
  @CharLength(1, 200)
  password: string;
}

@InputType({ description: 'A new account.' })
export class AccountCreateInput {
  @Field({ description: '3 to 64 letters, digits, ".", "_", "@" or "-"; case-insensitive (stored in lower case) and unique.' })
  @Matches(/^[A-Za-z0-9._@-]{3,64}$/, { message: 'username must be 3 to 64 letters, digits, ".", "_", "@" or "-"' })
  username: string;

  @Field({ description: 'At least 8 characters.' })
  @CharLength(8, 200, { message: 'password must be 8 to 200 characters' })
  password: string;

  @Field(() => Role, { description: 'What the account may do.' })
  role: Role;

  @Field(() => ID, { nullable: true, description: 'The region the account acts within; required for DISPATCHER, ANALYST and GRID_WORKER.' })
  scopeId?: string | null;

  @Field(() => ID, { nullable: true, description: 'PARTNER accounts: the organisation they act for (platform admins only).' })
  organisationId?: string | null;
}

@InputType({ description: 'Which account to disable, and why.' })
export class AccountDisableInput {
  @Field(() => ID, { description: 'The account.' })
  id: string;

  @Field({ nullable: true, description: 'Why, for the audit trail (at most 500 characters).' })
  @IsOptional()
  @CharLength(0, 500)
  reason?: string;
}

@InputType({ description: 'Which account to enable again.' })
export class AccountEnableInput {
  @Field(() => ID, { description: 'The account.' })
  id: string;
}
