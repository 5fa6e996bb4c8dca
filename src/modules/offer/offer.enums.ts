import { registerEnumType } from 'type-graphql';

export enum OfferStatus {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
  WITHDRAWN = 'WITHDRAWN',
  EXPIRED = 'EXPIRED',
}

export enum CandidateKind {
  VOLUNTEER = 'VOLUNTEER',
  TEAM = 'TEAM',
}

export enum CandidateReasonCode {
  SKILL = 'SKILL',
  CERTIFICATE = 'CERTIFICATE',
  SPECIALTY = 'SPECIALTY',
  NO_SKILL = 'NO_SKILL',
  CLOSENESS = 'CLOSENESS',
  DISTANCE = 'DISTANCE',
  AVAILABLE = 'AVAILABLE',
  UNAVAILABLE = 'UNAVAILABLE',
  LOAD = 'LOAD',
  HOURS = 'HOURS',
  ALREADY_OFFERED = 'ALREADY_OFFERED',
}

registerEnumType(OfferStatus, {
  name: 'OfferStatus',
  description: 'Where an offer of a demand to a volunteer stands.',
  valuesConfig: {
    PENDING: { description: 'Waiting for the volunteer to accept or decline, until it expires.' },
    ACCEPTED: { description: 'The volunteer accepted and is now the demand\'s responder.' },
    DECLINED: { description: 'The volunteer declined; this demand is not offered to them again.' },
    WITHDRAWN: { description: 'Someone else took the demand, or it was cancelled or sent elsewhere.' },
    EXPIRED: { description: 'Not answered in time.' },
  },
});

registerEnumType(CandidateKind, {
  name: 'CandidateKind',
  description: 'Whether a candidate is a single volunteer or a team.',
  valuesConfig: {
    VOLUNTEER: { description: 'A volunteer.' },
    TEAM: { description: 'A team; dispatching to it offers the demand to its members.' },
  },
});

registerEnumType(CandidateReasonCode, {
  name: 'CandidateReasonCode',
  description: 'One part of a candidate\'s score.',
  valuesConfig: {
    SKILL: { description: 'Has a skill of the demand\'s category.' },
    CERTIFICATE: { description: 'Holds an unexpired certificate for such a skill.' },
    SPECIALTY: { description: 'The team\'s specialties include the demand\'s category.' },
    NO_SKILL: { description: 'No skill or specialty of the demand\'s category.' },
    CLOSENESS: { description: 'Where they are in the hierarchy relative to the demand\'s grid.' },
    DISTANCE: { description: 'Distance to the demand, when both have coordinates.' },
    AVAILABLE: { description: 'On duty and within their weekly hours now (for a team: members available now).' },
    UNAVAILABLE: { description: 'Off duty or outside their weekly hours now.' },
    LOAD: { description: 'Other work in hand: pending offers of other demands, or a team\'s open demands.' },
    HOURS: { description: 'Certified service hours: the tie-break between equal scores.' },
    ALREADY_OFFERED: { description: 'The demand is already offered to them and waiting for an answer.' },
  },
});
