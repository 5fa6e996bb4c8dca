import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';

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
