import { Field, Int, ObjectType } from 'type-graphql';
import { connectionType } from '../../core/relay';
import { formatClockTime, type Window } from './availability';
import { Volunteer } from './volunteer.entity';

@ObjectType({ description: 'A weekly window in which a volunteer can serve, in the city\'s local time.' })
export class AvailabilityWindow {
  @Field(() => Int, { description: 'ISO weekday: 1 = Monday ... 7 = Sunday.' })
  weekday: number;

  @Field({ description: 'Start, "HH:MM".' })
  start: string;

  @Field({ description: 'End, "HH:MM" ("24:00" for the end of the day).' })
  end: string;
}

export function toAvailabilityWindow(w: Window): AvailabilityWindow {
  return Object.assign(new AvailabilityWindow(), { weekday: w.weekday, start: formatClockTime(w.startMinute), end: formatClockTime(w.endMinute) });
}

export const VolunteerConnection = connectionType('Volunteer', Volunteer, 'volunteer');
