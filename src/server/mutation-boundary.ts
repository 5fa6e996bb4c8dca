import { GraphQLSchema, type GraphQLFieldResolver } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import type { ValidationError } from 'class-validator';
import { ErrorCode, UserInputError, userError, type UserError } from '../core/errors';
import { runInTransaction } from '../core/transaction';
import type { Context } from './context';

/** Carries a refused payload out of the transaction callback so that the transaction rolls back. */
class Refused {
  constructor(readonly payload: unknown) {}
}

/**
 * Every root mutation field runs in one transaction. Input problems (class-validator failures,
 * UserInputError from a service, or a payload that reports userErrors) roll it back and come back as
 * the payload's `userErrors`, so a refused mutation never leaves a half-written row.
 */
export function applyMutationBoundary(schema: GraphQLSchema): void {
  const mutationType = schema.getMutationType();
  if (!mutationType) return;
  for (const field of Object.values(mutationType.getFields())) {
    const resolve = field.resolve as GraphQLFieldResolver<unknown, Context>;
    field.resolve = async (root, args, ctx, info) => {
      try {
        const result = await runInTransaction(ctx.db, async (tx) => {
          ctx.tx = tx;
          ctx.afterCommit = []; // per attempt: a transaction retried after a deadlock starts afresh
          try {
            const payload = (await resolve(root, args, ctx, info)) as { userErrors?: UserError[] } | null;
            if (payload?.userErrors?.length) throw new Refused(payload);
            return payload;
          } finally {
            ctx.tx = null;
          }
        });
        const hooks = ctx.afterCommit.splice(0);
        ctx.log.debug({ mutation: info.fieldName, afterCommit: hooks.length }, 'mutation committed');
        for (const hook of hooks) {
          try {
            hook();
          } catch (err) {
            ctx.log.error({ mutation: info.fieldName, err }, 'after-commit hook failed');
          }
        }
        return result;
      } catch (err) {
        if (err instanceof Refused) return refused(ctx, err.payload as { userErrors: UserError[] });
        if (err instanceof UserInputError) return refused(ctx, { userErrors: err.errors });
        if (err instanceof ArgumentValidationError) return refused(ctx, { userErrors: validationToUserErrors(err.extensions.validationErrors, ['input']) });
        throw err;
      }
    };
  }
}

/** The refusal's codes go on the request's trace (access line, userErrors metric): the payload's selection may omit them. */
function refused<P extends { userErrors: UserError[] }>(ctx: Context, payload: P): P {
  ctx.trace?.userErrorCodes.push(...payload.userErrors.map((e) => e.code));
  return payload;
}

export function validationToUserErrors(errors: ValidationError[], prefix: string[]): UserError[] {
  return errors.flatMap((e) => {
    const field = [...prefix, e.property];
    const own = Object.values(e.constraints ?? {}).slice(0, 1).map((message) => userError(ErrorCode.INVALID, field, message));
    return [...own, ...validationToUserErrors(e.children ?? [], field)];
  });
}
