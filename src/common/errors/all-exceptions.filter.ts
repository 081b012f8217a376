import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { DomainError, httpStatusOf } from './domain-error.js';

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** One place maps every error to a status and a body `{statusCode, message, error, code?}`. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse();
    const request = host.switchToHttp().getRequest();
    const { status, body } = this.describe(exception, request?.id);
    if (typeof reply.status === 'function' && typeof reply.send === 'function') {
      if (status === 429 && typeof body.retryAfter === 'number') reply.header('retry-after', String(body.retryAfter));
      reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
    }
  }

  describe(exception: unknown, requestId?: string): { status: number; body: Record<string, unknown> } {
    if (exception instanceof DomainError) {
      const status = httpStatusOf(exception.kind);
      return {
        status,
        body: {
          statusCode: status,
          error: STATUS_TEXT[status],
          code: exception.code,
          message: exception.message,
          ...exception.details,
        },
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const body =
        typeof response === 'string'
          ? { statusCode: status, message: response, error: STATUS_TEXT[status] }
          : { ...(response as object) };
      return { status, body: { statusCode: status, error: STATUS_TEXT[status] ?? 'Error', ...body } };
    }
    const fastifyStatus = (exception as { statusCode?: number })?.statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      return {
        status: fastifyStatus,
        body: {
          statusCode: fastifyStatus,
          error: STATUS_TEXT[fastifyStatus] ?? 'Error',
          message: (exception as { messages?: string[] }).messages ?? (exception as Error).message,
        },
      };
    }
    // TypeORM's errors, and the driver's own from the prepared-statement fast path (SqliteError).
    if (exception instanceof QueryFailedError || (exception as { name?: string })?.name === 'SqliteError') {
      const text = String((exception as { message?: string }).message ?? '');
      if (/append-only/.test(text)) return this.plain(409, '记录只能追加，不能修改或删除 / records are append-only');
      if (/invalid byte sequence|unsupported Unicode escape|null character not permitted/i.test(text)) {
        return this.plain(
          400,
          '文本含有数据库不能保存的字符（如 NUL） / the text holds a character the database cannot store',
        );
      }
      if (/UNIQUE|unique|duplicate key/.test(text)) return this.plain(409, '记录已存在（重复） / duplicate record');
      if (/FOREIGN KEY|foreign key/.test(text)) {
        return this.plain(409, '关联记录不存在或仍被引用 / related record missing or still referenced');
      }
      if (/readonly|read-only|SQLITE_FULL|disk|No space/i.test(text)) {
        return this.plain(
          503,
          '数据库暂不可写（磁盘只读或已满），请联系管理员 / database not writable (read-only or full disk)',
        );
      }
    }
    this.logger.error(`request ${requestId ?? '-'}: ${(exception as Error)?.stack ?? String(exception)}`);
    return this.plain(500, '服务器内部错误，请联系管理员 / internal server error');
  }

  private plain(status: number, message: string) {
    return { status, body: { statusCode: status, error: STATUS_TEXT[status], message } };
  }
}
