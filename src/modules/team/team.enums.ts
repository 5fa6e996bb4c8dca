import { registerEnumType } from 'type-graphql';

export enum TeamKind {
  DISTRICT_DETACHMENT = 'DISTRICT_DETACHMENT',
  STREET_SQUAD = 'STREET_SQUAD',
  COMMUNITY_TEAM = 'COMMUNITY_TEAM',
  PROFESSIONAL_TEAM = 'PROFESSIONAL_TEAM',
  EMERGENCY_TEAM = 'EMERGENCY_TEAM',
}

export enum MembershipStatus {
  PENDING = 'PENDING',
  ACTIVE = 'ACTIVE',
  REJECTED = 'REJECTED',
  LEFT = 'LEFT',
  REMOVED = 'REMOVED',
}

registerEnumType(TeamKind, {
  name: 'TeamKind',
  description: 'What kind of volunteer team (志愿服务队).',
  valuesConfig: {
    DISTRICT_DETACHMENT: { description: 'District detachment (支队): its home region is a district.' },
    STREET_SQUAD: { description: 'Street squad (大队): its home region is a street.' },
    COMMUNITY_TEAM: { description: 'Community team (小队): its home region is a community or a grid.' },
    PROFESSIONAL_TEAM: { description: 'Professional team (education, medical, legal, culture ...), at any level.' },
    EMERGENCY_TEAM: { description: 'Emergency response team, at any level; the one an emergency call-out reaches.' },
  },
});

registerEnumType(MembershipStatus, {
  name: 'MembershipStatus',
  description: 'Where a volunteer stands with a team.',
  valuesConfig: {
    PENDING: { description: 'Asked to join; waiting for the leader or a dispatcher.' },
    ACTIVE: { description: 'A member.' },
    REJECTED: { description: 'The request was turned down.' },
    LEFT: { description: 'Left the team.' },
    REMOVED: { description: 'Removed by the leader or a dispatcher.' },
  },
});
