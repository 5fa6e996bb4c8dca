import { Field, ObjectType } from 'type-graphql';
import { UserError } from '../../core/errors';
import { Activity, ActivitySignup, Project } from './project.entity';

@ObjectType({ description: 'The result of a project mutation.' })
export class ProjectPayload {
  @Field(() => Project, { nullable: true, description: 'The project after the change; null when refused.' })
  project: Project | null;

  @Field(() => [UserError], { description: 'What was wrong with the input; a claim on a project another team organises is CONFLICT.' })
  userErrors: UserError[];
}

@ObjectType({ description: 'The result of an activity mutation.' })
export class ActivityPayload {
  @Field(() => Activity, { nullable: true, description: 'The activity after the change; null when refused.' })
  activity: Activity | null;

  @Field(() => [UserError], { description: 'What was wrong with the input; empty on success.' })
  userErrors: UserError[];
}

@ObjectType({ description: 'The result of a sign-up or attendance mutation.' })
export class ActivitySignupPayload {
  @Field(() => ActivitySignup, { nullable: true, description: 'The sign-up after the change; null when refused.' })
  signup: ActivitySignup | null;

  @Field(() => [UserError], { description: 'What was wrong with the input; a wrong or expired check-in code is INVALID on `code`.' })
  userErrors: UserError[];
}
