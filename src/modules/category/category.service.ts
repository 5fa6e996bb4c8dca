import type { EntityManager } from 'typeorm';
import { ErrorCode, fail } from '../../core/errors';
import { saveUnique } from '../../core/unique';
import { fromGlobalId } from '../../core/relay';
import { txOf, type Context } from '../../server/context';
import { Urgency } from '../demand/demand.enums';
import { ServiceCategory, ServiceLevel } from './category.entity';
import type { ServiceCategoryCreateInput, ServiceCategoryUpdateInput, ServiceLevelInput } from './category.inputs';

export class CategoryService {
  list(ctx: Context, includeInactive: boolean): Promise<ServiceCategory[]> {
    return ctx.db.getRepository(ServiceCategory).find({ where: includeInactive ? {} : { active: true }, order: { code: 'ASC' } });
  }

  levels(ctx: Context, category: ServiceCategory): Promise<ServiceLevel[]> {
    return ctx.loaders.category.levels.load(category.id);
  }

  /** Resolves a category id given in an input, or fails with the input field at fault. */
  async require(manager: EntityManager, field: string[], globalId: string): Promise<ServiceCategory> {
    const decoded = fromGlobalId(globalId, ['ServiceCategory']);
    if (!decoded) fail(ErrorCode.INVALID, field, 'not a service category id');
    const category = await manager.findOneBy(ServiceCategory, { id: decoded.id });
    if (!category) fail(ErrorCode.NOT_FOUND, field, 'no such service category');
    return category;
  }

  async level(manager: EntityManager, categoryId: number, urgency: Urgency): Promise<ServiceLevel> {
    return manager.findOneByOrFail(ServiceLevel, { categoryId, urgency });
  }

  async create(ctx: Context, input: ServiceCategoryCreateInput): Promise<ServiceCategory> {
    const tx = txOf(ctx);
    checkLevels(input.serviceLevels, true);
    const creditCentsPerHour = input.creditsPerHour != null ? creditCents(input.creditsPerHour) : 100;
    const category = await saveUnique(tx, ServiceCategory, tx.create(ServiceCategory, { code: input.code, name: input.name.trim(), nameEn: input.nameEn.trim(), active: true, creditCentsPerHour }), {
      where: { code: input.code },
      field: ['input', 'code'],
      message: `code "${input.code}" is already taken`,
    });
    await saveLevels(tx, category.id, input.serviceLevels);
    return category;
  }

  async update(ctx: Context, input: ServiceCategoryUpdateInput): Promise<ServiceCategory> {
    const tx = txOf(ctx);
    const category = await this.require(tx, ['input', 'id'], input.id);
    if (input.name != null) category.name = input.name.trim();
    if (input.nameEn != null) category.nameEn = input.nameEn.trim();
    if (input.active != null) category.active = input.active;
    if (input.creditsPerHour != null) category.creditCentsPerHour = creditCents(input.creditsPerHour);
    await tx.save(category);
    if (input.serviceLevels) {
      checkLevels(input.serviceLevels, false);
      await saveLevels(tx, category.id, input.serviceLevels);
    }
    return category;
  }
}

function creditCents(creditsPerHour: number): number {
  const cents = Math.round(creditsPerHour * 100);
  if (Math.abs(cents - creditsPerHour * 100) > 1e-6) fail(ErrorCode.INVALID, ['input', 'creditsPerHour'], 'credits per hour have at most two decimals');
  return cents;
}

function checkLevels(levels: ServiceLevelInput[], complete: boolean): void {
  const urgencies = levels.map((l) => l.urgency);
  if (new Set(urgencies).size !== urgencies.length) fail(ErrorCode.INVALID, ['input', 'serviceLevels'], 'each urgency may appear once');
  if (complete && urgencies.length !== Object.keys(Urgency).length) {
    fail(ErrorCode.INVALID, ['input', 'serviceLevels'], 'give one level for each urgency: ROUTINE, URGENT and EMERGENCY');
  }
  levels.forEach((l, i) => {
    if (l.completeWithinHours < l.acceptWithinHours) {
      fail(ErrorCode.INVALID, ['input', 'serviceLevels', String(i), 'completeWithinHours'], 'the hours to complete cannot be fewer than the hours to accept');
    }
  });
}

/** Saves each level; a handling deadline not given is a third of the (new) time to complete. */
async function saveLevels(tx: EntityManager, categoryId: number, levels: ServiceLevelInput[]): Promise<void> {
  for (const [i, l] of levels.entries()) {
    const completeMinutes = Math.max(1, Math.round(l.completeWithinHours * 60));
    const minutes = (hours: number | null | undefined) => (hours != null ? Math.max(1, Math.round(hours * 60)) : Math.max(1, Math.round(completeMinutes / 3)));
    const communityMinutes = minutes(l.communityHandlingHours);
    const streetMinutes = minutes(l.streetHandlingHours);
    if (communityMinutes + streetMinutes > completeMinutes) {
      fail(ErrorCode.INVALID, ['input', 'serviceLevels', String(i), 'streetHandlingHours'], 'the community and street handling deadlines together cannot exceed the hours to complete');
    }
    await tx.save(tx.create(ServiceLevel, { categoryId, urgency: l.urgency, acceptMinutes: Math.max(1, Math.round(l.acceptWithinHours * 60)), completeMinutes, communityMinutes, streetMinutes }));
  }
}
