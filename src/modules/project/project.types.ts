import { LocalDateResolver } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { connectionType } from '../../core/relay';
import { formatClockTime } from '../volunteer/availability';
import { Activity, ActivitySignup, Project } from './project.entity';
import { ScheduleKind, describeSchedule, type Schedule } from './schedule';

@ObjectType({ description: 'When a project happens, in the city\'s local time.' })
export class ProjectSchedule {
  @Field(() => ScheduleKind, { description: 'How it repeats.' })
  kind: ScheduleKind;

  @Field(() => LocalDateResolver, { description: 'The day (ONE_OFF) or the first day.' })
  from: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'The last day; null: until closed.' })
  until: string | null;

  @Field(() => Int, { nullable: true, description: 'ISO weekday (WEEKLY, MONTHLY_WEEKDAY).' })
  weekday: number | null;

  @Field(() => Int, { nullable: true, description: 'Which one in the month, -1 the last (MONTHLY_WEEKDAY).' })
  nth: number | null;

  @Field(() => Int, { nullable: true, description: 'Day of the month (MONTHLY_DAY, YEARLY).' })
  monthDay: number | null;

  @Field(() => Int, { nullable: true, description: 'Month (YEARLY).' })
  month: number | null;

  @Field({ description: 'Start, "HH:MM".' })
  start: string;

  @Field({ description: 'End, "HH:MM".' })
  end: string;

  @Field({ description: 'In words, e.g. "the first Saturday of every month, 09:00-11:00".' })
  description: string;
}

export function toProjectSchedule(s: Schedule): ProjectSchedule {
  return Object.assign(new ProjectSchedule(), {
    kind: s.kind,
    from: s.from,
    until: s.until,
    weekday: s.weekday,
    nth: s.nth,
    monthDay: s.monthDay,
    month: s.month,
    start: formatClockTime(s.startMinute),
    end: formatClockTime(s.endMinute),
    description: describeSchedule(s),
  });
}

@ObjectType({ description: 'The code an organiser shows for check-in; it changes every few minutes.' })
export class CheckInCode {
  @Field({ description: 'Six digits to type in.' })
  code: string;

  @Field({ description: 'When it stops being shown (it is accepted for one period more).' })
  expiresAt: Date;

  @Field({ description: 'The same, for a QR code the volunteer\'s app scans.' })
  qrPayload: string;
}

export const ProjectConnection = connectionType('Project', Project, 'project');
export const ActivityConnection = connectionType('Activity', Activity, 'activity');
export const ActivitySignupConnection = connectionType('ActivitySignup', ActivitySignup, 'sign-up');
