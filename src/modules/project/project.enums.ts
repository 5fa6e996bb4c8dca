import { registerEnumType } from 'type-graphql';

export enum ProjectStatus {
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
}

export enum ActivityStatus {
  SCHEDULED = 'SCHEDULED',
  CANCELLED = 'CANCELLED',
}

export enum SignupStatus {
  CONFIRMED = 'CONFIRMED',
  WAITLISTED = 'WAITLISTED',
  CANCELLED = 'CANCELLED',
  NO_SHOW = 'NO_SHOW',
}

export enum CheckInMethod {
  CODE = 'CODE',
  ORGANISER = 'ORGANISER',
}

registerEnumType(ProjectStatus, {
  name: 'ProjectStatus',
  description: 'Whether a project still runs.',
  valuesConfig: {
    OPEN: { description: 'Published and running.' },
    CLOSED: { description: 'Ended by its publisher; no new activities.' },
  },
});

registerEnumType(ActivityStatus, {
  name: 'ActivityStatus',
  description: 'Whether an activity takes place.',
  valuesConfig: {
    SCHEDULED: { description: 'Takes place as planned.' },
    CANCELLED: { description: 'Called off by its organiser; those signed up were told.' },
  },
});

registerEnumType(SignupStatus, {
  name: 'SignupStatus',
  description: 'Where a volunteer\'s sign-up for an activity stands.',
  valuesConfig: {
    CONFIRMED: { description: 'Has a place.' },
    WAITLISTED: { description: 'Waiting for a place, in the order of `waitlistPosition`; confirmed when one comes free.' },
    CANCELLED: { description: 'Withdrawn by the volunteer or removed by the organiser.' },
    NO_SHOW: { description: 'Had a place and did not come.' },
  },
});

registerEnumType(CheckInMethod, {
  name: 'CheckInMethod',
  description: 'How attendance was recorded.',
  valuesConfig: {
    CODE: { description: 'The volunteer entered (or scanned) the organiser\'s rotating code.' },
    ORGANISER: { description: 'The organiser marked it.' },
  },
});
