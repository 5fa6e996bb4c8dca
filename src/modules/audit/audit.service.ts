import { ErrorCode, fail } from '../../core/errors';
import { fromGlobalId, parsePage, toConnection, type Connection } from '../../core/relay';
import type { Context } from '../../server/context';
import { AuditEntry } from './audit.entity';
import type { AuditLogArgs, AuditLogFilter } from './audit.inputs';
import { canonicalId } from './audit.recorder';

const ADDRESS_MAX = 64;

/** Reads the audit log; rows are written by the mutation boundary (audit.recorder.ts), never here. */
export class AuditService {
  /** Newest first. `operations` are the mutation names of the schema, which `filter.operation` must be one of. */
  async list(ctx: Context, args: AuditLogArgs, operations: ReadonlySet<string>): Promise<Connection<AuditEntry>> {
    const page = parsePage(args);
    const query = ctx.db.getRepository(AuditEntry).createQueryBuilder('a');
    const where = conditionsOf(args.filter ?? {}, operations);
    for (const [sql, params] of where) query.andWhere(sql, params);
    const pageQuery = query.clone();
    if (page.afterKey !== null) pageQuery.andWhere('a.id < :afterKey', { afterKey: page.afterKey });
    const rows = await pageQuery.orderBy('a.id', 'DESC').take(page.limit + 1).getMany();
    return toConnection(rows, page, (a) => a.id, () => query.getCount());
  }
}

/** The filter as SQL conditions; each problem names its field under `filter`. */
function conditionsOf(filter: AuditLogFilter, operations: ReadonlySet<string>): [string, Record<string, unknown>][] {
  const where: [string, Record<string, unknown>][] = [];
  if (filter.actorId != null) {
    const actor = fromGlobalId(filter.actorId, ['Account']);
    if (!actor) fail(ErrorCode.INVALID, ['filter', 'actorId'], 'not an account id');
    where.push(['a.actorAccountId = :actor', { actor: actor.id }]);
  }
  if (filter.operation != null) {
    if (!operations.has(filter.operation)) fail(ErrorCode.INVALID, ['filter', 'operation'], 'not a mutation of this API');
    where.push(['a.operation = :operation', { operation: filter.operation }]);
  }
  if (filter.targetId != null) {
    const target = canonicalId(filter.targetId);
    if (!target) fail(ErrorCode.INVALID, ['filter', 'targetId'], 'not an id of this API');
    where.push(['a.targetId = :target', { target }]);
  }
  if (filter.outcome != null) where.push(['a.outcome = :outcome', { outcome: filter.outcome }]);
  if (filter.from && filter.to && filter.to <= filter.from) fail(ErrorCode.INVALID, ['filter', 'to'], 'the range ends before it starts');
  if (filter.from) where.push(['a.at >= :from', { from: filter.from }]);
  if (filter.to) where.push(['a.at < :to', { to: filter.to }]);
  if (filter.address != null) {
    if (filter.address.trim() === '' || filter.address.length > ADDRESS_MAX) fail(ErrorCode.INVALID, ['filter', 'address'], `an address of 1 to ${ADDRESS_MAX} characters`);
    where.push(['a.address = :address', { address: filter.address }]);
  }
  return where;
}
