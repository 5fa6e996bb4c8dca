import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { viewerOf } from '../../server/auth';
import type { Context } from '../../server/context';
import { BulkExportLinkCreateInput } from '../bulk/bulk.inputs';
import { ExportLinkCreateInput, ExportLinkPayload } from './export.inputs';
import { EXPORTERS } from './export.service';

@Resolver()
export class ExportResolver {
  @Authorized(...EXPORTERS)
  @Mutation(() => ExportLinkPayload, {
    description: 'A link to download demands, service records or volunteers of a region and period as CSV or XLSX. Personal data is shown as your role may see it; analysts get no personal columns at all.',
  })
  async exportLinkCreate(@Arg('input', { description: 'What to export.' }) input: ExportLinkCreateInput, @Ctx() ctx: Context): Promise<ExportLinkPayload> {
    return { link: await ctx.services.exports.createLink(ctx, viewerOf(ctx), input), userErrors: [] };
  }

  @Authorized(...EXPORTERS)
  @Mutation(() => ExportLinkPayload, {
    description:
      'A link to download regions, volunteers or teams in the columns a bulk import reads (CSV or XLSX). A platform admin\'s export re-imports to the same data: it carries ID numbers as hashes under this installation\'s key, and usernames. Others get the personal columns their role may see, without those.',
  })
  async bulkExportLinkCreate(@Arg('input', { description: 'What to export.' }) input: BulkExportLinkCreateInput, @Ctx() ctx: Context): Promise<ExportLinkPayload> {
    return { link: await ctx.services.exports.createBulkLink(ctx, viewerOf(ctx), input), userErrors: [] };
  }
}
