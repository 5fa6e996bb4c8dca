import { forbidden } from '../../core/errors';
import { registerNodeSource } from '../../core/relay';
import type { Context } from '../../server/context';
import { ListedService, TimebankAccount, TimebankEntry } from './timebank.entity';

registerNodeSource<Context>({
  types: ['ListedService'],
  typeOf: (value) => (value instanceof ListedService ? 'ListedService' : undefined),
  load: (ctx, _type, id) => (ctx.viewer ? ctx.db.getRepository(ListedService).findOneBy({ id }) : Promise.resolve(null)),
});

// A ledger line is for the account's owner and the staff who may see their account.
registerNodeSource<Context>({
  types: ['TimebankEntry'],
  typeOf: (value) => (value instanceof TimebankEntry ? 'TimebankEntry' : undefined),
  async load(ctx, _type, id) {
    const entry = await ctx.db.getRepository(TimebankEntry).findOneBy({ id });
    if (!entry || !ctx.viewer) return null;
    const account = await ctx.db.getRepository(TimebankAccount).findOneByOrFail({ id: entry.timebankAccountId });
    if (account.accountId !== ctx.viewer.account.id && !(await ctx.services.timebank.mayManage(ctx.db.manager, ctx.viewer, account.accountId))) throw forbidden('the account is not yours');
    return entry;
  },
});
