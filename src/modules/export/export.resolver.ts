import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { viewerOf } from '../../server/auth';
import type { Context } from '../../server/context';
import { ExportLinkCreateInput, ExportLinkPayload } from './export.inputs';
import { EXPORTERS } from './export.service';

@Resolver()
export class ExportResolver {
  @Authorized(...EXPORTERS)
  @Mutation(() => ExportLinkPayload, {
    description: 'A link to download demands, service records or volunteers of a region and period as CSV. Personal data is shown as your role may see it; analysts get no personal columns at all.',
  })
  async exportLinkCreate(@Arg('input', { description: 'What to export.' }) input: ExportLinkCreateInput, @Ctx() ctx: Context): Promise<ExportLinkPayload> {
    return { link: await ctx.services.exports.createLink(ctx, viewerOf(ctx), input), userErrors: [] };
  }
}
