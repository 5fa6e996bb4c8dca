import { Field, ObjectType } from 'type-graphql';
import { UserError } from '../../core/errors';
import { Skill } from './skill.entity';

@ObjectType({ description: 'The result of a skill mutation.' })
export class SkillPayload {
  @Field(() => Skill, { nullable: true, description: 'The skill; null when refused.' })
  skill: Skill | null;

  @Field(() => [UserError], { description: 'What was wrong with the input; empty on success.' })
  userErrors: UserError[];
}
