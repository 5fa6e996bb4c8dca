import type { EntityManager } from 'typeorm';
import { Demand } from './demand.entity';
import { DemandEventType } from './demand.enums';

/** The demand column that keeps when it first had each kind of event (the analytics read these). */
export const MILESTONE_COLUMN: Partial<Record<DemandEventType, 'firstAcceptedAt' | 'firstAssignedAt' | 'firstCompletedAt' | 'firstEscalatedAt'>> = {
  [DemandEventType.ACCEPTED]: 'firstAcceptedAt',
  [DemandEventType.CLAIMED]: 'firstAssignedAt',
  [DemandEventType.COMPLETED]: 'firstCompletedAt',
  [DemandEventType.ESCALATED]: 'firstEscalatedAt',
};

/** Stamps the milestone of `type` on the demand unless an earlier event already did. */
export async function markMilestone(tx: EntityManager, demandId: number, type: DemandEventType, at: Date): Promise<void> {
  const column = MILESTONE_COLUMN[type];
  if (!column) return;
  await tx.createQueryBuilder().update(Demand).set({ [column]: at }).where(`id = :demandId AND ${column} IS NULL`, { demandId }).execute();
}
