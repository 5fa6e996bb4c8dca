import type { EntityManager } from 'typeorm';
import { ErrorCode, badInput, fail, forbidden } from '../../core/errors';
import { saveUnique } from '../../core/unique';
import { fromGlobalId, parsePage, toConnection, type Connection, type PageArgs } from '../../core/relay';
import { txOf, type Context, type Viewer } from '../../server/context';
import { assertCovers, assertCoversStrictly } from '../../server/jurisdiction';
import { Role } from '../account/role';
import { LEVELS, Region, RegionLevel, levelDepth, pathIds } from './region.entity';
import type { RegionCreateInput, RegionMoveInput, RegionUpdateInput } from './region.inputs';
import { ALL_REGION_TYPES } from './region.types';

/** The hierarchy's rules: levels, unique codes, materialized paths and who may change what. */
export class RegionService {
  async districts(ctx: Context, args: PageArgs): Promise<Connection<Region>> {
    const page = parsePage(args);
    const repo = ctx.db.getRepository(Region);
    const query = repo.createQueryBuilder('r').where('r.parentId IS NULL');
    const rows = await query
      .clone()
      .andWhere('r.id > :after', { after: page.afterKey ?? 0 })
      .orderBy('r.id', 'ASC')
      .take(page.limit + 1)
      .getMany();
    return toConnection(rows, page, (r) => r.id, () => query.getCount());
  }

  async children(ctx: Context, parent: Region, args: PageArgs): Promise<Connection<Region>> {
    const page = parsePage(args);
    const rows = page.limit === 0 ? [] : await ctx.loaders.region.childPage.load({ parentId: parent.id, page });
    return toConnection(rows, page, (r) => r.id, () => ctx.loaders.region.childCount.load(parent.id));
  }

  async ancestors(ctx: Context, region: Region): Promise<Region[]> {
    const ids = pathIds(region.path).slice(0, -1);
    const rows = await ctx.loaders.region.byId.loadMany(ids);
    return rows.filter((r): r is Region => r instanceof Region);
  }

  async parent(ctx: Context, region: Region): Promise<Region | null> {
    return region.parentId === null ? null : ctx.loaders.region.byId.load(region.parentId);
  }

  byCode(ctx: Context, code: string): Promise<Region | null> {
    return ctx.db.getRepository(Region).findOneBy({ code });
  }

  /** A `regionId` argument of a list or subscription: the region, or BAD_USER_INPUT (jurisdiction is the caller's check). */
  async byArgument(ctx: Context, regionId: string): Promise<Region> {
    const decoded = fromGlobalId(regionId, ALL_REGION_TYPES);
    const region = decoded ? await ctx.loaders.region.byId.load(decoded.id) : null;
    if (!region) throw badInput('regionId: no such region');
    return region;
  }

  /** Resolves a region id given in an input, or fails with the input field at fault. */
  async requireRegion(manager: EntityManager, field: string[], globalId: string): Promise<Region> {
    const decoded = fromGlobalId(globalId, ALL_REGION_TYPES);
    if (!decoded) fail(ErrorCode.INVALID, field, 'not a region id');
    const region = await manager.findOneBy(Region, { id: decoded.id });
    if (!region) fail(ErrorCode.NOT_FOUND, field, 'no such region');
    return region;
  }

  create(ctx: Context, viewer: Viewer, input: RegionCreateInput): Promise<Region> {
    return this.createIn(txOf(ctx), viewer, input);
  }

  /** `viewer` null: the operator of a command-line import, who holds the database's credentials and may create anything. */
  async createIn(tx: EntityManager, viewer: Viewer | null, input: RegionCreateInput): Promise<Region> {
    const parent = input.parentId ? await this.requireRegion(tx, ['input', 'parentId'], input.parentId) : null;
    if (viewer && parent) assertCovers(viewer, parent.path, 'the parent region');
    else if (viewer && viewer.account.role !== Role.PLATFORM_ADMIN) throw forbidden('only a platform admin may create a district');
    checkLevel(input.level, parent);
    checkCentre(input.latitude, input.longitude);
    const region = tx.create(Region, {
      level: input.level,
      code: input.code,
      name: input.name.trim(),
      parentId: parent?.id ?? null,
      population: input.population ?? null,
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
      path: parent?.path ?? '/',
    });
    await saveUnique(tx, Region, region, codeKey(region.code));
    region.path = `${parent?.path ?? '/'}${region.id}/`;
    await tx.update(Region, { id: region.id }, { path: region.path });
    return region;
  }

  async update(ctx: Context, viewer: Viewer, input: RegionUpdateInput): Promise<Region> {
    const tx = txOf(ctx);
    const region = await this.requireRegion(tx, ['input', 'id'], input.id);
    assertCovers(viewer, region.path, 'the region');
    const codeChanged = input.code != null && input.code !== region.code;
    if (codeChanged) region.code = input.code!;
    if (input.name != null) region.name = input.name.trim();
    if (input.population !== undefined) region.population = input.population;
    if (input.latitude !== undefined || input.longitude !== undefined) {
      checkCentre(input.latitude, input.longitude);
      region.latitude = input.latitude ?? null;
      region.longitude = input.longitude ?? null;
    }
    return saveUnique(tx, Region, region, { ...codeKey(region.code), check: codeChanged });
  }

  /** Re-parents a subtree: the region's and every descendant's path change in one statement of the mutation's transaction. */
  async move(ctx: Context, viewer: Viewer, input: RegionMoveInput): Promise<Region> {
    const tx = txOf(ctx);
    const region = await this.requireRegion(tx, ['input', 'id'], input.id);
    const parent = await this.requireRegion(tx, ['input', 'parentId'], input.parentId);
    assertCoversStrictly(viewer, region.path, 'the region');
    assertCovers(viewer, parent.path, 'the new parent region');
    if (region.level === RegionLevel.DISTRICT) fail(ErrorCode.INVALID, ['input', 'id'], 'a district has no parent to move under');
    checkLevel(region.level, parent, ['input', 'parentId']);
    if (parent.id === region.parentId) return region;
    const oldPath = region.path;
    const newPath = `${parent.path}${region.id}/`;
    await tx
      .createQueryBuilder()
      .update(Region)
      .set({ path: () => 'CONCAT(:newPath, SUBSTR(path, :cut))' })
      .where('path LIKE :prefix', { prefix: `${oldPath}%` })
      .setParameters({ newPath, cut: oldPath.length + 1 })
      .execute();
    await tx.update(Region, { id: region.id }, { parentId: parent.id });
    return tx.findOneByOrFail(Region, { id: region.id });
  }
}

const codeKey = (code: string) => ({ where: { code }, field: ['input', 'code'], message: `code "${code}" is already taken` });

function checkCentre(latitude: number | null | undefined, longitude: number | null | undefined): void {
  if ((latitude == null) !== (longitude == null)) fail(ErrorCode.INVALID, ['input', 'latitude'], 'give latitude and longitude together');
}

function checkLevel(level: RegionLevel, parent: Region | null, field = ['input', 'level']): void {
  if (!parent) {
    if (level !== RegionLevel.DISTRICT) fail(ErrorCode.INVALID, ['input', 'parentId'], `a ${level} needs a parent ${LEVELS[levelDepth(level) - 1]}`);
    return;
  }
  if (levelDepth(level) !== levelDepth(parent.level) + 1) {
    const expected = LEVELS[levelDepth(parent.level) + 1];
    const message = expected
      ? `a ${level} cannot sit below a ${parent.level}; only a ${expected} can`
      : `a ${parent.level} is the lowest level and cannot have children`;
    fail(ErrorCode.INVALID, field, message);
  }
}
