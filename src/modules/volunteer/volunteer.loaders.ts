import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { byIdLoader } from '../../core/loaders';
import { Skill } from '../skill/skill.entity';
import { Team, TeamMember } from '../team/team.entity';
import { MembershipStatus } from '../team/team.enums';
import { Volunteer, VolunteerAvailability, VolunteerCertificate, VolunteerMove, VolunteerSkill } from './volunteer.entity';

/** Rows of `entity` for many parents in one `IN (...)` query, grouped by `column`, in id order. */
function childrenLoader<T extends { id?: number }>(db: DataSource, entity: new () => T, column: keyof T & string, order: Record<string, 'ASC' | 'DESC'> = { id: 'ASC' }) {
  return new DataLoader<number, T[]>(async (parentIds) => {
    const rows = await db.getRepository(entity).find({ where: { [column]: In([...parentIds]) } as never, order: order as never });
    const groups = new Map<number, T[]>(parentIds.map((id) => [id, []]));
    for (const row of rows) groups.get(row[column] as unknown as number)?.push(row);
    return parentIds.map((id) => groups.get(id) ?? []);
  });
}

export function createVolunteerLoaders(db: DataSource) {
  const byId = byIdLoader(db, Volunteer);
  const byAccountId = new DataLoader<number, Volunteer | null>(async (accountIds) => {
    const rows = await db.getRepository(Volunteer).findBy({ accountId: In([...accountIds]) });
    for (const row of rows) byId.prime(row.id, row);
    const map = new Map(rows.map((r) => [r.accountId, r]));
    return accountIds.map((id) => map.get(id) ?? null);
  });
  const skills = new DataLoader<number, Skill[]>(async (volunteerIds) => {
    const rows = await db
      .getRepository(Skill)
      .createQueryBuilder('s')
      .innerJoin(VolunteerSkill, 'vs', 'vs.skillId = s.id')
      .addSelect('vs.volunteerId', 'volunteerId')
      .where('vs.volunteerId IN (:...ids)', { ids: [...volunteerIds] })
      .orderBy('s.code', 'ASC')
      .getRawAndEntities<{ volunteerId: number }>();
    const groups = new Map<number, Skill[]>(volunteerIds.map((id) => [id, []]));
    rows.entities.forEach((skill, i) => groups.get(Number(rows.raw[i].volunteerId))?.push(skill));
    return volunteerIds.map((id) => groups.get(id) ?? []);
  });
  const certificates = childrenLoader(db, VolunteerCertificate, 'volunteerId');
  const availability = childrenLoader(db, VolunteerAvailability, 'volunteerId', { weekday: 'ASC', startMinute: 'ASC' });
  const moves = childrenLoader(db, VolunteerMove, 'volunteerId');
  const memberships = childrenLoader(db, TeamMember, 'volunteerId');

  /**
   * For the viewer's own volunteer id: the volunteers in teams they lead or liaise (any membership
   * status), the leaders and liaisons of teams they are an active member of, and their active
   * teammates. One query each, cached for the request; volunteer.access.ts turns them into access.
   */
  const teamRelations = new DataLoader<number, { led: Set<number>; leaders: Set<number>; teammates: Set<number> }>(async (viewerVolunteerIds) =>
    Promise.all(
      viewerVolunteerIds.map(async (me) => {
        const led = await db
          .getRepository(TeamMember)
          .createQueryBuilder('m')
          .select('m.volunteerId', 'id')
          .innerJoin(Team, 't', 't.id = m.teamId')
          .where('t.leaderId = :me OR t.liaisonId = :me', { me })
          .getRawMany<{ id: number }>();
        const leaders = await db
          .getRepository(Team)
          .createQueryBuilder('t')
          .select(['t.leaderId AS leaderId', 't.liaisonId AS liaisonId'])
          .innerJoin(TeamMember, 'm', 'm.teamId = t.id AND m.volunteerId = :me AND m.status = :active', { me, active: MembershipStatus.ACTIVE })
          .getRawMany<{ leaderId: number | null; liaisonId: number | null }>();
        const teammates = await db
          .getRepository(TeamMember)
          .createQueryBuilder('m')
          .select('m.volunteerId', 'id')
          .innerJoin(TeamMember, 'mine', 'mine.teamId = m.teamId AND mine.volunteerId = :me AND mine.status = :active', { me, active: MembershipStatus.ACTIVE })
          .where('m.status = :active', { active: MembershipStatus.ACTIVE })
          .getRawMany<{ id: number }>();
        return {
          teammates: new Set(teammates.map((r) => Number(r.id))),
          led: new Set(led.map((r) => Number(r.id))),
          leaders: new Set(leaders.flatMap((r) => [r.leaderId, r.liaisonId]).filter((x): x is number => x !== null).map(Number)),
        };
      }),
    ),
  );

  return { byId, byAccountId, skills, certificates, availability, moves, memberships, teamRelations };
}

export type VolunteerLoaders = ReturnType<typeof createVolunteerLoaders>;
