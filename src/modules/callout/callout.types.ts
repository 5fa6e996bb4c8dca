import { Field, Int, ObjectType } from 'type-graphql';
import { DemandEventType } from '../demand/demand.enums';

@ObjectType({ description: 'How a call-out\'s members have answered so far.' })
export class CalloutCounts {
  @Field(() => Int, { description: 'Members alerted.' })
  invited: number;

  @Field(() => Int, { description: 'Answered COMING.' })
  coming: number;

  @Field(() => Int, { description: 'Answered CANNOT.' })
  cannot: number;

  @Field(() => Int, { description: 'Not answered yet.' })
  pending: number;
}

@ObjectType({ description: 'A call-out reaching you, pushed live.' })
export class EmergencyCalloutNotice {
  @Field({ description: 'Pass it as `after` when you subscribe again.' })
  cursor: string;

  @Field({ description: 'When it went out.' })
  at: Date;

  calloutId: number;
}

@ObjectType({ description: 'A change to a call-out, pushed live to those watching it: it went out, or a member answered.' })
export class EmergencyCalloutUpdate {
  @Field({ description: 'Pass it as `after` when you subscribe again.' })
  cursor: string;

  @Field(() => DemandEventType, { description: 'CALLOUT or CALLOUT_ANSWERED.' })
  type: DemandEventType;

  @Field({ description: 'When.' })
  at: Date;

  calloutId: number;
  answeredBy: number | null;
}
