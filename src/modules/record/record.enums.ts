import { registerEnumType } from 'type-graphql';

export enum RecordSource {
  ACTIVITY = 'ACTIVITY',
  DEMAND = 'DEMAND',
  PAIRING_VISIT = 'PAIRING_VISIT',
  MANUAL = 'MANUAL',
}

export enum RecordStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  DECLINED = 'DECLINED',
}

export enum CorrectionStatus {
  REQUESTED = 'REQUESTED',
  ACCEPTED = 'ACCEPTED',
  REFUSED = 'REFUSED',
}

registerEnumType(RecordSource, {
  name: 'RecordSource',
  description: 'Where a service record comes from.',
  valuesConfig: {
    ACTIVITY: { description: 'Check-in and check-out at an activity.' },
    DEMAND: { description: 'A demand the volunteer served (from start to completion).' },
    PAIRING_VISIT: { description: 'A visit to a paired household.' },
    MANUAL: { description: 'Entered by hand, with evidence.' },
  },
});

registerEnumType(RecordStatus, {
  name: 'RecordStatus',
  description: 'Whether a service record counts.',
  valuesConfig: {
    PENDING: { description: 'Waiting for whoever organised the service to certify it; does not count yet.' },
    APPROVED: { description: 'Certified: counts for stars, leaderboards and the time bank.' },
    DECLINED: { description: 'Not certified, with the reason.' },
  },
});

registerEnumType(CorrectionStatus, {
  name: 'CorrectionStatus',
  description: 'A volunteer\'s request to correct a record\'s time.',
  valuesConfig: {
    REQUESTED: { description: 'Asked for; waiting for the certifier.' },
    ACCEPTED: { description: 'Accepted: the record\'s minutes were changed.' },
    REFUSED: { description: 'Refused, with a note.' },
  },
});
