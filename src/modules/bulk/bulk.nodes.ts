import { forbidden } from '../../core/errors';
import { registerNodeSource } from '../../core/relay';
import type { Context } from '../../server/context';
import { Role } from '../account/role';
import { ImportJob } from './bulk.entity';

// Imports are for platform admins only, also through node(id).
registerNodeSource<Context>({
  types: ['ImportJob'],
  typeOf: (value) => (value instanceof ImportJob ? 'ImportJob' : undefined),
  async load(ctx, _type, id) {
    if (!ctx.viewer) return null;
    if (ctx.viewer.account.role !== Role.PLATFORM_ADMIN) throw forbidden('imports are for platform admins');
    return ctx.db.getRepository(ImportJob).findOneBy({ id });
  },
});
