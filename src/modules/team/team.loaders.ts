import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { byIdLoader, childCountLoader, childPageLoader } from '../../core/loaders';
import { Team, TeamMember, TeamSpecialty } from './team.entity';
import { MembershipStatus } from './team.enums';

export function createTeamLoaders(db: DataSource) {
  const specialties = new DataLoader<number, number[]>(async (teamIds) => {
    const rows = await db.getRepository(TeamSpecialty).findBy({ teamId: In([...teamIds]) });
    return teamIds.map((id) => rows.filter((r) => r.teamId === id).map((r) => r.categoryId));
  });
  const active = { sql: 'status = :activeStatus', params: { activeStatus: MembershipStatus.ACTIVE } };
  // One roster loader per distinct status filter, created on first use.
  const rosters = new Map<string, ReturnType<typeof childPageLoader<TeamMember>>>();
  const rosterPage = (statuses: MembershipStatus[]) => {
    const key = [...statuses].sort().join(',');
    let loader = rosters.get(key);
    if (!loader) {
      loader = childPageLoader(db, TeamMember, 'team_member', 'teamId', { sql: 'status IN (:...rosterStatuses)', params: { rosterStatuses: statuses } });
      rosters.set(key, loader);
    }
    return loader;
  };
  const rosterCounts = new Map<string, DataLoader<number, number>>();
  const rosterCount = (statuses: MembershipStatus[]) => {
    const key = [...statuses].sort().join(',');
    let loader = rosterCounts.get(key);
    if (!loader) {
      loader = childCountLoader(db, TeamMember, 'teamId', { sql: 'status IN (:...rosterStatuses)', params: { rosterStatuses: statuses } });
      rosterCounts.set(key, loader);
    }
    return loader;
  };
  return {
    byId: byIdLoader(db, Team),
    membershipById: byIdLoader(db, TeamMember),
    specialties,
    memberCount: childCountLoader(db, TeamMember, 'teamId', active),
    children: new DataLoader<number, Team[]>(async (parentIds) => {
      const rows = await db.getRepository(Team).find({ where: { parentId: In([...parentIds]) }, order: { id: 'ASC' } });
      return parentIds.map((id) => rows.filter((t) => t.parentId === id));
    }),
    rosterPage,
    rosterCount,
  };
}

export type TeamLoaders = ReturnType<typeof createTeamLoaders>;
