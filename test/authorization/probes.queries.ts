import { cityDate } from '../support/project-factories';
import { probe, unscoped, type Probes } from './probe';
import { CONTACT } from './world';
import * as fresh from './targets';

const period = () => ({ from: cityDate(-30), to: cityDate(0) });

/** Root queries. `node` has one row per kind of object that holds people's data. */
export const QUERY_PROBES: Probes = {
  activityCheckInCode: probe(`query($a: ID!) { activityCheckInCode(activityId: $a) { expiresAt } }`, ({ s }) => ({ variables: { a: s.project.activityId } })),
  auditLog: unscoped(`{ auditLog(first: 1) { totalCount } }`),
  benefits: unscoped(`{ benefits(first: 1) { totalCount } }`),
  demandCandidates: probe(`query($d: ID!) { demandCandidates(demandId: $d, first: 1) { rank } }`, ({ s }) => ({ variables: { d: s.demandId } })),
  demands: probe(`query($r: ID!) { demands(regionId: $r, status: [DISPATCHED], first: 100) { edges { node { id } } } }`, ({ s }) => ({
    variables: { r: s.grid.id },
    expect: s.demandId,
  })),
  districts: unscoped(`{ districts(first: 1) { totalCount } }`),
  importJob: unscoped(`query($id: ID!) { importJob(id: $id) { id } }`, async () => {
    const id = await fresh.importJob();
    return { variables: { id }, expect: id };
  }),
  importJobs: unscoped(`{ importJobs(first: 1) { totalCount } }`),
  leaderboard: unscoped(`{ leaderboard(period: ALL_TIME, first: 3) { rank } }`),
  listedServices: unscoped(`{ listedServices { id } }`),
  myNotices: unscoped(`{ myNotices(first: 1) { totalCount } }`),
  myOffers: unscoped(`{ myOffers(first: 1) { totalCount } }`),
  myRedemptions: unscoped(`{ myRedemptions { id } }`),
  mySignups: unscoped(`{ mySignups(first: 1) { totalCount } }`),
  'node · Account': probe(`query($id: ID!) { node(id: $id) { id } }`, ({ s }) => ({ variables: { id: s.resident.id }, expect: s.resident.id })),
  'node · Demand': probe(`query($id: ID!) { node(id: $id) { id } }`, ({ s }) => ({ variables: { id: s.demandId }, expect: s.demandId })),
  'node · Volunteer': probe(`query($id: ID!) { node(id: $id) { id } }`, ({ s }) => ({ variables: { id: s.leader.volunteerId }, expect: s.leader.volunteerId })),
  'node · Pairing': probe(`query($id: ID!) { node(id: $id) { id } }`, ({ s }) => ({ variables: { id: s.pairingId }, expect: s.pairingId })),
  'node · ServiceRecord': probe(`query($id: ID!) { node(id: $id) { id } }`, ({ s }) => ({ variables: { id: s.recordId }, expect: s.recordId })),
  'node · EmergencyCallout': probe(`query($id: ID!) { node(id: $id) { id } }`, ({ s }) => ({ variables: { id: s.calloutId }, expect: s.calloutId })),
  organisations: probe(`{ organisations { id } }`, ({ s }) => ({ variables: {}, expect: s.organisation })),
  pairings: probe(`query($r: ID!) { pairings(regionId: $r, first: 100) { edges { node { id } } } }`, ({ s }) => ({ variables: { r: s.grid.id }, expect: s.pairingId })),
  project: probe(`query($id: ID!) { project(id: $id) { id } }`, ({ s }) => ({ variables: { id: s.project.id }, expect: s.project.id })),
  projects: unscoped(`{ projects(first: 1) { totalCount } }`),
  regionByCode: probe(`query($c: String!) { regionByCode(code: $c) { id } }`, ({ s }) => ({ variables: { c: s.grid.code }, expect: s.grid.id })),
  regionHeatmap: probe(`query($r: ID!) { regionHeatmap(regionId: $r) { open } }`, ({ s }) => ({ variables: { r: s.community.id } })),
  regionRanking: probe(`query($r: ID!, $from: String!, $to: String!) { regionRanking(regionId: $r, metric: DEMANDS, order: DESC, from: $from, to: $to) { rank } }`, ({ s }) => ({
    variables: { r: s.community.id, ...period() },
  })),
  regionSeries: probe(`query($r: ID!, $from: String!, $to: String!) { regionSeries(regionId: $r, metric: DEMANDS, bucket: WEEK, from: $from, to: $to) { label } }`, ({ s }) => ({
    variables: { r: s.community.id, ...period() },
  })),
  regionStats: probe(`query($r: ID!, $from: String!, $to: String!) { regionStats(regionId: $r, from: $from, to: $to) { residents } }`, ({ s }) => ({
    variables: { r: s.community.id, ...period() },
  })),
  serviceCategories: unscoped(`{ serviceCategories(includeInactive: false) { id } }`),
  serviceRecords: probe(`query($t: ID!) { serviceRecords(teamId: $t, status: [PENDING], first: 100) { edges { node { id } } } }`, ({ s }) => ({
    variables: { t: s.team.id },
    expect: s.recordId,
  })),
  skills: unscoped(`{ skills { id } }`),
  teams: unscoped(`{ teams(first: 1) { totalCount } }`),
  timebankAccount: probe(`query($a: ID) { timebankAccount(accountId: $a) { balance } }`, ({ s }) => ({ variables: { a: s.resident.id } })),
  viewer: unscoped(`{ viewer { id } }`),
  volunteers: probe(`{ volunteers(first: 100) { edges { node { id } } } }`, ({ s }) => ({ variables: {}, expect: s.leader.volunteerId })),
};

const VOLUNTEER_NODE = (field: string) => `query($id: ID!) { node(id: $id) { ... on Volunteer { ${field} } } }`;
const DEMAND_NODE = (field: string) => `query($id: ID!) { node(id: $id) { ... on Demand { ${field} } } }`;
const PAIRING_NODE = (field: string) => `query($id: ID!) { node(id: $id) { ... on Pairing { ${field} } } }`;
/** Birth date of an 18-character resident ID, as the API writes it. */
const birthOf = (idNumber: string) => `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;

/**
 * Personal fields: "allowed" means the value is shown in full; masked, null or refused reads count
 * as refused. Each probe reads the field through `node` and looks for the real value.
 */
export const FIELD_PROBES: Probes = {
  'Volunteer.phone': probe(VOLUNTEER_NODE('phone'), ({ s }) => ({ variables: { id: s.leader.volunteerId }, expect: s.phones.leader })),
  'Volunteer.idNumberLast4': probe(VOLUNTEER_NODE('idNumberLast4'), ({ s }) => ({ variables: { id: s.leader.volunteerId }, expect: `"${s.leader.idNumber.slice(-4)}"` })),
  'Volunteer.birthDate': probe(VOLUNTEER_NODE('birthDate'), ({ s }) => ({ variables: { id: s.leader.volunteerId }, expect: birthOf(s.leader.idNumber) })),
  'Volunteer.latitude': probe(VOLUNTEER_NODE('latitude longitude'), ({ s }) => ({ variables: { id: s.leader.volunteerId }, expect: '"latitude":45.' })),
  'Volunteer.account': probe(VOLUNTEER_NODE('account { id }'), ({ s }) => ({ variables: { id: s.leader.volunteerId }, expect: s.leader.id })),
  'Demand.contactName': probe(DEMAND_NODE('contactName'), ({ s }) => ({ variables: { id: s.demandId }, expect: CONTACT.name })),
  'Demand.contactPhone': probe(DEMAND_NODE('contactPhone'), ({ s }) => ({ variables: { id: s.demandId }, expect: CONTACT.phone })),
  'Demand.address': probe(DEMAND_NODE('address'), ({ s }) => ({ variables: { id: s.demandId }, expect: CONTACT.address })),
  'Demand.requester': probe(DEMAND_NODE('requester { id }'), ({ s }) => ({ variables: { id: s.demandId }, expect: s.resident.id })),
  'Pairing.householdName': probe(PAIRING_NODE('householdName'), ({ s }) => ({ variables: { id: s.pairingId }, expect: '赵奶奶' })),
  'Pairing.householdPhone': probe(PAIRING_NODE('householdPhone'), ({ s }) => ({ variables: { id: s.pairingId }, expect: '13700001111' })),
  'Pairing.householdAddress': probe(PAIRING_NODE('householdAddress'), ({ s }) => ({ variables: { id: s.pairingId }, expect: '安康小区3号楼201' })),
  'ActivitySignup.volunteerPhone': probe(`query($id: ID!) { node(id: $id) { ... on ActivitySignup { volunteerPhone } } }`, ({ s }) => ({
    variables: { id: s.signupId },
    expect: s.phones.member,
  })),
};
