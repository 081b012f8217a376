import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import { registerDecorator, ValidateIf, type ValidationOptions } from 'class-validator';
import { isIsoDate } from './dates.js';
import { DECIMAL_PATTERN_4, isYuanString } from './money.js';

export { isIsoDate };

/**
 * May be left out, but not sent as null: `@IsOptional()` lets null through, which a setting without a
 * "none" value (a percentage, a number of days) must refuse.
 */
export function IsOmittable(): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined);
}

/** Yuan amount string: at most two decimals, ≤ 1,000,000,000,000.00; JSON numbers are refused. */
export function IsYuan(options: { positive?: boolean } = {}, validationOptions?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isYuan',
      target: target.constructor,
      propertyName,
      options: validationOptions,
      validator: {
        validate: (value: unknown) => isYuanString(value) && (!options.positive || /[1-9]/.test(value)),
        defaultMessage: () =>
          `${propertyName}: 金额须为最多两位小数的字符串${options.positive ? '且大于0' : ''}，不超过1万亿元 / ` +
          `${propertyName} must be a${options.positive ? ' positive' : 'n'} amount string like "500.00" ` +
          '(at most 2 decimals, ≤ 1000000000000)',
      },
    });
}

/** Decimal string with up to 4 decimals ("0.08", "1.5"). */
export function IsDecimalString(
  options: { max?: number; min?: number; exclusiveMin?: boolean; exclusiveMax?: boolean } = {},
) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isDecimalString',
      target: target.constructor,
      propertyName,
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string' || value.length > 24 || !DECIMAL_PATTERN_4.test(value)) return false;
          const n = Number(value); // range check only; the exact value stays a string
          if (options.max !== undefined && (options.exclusiveMax ? n >= options.max : n > options.max)) return false;
          if (options.min !== undefined && (options.exclusiveMin ? n <= options.min : n < options.min)) return false;
          return true;
        },
        defaultMessage: () => {
          const range = options.max !== undefined ? `（范围 ${options.min ?? 0}–${options.max}）` : '';
          const rangeEn = range ? ` in ${options.min ?? 0}..${options.max}` : '';
          return (
            `${propertyName}: 须为最多四位小数的数字字符串${range} / ` +
            `${propertyName} must be a decimal string with at most 4 decimals${rangeEn}`
          );
        },
      },
    });
}

export function IsIsoDate() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isIsoDate',
      target: target.constructor,
      propertyName,
      validator: {
        validate: isIsoDate,
        defaultMessage: () =>
          `${propertyName}: 日期须为存在的 YYYY-MM-DD / ${propertyName} must be an existing date YYYY-MM-DD`,
      },
    });
}

/** Bilingual message for class-validator's built-ins, naming the field. */
export function msg(zh: string, en: string): ValidationOptions {
  return { message: (args) => `${args.property}: ${zh} / ${args.property} ${en}` };
}

function flatten(errors: ValidationError[], prefix = ''): string[] {
  const out: string[] = [];
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) {
      for (const [name, text] of Object.entries(error.constraints)) {
        if (name === 'whitelistValidation') out.push(`${path}: 不允许的字段 / property ${path} should not exist`);
        else out.push(prefix ? `${prefix}.${text}` : text);
      }
    }
    if (error.children?.length) out.push(...flatten(error.children, path));
  }
  return out;
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) =>
      new BadRequestException({ statusCode: 400, error: 'Bad Request', message: flatten(errors) }),
  });
}
