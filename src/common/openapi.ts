import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiQuery, ApiResponse } from '@nestjs/swagger';

/** The one error body of AllExceptionsFilter; 400s from the validators carry a list of messages. */
export const ERROR_BODY_SCHEMA = {
  type: 'object',
  required: ['statusCode', 'error', 'message'],
  properties: {
    statusCode: { type: 'integer', example: 404 },
    error: { type: 'string', example: 'Not Found' },
    message: {
      oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
      example: '分红方案不存在或无权访问 / dividend run not found',
    },
    code: { type: 'string', description: 'stable machine code of a business error', example: 'NOT_FOUND' },
    retryAfter: { type: 'integer', description: '429 only: seconds to wait' },
  },
} as const;

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Bad input: a malformed body, parameter or query (the message names the field)',
  401: 'Not logged in, or the session has ended',
  403: 'The role (or the village / household scope) may not do this',
  404: 'Not found, or not visible to this user',
  409: 'Conflicts with the current state (duplicate, already done, or an Idempotency-Key reused with another request)',
  413: 'Body or upload too large',
  415: 'The body is not application/json (or multipart/form-data for uploads)',
  422: 'Breaks a business rule of DOMAIN.md (the code names it)',
  429: 'Too many requests: wait retryAfter seconds',
};

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429;

/** Documents error statuses with the shared error body; on a controller it applies to all its routes. */
export function ApiErrors(...statuses: ErrorStatus[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: ERROR_DESCRIPTIONS[status], schema: ERROR_BODY_SCHEMA as never }),
    ),
  );
}

/** 401 and 403: every route that needs a login. */
export const ApiAuthErrors = () => ApiErrors(401, 403);

/** The success status of a route, with what it returns. */
export function ApiSuccess(
  status: 200 | 201 | 204,
  description: string,
  schema?: Record<string, unknown>,
  contentType?: string,
): MethodDecorator {
  if (contentType) {
    return ApiResponse({
      status,
      description,
      content: { [contentType]: { schema: schema ?? { type: 'string', format: 'binary' } } },
    });
  }
  return ApiResponse({ status, description, ...(schema ? { schema: schema as never } : {}) });
}

/** Idempotency-Key: optional on every logged-in write (common/idempotency.interceptor.ts). */
export const ApiIdempotencyKey = () =>
  ApiHeader({
    // lower case, so it merges with the handlers that read it by @Headers('idempotency-key')
    name: 'idempotency-key',
    required: false,
    description:
      'Optional, 1–128 visible ASCII characters: the same key and body return the first answer; ' +
      'the same key with another body is 409',
    schema: { type: 'string', minLength: 1, maxLength: 128 },
  });

/** A logged-in write: optional Idempotency-Key, and the statuses any write can get before its handler runs. */
export const ApiWrite = () => applyDecorators(ApiIdempotencyKey(), ApiErrors(400, 409, 413, 415));

/** A multipart upload (one file, at most 20 MiB). */
export const ApiUpload = () => ApiErrors(400, 413, 415);

type QueryType = 'string' | 'integer' | 'date';

/** An optional query parameter; enum where the values are fixed. */
export function ApiQueryParam(
  name: string,
  type: QueryType | readonly string[],
  description?: string,
  extra: { minimum?: number; maximum?: number; maxLength?: number } = {},
): MethodDecorator {
  const schema = Array.isArray(type)
    ? { type: 'string', enum: [...type] }
    : type === 'date'
      ? { type: 'string', format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' }
      : { type, ...extra };
  return ApiQuery({ name, required: false, description, schema: schema as never });
}

/** limit and offset of a paged list. */
export const ApiPaging = (maxLimit: number) =>
  applyDecorators(
    ApiQueryParam('limit', 'integer', `at most ${maxLimit}`, { minimum: 1, maximum: maxLimit }),
    ApiQueryParam('offset', 'integer', 'rows to skip', { minimum: 0 }),
  );

export const FORMATS_HTML_PDF = ['html', 'pdf'] as const;
