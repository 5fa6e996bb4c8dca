import { Field, ObjectType } from 'type-graphql';
import { UserError } from '../../core/errors';
import { FamilyLink, ListedService, TimebankAccount, TimebankEntry } from './timebank.entity';

@ObjectType({ description: 'The result of moving credits.' })
export class TimebankEntryPayload {
  @Field(() => TimebankEntry, { nullable: true, description: 'Your ledger line; null when refused.' })
  entry: TimebankEntry | null;

  @Field(() => TimebankAccount, { nullable: true, description: 'Your account after it.' })
  account: TimebankAccount | null;

  @Field(() => [UserError], { description: 'What was wrong; too few credits is INSUFFICIENT_BALANCE and takes nothing.' })
  userErrors: UserError[];
}

@ObjectType({ description: 'The result of recording a family relation.' })
export class FamilyLinkPayload {
  @Field(() => FamilyLink, { nullable: true, description: 'The relation; null when refused.' })
  familyLink: FamilyLink | null;

  @Field(() => [UserError], { description: 'What was wrong with the input; empty on success.' })
  userErrors: UserError[];
}

@ObjectType({ description: 'The result of listing a service.' })
export class ListedServicePayload {
  @Field(() => ListedService, { nullable: true, description: 'The listed service; null when refused.' })
  listedService: ListedService | null;

  @Field(() => [UserError], { description: 'What was wrong with the input; empty on success.' })
  userErrors: UserError[];
}
