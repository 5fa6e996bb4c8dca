import { registerEnumType } from 'type-graphql';

export enum Gender {
  FEMALE = 'FEMALE',
  MALE = 'MALE',
}

export enum IdType {
  RESIDENT_ID = 'RESIDENT_ID',
  PASSPORT = 'PASSPORT',
  OTHER = 'OTHER',
}

export enum VolunteerStatus {
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
  LEFT = 'LEFT',
}

registerEnumType(Gender, {
  name: 'Gender',
  description: 'Gender as on the identity document.',
  valuesConfig: {
    FEMALE: { description: 'Female.' },
    MALE: { description: 'Male.' },
  },
});

registerEnumType(IdType, {
  name: 'IdType',
  description: 'The kind of identity document a volunteer registered with.',
  valuesConfig: {
    RESIDENT_ID: { description: 'Mainland resident identity card (18 characters, with a check digit that is verified).' },
    PASSPORT: { description: 'A passport.' },
    OTHER: { description: 'Another document (Hong Kong, Macao or Taiwan permit, foreigner permanent residence card, ...).' },
  },
});

registerEnumType(VolunteerStatus, {
  name: 'VolunteerStatus',
  description: 'Whether a volunteer may serve.',
  valuesConfig: {
    ACTIVE: { description: 'Registered and serving.' },
    SUSPENDED: { description: 'Temporarily barred from serving; never matched or offered anything.' },
    LEFT: { description: 'No longer a volunteer; the records stay.' },
  },
});
