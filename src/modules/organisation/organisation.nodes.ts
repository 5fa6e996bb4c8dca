import { registerNodeSource } from '../../core/relay';
import type { Context } from '../../server/context';
import { Role } from '../account/role';
import { Organisation } from './organisation.entity';

// Every signed-in account may see an organisation (name and kind), except that a partner sees only its own.
registerNodeSource<Context>({
  types: ['Organisation'],
  typeOf: (value) => (value instanceof Organisation ? 'Organisation' : undefined),
  async load(ctx, _type, id) {
    const viewer = ctx.viewer;
    if (!viewer || (viewer.account.role === Role.PARTNER && viewer.account.organisationId !== id)) return null;
    return ctx.loaders.organisation.byId.load(id);
  },
});
