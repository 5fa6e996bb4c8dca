import { getMetadataStorage, registerDecorator, validateOrReject, validateSync, type ValidationArguments, type ValidationError, type ValidationOptions, type ValidatorOptions } from 'class-validator';
import { ArgumentValidationError, type ValidatorFn } from 'type-graphql';

/** Length in characters (code points, as MySQL counts them), not UTF-16 units; blank text counts as empty. */
export function CharLength(min: number, max: number, options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'charLength',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'string') return false;
          const length = [...value].length;
          if (min > 0 && value.trim() === '') return false;
          return length >= min && length <= max;
        },
        defaultMessage(args: ValidationArguments) {
          return min > 0
            ? `${args.property} must be ${min} to ${max} characters and not blank`
            : `${args.property} must be at most ${max} characters`;
        },
      },
    });
}

const VALIDATOR_OPTIONS: ValidatorOptions = { forbidUnknownValues: false, stopAtFirstError: true, skipMissingProperties: true };
const hasRules = new Map<Function, boolean>();

function ruled(value: object): boolean {
  let known = hasRules.get(value.constructor);
  if (known === undefined) {
    known = getMetadataStorage().getTargetValidationMetadatas(value.constructor, '', false, false).length > 0;
    hasRules.set(value.constructor, known);
  }
  return known;
}

/**
 * type-graphql's argument validation with the options type-graphql would use, minus its cost:
 * classes without a single rule (page arguments, most filters) are not walked at all, and
 * class-validator is imported once rather than looked up on every argument (bench/query-path.ts).
 */
export const validateArgument: ValidatorFn = async (argument) => {
  const items = Array.isArray(argument) ? argument : [argument];
  const targets = items.filter((item): item is object => item !== null && typeof item === 'object' && ruled(item));
  if (targets.length === 0) return;
  try {
    await Promise.all(targets.map((target) => validateOrReject(target, VALIDATOR_OPTIONS)));
  } catch (errors) {
    throw new ArgumentValidationError(errors as ValidationError[]);
  }
};

/** One message per field at fault (the first of its constraints), with its path under `prefix`, nested inputs included. */
export function violationsOf(errors: ValidationError[], prefix: string[] = []): { path: string[]; message: string }[] {
  return errors.flatMap((e) => {
    const path = [...prefix, e.property];
    const own = Object.values(e.constraints ?? {}).slice(0, 1).map((message) => ({ path, message }));
    return [...own, ...violationsOf(e.children ?? [], path)];
  });
}

/**
 * The rules an input class declares, checked synchronously, for input that does not come through
 * GraphQL (a row of a bulk import, an Open311 request).
 */
export function ruleViolations(value: object): { path: string[]; message: string }[] {
  return violationsOf(validateSync(value, VALIDATOR_OPTIONS));
}
