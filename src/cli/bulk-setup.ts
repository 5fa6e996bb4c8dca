import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { BulkKind } from '../modules/bulk/bulk.enums';
import { ImportService } from '../modules/bulk/import.service';
import { UploadStore } from '../modules/bulk/upload.store';
import { CategoryService } from '../modules/category/category.service';
import { OrganisationService } from '../modules/organisation/organisation.service';
import { RegionService } from '../modules/region/region.service';
import { SkillService } from '../modules/skill/skill.service';
import { TeamService } from '../modules/team/team.service';
import type { IdHasher } from '../modules/volunteer/id-number';
import { VolunteerService } from '../modules/volunteer/volunteer.service';

/** The services a command-line import needs, without a server (no event bus, feeds or sweeper). */
export function commandLineImports(db: DataSource, config: Config, hasher: IdHasher): ImportService {
  const region = new RegionService();
  const organisation = new OrganisationService(region);
  const category = new CategoryService();
  const volunteer = new VolunteerService(region, new SkillService(category), organisation, hasher, config);
  const team = new TeamService(region, category, organisation, volunteer);
  return new ImportService(db, config, region, team, hasher, new UploadStore(db, config.imports.uploadMaxBytes));
}

/** Kinds as the command line names them. */
export const KIND_NAMES: Record<string, BulkKind> = { regions: BulkKind.REGIONS, volunteers: BulkKind.VOLUNTEERS, teams: BulkKind.TEAMS };

/** A mistake on the command line: the message and the usage are printed, exit 64. */
export class UsageError extends Error {}

/** `<kind> <file>` pairs, in order (regions before the volunteers who live in them). */
export function kindFilePairs(args: string[]): { kind: BulkKind; file: string }[] {
  if (args.length === 0 || args.length % 2 !== 0) throw new UsageError('give one or more pairs of a kind and a file');
  const pairs: { kind: BulkKind; file: string }[] = [];
  for (let i = 0; i < args.length; i += 2) {
    const kind = KIND_NAMES[args[i].toLowerCase()];
    if (!kind) throw new UsageError(`unknown kind "${args[i]}": one of ${Object.keys(KIND_NAMES).join(', ')}`);
    pairs.push({ kind, file: args[i + 1] });
  }
  return pairs;
}
