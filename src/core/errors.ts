import { GraphQLError } from 'graphql';
import { Field, ObjectType, registerEnumType } from 'type-graphql';

/** Machine-readable codes of `userErrors` entries (the contract's ErrorCode, extended). */
export enum ErrorCode {
  INVALID = 'INVALID',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  FORBIDDEN = 'FORBIDDEN',
  LIMIT_EXCEEDED = 'LIMIT_EXCEEDED',
  INSUFFICIENT_BALANCE = 'INSUFFICIENT_BALANCE',
}

registerEnumType(ErrorCode, {
  name: 'ErrorCode',
  description: 'Why a mutation refused its input.',
  valuesConfig: {
    INVALID: { description: 'The value is malformed or outside its allowed range.' },
    NOT_FOUND: { description: 'The referenced object does not exist (or is not visible to the caller).' },
    CONFLICT: { description: 'The change clashes with the current state, e.g. a duplicate code.' },
    FORBIDDEN: { description: 'The caller may not make this change.' },
    LIMIT_EXCEEDED: { description: 'A rate or size limit was reached (or a quota is used up); retry later or ask for less.' },
    INSUFFICIENT_BALANCE: { description: 'The time-bank account holds fewer credits than the payment; nothing was taken.' },
  },
});

@ObjectType({ description: 'A problem with the input that the caller can fix.' })
export class UserError {
  @Field(() => [String], { nullable: true, description: 'Path to the input field at fault, e.g. ["input", "code"].' })
  field: string[] | null;

  @Field({ description: 'Human-readable explanation.' })
  message: string;

  @Field(() => ErrorCode, { description: 'Machine-readable reason.' })
  code: ErrorCode;
}

/** Thrown by services for anything the caller can fix; the mutation boundary turns it into `userErrors` and rolls back. */
export class UserInputError extends Error {
  constructor(readonly errors: UserError[]) {
    super(errors.map((e) => e.message).join('; '));
  }
}

export function userError(code: ErrorCode, field: string[] | null, message: string): UserError {
  return Object.assign(new UserError(), { code, field, message });
}

export function fail(code: ErrorCode, field: string[] | null, message: string): never {
  throw new UserInputError([userError(code, field, message)]);
}

/** Top-level errors: authentication and permission failures, and limits on queries. */
export function unauthenticated(message = 'Authentication required'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED' } });
}

export function forbidden(message = 'Not allowed'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}

export function limitExceeded(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'LIMIT_EXCEEDED' } });
}

export function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

/** Codes whose message is safe to show the client as is; everything else is masked. */
export const PUBLIC_ERROR_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'LIMIT_EXCEEDED',
  'BAD_USER_INPUT',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);
