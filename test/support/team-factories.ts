import { expect } from 'chai';
import { asAdmin, gqlOk } from './client';
import { uniqueCode } from './factories';
import type { VolunteerRef } from './volunteer-factories';
import { categoryId } from './demand-factories';

export const TEAM_FIELDS = 'id name kind active memberCount region { id } parent { id } specialties { code } leader { id } liaison { id }';
export const TEAM_CREATE = `mutation($input: TeamCreateInput!) { teamCreate(input: $input) { team { ${TEAM_FIELDS} } userErrors { field message code } } }`;
export const JOIN = `mutation($teamId: ID!, $note: String) { teamJoinRequest(input: { teamId: $teamId, note: $note }) { membership { id status note } userErrors { field message code } } }`;
export const APPROVE = `mutation($id: ID!) { teamMembershipApprove(input: { id: $id }) { membership { id status } userErrors { field message code } } }`;

export interface TeamRef {
  id: string;
  name: string;
}

/** A team in `regionId`, created by an admin; `members` join and are approved, the first leads. */
export async function createTeam(
  regionId: string,
  overrides: { kind?: string; specialties?: string[]; members?: VolunteerRef[]; leader?: VolunteerRef; name?: string } = {},
): Promise<TeamRef> {
  const input = {
    name: overrides.name ?? uniqueCode('队'),
    kind: overrides.kind ?? 'PROFESSIONAL_TEAM',
    regionId,
    specialtyIds: await Promise.all((overrides.specialties ?? []).map((code) => categoryId(code))),
    leaderId: overrides.leader?.volunteerId,
  };
  const data = await gqlOk(TEAM_CREATE, { input }, await asAdmin());
  expect(data.teamCreate.userErrors, JSON.stringify(data.teamCreate.userErrors)).to.deep.equal([]);
  const team = data.teamCreate.team as TeamRef;
  for (const member of overrides.members ?? []) await addMember(team, member);
  return team;
}

/** The volunteer asks to join and an admin approves. */
export async function addMember(team: TeamRef, member: VolunteerRef): Promise<void> {
  const asked = await gqlOk(JOIN, { teamId: team.id }, member.token);
  expect(asked.teamJoinRequest.userErrors, JSON.stringify(asked.teamJoinRequest.userErrors)).to.deep.equal([]);
  const approved = await gqlOk(APPROVE, { id: asked.teamJoinRequest.membership.id }, await asAdmin());
  expect(approved.teamMembershipApprove.userErrors).to.deep.equal([]);
}
