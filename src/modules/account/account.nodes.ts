import { forbidden } from '../../core/errors';
import { registerNodeSource } from '../../core/relay';
import type { Context } from '../../server/context';
import { Account } from './account.entity';

registerNodeSource<Context>({
  types: ['Account'],
  typeOf: (value) => (value instanceof Account ? 'Account' : undefined),
  async load(ctx, _type, id) {
    const account = await ctx.loaders.account.byId.load(id);
    if (!account || !ctx.viewer) return null;
    if (!(await ctx.services.account.canView(ctx, ctx.viewer, account))) throw forbidden('the account is outside your jurisdiction');
    return account;
  },
});
