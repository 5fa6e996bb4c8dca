import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import { Node, fromGlobalId, nodeSources } from '../../core/relay';
import type { Context } from '../../server/context';

@Resolver()
export class NodeResolver {
  @Authorized()
  @Query(() => Node, { nullable: true, description: 'Any object by its global id; null when the id is unknown or malformed.' })
  async node(@Arg('id', () => ID, { description: 'A global id from any `id` field.' }) id: string, @Ctx() ctx: Context) {
    const allTypes = nodeSources.flatMap((s) => s.types);
    const decoded = fromGlobalId(id, allTypes);
    if (!decoded) return null;
    const source = nodeSources.find((s) => s.types.includes(decoded.type))!;
    const value = await source.load(ctx, decoded.type, decoded.id);
    return value && source.typeOf(value) === decoded.type ? value : null;
  }
}
