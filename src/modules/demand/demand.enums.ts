import { registerEnumType } from 'type-graphql';

export enum DemandStatus {
  SUBMITTED = 'SUBMITTED',
  ACCEPTED = 'ACCEPTED',
  REJECTED = 'REJECTED',
  DISPATCHED = 'DISPATCHED',
  ASSIGNED = 'ASSIGNED',
  IN_SERVICE = 'IN_SERVICE',
  COMPLETED = 'COMPLETED',
  CLOSED = 'CLOSED',
  CANCELLED = 'CANCELLED',
}

export enum HandlingLevel {
  COMMUNITY = 'COMMUNITY',
  STREET = 'STREET',
  DISTRICT = 'DISTRICT',
}

export enum Urgency {
  ROUTINE = 'ROUTINE',
  URGENT = 'URGENT',
  EMERGENCY = 'EMERGENCY',
}

export enum DemandChannel {
  RESIDENT_APP = 'RESIDENT_APP',
  HOTLINE = 'HOTLINE',
  GRID_VISIT = 'GRID_VISIT',
  SURVEY = 'SURVEY',
  PARTNER_API = 'PARTNER_API',
  CITY_PROBLEM = 'CITY_PROBLEM',
  WALK_IN = 'WALK_IN',
}

export enum DemandEventType {
  CREATED = 'CREATED',
  ACCEPTED = 'ACCEPTED',
  REJECTED = 'REJECTED',
  DISPATCHED = 'DISPATCHED',
  CLAIMED = 'CLAIMED',
  STARTED = 'STARTED',
  COMPLETED = 'COMPLETED',
  CLOSED = 'CLOSED',
  REOPENED = 'REOPENED',
  CANCELLED = 'CANCELLED',
  ESCALATED = 'ESCALATED',
  OVERDUE = 'OVERDUE',
  OFFERED = 'OFFERED',
  OFFER_DECLINED = 'OFFER_DECLINED',
  OFFERS_EXPIRED = 'OFFERS_EXPIRED',
  CALLOUT = 'CALLOUT',
  CALLOUT_ANSWERED = 'CALLOUT_ANSWERED',
}

export enum DemandEventReason {
  MANUAL = 'MANUAL',
  DEADLINE = 'DEADLINE',
  AUTO_DISPATCH = 'AUTO_DISPATCH',
}

registerEnumType(DemandStatus, {
  name: 'DemandStatus',
  description: 'Where a demand stands in its workflow.',
  valuesConfig: {
    SUBMITTED: { description: 'Placed (点单), waiting for the command center to take it.' },
    ACCEPTED: { description: 'Taken and reviewed (接单); waiting to be dispatched.' },
    REJECTED: { description: 'Refused by the command center, with a reason shown to the requester.' },
    DISPATCHED: { description: 'Dispatched (派单) to volunteers, a team or open recruitment; waiting for a claim.' },
    ASSIGNED: { description: 'Claimed by a responder who has not started yet.' },
    IN_SERVICE: { description: 'The responder is serving.' },
    COMPLETED: { description: 'Served; waiting for the requester\'s rating.' },
    CLOSED: { description: 'Rated by the requester, or closed automatically after a quiet period.' },
    CANCELLED: { description: 'Withdrawn by the requester before service started.' },
  },
});

registerEnumType(HandlingLevel, {
  name: 'HandlingLevel',
  description: 'Which command center handles a demand: small matters stay in the community, big ones go to the street, hard ones to the district.',
  valuesConfig: {
    COMMUNITY: { description: 'The community\'s command center (the start).' },
    STREET: { description: 'Escalated to the street.' },
    DISTRICT: { description: 'Escalated to the district.' },
  },
});

registerEnumType(Urgency, {
  name: 'Urgency',
  description: 'How fast a demand must be handled; with the category it sets the deadlines.',
  valuesConfig: {
    ROUTINE: { description: 'Ordinary.' },
    URGENT: { description: 'Needs attention within hours.' },
    EMERGENCY: { description: 'Danger to people or property; minutes count.' },
  },
});

registerEnumType(DemandChannel, {
  name: 'DemandChannel',
  description: 'How a demand reached the command center.',
  valuesConfig: {
    RESIDENT_APP: { description: 'A resident, in an app, for themself.' },
    HOTLINE: { description: 'By telephone to the command center.' },
    GRID_VISIT: { description: 'Found by a grid worker on a door-to-door visit.' },
    SURVEY: { description: 'Collected in a "listen, visit, check" survey.' },
    PARTNER_API: { description: 'Filed by a partner organisation through the API.' },
    CITY_PROBLEM: { description: 'A city problem reported with a photo (the 12319-style channel).' },
    WALK_IN: { description: 'In person at a service station or office.' },
  },
});

registerEnumType(DemandEventType, {
  name: 'DemandEventType',
  description: 'What happened to a demand.',
  valuesConfig: {
    CREATED: { description: 'Placed.' },
    ACCEPTED: { description: 'Taken by the command center.' },
    REJECTED: { description: 'Refused; the note is the reason.' },
    DISPATCHED: { description: 'Sent to volunteers, a team or open recruitment.' },
    CLAIMED: { description: 'A responder took it.' },
    STARTED: { description: 'Service began.' },
    COMPLETED: { description: 'Service finished.' },
    CLOSED: { description: 'Rated by the requester, or closed automatically.' },
    REOPENED: { description: '"Not fixed": the requester sent it back.' },
    CANCELLED: { description: 'Withdrawn by the requester.' },
    ESCALATED: { description: 'Moved up a handling level; the note is the reason.' },
    OVERDUE: { description: 'Its deadline passed while it was still open.' },
    OFFERED: { description: 'Offered to more volunteers while dispatched (by a dispatcher, or by auto-dispatch).' },
    OFFER_DECLINED: { description: 'A volunteer declined the offer; the note is their reason.' },
    OFFERS_EXPIRED: { description: 'Offers expired unanswered.' },
    CALLOUT: { description: 'Emergency teams were called out; the note is the message.' },
    CALLOUT_ANSWERED: { description: 'A called team member answered COMING or CANNOT.' },
  },
});

registerEnumType(DemandEventReason, {
  name: 'DemandEventReason',
  description: 'Why an event happened.',
  valuesConfig: {
    MANUAL: { description: 'A person took the step.' },
    DEADLINE: { description: 'A deadline passed: automatic escalation, overdue, auto-close, offers expiring.' },
    AUTO_DISPATCH: { description: 'The platform offered the demand to the next candidates.' },
  },
});
