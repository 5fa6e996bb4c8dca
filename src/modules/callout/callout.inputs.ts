import { ArrayMaxSize, ArrayMinSize, IsIn, IsOptional } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { CharLength } from '../../core/validation';
import { CalloutAnswer } from './callout.enums';

@InputType({ description: 'Call out emergency teams for a demand.' })
export class EmergencyCalloutCreateInput {
  @Field(() => ID, { description: 'The demand (you must handle it).' })
  demandId: string;

  @Field(() => [ID], { description: 'One to ten EMERGENCY_TEAM teams; every active member is alerted.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  teamIds: string[];

  @Field({ description: 'What the teams need to know: where, what, what to bring. 1 to 500 characters.' })
  @CharLength(1, 500)
  message: string;
}

@InputType({ description: 'A called member\'s answer; it may be changed later.' })
export class EmergencyCalloutAnswerInput {
  @Field(() => ID, { description: 'The call-out.' })
  calloutId: string;

  @Field(() => CalloutAnswer, { description: 'COMING or CANNOT.' })
  @IsIn([CalloutAnswer.COMING, CalloutAnswer.CANNOT], { message: 'answer must be COMING or CANNOT' })
  answer: CalloutAnswer;

  @Field({ nullable: true, description: 'E.g. "10 minutes away", at most 500 characters.' })
  @IsOptional()
  @CharLength(0, 500)
  note?: string;
}
