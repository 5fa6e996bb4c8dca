import { Field, ObjectType } from 'type-graphql';
import { UserError } from '../../core/errors';
import { Team, TeamMember } from './team.entity';

@ObjectType({ description: 'The result of a team mutation.' })
export class TeamPayload {
  @Field(() => Team, { nullable: true, description: 'The team after the change; null when refused.' })
  team: Team | null;

  @Field(() => [UserError], { description: 'What was wrong with the input; empty on success.' })
  userErrors: UserError[];
}

@ObjectType({ description: 'The result of a membership mutation.' })
export class TeamMembershipPayload {
  @Field(() => TeamMember, { nullable: true, description: 'The membership after the change; null when refused.' })
  membership: TeamMember | null;

  @Field(() => [UserError], { description: 'What was wrong with the input; a decision on a request already decided is CONFLICT.' })
  userErrors: UserError[];
}
