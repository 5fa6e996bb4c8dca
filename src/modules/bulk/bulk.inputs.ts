import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { PageArgs } from '../../core/relay';
import { BulkKind, SheetFormat } from './bulk.enums';

@InputType({ description: 'Import an uploaded spreadsheet (POST it to /imports first).' })
export class ImportJobStartInput {
  @Field(() => ID, { description: 'The `uploadId` the upload answered with; uploads are yours alone.' })
  uploadId: string;

  @Field(() => BulkKind, { description: 'What the file holds.' })
  kind: BulkKind;
}

@ArgsType()
export class ImportJobsArgs extends PageArgs {
  @Field(() => BulkKind, { nullable: true, description: 'Only jobs of this kind.' })
  kind?: BulkKind | null;
}

@InputType({ description: 'A spreadsheet of regions, volunteers or teams in the columns an import reads, so that it re-imports.' })
export class BulkExportLinkCreateInput {
  @Field(() => BulkKind, { description: 'What to export.' })
  kind: BulkKind;

  @Field(() => ID, { nullable: true, description: 'The region whose subtree to export (inside your scope). Omitted: everything for a platform admin, your scope for anyone else.' })
  regionId?: string | null;

  @Field(() => SheetFormat, { nullable: true, description: 'CSV (default) or XLSX.' })
  format?: SheetFormat | null;
}
