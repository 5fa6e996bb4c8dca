import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { toGlobalId } from '../../core/relay';
import type { Context } from '../../server/context';
import { Role } from '../account/role';
import { ServiceCategory } from '../category/category.entity';
import { Skill } from './skill.entity';
import { SkillCreateInput } from './skill.inputs';
import { SkillPayload } from './skill.payloads';

@Resolver(() => Skill)
export class SkillResolver {
  @Authorized()
  @Query(() => [Skill], { description: 'The skill taxonomy, by code; optionally one category\'s skills.' })
  skills(@Arg('categoryId', () => ID, { nullable: true, description: 'Only the skills of this service category.' }) categoryId: string | null, @Ctx() ctx: Context) {
    return ctx.services.skill.list(ctx, categoryId);
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => SkillPayload, { description: 'Add a skill to the taxonomy (platform admins).' })
  async skillCreate(@Arg('input', { description: 'The new skill.' }) input: SkillCreateInput, @Ctx() ctx: Context): Promise<SkillPayload> {
    return { skill: await ctx.services.skill.create(ctx, input), userErrors: [] };
  }

  @FieldResolver(() => ID, { description: 'Globally unique id.' })
  id(@Root() skill: Skill): string {
    return toGlobalId('Skill', skill.id);
  }

  @FieldResolver(() => ServiceCategory, { description: 'The service category it serves.' })
  category(@Root() skill: Skill, @Ctx() ctx: Context) {
    return ctx.loaders.category.byId.load(skill.categoryId);
  }
}
