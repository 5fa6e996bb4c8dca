import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { byIdLoader, childCountLoader, childPageLoader } from '../../core/loaders';
import { Activity, ActivitySignup, Project, ProjectSkill } from './project.entity';
import { SignupStatus } from './project.enums';

/** Per request: a nested listing of projects and activities costs a statement per level, not per row. */
export function createProjectLoaders(db: DataSource) {
  // "now" of this request: the default window of `activities` is the same for every project in it.
  const now = new Date();
  const pages = new Map<string, ReturnType<typeof childPageLoader<Activity>>>();
  const counts = new Map<string, ReturnType<typeof childCountLoader<Activity>>>();
  const windowFilter = (from: Date, to: Date | null) => ({
    sql: to ? 'startsAt >= :windowFrom AND startsAt < :windowTo' : 'startsAt >= :windowFrom',
    params: to ? { windowFrom: from, windowTo: to } : { windowFrom: from },
  });
  return {
    now,
    projectById: byIdLoader(db, Project),
    activityById: byIdLoader(db, Activity),
    skillIds: new DataLoader<number, number[]>(async (projectIds) => {
      const rows = await db.getRepository(ProjectSkill).findBy({ projectId: In([...projectIds]) });
      return projectIds.map((id) => rows.filter((r) => r.projectId === id).map((r) => r.skillId));
    }),
    /** A project's activities in [from, to), one loader per window. */
    activityPage(from: Date, to: Date | null) {
      const key = `${from.toISOString()}/${to?.toISOString() ?? ''}`;
      let loader = pages.get(key);
      if (!loader) pages.set(key, (loader = childPageLoader(db, Activity, 'activity', 'projectId', windowFilter(from, to))));
      return loader;
    },
    activityCount(from: Date, to: Date | null) {
      const key = `${from.toISOString()}/${to?.toISOString() ?? ''}`;
      let loader = counts.get(key);
      if (!loader) counts.set(key, (loader = childCountLoader(db, Activity, 'projectId', windowFilter(from, to))));
      return loader;
    },
    waitlistCount: childCountLoader(db, ActivitySignup, 'activityId', { sql: 'status = :waitlisted', params: { waitlisted: SignupStatus.WAITLISTED } }),
    /** The viewer's own sign-ups, by activity, for one volunteer id per request. */
    signupsOf: new DataLoader<number, ActivitySignup[]>(async (volunteerIds) => {
      const rows = await db.getRepository(ActivitySignup).findBy({ volunteerId: In([...volunteerIds]) });
      return volunteerIds.map((id) => rows.filter((r) => r.volunteerId === id));
    }),
  };
}

export type ProjectLoaders = ReturnType<typeof createProjectLoaders>;
