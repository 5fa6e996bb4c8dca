import { Field, ObjectType } from 'type-graphql';
import { UserError } from '../../core/errors';
import { ImportJob } from './bulk.entity';

@ObjectType({ description: 'The result of importJobStart.' })
export class ImportJobPayload {
  @Field(() => ImportJob, { nullable: true, description: 'The job: a new one, or the same file\'s unfinished job, resumed. Null when refused.' })
  job: ImportJob | null;

  @Field(() => [UserError], { description: 'What was wrong with the input.' })
  userErrors: UserError[];
}
