import { expect } from 'chai';
import { ACCOUNT_CREATE, createAccount, createTree, uniqueCode, type AccountRef, type Tree } from '../support/factories';
import { asAdmin, gqlOk, login } from '../support/client';
import { categoryId } from '../support/demand-factories';
import { createVolunteer, type VolunteerRef } from '../support/volunteer-factories';
import { createTeam, type TeamRef } from '../support/team-factories';
import { demandAt } from './targets';
import { cityDate, projectInput, PUBLISH, SIGN_UP } from '../support/project-factories';

/** The callers of the matrix: one per role, and nobody. */
export const CALLERS = ['ANONYMOUS', 'PLATFORM_ADMIN', 'DISPATCHER', 'GRID_WORKER', 'VOLUNTEER', 'RESIDENT', 'ANALYST', 'PARTNER'] as const;
export type Caller = (typeof CALLERS)[number];
export type Side = 'in' | 'out';

/** Runs a mutation that must succeed and returns its payload (the single root field). */
export async function mutate(doc: string, variables: Record<string, unknown>, token: string): Promise<any> {
  const data = await gqlOk(doc, variables, token);
  const payload = Object.values(data)[0] as { userErrors?: unknown[] };
  expect(payload.userErrors ?? [], `${doc.slice(0, 60)}: ${JSON.stringify(payload.userErrors)}`).to.deep.equal([]);
  return payload;
}

/**
 * The shared world of the matrix. Street A holds everything "inside": the dispatcher and the analyst
 * are scoped to A, the grid worker to community cA, the resident lives in grid gA, the volunteer V
 * lives in cA, works for organisation O1 and leads team TA, and the partner acts for O1. Street B
 * holds the same things belonging to other people (dispatcherB, residentB, volunteers V2 and X, team
 * TB, organisation O2): "outside" for every caller.
 */
export interface World {
  tree: Tree;
  A: Tree;
  B: Tree;
  cA: Tree;
  cA2: Tree;
  gA: Tree;
  cB: Tree;
  cB2: Tree;
  gB: Tree;
  o1: string;
  o2: string;
  tokens: Record<Caller, string | null>;
  /** The account ids of the callers (null for ANONYMOUS). */
  accountIds: Record<Caller, string | null>;
  admin: string;
  dispatcher: AccountRef;
  dispatcherB: AccountRef;
  gridWorker: AccountRef;
  resident: AccountRef;
  residentB: AccountRef;
  analyst: AccountRef;
  partner: AccountRef;
  partnerB: AccountRef;
  /** The VOLUNTEER caller: home cA, employer O1, leader of TA. */
  V: VolunteerRef;
  /** A member of TA living in cA. */
  W: VolunteerRef;
  /** Leader of TB, living in cB, employer O2. */
  V2: VolunteerRef;
  /** A member of TB living in cB. */
  X: VolunteerRef;
  TA: TeamRef;
  TB: TeamRef;
  side: Record<Side, SideObjects>;
  /** A family member linked to each caller (for timebankTransfer). */
  family: Partial<Record<Caller, string>>;
}

/** The objects of one side, so that probes can say `w.side[side].team` and so on. */
export interface SideObjects {
  street: Tree;
  community: Tree;
  otherCommunity: Tree;
  grid: Tree;
  organisation: string;
  dispatcher: AccountRef;
  resident: AccountRef;
  partner: AccountRef;
  /** The volunteer a demand is dispatched to, who leads the side's team. */
  leader: VolunteerRef;
  member: VolunteerRef;
  team: TeamRef;
  project: { id: string; activityId: string };
  /** A demand filed by the side's partner for its resident, DISPATCHED to its leader. */
  demandId: string;
  /** The registered telephones of `leader` and `member`. */
  phones: { leader: string; member: string };
  /** `member`'s confirmed sign-up to `project`'s activity. */
  signupId: string;
  pairingId: string;
  calloutId: string;
  /** A pending record of `member`'s service in `community`, organised by `team`. */
  recordId: string;
  /** A pending record of `leader`'s own service (the volunteer's own record, inside). */
  leaderRecordId: string;
  benefitId: string;
  listedServiceId: string;
}

const PHONES = { in: { leader: '13911110001', member: '13911110002' }, out: { leader: '13911110003', member: '13911110004' } };

const REGISTER_ORG = `mutation($input: OrganisationCreateInput!) { organisationCreate(input: $input) { organisation { id } userErrors { field message code } } }`;
const ACCEPT = `mutation($id: ID!) { demandAccept(input: { id: $id }) { demand { id } userErrors { field message code } } }`;

export async function organisation(): Promise<string> {
  return (await mutate(REGISTER_ORG, { input: { name: uniqueCode('机构'), kind: 'NGO' } }, await asAdmin())).organisation.id;
}

/** An account created by the admin and not signed in (targets that never act). */
export async function bareAccount(role: string, scopeId: string | null, organisationId?: string): Promise<string> {
  const input = { username: uniqueCode(role.toLowerCase().slice(0, 4)), password: 'a-good-password', role, scopeId, organisationId };
  return (await mutate(ACCOUNT_CREATE, { input }, await asAdmin())).account.id;
}

async function partnerOf(organisationId: string): Promise<AccountRef> {
  const username = uniqueCode('part');
  const created = await mutate(ACCOUNT_CREATE, { input: { username, password: 'a-good-password', role: 'PARTNER', organisationId } }, await asAdmin());
  return { id: created.account.id, username, password: 'a-good-password', token: await login(username, 'a-good-password') };
}

export async function publish(regionId: string, teamId: string | null, overrides: Record<string, unknown> = {}): Promise<{ id: string; activityId: string }> {
  const input = { categoryId: await categoryId('ELDER_CARE'), ...projectInput(regionId, { schedule: { kind: 'ONE_OFF', from: cityDate(5), start: '09:00', end: '11:00' }, ...overrides }), teamId };
  const project = (await mutate(PUBLISH, { input }, await asAdmin())).project;
  return { id: project.id, activityId: project.activities.edges[0].node.id };
}

export async function signUp(activityId: string, volunteer: AccountRef): Promise<string> {
  return (await mutate(SIGN_UP, { a: activityId }, volunteer.token)).signup.id;
}

const RECORD_CREATE = `mutation($input: ServiceRecordCreateInput!) { serviceRecordCreate(input: $input) { record { id } userErrors { field message code } } }`;

/** A PENDING hand-entered record of `volunteer`'s service in `regionId` for `teamId`, entered by the admin. */
export async function record(volunteer: VolunteerRef, regionId: string, teamId: string): Promise<string> {
  const input = { categoryId: await categoryId('ELDER_CARE'), volunteerId: volunteer.volunteerId, regionId, teamId, minutes: 60, description: '陪老人散步', startedAt: new Date(Date.now() - 86_400_000).toISOString() };
  return (await mutate(RECORD_CREATE, { input }, await asAdmin())).record.id;
}

const PAIRING_CREATE = `mutation($input: PairingCreateInput!) { pairingCreate(input: $input) { pairing { id } userErrors { field message code } } }`;

export async function pairing(gridId: string, volunteer: VolunteerRef): Promise<string> {
  const input = { gridId, volunteerId: volunteer.volunteerId, householdName: '赵奶奶', householdPhone: '13700001111', householdAddress: '安康小区3号楼201', vulnerability: 'ELDERLY_ALONE' };
  return (await mutate(PAIRING_CREATE, { input }, await asAdmin())).pairing.id;
}

const DEMAND_CREATE = `mutation($input: DemandCreateInput!) { demandCreate(input: $input) { demand { id } userErrors { field message code } } }`;
const CALLOUT_CREATE = `mutation($input: EmergencyCalloutCreateInput!) { emergencyCalloutCreate(input: $input) { callout { id cursor } userErrors { field message code } } }`;

export const CONTACT = { name: '王秀兰', phone: '13912340001', address: '安康小区5号楼302' };

/** A SUBMITTED demand of the side: filed by its partner for its resident, in its grid. */
export async function submitted(s: SideObjects): Promise<string> {
  const input = { categoryId: await categoryId('ELDER_CARE'), title: '帮老人买菜', gridId: s.grid.id, requesterId: s.resident.id, contactName: CONTACT.name, contactPhone: CONTACT.phone, address: CONTACT.address };
  return (await mutate(DEMAND_CREATE, { input }, s.partner.token)).demand.id;
}

export async function callout(s: SideObjects): Promise<string> {
  const demandId = await submitted(s);
  await mutate(ACCEPT, { id: demandId }, s.dispatcher.token);
  return (await mutate(CALLOUT_CREATE, { input: { demandId, teamIds: [s.team.id], message: '演练' } }, await asAdmin())).callout.id;
}

const BENEFIT_CREATE = `mutation($input: BenefitCreateInput!) { benefitCreate(input: $input) { benefit { id } userErrors { field message code } } }`;

/** A benefit provided by the side's organisation and listed by the side's dispatcher. */
export async function benefit(s: SideObjects): Promise<string> {
  const input = { name: uniqueCode('体检'), providerOrganisationId: s.organisation, minStars: 0, quota: 100_000, perPersonLimit: 100, validFrom: cityDate(-1), validUntil: cityDate(300) };
  return (await mutate(BENEFIT_CREATE, { input }, s.dispatcher.token)).benefit.id;
}

const LISTED_CREATE = `mutation($input: ListedServiceCreateInput!) { listedServiceCreate(input: $input) { listedService { id } userErrors { field message code } } }`;
const LINK = `mutation($input: FamilyLinkCreateInput!) { familyLinkCreate(input: $input) { userErrors { field message code } } }`;

export async function buildWorld(): Promise<World> {
  const admin = await asAdmin();
  const tree = await createTree([2, 2, 1]);
  const [A, B] = tree.children;
  const [cA, cA2] = A.children;
  const [cB, cB2] = B.children;
  const gA = cA.children[0];
  const gB = cB.children[0];
  const [o1, o2] = [await organisation(), await organisation()];
  const partner = await partnerOf(o1);
  const partnerB = await partnerOf(o2);
  const V = await createVolunteer({ communityId: cA.id, gridId: gA.id, organisationId: o1, phone: '13911110001', latitude: 45.7012, longitude: 126.6033 });
  const W = await createVolunteer({ communityId: cA.id, gridId: gA.id, phone: '13911110002' });
  const V2 = await createVolunteer({ communityId: cB.id, gridId: gB.id, organisationId: o2, phone: '13911110003', latitude: 45.6987, longitude: 126.5921 });
  const X = await createVolunteer({ communityId: cB.id, gridId: gB.id, phone: '13911110004' });
  const TA = await createTeam(cA.id, { kind: 'EMERGENCY_TEAM', leader: V, members: [W] });
  const TB = await createTeam(cB.id, { kind: 'EMERGENCY_TEAM', leader: V2, members: [X] });
  const w = {
    tree, A, B, cA, cA2, gA, cB, cB2, gB, o1, o2, admin, V, W, V2, X, TA, TB, partner, partnerB,
    dispatcher: await createAccount('DISPATCHER', A.id),
    dispatcherB: await createAccount('DISPATCHER', B.id),
    gridWorker: await createAccount('GRID_WORKER', cA.id),
    resident: await createAccount('RESIDENT', gA.id),
    residentB: await createAccount('RESIDENT', gB.id),
    analyst: await createAccount('ANALYST', A.id),
  } as World;
  w.tokens = { ANONYMOUS: null, PLATFORM_ADMIN: admin, DISPATCHER: w.dispatcher.token, GRID_WORKER: w.gridWorker.token, VOLUNTEER: V.token, RESIDENT: w.resident.token, ANALYST: w.analyst.token, PARTNER: partner.token };
  const viewerId = async (token: string | null) => (token ? (await gqlOk(`{ viewer { id } }`, {}, token)).viewer.id : null);
  w.accountIds = Object.fromEntries(await Promise.all(CALLERS.map(async (c) => [c, await viewerId(w.tokens[c])]))) as Record<Caller, string | null>;
  const sideOf = async (street: Tree, community: Tree, otherCommunity: Tree, grid: Tree, org: string, dispatcher: AccountRef, resident: AccountRef, p: AccountRef, leader: VolunteerRef, member: VolunteerRef, team: TeamRef) => {
    const s = { street, community, otherCommunity, grid, organisation: org, dispatcher, resident, partner: p, leader, member, team } as SideObjects;
    s.phones = PHONES[leader === V ? 'in' : 'out'];
    s.project = await publish(community.id, team.id);
    s.demandId = await demandAt(s, 'DISPATCHED');
    s.signupId = await signUp(s.project.activityId, member);
    s.pairingId = await pairing(grid.id, leader);
    s.calloutId = await callout(s);
    s.recordId = await record(member, community.id, team.id);
    s.leaderRecordId = await record(leader, community.id, team.id);
    s.benefitId = await benefit(s);
    s.listedServiceId = (await mutate(LISTED_CREATE, { input: { name: uniqueCode('理发'), credits: 1, regionId: community.id } }, admin)).listedService.id;
    return s;
  };
  w.side = {
    in: await sideOf(A, cA, cA2, gA, o1, w.dispatcher, w.resident, partner, V, W, TA),
    out: await sideOf(B, cB, cB2, gB, o2, w.dispatcherB, w.residentB, partnerB, V2, X, TB),
  };
  w.family = {};
  for (const caller of CALLERS) {
    const me = w.accountIds[caller];
    if (!me) continue;
    const relative = await bareAccount('RESIDENT', gA.id);
    const linked = await gqlOk(LINK, { input: { accountId: me, memberAccountId: relative, relation: '亲属' } }, admin);
    if (linked.familyLinkCreate.userErrors.length === 0) w.family[caller] = relative;
  }
  return w;
}

