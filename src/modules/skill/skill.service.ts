import { In, type EntityManager } from 'typeorm';
import { ErrorCode, fail } from '../../core/errors';
import { fromGlobalId } from '../../core/relay';
import { saveUnique } from '../../core/unique';
import { txOf, type Context } from '../../server/context';
import type { CategoryService } from '../category/category.service';
import { Skill } from './skill.entity';
import type { SkillCreateInput } from './skill.inputs';

export class SkillService {
  constructor(private readonly categories: CategoryService) {}

  list(ctx: Context, categoryId?: string | null): Promise<Skill[]> {
    if (!categoryId) return ctx.db.getRepository(Skill).find({ order: { code: 'ASC' } });
    const decoded = fromGlobalId(categoryId, ['ServiceCategory']);
    return decoded ? ctx.db.getRepository(Skill).find({ where: { categoryId: decoded.id }, order: { code: 'ASC' } }) : Promise.resolve([]);
  }

  async create(ctx: Context, input: SkillCreateInput): Promise<Skill> {
    const tx = txOf(ctx);
    const category = await this.categories.require(tx, ['input', 'categoryId'], input.categoryId);
    const skill = tx.create(Skill, { code: input.code, name: input.name.trim(), nameEn: input.nameEn.trim(), categoryId: category.id });
    return saveUnique(tx, Skill, skill, { where: { code: input.code }, field: ['input', 'code'], message: `skill code "${input.code}" is already taken` });
  }

  /** Skill ids given in an input, each checked; the path names the offending entry. */
  async requireMany(manager: EntityManager, field: string[], globalIds: string[]): Promise<number[]> {
    const ids = globalIds.map((globalId, i) => {
      const decoded = fromGlobalId(globalId, ['Skill']);
      if (!decoded) fail(ErrorCode.INVALID, [...field, String(i)], 'not a skill id');
      return decoded.id;
    });
    const found = new Set((await (ids.length ? manager.findBy(Skill, { id: In(ids) }) : [])).map((s) => s.id));
    ids.forEach((id, i) => {
      if (!found.has(id)) fail(ErrorCode.NOT_FOUND, [...field, String(i)], 'no such skill');
    });
    return [...new Set(ids)];
  }

  async require(manager: EntityManager, field: string[], globalId: string): Promise<Skill> {
    const [id] = await this.requireMany(manager, field, [globalId]);
    return manager.findOneByOrFail(Skill, { id });
  }
}
