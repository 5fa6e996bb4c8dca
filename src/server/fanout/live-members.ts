import type { EventBus } from '../../core/event-bus';

export const ACCOUNT_DISABLED_CHANNEL = 'account-disabled';
const MAX_TIMER_MS = 2_147_000_000;

/** A live subscription as its connection's guard sees it. */
export interface LiveMember {
  accountId: number | null;
  tokenExpiresAt: Date | null;
  /** Ends the subscription's connection (4403: the client must sign in again). */
  close(code: number, reason: string): void;
}

/**
 * Ends every live subscription whose right to it ended: its token expired, or its account was
 * disabled on any process (told through the bus). One place for it, so that subscriptions that
 * share one execution (fan-out groups) are still cut off one by one.
 */
export class LiveMembers {
  private readonly byAccount = new Map<number, Set<LiveMember>>();
  private readonly timers = new Map<LiveMember, NodeJS.Timeout | null>();

  constructor(private readonly bus: EventBus) {}

  start(): void {
    this.bus.subscribe(ACCOUNT_DISABLED_CHANNEL, (message) => this.revokeAccount(Number(message), 'account disabled'));
  }

  /** Every process closes the account's subscriptions. */
  accountDisabled(accountId: number): void {
    this.bus.publish(ACCOUNT_DISABLED_CHANNEL, String(accountId));
  }

  get size(): number {
    return this.timers.size;
  }

  add(member: LiveMember): void {
    if (member.accountId !== null) {
      const set = this.byAccount.get(member.accountId) ?? new Set();
      set.add(member);
      this.byAccount.set(member.accountId, set);
    }
    const expiresIn = member.tokenExpiresAt ? member.tokenExpiresAt.getTime() - Date.now() : null;
    const timer = expiresIn !== null && expiresIn < MAX_TIMER_MS ? setTimeout(() => this.revoke(member, 'token expired'), Math.max(0, expiresIn)) : null;
    this.timers.set(member, timer);
  }

  remove(member: LiveMember): void {
    const timer = this.timers.get(member);
    if (timer) clearTimeout(timer);
    this.timers.delete(member);
    if (member.accountId === null) return;
    const set = this.byAccount.get(member.accountId);
    set?.delete(member);
    if (set?.size === 0) this.byAccount.delete(member.accountId);
  }

  private revoke(member: LiveMember, reason: string): void {
    this.remove(member);
    member.close(4403, `Forbidden: ${reason}`);
  }

  private revokeAccount(accountId: number, reason: string): void {
    for (const member of [...(this.byAccount.get(accountId) ?? [])]) this.revoke(member, reason);
  }
}
