import { createHash, randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { saveUnique } from '../../core/unique';
import { ErrorCode, fail } from '../../core/errors';
import { fromGlobalId } from '../../core/relay';
import { txOf, type Context, type Viewer } from '../../server/context';
import { Account } from '../account/account.entity';
import { Role } from '../account/role';
import type { RegionService } from '../region/region.service';
import { ApiKey } from './api-key.entity';
import type { ApiKeyCreateInput, ApiKeyRevokeInput, OrganisationCreateInput } from './organisation.inputs';
import { Organisation } from './organisation.entity';

const KEY_PREFIX = 'vgk_';

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export class OrganisationService {
  constructor(private readonly regions: RegionService) {}

  async create(ctx: Context, input: OrganisationCreateInput): Promise<Organisation> {
    const tx = txOf(ctx);
    const region = input.regionId ? await this.regions.requireRegion(tx, ['input', 'regionId'], input.regionId) : null;
    const name = input.name.trim();
    return saveUnique(tx, Organisation, tx.create(Organisation, { name, kind: input.kind, regionId: region?.id ?? null }), {
      where: { name },
      field: ['input', 'name'],
      message: `an organisation named "${name}" exists`,
    });
  }

  /** Staff see every organisation; a partner sees its own. */
  list(ctx: Context, viewer: Viewer): Promise<Organisation[]> {
    const repo = ctx.db.getRepository(Organisation);
    if (viewer.account.role !== Role.PARTNER) return repo.find({ order: { name: 'ASC' } });
    const own = viewer.account.organisationId;
    return own === null ? Promise.resolve([]) : repo.findBy({ id: own });
  }

  /** Resolves an organisation id given in an input, or fails with the input field at fault. */
  async require(manager: EntityManager, field: string[], globalId: string): Promise<Organisation> {
    const decoded = fromGlobalId(globalId, ['Organisation']);
    if (!decoded) fail(ErrorCode.INVALID, field, 'not an organisation id');
    const organisation = await manager.findOneBy(Organisation, { id: decoded.id });
    if (!organisation) fail(ErrorCode.NOT_FOUND, field, 'no such organisation');
    return organisation;
  }

  /** A new key for a PARTNER account: 256 random bits, returned once, stored as its SHA-256. */
  async createApiKey(ctx: Context, viewer: Viewer, input: ApiKeyCreateInput): Promise<{ apiKey: ApiKey; key: string }> {
    const tx = txOf(ctx);
    const decoded = fromGlobalId(input.accountId, ['Account']);
    if (!decoded) fail(ErrorCode.INVALID, ['input', 'accountId'], 'not an account id');
    const account = await tx.findOneBy(Account, { id: decoded.id });
    if (!account) fail(ErrorCode.NOT_FOUND, ['input', 'accountId'], 'no such account');
    if (account.role !== Role.PARTNER || account.disabledAt) fail(ErrorCode.INVALID, ['input', 'accountId'], 'API keys are for active PARTNER accounts');
    const key = KEY_PREFIX + randomBytes(32).toString('base64url');
    const apiKey = await tx.save(
      tx.create(ApiKey, { accountId: account.id, name: input.name.trim(), prefix: key.slice(0, 12), secretHash: hashApiKey(key), createdById: viewer.account.id, revokedAt: null }),
    );
    return { apiKey, key };
  }

  async revokeApiKey(ctx: Context, input: ApiKeyRevokeInput): Promise<ApiKey> {
    const tx = txOf(ctx);
    const decoded = fromGlobalId(input.id, ['ApiKey']);
    if (!decoded) fail(ErrorCode.INVALID, ['input', 'id'], 'not an API key id');
    const apiKey = await tx.findOneBy(ApiKey, { id: decoded.id });
    if (!apiKey) fail(ErrorCode.NOT_FOUND, ['input', 'id'], 'no such API key');
    if (!apiKey.revokedAt) {
      apiKey.revokedAt = new Date();
      await tx.save(apiKey);
    }
    return apiKey;
  }

  /** The account id an unrevoked key acts as, or null. */
  static async accountForKey(db: DataSource, key: string): Promise<{ accountId: number; apiKeyId: number } | null> {
    if (!key.startsWith(KEY_PREFIX) || key.length > 100) return null;
    const apiKey = await db.getRepository(ApiKey).findOneBy({ secretHash: hashApiKey(key) });
    return apiKey && !apiKey.revokedAt ? { accountId: apiKey.accountId, apiKeyId: apiKey.id } : null;
  }

  static async isRevoked(db: DataSource, apiKeyId: number): Promise<boolean> {
    const apiKey = await db.getRepository(ApiKey).findOneBy({ id: apiKeyId });
    return !apiKey || apiKey.revokedAt !== null;
  }
}
