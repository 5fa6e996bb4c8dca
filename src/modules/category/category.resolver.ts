import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { toGlobalId } from '../../core/relay';
import type { Context } from '../../server/context';
import { Role } from '../account/role';
import { ServiceCategory, ServiceLevel } from './category.entity';
import { ServiceCategoryCreateInput, ServiceCategoryUpdateInput } from './category.inputs';
import { ServiceCategoryPayload } from './category.payloads';

const payload = (serviceCategory: ServiceCategory): ServiceCategoryPayload => ({ serviceCategory, userErrors: [] });

@Resolver(() => ServiceCategory)
export class CategoryResolver {
  @Authorized()
  @Query(() => [ServiceCategory], { description: 'The service categories, by code; inactive ones only when asked.' })
  serviceCategories(
    @Arg('includeInactive', { defaultValue: false, description: 'Also list categories closed to new demands.' }) includeInactive: boolean,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.category.list(ctx, includeInactive);
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => ServiceCategoryPayload, { description: 'Add a service category (platform admins).' })
  async serviceCategoryCreate(@Arg('input', { description: 'The new category.' }) input: ServiceCategoryCreateInput, @Ctx() ctx: Context) {
    return payload(await ctx.services.category.create(ctx, input));
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => ServiceCategoryPayload, { description: 'Rename a category, change its service levels or close it to new demands (platform admins).' })
  async serviceCategoryUpdate(@Arg('input', { description: 'What to change.' }) input: ServiceCategoryUpdateInput, @Ctx() ctx: Context) {
    return payload(await ctx.services.category.update(ctx, input));
  }

  @FieldResolver(() => ID, { description: 'Globally unique id.' })
  id(@Root() category: ServiceCategory): string {
    return toGlobalId('ServiceCategory', category.id);
  }

  @FieldResolver(() => [ServiceLevel], { description: 'Deadlines per urgency.' })
  serviceLevels(@Root() category: ServiceCategory, @Ctx() ctx: Context) {
    return ctx.services.category.levels(ctx, category);
  }
}
