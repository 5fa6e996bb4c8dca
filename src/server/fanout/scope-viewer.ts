import type { Account } from '../../modules/account/account.entity';
import type { Viewer } from '../context';

/** What a group's members share: reading these says nothing about who the member is. */
const SCOPE_FIELDS = new Set<PropertyKey>(['role', 'scopeId', 'scopeRegion', 'organisationId', 'disabledAt', 'disabledReason', 'constructor']);

/**
 * The viewer a fan-out group executes as: one member's account behind a proxy that notices when a
 * resolver reads anything beyond the role and the scope (the id, say, to unmask the requester's own
 * contact). Such a result may differ between members, so the group then executes per account.
 */
export class ScopeViewer {
  identityRead = false;
  readonly viewer: Viewer;

  constructor(of: Viewer) {
    const account = new Proxy(of.account, {
      get: (target, key, receiver) => {
        if (typeof key !== 'symbol' && !SCOPE_FIELDS.has(key)) this.identityRead = true;
        return Reflect.get(target, key, receiver);
      },
      ownKeys: (target) => {
        this.identityRead = true;
        return Reflect.ownKeys(target);
      },
    }) as Account;
    this.viewer = { account, scopePath: of.scopePath };
  }

  /** Runs `work` and tells whether it read the member's identity. */
  async watch<T>(work: () => Promise<T>): Promise<{ value: T; identityRead: boolean }> {
    this.identityRead = false;
    const value = await work();
    return { value, identityRead: this.identityRead };
  }
}
