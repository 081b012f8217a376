/** Business errors carry a stable code, a kind that decides the HTTP status, and a bilingual message. */
export type ErrorKind =
  'BadInput' | 'Unauthorized' | 'NotFound' | 'Forbidden' | 'Conflict' | 'RuleViolation' | 'TooMany' | 'Unavailable';

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    readonly zh: string,
    readonly en: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(`${zh} / ${en}`);
  }
}

export const notFound = (what: string, zhWhat: string) =>
  new DomainError('NotFound', 'NOT_FOUND', `${zhWhat}不存在或无权访问`, `${what} not found`);
export const forbidden = (code: string, zh: string, en: string) => new DomainError('Forbidden', code, zh, en);
export const conflict = (code: string, zh: string, en: string, details?: Record<string, unknown>) =>
  new DomainError('Conflict', code, zh, en, details);
export const ruleViolation = (code: string, zh: string, en: string, details?: Record<string, unknown>) =>
  new DomainError('RuleViolation', code, zh, en, details);
export const badInput = (code: string, zh: string, en: string, details?: Record<string, unknown>) =>
  new DomainError('BadInput', code, zh, en, details);

export function httpStatusOf(kind: ErrorKind): number {
  switch (kind) {
    case 'BadInput':
      return 400;
    case 'Unauthorized':
      return 401;
    case 'NotFound':
      return 404;
    case 'Forbidden':
      return 403;
    case 'Conflict':
      return 409;
    case 'RuleViolation':
      return 422;
    case 'TooMany':
      return 429;
    case 'Unavailable':
      return 503;
  }
}
