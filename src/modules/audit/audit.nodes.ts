import { forbidden } from '../../core/errors';
import { registerNodeSource } from '../../core/relay';
import type { Context } from '../../server/context';
import { Role } from '../account/role';
import { AuditEntry } from './audit.entity';

// The audit log is for platform admins only, also through node(id).
registerNodeSource<Context>({
  types: ['AuditEntry'],
  typeOf: (value) => (value instanceof AuditEntry ? 'AuditEntry' : undefined),
  async load(ctx, _type, id) {
    if (!ctx.viewer) return null;
    if (ctx.viewer.account.role !== Role.PLATFORM_ADMIN) throw forbidden('the audit log is for platform admins');
    return ctx.db.getRepository(AuditEntry).findOneBy({ id });
  },
});
