import type { GraphQLResolveInfo } from 'graphql';
import { Args, Authorized, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import { connectionType, toGlobalId } from '../../core/relay';
import type { Context } from '../../server/context';
import { Account } from '../account/account.entity';
import { Role } from '../account/role';
import { AuditEntry } from './audit.entity';
import { AuditLogArgs } from './audit.inputs';

export const AuditEntryConnection = connectionType('AuditEntry', AuditEntry, 'audit entry');

const NO_OPERATIONS: ReadonlySet<string> = new Set();
let operations: { schema: unknown; names: ReadonlySet<string> } | undefined;

/** The schema's mutation names, read once per schema. */
function mutationNames(info: GraphQLResolveInfo): ReadonlySet<string> {
  if (operations?.schema !== info.schema) {
    const fields = info.schema.getMutationType()?.getFields();
    operations = { schema: info.schema, names: fields ? new Set(Object.keys(fields)) : NO_OPERATIONS };
  }
  return operations.names;
}

@Resolver(() => AuditEntry)
export class AuditResolver {
  @Authorized(Role.PLATFORM_ADMIN)
  @Query(() => AuditEntryConnection, { description: 'Every mutation, newest first (platform admins only). Input values are never recorded, only the names of the fields supplied.' })
  auditLog(@Args() args: AuditLogArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return ctx.services.audit.list(ctx, args, mutationNames(info));
  }

  @FieldResolver(() => ID, { description: 'Globally unique id.' })
  id(@Root() entry: AuditEntry): string {
    return toGlobalId('AuditEntry', entry.id);
  }

  @FieldResolver(() => Account, { nullable: true, description: 'Who called it; null when no one was signed in (a login, or an unauthenticated call).' })
  actor(@Root() entry: AuditEntry, @Ctx() ctx: Context) {
    return entry.actorAccountId === null ? null : ctx.loaders.account.byId.load(entry.actorAccountId);
  }

  @FieldResolver(() => ID, { nullable: true, description: 'The Relay id of the account, kept even if that account is later removed.' })
  actorId(@Root() entry: AuditEntry): string | null {
    return entry.actorAccountId === null ? null : toGlobalId('Account', entry.actorAccountId);
  }

  @FieldResolver(() => ID, { nullable: true, description: 'The API key the caller presented, if any.' })
  apiKeyId(@Root() entry: AuditEntry): string | null {
    return entry.apiKeyId === null ? null : toGlobalId('ApiKey', entry.apiKeyId);
  }

  @FieldResolver(() => ID, { nullable: true, description: 'The object acted on: the one the payload returned, else the input\'s `id` (or first `…Id`) field; null when there is none.' })
  targetId(@Root() entry: AuditEntry): string | null {
    return entry.targetId;
  }

  @FieldResolver(() => [String], { description: 'The names of the input fields supplied, e.g. `input.username`; never their values.' })
  inputFields(@Root() entry: AuditEntry): string[] {
    return entry.inputFields ? entry.inputFields.split(',') : [];
  }

  @FieldResolver(() => [String], { description: 'REFUSED: the userErrors codes; ERROR: the top-level error code; empty when OK.' })
  errorCodes(@Root() entry: AuditEntry): string[] {
    return entry.errorCodes ? entry.errorCodes.split(',') : [];
  }
}
