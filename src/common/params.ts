import { BadRequestException, ParseIntPipe, ParseUUIDPipe } from '@nestjs/common';

/** Path ids are UUIDs: anything else is a 400 naming the parameter. */
export const UUID_PARAM = new ParseUUIDPipe({
  exceptionFactory: () =>
    new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: ['id: 须为UUID格式 / id must be a UUID'],
    }),
});

export const YEAR_PARAM = new ParseIntPipe({
  exceptionFactory: () =>
    new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: ['year: 须为2000–2100的整数 / year must be an integer 2000–2100'],
    }),
});

export function assertYear(year: number, field = 'year'): number {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) {
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: [`${field}: 须为2000–2100的整数 / ${field} must be an integer 2000–2100`],
    });
  }
  return year;
}

/** ?limit= with a default and a ceiling (a limit on everything). */
export function parseLimit(raw: unknown, fallback: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = typeof raw === 'string' && /^\d{1,7}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < 1) {
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: [`limit: 须为正整数 / limit must be a positive integer`],
    });
  }
  return Math.min(n, max);
}

/** ?offset= : 0 (the first page) or more. */
export function parseOffset(raw: unknown, max: number): number {
  if (raw === undefined || raw === '') return 0;
  const n = typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < 0) {
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: [`offset: 须为0或正整数 / offset must be 0 or a positive integer`],
    });
  }
  return Math.min(n, max);
}
