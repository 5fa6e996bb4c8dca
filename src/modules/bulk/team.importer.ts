import type { EntityManager } from 'typeorm';
import { UserInputError } from '../../core/errors';
import { toGlobalId } from '../../core/relay';
import { ruleViolations } from '../../core/validation';
import type { Viewer } from '../../server/context';
import { Region } from '../region/region.entity';
import { REGION_TYPE_NAMES } from '../region/region.types';
import { Team } from '../team/team.entity';
import { TeamKind } from '../team/team.enums';
import { TeamCreateInput } from '../team/team.inputs';
import type { TeamService } from '../team/team.service';
import type { IdHasher } from '../volunteer/id-number';
import { Volunteer } from '../volunteer/volunteer.entity';
import { ImportErrorCode } from './bulk.enums';
import { booleanValue, enumValue, listValue } from './bulk.values';
import { idReference } from './id-cells';
import { inSavepoint, type CandidateRow, type Checked, type Importer, type RowOutcome } from './importer';
import { columnsByField, problem, problemsOf, writeFailure, type RowProblem } from './import.problems';
import type { SheetCell } from './sheet.reader';

interface TeamCandidate {
  name: string;
  kind: TeamKind;
  regionCode: string;
  parent: { regionCode: string; name: string } | null;
  organisation: string | null;
  description: string | null;
  categoryIds: number[];
  /** ID hashes of the leader and the liaison. */
  leader: string | null;
  liaison: string | null;
  active: boolean;
}

const KINDS = Object.values(TeamKind);
const KIND_ALIASES: Record<string, TeamKind> = {
  支队: TeamKind.DISTRICT_DETACHMENT,
  大队: TeamKind.STREET_SQUAD,
  小队: TeamKind.COMMUNITY_TEAM,
  专业队: TeamKind.PROFESSIONAL_TEAM,
  专业服务队: TeamKind.PROFESSIONAL_TEAM,
  应急队: TeamKind.EMERGENCY_TEAM,
  应急救援队: TeamKind.EMERGENCY_TEAM,
};

const COLUMN_OF = columnsByField({
  name: 'name',
  kind: 'kind',
  regionId: 'region_code',
  parentId: 'parent_name',
  organisationId: 'organisation',
  description: 'description',
  specialtyIds: 'specialties',
  leaderId: 'leader_id_number',
  liaisonId: 'liaison_id_number',
});

/**
 * Teams, one per home region and name (their natural key, unique in the database too). Parents
 * (by region code and name) must exist or come earlier in the file; leader and liaison are
 * registered volunteers named by ID number or an exported hash, and become members as with
 * `teamCreate`. Each row goes through `TeamService.createIn`, the same rules as the API.
 */
export class TeamImporter implements Importer<TeamCandidate> {
  readonly batchesAtOnce = 1;
  private categories = new Map<string, number>();

  constructor(
    private readonly teams: TeamService,
    private readonly hasher: IdHasher,
    private readonly viewer: Viewer | null,
  ) {}

  async prepare(tx: EntityManager): Promise<void> {
    const rows = (await tx.query('SELECT id, code, name FROM service_category')) as { id: unknown; code: string; name: string }[];
    this.categories = new Map(rows.flatMap((c) => [[c.code.toUpperCase(), Number(c.id)], [c.name, Number(c.id)]] as [string, number][]));
  }

  check(cell: (column: string) => SheetCell): Checked<TeamCandidate> {
    const problems: RowProblem[] = [];
    const name = cell('name').text;
    const regionCode = cell('region_code').text;
    const kind = enumValue(cell('kind').text, KINDS, KIND_ALIASES);
    if (kind === undefined) problems.push(problem('kind', ImportErrorCode.INVALID, `kind must be one of ${KINDS.join(', ')}`));
    const specialties = listValue(cell('specialties').text);
    const categoryIds = specialties.map((s) => this.categories.get(s.toUpperCase()) ?? this.categories.get(s));
    const unknown = specialties.filter((_, i) => categoryIds[i] === undefined);
    if (unknown.length) problems.push(problem('specialties', ImportErrorCode.NOT_FOUND, `no service category with the code or name ${unknown.join(', ')}`));
    const parentRegion = cell('parent_region_code').text;
    const parentName = cell('parent_name').text;
    if (Boolean(parentRegion) !== Boolean(parentName)) problems.push(problem('parent_name', ImportErrorCode.INVALID, 'name the parent team by both parent_region_code and parent_name'));
    const active = booleanValue(cell('active').text);
    if (active === undefined) problems.push(problem('active', ImportErrorCode.INVALID, 'active must be 1 or 0 (是/否)'));
    const description = cell('description').text || undefined;
    // The team input's own rules: name and description length, at most 18 specialties.
    for (const v of ruleViolations(Object.assign(new TeamCreateInput(), { name, description, specialtyIds: specialties }))) problems.push(problem(COLUMN_OF(v.path), ImportErrorCode.INVALID, v.message));
    const leader = idReference(this.hasher, { type: cell('leader_id_type'), number: cell('leader_id_number'), hash: cell('leader_id_number_hash') }, { type: 'leader_id_type', number: 'leader_id_number', hash: 'leader_id_number_hash' }, problems);
    const liaison = idReference(this.hasher, { type: cell('liaison_id_type'), number: cell('liaison_id_number'), hash: cell('liaison_id_number_hash') }, { type: 'liaison_id_type', number: 'liaison_id_number', hash: 'liaison_id_number_hash' }, problems);
    const keys = name && regionCode ? [{ space: 'team', column: 'name', value: `${regionCode}\u0000${name}`, label: 'team (region_code and name)' }] : [];
    if (problems.length || !kind) return { candidate: null, keys, problems };
    return {
      candidate: {
        name,
        kind,
        regionCode,
        parent: parentRegion ? { regionCode: parentRegion, name: parentName } : null,
        organisation: cell('organisation').text || null,
        description: description ?? null,
        categoryIds: [...new Set(categoryIds as number[])],
        leader,
        liaison,
        active: active ?? true,
      },
      keys,
      problems,
    };
  }

  async write(tx: EntityManager, rows: CandidateRow<TeamCandidate>[]): Promise<RowOutcome[]> {
    const outcomes: RowOutcome[] = [];
    // One by one, in file order: a parent team created in this batch is there for its sub-teams.
    for (const { candidate: c } of rows) {
      const problems: RowProblem[] = [];
      const region = await tx.getRepository(Region).findOneBy({ code: c.regionCode });
      if (!region) problems.push(problem('region_code', ImportErrorCode.NOT_FOUND, `no region has the code ${c.regionCode}`));
      else if (await tx.getRepository(Team).existsBy({ regionId: region.id, name: c.name })) {
        outcomes.push({ result: 'skipped' });
        continue;
      }
      const parent = c.parent ? await this.team(tx, c.parent.regionCode, c.parent.name) : null;
      if (c.parent && !parent) problems.push(problem('parent_name', ImportErrorCode.NOT_FOUND, `no team ${c.parent.name} in ${c.parent.regionCode}; a parent team must exist or come earlier in the file`));
      const organisation = c.organisation ? await tx.query('SELECT id FROM organisation WHERE name = ?', [c.organisation]) : [];
      if (c.organisation && !organisation.length) problems.push(problem('organisation', ImportErrorCode.NOT_FOUND, `no organisation is named ${c.organisation}`));
      const leader = c.leader ? await tx.getRepository(Volunteer).findOneBy({ idHash: c.leader }) : null;
      if (c.leader && !leader) problems.push(problem('leader_id_number', ImportErrorCode.NOT_FOUND, 'no registered volunteer has the leader\'s ID number'));
      const liaison = c.liaison ? await tx.getRepository(Volunteer).findOneBy({ idHash: c.liaison }) : null;
      if (c.liaison && !liaison) problems.push(problem('liaison_id_number', ImportErrorCode.NOT_FOUND, 'no registered volunteer has the liaison\'s ID number'));
      if (problems.length || !region) {
        outcomes.push({ result: 'failed', problems });
        continue;
      }
      const input = Object.assign(new TeamCreateInput(), {
        name: c.name,
        kind: c.kind,
        regionId: toGlobalId(REGION_TYPE_NAMES[region.level], region.id),
        parentId: parent ? toGlobalId('Team', parent.id) : undefined,
        organisationId: organisation.length ? toGlobalId('Organisation', Number(organisation[0].id)) : undefined,
        description: c.description ?? undefined,
        specialtyIds: c.categoryIds.map((id) => toGlobalId('ServiceCategory', id)),
        leaderId: leader ? toGlobalId('Volunteer', leader.id) : undefined,
        liaisonId: liaison ? toGlobalId('Volunteer', liaison.id) : undefined,
      });
      const done = await inSavepoint(tx, async () => {
        const team = await this.teams.createIn(tx, this.viewer, input);
        if (!c.active) await tx.getRepository(Team).update({ id: team.id }, { active: false });
      });
      outcomes.push(done.ok ? { result: 'imported' } : { result: 'failed', problems: done.error instanceof UserInputError ? problemsOf(done.error, COLUMN_OF) : [writeFailure(done.error)] });
    }
    return outcomes;
  }

  private async team(tx: EntityManager, regionCode: string, name: string): Promise<Team | null> {
    return tx.getRepository(Team).createQueryBuilder('t').innerJoin(Region, 'r', 'r.id = t.regionId').where('r.code = :regionCode AND t.name = :name', { regionCode, name }).getOne();
  }
}
