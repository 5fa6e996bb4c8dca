import { GraphQLSchema, type GraphQLFieldResolver } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import type { ValidationError } from 'class-validator';
import { ErrorCode, UserInputError, userError, type UserError } from '../core/errors';
import { runInTransaction } from '../core/transaction';
import { violationsOf } from '../core/validation';
import { AuditOutcome } from '../modules/audit/audit.enums';
import { appendAuditEntry, auditEntryOf, type AuditEnding } from '../modules/audit/audit.recorder';
import type { Context } from './context';
import { timeoutError } from './limits/limit-errors';

/** Carries a refused payload out of the transaction callback so that the transaction rolls back. */
class Refused {
  constructor(readonly payload: unknown) {}
}

/**
 * Every root mutation field runs in one transaction. Input problems (class-validator failures,
 * UserInputError from a service, or a payload that reports userErrors) roll it back and come back as
 * the payload's `userErrors`, so a refused mutation never leaves a half-written row.
 *
 * Each call is also audited: a success's audit row commits in the same transaction as its change
 * (no change without its row); a refusal or failure is rolled back, so its row is written after, alone.
 */
export function applyMutationBoundary(schema: GraphQLSchema): void {
  const mutationType = schema.getMutationType();
  if (!mutationType) return;
  for (const field of Object.values(mutationType.getFields())) {
    const resolve = field.resolve as GraphQLFieldResolver<unknown, Context>;
    field.resolve = (root, args, ctx, info) => runMutation(ctx, field.name, args, () => resolve(root, args, ctx, info));
  }
}

/**
 * One mutation call as the boundary runs it: its transaction, its audit row (named `operation`,
 * listing the fields of `args`) and its after-commit hooks. Answers the payload, or on a refusal
 * the refused payload (at least `{ userErrors }`); other failures are thrown after their audit row.
 * Routes outside GraphQL that perform a mutation's work (Open311) call it too, so they are audited
 * and published exactly like the mutation.
 */
export async function runMutation(ctx: Context, operation: string, args: Record<string, unknown>, resolve: () => unknown): Promise<unknown> {
  try {
    const result = await runInTransaction(ctx.db, async (tx) => {
      ctx.tx = tx;
      ctx.afterCommit = []; // per attempt: a transaction retried after a deadlock starts afresh
      try {
        const payload = (await resolve()) as { userErrors?: UserError[] } | null;
        if (payload?.userErrors?.length) throw new Refused(payload);
        await appendAuditEntry(tx, auditEntryOf(ctx, operation, args, { outcome: AuditOutcome.OK, payload }));
        // Past the deadline the caller has been (or will be) told TIMEOUT: roll back, never commit.
        if (ctx.timeBudget && !ctx.timeBudget.mayCommit()) throw timeoutError(ctx.timeBudget.timeoutMs);
        return payload;
      } finally {
        ctx.tx = null;
      }
    });
    const hooks = ctx.afterCommit.splice(0);
    ctx.log.debug({ mutation: operation, afterCommit: hooks.length }, 'mutation committed');
    for (const hook of hooks) {
      try {
        hook();
      } catch (err) {
        ctx.log.error({ mutation: operation, err }, 'after-commit hook failed');
      }
    }
    return result;
  } catch (err) {
    const refusal = refusalOf(err);
    const ending: AuditEnding = refusal ? { outcome: AuditOutcome.REFUSED, userErrors: refusal.userErrors } : { outcome: AuditOutcome.ERROR, error: err };
    await auditAlone(ctx, operation, args, ending);
    if (refusal) return refused(ctx, refusal);
    throw err;
  }
}

/** The payload a refused mutation answers with; null for a failure that stays a top-level error. */
function refusalOf(err: unknown): { userErrors: UserError[] } | null {
  if (err instanceof Refused) return err.payload as { userErrors: UserError[] };
  if (err instanceof UserInputError) return { userErrors: err.errors };
  if (err instanceof ArgumentValidationError) return { userErrors: validationToUserErrors(err.extensions.validationErrors, ['input']) };
  return null;
}

/** The row of a rolled-back call. Its failure is logged, not raised: the caller still gets the mutation's own answer. */
async function auditAlone(ctx: Context, operation: string, args: Record<string, unknown>, ending: AuditEnding): Promise<void> {
  try {
    await runInTransaction(ctx.db, (tx) => appendAuditEntry(tx, auditEntryOf(ctx, operation, args, ending)));
  } catch (err) {
    ctx.log.error({ err, operation, outcome: ending.outcome }, 'audit entry not written');
  }
}

/** The refusal's codes go on the request's trace (access line, userErrors metric): the payload's selection may omit them. */
function refused<P extends { userErrors: UserError[] }>(ctx: Context, payload: P): P {
  ctx.trace?.userErrorCodes.push(...payload.userErrors.map((e) => e.code));
  return payload;
}

export function validationToUserErrors(errors: ValidationError[], prefix: string[]): UserError[] {
  return violationsOf(errors, prefix).map((v) => userError(ErrorCode.INVALID, v.path, v.message));
}
