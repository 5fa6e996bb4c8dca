import { createSourceEventStream, execute, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { AsyncQueue } from '../../core/async-queue';
import { logger } from '../../core/logger';
import type { Context } from '../context';
import { createLoaders } from '../loaders';
import type { DocumentCache } from './document-cache';
import { groupKeyOf, personalKeyOf } from './group-key';
import type { LiveMember, LiveMembers } from './live-members';
import { ScopeViewer } from './scope-viewer';

interface Member {
  ctx: Context;
  queue: AsyncQueue<ExecutionResult>;
  guard: LiveMember;
}

/**
 * graphql-ws's `subscribe`: identical subscriptions — same document, variables, role and scope —
 * share one source stream and one GraphQL execution per event, whose result goes to every member.
 * A subscription that resumes from a cursor replays its own history and runs alone; one whose
 * resolvers read who the caller is (not only the role and scope) is shared per account.
 */
export class FanOut {
  /** GraphQL executions of subscription events, all groups together (benchmarks and tests read it). */
  executions = 0;
  /** Results sent to members, one per member per event (read by /metrics). */
  delivered = 0;
  private readonly groups = new Map<string, Group>();
  private readonly opening = new Map<string, Promise<unknown>>();
  /** Group keys whose subscribe step read the caller's identity: shared per account only. */
  private readonly personal = new Set<string>();
  private readonly solos = new Set<Group>();

  constructor(
    readonly documents: DocumentCache,
    readonly members: LiveMembers,
  ) {}

  get groupCount(): number {
    return this.groups.size + this.solos.size;
  }

  get memberCount(): number {
    return this.members.size;
  }

  /** Each shared group's key and size (tests and benchmarks look inside). */
  sharedGroups(): { key: string; members: number }[] {
    return [...this.groups.values()].map((g) => ({ key: g.key!, members: g.size }));
  }

  async subscribe(args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
    const ctx = args.contextValue as Context;
    const scopeKey = groupKeyOf(args, this.documents.idOf(args.document), ctx.viewer);
    for (;;) {
      const key = scopeKey !== null && this.personal.has(scopeKey) ? personalKeyOf(scopeKey, ctx.viewer!) : scopeKey;
      const existing = key === null ? undefined : this.groups.get(key);
      if (existing) return existing.join(ctx);
      const pending = key === null ? undefined : this.opening.get(key);
      if (pending) {
        await pending.catch(() => undefined);
        continue; // opened (join it), turned personal, or failed (try for ourselves)
      }
      const opened = this.open(args, ctx, scopeKey);
      if (key !== null) this.opening.set(key, opened);
      try {
        const group = await opened;
        return group instanceof Group ? group.join(ctx) : group;
      } finally {
        if (key !== null) this.opening.delete(key);
      }
    }
  }

  forget(group: Group): void {
    if (group.key !== null && this.groups.get(group.key) === group) this.groups.delete(group.key);
    this.solos.delete(group);
  }

  countExecution(): void {
    this.executions += 1;
  }

  private async open(args: ExecutionArgs, ctx: Context, scopeKey: string | null): Promise<Group | ExecutionResult> {
    if (scopeKey === null || !ctx.viewer) {
      const source = await createSourceEventStream(args);
      if (!isAsyncIterable(source)) return source;
      const solo = new Group(null, args, ctx, null, source, this);
      this.solos.add(solo);
      return solo;
    }
    // The group's own context: the first member's scope, none of its connection or token.
    const scope = new ScopeViewer(ctx.viewer);
    const shared: Context = { ...ctx, viewer: scope.viewer, loaders: createLoaders(ctx.db), tokenExpiresAt: null, closeConnection: null, log: logger.child({ component: 'fanout' }), trace: null };
    const { value: source, identityRead } = await scope.watch(() => createSourceEventStream({ ...args, contextValue: shared }));
    if (!isAsyncIterable(source)) return source;
    let key = scopeKey;
    if (identityRead) {
      this.personal.add(scopeKey);
      key = personalKeyOf(scopeKey, ctx.viewer);
    }
    const twin = this.groups.get(key);
    if (twin) {
      void source[Symbol.asyncIterator]().return?.();
      return twin;
    }
    const group = new Group(key, args, shared, scope, source, this, ctx.viewer.account.id);
    this.groups.set(key, group);
    return group;
  }
}

/** One source stream and its members. */
class Group {
  private readonly members = new Set<Member>();
  private readonly iterator: AsyncIterator<unknown>;
  private closed = false;
  private pumping = false;

  constructor(
    readonly key: string | null,
    private readonly args: ExecutionArgs,
    private readonly ctx: Context,
    private readonly scope: ScopeViewer | null,
    source: AsyncIterable<unknown>,
    private readonly owner: FanOut,
    private readonly representative: number | null = null,
  ) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  get size(): number {
    return this.members.size;
  }

  join(ctx: Context): AsyncQueue<ExecutionResult> {
    const member: Member = {
      ctx,
      queue: new AsyncQueue<ExecutionResult>(() => this.leave(member)),
      guard: {
        accountId: ctx.viewer?.account.id ?? null,
        tokenExpiresAt: ctx.tokenExpiresAt,
        close: (code, reason) => (ctx.closeConnection ? ctx.closeConnection(code, reason) : member.queue.return()),
      },
    };
    this.members.add(member);
    this.owner.members.add(member.guard);
    // Pulling starts with the first member: an event that arrives before it joined waits for it.
    if (!this.pumping) {
      this.pumping = true;
      void this.pump();
    }
    return member.queue;
  }

  private leave(member: Member): void {
    this.members.delete(member);
    this.owner.members.remove(member.guard);
    if (this.members.size === 0) this.close();
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.owner.forget(this);
    void this.iterator.return?.();
  }

  private async pump(): Promise<void> {
    try {
      for (;;) {
        const { value, done } = await this.iterator.next();
        if (done || this.closed) break;
        await this.deliver(value);
      }
      for (const m of [...this.members]) void m.queue.return();
    } catch (err) {
      for (const m of [...this.members]) m.queue.fail(err);
    } finally {
      this.close();
    }
  }

  /** One execution for the group; one per account when the result depends on who reads it. */
  private async deliver(payload: unknown): Promise<void> {
    const members = [...this.members];
    if (members.length === 0) return;
    const run = async (contextValue: Context) => {
      this.owner.countExecution();
      return execute({ ...this.args, rootValue: payload, contextValue });
    };
    const first = this.scope ? await this.scope.watch(() => run(this.ctx)) : { value: await run(this.ctx), identityRead: false };
    this.owner.delivered += members.length;
    if (!first.identityRead) {
      for (const m of members) m.queue.push(first.value);
      return;
    }
    const byAccount = new Map<number | null, ExecutionResult>([[this.representative, first.value]]);
    for (const m of members) {
      const account = m.ctx.viewer?.account.id ?? null;
      let result = byAccount.get(account);
      if (!result) {
        result = await run({ ...m.ctx, loaders: createLoaders(m.ctx.db) });
        byAccount.set(account, result);
      }
      m.queue.push(result);
    }
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof Object(value)[Symbol.asyncIterator] === 'function';
}
