import { In, type EntityManager } from 'typeorm';
import { toGlobalId } from '../../core/relay';
import { ruleViolations } from '../../core/validation';
import type { Viewer } from '../../server/context';
import { LEVELS, Region, RegionLevel, levelDepth } from '../region/region.entity';
import { RegionCreateInput } from '../region/region.inputs';
import type { RegionService } from '../region/region.service';
import { REGION_TYPE_NAMES } from '../region/region.types';
import { ImportErrorCode } from './bulk.enums';
import { enumValue, integerValue } from './bulk.values';
import type { CandidateRow, Checked, Importer, RowOutcome } from './importer';
import { inSavepoint } from './importer';
import { columnsByField, problem, problemsOf, writeFailure, type RowProblem } from './import.problems';
import { UserInputError } from '../../core/errors';
import type { SheetCell } from './sheet.reader';

interface RegionCandidate {
  code: string;
  parentCode: string | null;
  level: RegionLevel | null;
  name: string;
  population: number | null;
}

const LEVEL_ALIASES: Record<string, RegionLevel> = { 区: RegionLevel.DISTRICT, 县: RegionLevel.DISTRICT, 区县: RegionLevel.DISTRICT, 街道: RegionLevel.STREET, 乡镇: RegionLevel.STREET, 镇: RegionLevel.STREET, 社区: RegionLevel.COMMUNITY, 村: RegionLevel.COMMUNITY, 网格: RegionLevel.GRID };

const COLUMN_OF = columnsByField({ code: 'code', parentId: 'parent_code', level: 'level', name: 'name', population: 'population' });

/**
 * Regions by code and parent code, top down: a parent must exist already or come earlier in the
 * file. The level may be left out (one below the parent; a district without one). Each row goes
 * through `RegionService.createIn`, the same rules as `regionCreate` (levels, unique codes,
 * materialized paths); a city has a few thousand regions, so one statement or two per row is fine.
 */
export class RegionImporter implements Importer<RegionCandidate> {
  readonly batchesAtOnce = 1;

  constructor(
    private readonly regions: RegionService,
    private readonly viewer: Viewer | null,
  ) {}

  async prepare(): Promise<void> {}

  check(cell: (column: string) => SheetCell): Checked<RegionCandidate> {
    const problems: RowProblem[] = [];
    const code = cell('code').text;
    const name = cell('name').text;
    const parentCode = cell('parent_code').text || null;
    const level = enumValue(cell('level').text, LEVELS, LEVEL_ALIASES);
    if (level === undefined) problems.push(problem('level', ImportErrorCode.INVALID, `level must be one of ${LEVELS.join(', ')}`));
    const population = integerValue(cell('population').text);
    if (population === undefined) problems.push(problem('population', ImportErrorCode.INVALID, 'population must be a whole number'));
    // The input's own rules: code pattern, name length, population range.
    const input = Object.assign(new RegionCreateInput(), { code, name, population: population ?? undefined });
    for (const v of ruleViolations(input)) problems.push(problem(COLUMN_OF(v.path), ImportErrorCode.INVALID, v.message));
    if (parentCode !== null && parentCode === code) problems.push(problem('parent_code', ImportErrorCode.INVALID, 'a region cannot be its own parent'));
    const keys = code ? [{ space: 'code', column: 'code', value: code, label: 'code' }] : [];
    return { candidate: problems.length ? null : { code, parentCode, level: level ?? null, name, population: population ?? null }, keys, problems };
  }

  async write(tx: EntityManager, rows: CandidateRow<RegionCandidate>[]): Promise<RowOutcome[]> {
    const present = new Set((await tx.getRepository(Region).find({ select: { code: true }, where: { code: In(rows.map((r) => r.candidate.code)) } })).map((r) => r.code));
    const outcomes: RowOutcome[] = [];
    // One by one, in file order: a parent created in this batch is there for its children.
    for (const { candidate } of rows) {
      if (present.has(candidate.code)) {
        outcomes.push({ result: 'skipped' });
        continue;
      }
      const parent = candidate.parentCode ? await tx.getRepository(Region).findOneBy({ code: candidate.parentCode }) : null;
      if (candidate.parentCode && !parent) {
        outcomes.push({ result: 'failed', problems: [problem('parent_code', ImportErrorCode.NOT_FOUND, `no region has the code ${candidate.parentCode}; a parent must exist or come earlier in the file`)] });
        continue;
      }
      const level = candidate.level ?? (parent ? LEVELS[levelDepth(parent.level) + 1] : RegionLevel.DISTRICT);
      if (!level) {
        outcomes.push({ result: 'failed', problems: [problem('parent_code', ImportErrorCode.INVALID, `a ${parent!.level} is the lowest level and cannot have children`)] });
        continue;
      }
      const input = Object.assign(new RegionCreateInput(), {
        code: candidate.code,
        name: candidate.name,
        level,
        population: candidate.population,
        parentId: parent ? toGlobalId(REGION_TYPE_NAMES[parent.level], parent.id) : null,
      });
      const done = await inSavepoint(tx, () => this.regions.createIn(tx, this.viewer, input));
      if (done.ok) {
        present.add(candidate.code);
        outcomes.push({ result: 'imported' });
      } else {
        outcomes.push({ result: 'failed', problems: done.error instanceof UserInputError ? problemsOf(done.error, COLUMN_OF) : [writeFailure(done.error)] });
      }
    }
    return outcomes;
  }
}
