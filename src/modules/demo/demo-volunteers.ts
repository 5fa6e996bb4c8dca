import type { EntityManager } from 'typeorm';
import { Account } from '../account/account.entity';
import { Role } from '../account/role';
import { ServiceCategory } from '../category/category.entity';
import { Region } from '../region/region.entity';
import { Skill } from '../skill/skill.entity';
import { Team, TeamMember, TeamSpecialty } from '../team/team.entity';
import { MembershipStatus, TeamKind } from '../team/team.enums';
import { checkCharacter, type IdHasher } from '../volunteer/id-number';
import { Volunteer, VolunteerMove, VolunteerSkill } from '../volunteer/volunteer.entity';
import { Gender, IdType, VolunteerStatus } from '../volunteer/volunteer.enums';
import { DEMO_DISTRICT_CODE } from './demo-city';

/** Registered volunteers of 安康社区 (synthetic ID numbers), the first one being `demo-volunteer`. */
export const DEMO_VOLUNTEERS = [
  { username: 'demo-volunteer', name: '刘志愿', birth: '19860412', seq: 135, skills: ['MEAL_DELIVERY', 'COMPANIONSHIP', 'FIRST_AID'], grid: '230110001001-01', partyMember: true },
  { username: 'demo-volunteer-2', name: '陈晓梅', birth: '19920908', seq: 246, skills: ['MEAL_DELIVERY', 'NURSING'], grid: '230110001001-01', partyMember: false },
  { username: 'demo-volunteer-3', name: '王建国', birth: '19670115', seq: 357, skills: ['RESCUE', 'FIREFIGHTING'], grid: '230110001001-02', partyMember: true },
  { username: 'demo-volunteer-4', name: '赵丽', birth: '19990623', seq: 468, skills: ['HOMEWORK_TUTORING'], grid: '230110001001-02', partyMember: false },
  { username: 'demo-volunteer-5', name: '孙强', birth: '19780330', seq: 579, skills: ['PLUMBING_ELECTRICAL', 'RESCUE'], grid: '230110001001-03', partyMember: false },
] as const;

const COMMUNITY = '230110001001';

/** Volunteers with skills, an elder-care team they belong to, and a district emergency team. */
export async function createDemoVolunteers(tx: EntityManager, hasher: IdHasher, passwordHash: string): Promise<number> {
  const community = await tx.findOneByOrFail(Region, { code: COMMUNITY });
  const district = await tx.findOneByOrFail(Region, { code: DEMO_DISTRICT_CODE });
  const volunteers: Volunteer[] = [];
  for (const demo of DEMO_VOLUNTEERS) {
    const account =
      (await tx.findOneBy(Account, { username: demo.username })) ?? (await tx.save(tx.create(Account, { username: demo.username, passwordHash, role: Role.VOLUNTEER, scopeId: null })));
    const body = `230110${demo.birth}${demo.seq}`;
    const idNumber = body + checkCharacter(body);
    const grid = await tx.findOneByOrFail(Region, { code: demo.grid });
    const volunteer = await tx.save(
      tx.create(Volunteer, {
        accountId: account.id,
        name: demo.name,
        phone: `1380000${demo.seq}0`.slice(0, 11),
        idType: IdType.RESIDENT_ID,
        idHash: hasher.hash(IdType.RESIDENT_ID, idNumber),
        idLast4: idNumber.slice(-4),
        birthDate: `${demo.birth.slice(0, 4)}-${demo.birth.slice(4, 6)}-${demo.birth.slice(6)}`,
        gender: demo.seq % 2 === 1 ? Gender.MALE : Gender.FEMALE,
        partyMember: demo.partyMember,
        communityId: community.id,
        gridId: grid.id,
        reportedInAt: demo.partyMember ? '2023-03-05' : null,
        organisationId: null,
        onDuty: true,
        status: VolunteerStatus.ACTIVE,
        statusReason: null,
        latitude: null,
        longitude: null,
        certifiedMinutes: 0,
        createdById: null,
      }),
    );
    for (const code of demo.skills) await tx.insert(VolunteerSkill, { volunteerId: volunteer.id, skillId: (await tx.findOneByOrFail(Skill, { code })).id });
    await tx.insert(VolunteerMove, { volunteerId: volunteer.id, fromCommunityId: null, toCommunityId: community.id, reportedInAt: volunteer.reportedInAt, note: 'registered', movedById: null });
    volunteers.push(volunteer);
  }
  const team = async (name: string, kind: TeamKind, region: Region, specialty: string, leader: Volunteer, members: Volunteer[]) => {
    const saved = await tx.save(tx.create(Team, { name, kind, regionId: region.id, parentId: null, organisationId: null, description: null, leaderId: leader.id, liaisonId: null, active: true, createdById: null }));
    await tx.insert(TeamSpecialty, { teamId: saved.id, categoryId: (await tx.findOneByOrFail(ServiceCategory, { code: specialty })).id });
    const now = new Date();
    for (const m of members) await tx.insert(TeamMember, { teamId: saved.id, volunteerId: m.id, status: MembershipStatus.ACTIVE, note: null, requestedAt: now, decidedAt: now, decidedById: null, leftAt: null });
  };
  await team('安康社区助老服务队', TeamKind.COMMUNITY_TEAM, community, 'ELDER_CARE', volunteers[0], [volunteers[0], volunteers[1]]);
  await team('香坊区应急救援队', TeamKind.EMERGENCY_TEAM, district, 'EMERGENCY', volunteers[2], [volunteers[2], volunteers[4], volunteers[0]]);
  return volunteers.length;
}
