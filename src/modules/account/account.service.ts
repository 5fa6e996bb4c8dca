import type { DataSource } from 'typeorm';
import { ErrorCode, fail, forbidden, userError } from '../../core/errors';
import { saveUnique } from '../../core/unique';
import { fromGlobalId } from '../../core/relay';
import { txOf, type Context, type Viewer } from '../../server/context';
import { covers } from '../../server/jurisdiction';
import type { TokenService } from '../../server/auth';
import type { Region } from '../region/region.entity';
import type { RegionService } from '../region/region.service';
import { Account } from './account.entity';
import type { AccountCreateInput, AccountDisableInput, AccountEnableInput, LoginInput } from './account.inputs';
import type { LoginPayload } from './account.payloads';
import type { LoginThrottle } from './login-throttle';
import { DUMMY_HASH, hashPassword, verifyPassword } from './password';
import { Role, SCOPE_RULES } from './role';
import type { OrganisationService } from '../organisation/organisation.service';

/** Roles a dispatcher may hand out, always with a scope inside its own. */
const DISPATCHER_GRANTS = new Set<Role>([Role.DISPATCHER, Role.ANALYST, Role.GRID_WORKER, Role.VOLUNTEER, Role.RESIDENT]);

export class AccountService {
  constructor(
    private readonly regions: RegionService,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottle,
    private readonly organisations: OrganisationService,
  ) {}

  async login(ctx: Context, input: LoginInput): Promise<LoginPayload> {
    const retryAfter = await this.throttle.retryAfter(input.username);
    if (retryAfter > 0) {
      return refused(userError(ErrorCode.LIMIT_EXCEEDED, null, `Too many failed sign-ins; try again in ${retryAfter} seconds`));
    }
    // Through the mutation's transaction: a second pooled connection per sign-in would let a burst of
    // sign-ins hold every connection while each waits for one more.
    const account = await txOf(ctx).findOneBy(Account, { username: normaliseUsername(input.username) });
    const valid = await verifyPassword(input.password, account?.passwordHash ?? DUMMY_HASH);
    if (!account || !valid || account.disabledAt) {
      await this.throttle.recordFailure(input.username);
      return refused(userError(ErrorCode.INVALID, null, 'Invalid username or password'));
    }
    await this.throttle.recordSuccess(input.username);
    const { token, expiresAt } = await this.tokens.sign(account);
    return { token, expiresAt, account, userErrors: [] };
  }

  async create(ctx: Context, viewer: Viewer, input: AccountCreateInput): Promise<Account> {
    const tx = txOf(ctx);
    const scope = input.scopeId ? await this.regions.requireRegion(tx, ['input', 'scopeId'], input.scopeId) : null;
    this.assertMayGrant(viewer, input.role, scope);
    checkScope(input.role, scope);
    const organisation = input.organisationId ? await this.organisations.require(tx, ['input', 'organisationId'], input.organisationId) : null;
    if (organisation && input.role !== Role.PARTNER) fail(ErrorCode.INVALID, ['input', 'organisationId'], 'only PARTNER accounts act for an organisation');
    const username = normaliseUsername(input.username);
    const account = tx.create(Account, {
      username,
      passwordHash: await hashPassword(input.password),
      role: input.role,
      scopeId: scope?.id ?? null,
      organisationId: organisation?.id ?? null,
      createdById: viewer.account.id,
      disabledAt: null,
    });
    return saveUnique(tx, Account, account, { where: { username }, field: ['input', 'username'], message: `username "${username}" is already taken` });
  }

  async disable(ctx: Context, viewer: Viewer, input: AccountDisableInput): Promise<Account> {
    const tx = txOf(ctx);
    const account = await this.requireManageable(ctx, viewer, input.id);
    if (account.id === viewer.account.id) fail(ErrorCode.INVALID, ['input', 'id'], 'you cannot disable your own account');
    if (!account.disabledAt) {
      account.disabledAt = new Date();
      account.disabledReason = input.reason?.trim() || null;
      await tx.save(Account, account);
      // Live subscriptions of the account end at once, in every process.
      ctx.afterCommit.push(() => ctx.services.live.accountDisabled(account.id));
    }
    return account;
  }

  async enable(ctx: Context, viewer: Viewer, input: AccountEnableInput): Promise<Account> {
    const tx = txOf(ctx);
    const account = await this.requireManageable(ctx, viewer, input.id);
    if (account.disabledAt) {
      account.disabledAt = null;
      account.disabledReason = null;
      await tx.save(Account, account);
    }
    return account;
  }

  /** Whether the viewer may see this account: itself, an admin, or a dispatcher whose scope covers the account's. */
  async canView(ctx: Context, viewer: Viewer, account: Account): Promise<boolean> {
    if (viewer.account.id === account.id || viewer.account.role === Role.PLATFORM_ADMIN) return true;
    if (viewer.account.role !== Role.DISPATCHER || account.scopeId === null) return false;
    const scope = await ctx.loaders.region.byId.load(account.scopeId);
    return scope !== null && covers(viewer, scope.path);
  }

  scope(ctx: Context, account: Account): Promise<Region | null> | null {
    return account.scopeId === null ? null : ctx.loaders.region.byId.load(account.scopeId);
  }

  /** First start: create the platform admin from ADMIN_USERNAME / ADMIN_PASSWORD when there is none. */
  static async ensureAdmin(db: DataSource, admin: { username: string; password: string } | null): Promise<'created' | 'exists' | 'skipped'> {
    if (!admin) return 'skipped';
    const repo = db.getRepository(Account);
    if (await repo.existsBy({ role: Role.PLATFORM_ADMIN })) return 'exists';
    const username = normaliseUsername(admin.username);
    if (await repo.existsBy({ username })) return 'exists';
    await repo.save(repo.create({ username, passwordHash: await hashPassword(admin.password), role: Role.PLATFORM_ADMIN }));
    return 'created';
  }

  private async requireManageable(ctx: Context, viewer: Viewer, globalId: string): Promise<Account> {
    const decoded = fromGlobalId(globalId, ['Account']);
    if (!decoded) fail(ErrorCode.INVALID, ['input', 'id'], 'not an account id');
    const account = await txOf(ctx).findOneBy(Account, { id: decoded.id });
    if (!account) fail(ErrorCode.NOT_FOUND, ['input', 'id'], 'no such account');
    if (viewer.account.role === Role.PLATFORM_ADMIN) return account;
    const manageable = account.role !== Role.PLATFORM_ADMIN && (await this.canView(ctx, viewer, account));
    if (!manageable || account.id === viewer.account.id) throw forbidden('the account is outside your jurisdiction');
    return account;
  }

  private assertMayGrant(viewer: Viewer, role: Role, scope: Region | null): void {
    if (viewer.account.role === Role.PLATFORM_ADMIN) return;
    if (!DISPATCHER_GRANTS.has(role)) throw forbidden(`a dispatcher cannot create ${role} accounts`);
    if (!scope) throw forbidden('a dispatcher must give the new account a scope inside its own');
    if (!covers(viewer, scope.path)) throw forbidden('the scope is outside your jurisdiction');
  }
}

function checkScope(role: Role, scope: Region | null): void {
  const rule = SCOPE_RULES[role];
  if (!scope) {
    if (rule.required) fail(ErrorCode.INVALID, ['input', 'scopeId'], `a ${role} account needs a scope region`);
    return;
  }
  if (!rule.allowed) fail(ErrorCode.INVALID, ['input', 'scopeId'], `a ${role} account has no scope region`);
  if (rule.levels && !rule.levels.includes(scope.level)) {
    fail(ErrorCode.INVALID, ['input', 'scopeId'], `a ${role} account's scope must be a ${rule.levels.join(' or ')}`);
  }
}

/** Usernames are case-insensitive: stored and looked up in lower case, so the unique index decides. */
export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}

function refused(error: ReturnType<typeof userError>): LoginPayload {
  return { token: null, expiresAt: null, account: null, userErrors: [error] };
}
