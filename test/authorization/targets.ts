import { expect } from 'chai';
import { csv, IMPORT_START, upload, waitForJob } from '../support/bulk-factories';
import { asAdmin, gqlOk } from '../support/client';
import { uniqueCode } from '../support/factories';
import { createTeam, JOIN, APPROVE } from '../support/team-factories';
import type { VolunteerRef } from '../support/volunteer-factories';
import { CONTACT, mutate, publish, record, signUp, type SideObjects } from './world';
import { categoryId } from '../support/demand-factories';

/**
 * Fresh targets for probes that change what they touch: each cell gets its own, so cells stay
 * independent whatever order or concurrency they run in.
 */

const DEMAND_CREATE = `mutation($input: DemandCreateInput!) { demandCreate(input: $input) { demand { id } userErrors { field message code } } }`;
const step = (name: string, type = 'DemandTransitionInput') => `mutation($input: ${type}!) { ${name}(input: $input) { demand { id } userErrors { field message code } } }`;

export type Stage = 'SUBMITTED' | 'ACCEPTED' | 'DISPATCHED' | 'ASSIGNED' | 'IN_SERVICE' | 'COMPLETED';
const ORDER: Stage[] = ['SUBMITTED', 'ACCEPTED', 'DISPATCHED', 'ASSIGNED', 'IN_SERVICE', 'COMPLETED'];

/** A demand of the side taken to `stage`: filed by its partner for its resident, dispatched to its team leader. */
export async function demandAt(s: SideObjects, stage: Stage): Promise<string> {
  const input = { categoryId: await categoryId('ELDER_CARE'), title: '帮老人买菜', gridId: s.grid.id, requesterId: s.resident.id, contactName: CONTACT.name, contactPhone: CONTACT.phone, address: CONTACT.address };
  const id = (await mutate(DEMAND_CREATE, { input }, s.partner.token)).demand.id;
  const reach = (x: Stage) => ORDER.indexOf(stage) >= ORDER.indexOf(x);
  if (reach('ACCEPTED')) await mutate(step('demandAccept'), { input: { id } }, s.dispatcher.token);
  if (reach('DISPATCHED')) await mutate(step('demandDispatch', 'DemandDispatchInput'), { input: { id, volunteerIds: [s.leader.volunteerId] } }, s.dispatcher.token);
  if (reach('ASSIGNED')) await mutate(step('demandClaim'), { input: { id } }, s.leader.token);
  if (reach('IN_SERVICE')) await mutate(step('demandStart'), { input: { id } }, s.leader.token);
  if (reach('COMPLETED')) await mutate(step('demandComplete'), { input: { id, note: '已完成', photoUrls: ['https://img.example/done.jpg'] } }, s.leader.token);
  return id;
}

/** The side's leader's offer of a fresh dispatched demand. */
export async function offerOf(s: SideObjects): Promise<string> {
  const demandId = await demandAt(s, 'DISPATCHED');
  const data = await gqlOk(`{ myOffers(first: 100) { edges { node { id demand { id } } } } }`, {}, s.leader.token);
  return data.myOffers.edges.find((e: any) => e.node.demand.id === demandId).node.id;
}

/** A team of the side led by its leader, with `member` asking to join (and approved when `approve`). */
export async function membership(s: SideObjects, approve: boolean): Promise<string> {
  const team = await createTeam(s.community.id, { leader: s.leader });
  const id = (await mutate(JOIN, { teamId: team.id }, s.member.token)).membership.id;
  if (approve) await mutate(APPROVE, { id }, await asAdmin());
  return id;
}

/** A fresh team of the side the volunteer asked to join. */
export async function joinedTeam(s: SideObjects, volunteer: VolunteerRef): Promise<string> {
  const team = await createTeam(s.community.id);
  await mutate(JOIN, { teamId: team.id }, volunteer.token);
  return team.id;
}

/** An activity of a fresh project of the side that `volunteer` signed up to. */
export async function signedUpActivity(s: SideObjects, volunteer: VolunteerRef): Promise<string> {
  const project = await publish(s.community.id, s.team.id);
  await signUp(project.activityId, volunteer);
  return project.activityId;
}

const REDEEM = `mutation($b: ID!) { benefitRedeem(input: { benefitId: $b }) { redemption { code } userErrors { field message code } } }`;

export async function voucher(s: SideObjects): Promise<string> {
  return (await mutate(REDEEM, { b: s.benefitId }, s.leader.token)).redemption.code;
}

const ASK = `mutation($id: ID!) { serviceRecordCorrectionRequest(input: { id: $id, minutes: 90, reason: "漏记" }) { userErrors { field message code } } }`;

/** A pending record of the side's member with a correction asked for. */
export async function correctionAsked(s: SideObjects): Promise<string> {
  const id = await record(s.member, s.community.id, s.team.id);
  await mutate(ASK, { id }, s.member.token);
  return id;
}

export const freshRecord = (s: SideObjects) => record(s.member, s.community.id, s.team.id);

const CERT_ADD = `mutation($input: VolunteerCertificateAddInput!) { volunteerCertificateAdd(input: $input) { certificate { id } userErrors { field message code } } }`;

export async function certificate(s: SideObjects): Promise<string> {
  return (await mutate(CERT_ADD, { input: { volunteerId: s.leader.volunteerId, name: uniqueCode('急救证') } }, await asAdmin())).certificate.id;
}

const API_KEY = `mutation($input: ApiKeyCreateInput!) { apiKeyCreate(input: $input) { apiKey { id } userErrors { field message code } } }`;

export async function apiKey(s: SideObjects): Promise<string> {
  return (await mutate(API_KEY, { input: { accountId: s.partner.id, name: uniqueCode('key') } }, await asAdmin())).apiKey.id;
}

const REGION_CREATE = `mutation($input: RegionCreateInput!) { regionCreate(input: $input) { region { id } userErrors { field message code } } }`;

export async function freshGrid(s: SideObjects): Promise<string> {
  const code = uniqueCode('G');
  return (await mutate(REGION_CREATE, { input: { level: 'GRID', code, name: code, parentId: s.community.id } }, await asAdmin())).region.id;
}

const DISABLE = `mutation($id: ID!) { accountDisable(input: { id: $id }) { userErrors { field message code } } }`;

export async function disabled(accountId: string): Promise<string> {
  await mutate(DISABLE, { id: accountId }, await asAdmin());
  return accountId;
}

/** An upload of the platform admin's (a header-only region file: a job on it imports nothing). */
export async function adminUpload(): Promise<string> {
  const uploaded = await upload(csv([['code', 'name']]), 'empty.csv');
  expect(uploaded.status, JSON.stringify(uploaded.body)).to.equal(201);
  return uploaded.body.uploadId;
}

let importJobId: Promise<string> | undefined;

/** One finished import job, made once. */
export function importJob(): Promise<string> {
  return (importJobId ??= (async () => {
    const data = await mutate(IMPORT_START, { input: { uploadId: await adminUpload(), kind: 'REGIONS' } }, await asAdmin());
    return (await waitForJob(data.job.id)).id;
  })());
}
