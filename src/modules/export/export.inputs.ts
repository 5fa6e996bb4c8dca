import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { UserError } from '../../core/errors';
import { SheetFormat } from '../bulk/bulk.enums';
import { ExportKind } from './export.columns';

registerEnumType(ExportKind, {
  name: 'ExportKind',
  description: 'What a CSV export lists.',
  valuesConfig: {
    DEMANDS: { description: 'Demands placed in the region\'s grids during the period.' },
    SERVICE_RECORDS: { description: 'Service records of the region\'s volunteers for service that started in the period.' },
    VOLUNTEERS: { description: 'Volunteers living in the region who registered during the period.' },
  },
});

@InputType({ description: 'An export to download (CSV or XLSX).' })
export class ExportLinkCreateInput {
  @Field(() => ExportKind, { description: 'What to list.' })
  kind: ExportKind;

  @Field(() => ID, { description: 'The region (its whole subtree); inside your scope.' })
  regionId: string;

  @Field({ description: 'First day, YYYY-MM-DD (local).' })
  from: string;

  @Field({ description: 'Last day, included, YYYY-MM-DD (local).' })
  to: string;

  @Field(() => String, { nullable: true, description: 'IANA time zone for the days and the times in the file (default: TIME_ZONE).' })
  timeZone?: string | null;

  @Field(() => SheetFormat, { nullable: true, description: 'CSV (default) or XLSX.' })
  format?: SheetFormat | null;
}

@ObjectType({ description: 'A signed, short-lived download link.' })
export class ExportLink {
  @Field({ description: 'Path to GET on this server (no Authorization header needed): the file, streamed.' })
  url: string;

  @Field({ description: 'After this the link is refused (410).' })
  expiresAt: Date;

  @Field({ description: 'The file name the download will carry.' })
  filename: string;
}

@ObjectType({ description: 'The result of exportLinkCreate.' })
export class ExportLinkPayload {
  @Field(() => ExportLink, { nullable: true, description: 'The link; null when refused.' })
  link: ExportLink | null;

  @Field(() => [UserError], { description: 'What was wrong with the input.' })
  userErrors: UserError[];
}
