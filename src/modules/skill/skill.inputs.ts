import { Matches } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { CharLength } from '../../core/validation';

@InputType({ description: 'A new skill in the taxonomy.' })
export class SkillCreateInput {
  @Field({ description: 'Unique code: 2 to 32 capital letters, digits or "_".' })
  @Matches(/^[A-Z][A-Z0-9_]{1,31}$/, { message: 'code must be 2 to 32 capital letters, digits or "_", starting with a letter' })
  code: string;

  @Field({ description: 'Name in Chinese, 1 to 100 characters.' })
  @CharLength(1, 100)
  name: string;

  @Field({ description: 'Name in English, 1 to 100 characters.' })
  @CharLength(1, 100)
  nameEn: string;

  @Field(() => ID, { description: 'The service category the skill serves.' })
  categoryId: string;
}
