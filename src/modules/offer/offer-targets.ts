import type { EntityManager } from 'typeorm';
import { current } from '../../core/database';
import type { Config } from '../../config';
import { ErrorCode, fail } from '../../core/errors';
import type { Demand } from '../demand/demand.entity';
import type { DemandDispatchInput } from '../demand/demand.inputs';
import type { TeamService } from '../team/team.service';
import { VolunteerStatus } from '../volunteer/volunteer.enums';
import type { VolunteerService } from '../volunteer/volunteer.service';
import type { MatchingService } from './matching.service';
import { DemandOffer } from './offer.entity';
import { OfferStatus } from './offer.enums';
import type { OfferTarget } from './offer.store';

export interface TargetRequest {
  volunteerIds?: string[] | null;
  teamId?: string | null;
  /** How many of the best candidates to add. */
  candidates?: number | null;
}

/**
 * Who a dispatch (or a later round) offers a demand to: named volunteers, a team's serving
 * members, or the best candidates. Never anyone who declined this demand, and never twice at once.
 */
export class OfferTargets {
  constructor(
    private readonly volunteers: VolunteerService,
    private readonly teams: TeamService,
    private readonly matching: MatchingService,
    private readonly config: Config,
  ) {}

  async forDispatch(tx: EntityManager, demand: Demand, input: DemandDispatchInput): Promise<{ targets: OfferTarget[]; teamId: number | null }> {
    const auto = input.autoDispatch && !input.volunteerIds?.length && !input.teamId;
    const chosen = await this.resolve(tx, demand, { volunteerIds: input.volunteerIds, teamId: input.teamId, candidates: auto ? this.config.offer.autoDispatchBatch : 0 });
    if (!chosen.targets.length && !input.openRecruitment) {
      if (auto) fail(ErrorCode.INVALID, ['input', 'autoDispatch'], 'no registered volunteer can take it now; add open recruitment or name a team');
      fail(ErrorCode.INVALID, ['input'], 'dispatch to volunteers, a team, open recruitment or auto-dispatch');
    }
    return chosen;
  }

  async resolve(tx: EntityManager, demand: Demand, request: TargetRequest): Promise<{ targets: OfferTarget[]; teamId: number | null }> {
    const offers = await current(tx.getRepository(DemandOffer).createQueryBuilder('o').where('o.demandId = :d', { d: demand.id })).getMany();
    const declined = new Set(offers.filter((o) => o.status === OfferStatus.DECLINED).map((o) => o.volunteerId));
    const pending = new Set(offers.filter((o) => o.status === OfferStatus.PENDING).map((o) => o.volunteerId));
    const targets = new Map<number, OfferTarget>();
    for (const [i, globalId] of (request.volunteerIds ?? []).entries()) {
      const field = ['input', 'volunteerIds', String(i)];
      const volunteer = await this.volunteers.requireById(tx, field, globalId);
      if (volunteer.status !== VolunteerStatus.ACTIVE) fail(ErrorCode.INVALID, field, `the volunteer is ${volunteer.status}`);
      if (declined.has(volunteer.id)) fail(ErrorCode.INVALID, field, 'the volunteer declined this demand');
      if (pending.has(volunteer.id)) fail(ErrorCode.CONFLICT, field, 'the volunteer already holds a pending offer of this demand');
      targets.set(volunteer.id, { volunteerId: volunteer.id, accountId: volunteer.accountId, teamId: null });
    }
    let teamId: number | null = null;
    if (request.teamId) {
      const team = await this.teams.requireTeam(tx, ['input', 'teamId'], request.teamId);
      if (!team.active) fail(ErrorCode.INVALID, ['input', 'teamId'], 'the team is dissolved');
      const members = (await this.teams.servingMembers(tx, [team.id])).filter((m) => !declined.has(m.id) && !pending.has(m.id) && !targets.has(m.id));
      if (!members.length && !targets.size) fail(ErrorCode.INVALID, ['input', 'teamId'], 'no active member of the team can be offered it');
      for (const m of members) targets.set(m.id, { volunteerId: m.id, accountId: m.accountId, teamId: team.id });
      teamId = team.id;
    }
    if (request.candidates) {
      for (const c of await this.matching.next(tx, demand, request.candidates)) {
        if (!targets.has(c.volunteerId!)) targets.set(c.volunteerId!, { volunteerId: c.volunteerId!, accountId: c.accountId!, teamId: null });
      }
    }
    return { targets: [...targets.values()], teamId };
  }
}
