import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/env.js';
import { Clock } from './clock.js';
import { DomainError } from './errors/domain-error.js';

/**
 * Per-client fixed-window limit for public routes (/api/verify). @nestjs/throttler 6 is CommonJS and
 * cannot load NestJS 12 (ESM-only) under Jest, so this small guard does the same job.
 */
@Injectable()
export class PublicRateLimitGuard implements CanActivate {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest();
    const reply = context.switchToHttp().getResponse();
    const client = String(request.ip ?? 'unknown');
    const now = this.clock.now().getTime();
    const limit = this.config.publicRateLimitPerMinute;
    let window = this.windows.get(client);
    if (!window || now - window.start >= 60_000) {
      window = { start: now, count: 0 };
      this.windows.set(client, window);
      if (this.windows.size > 50_000) this.windows.delete(this.windows.keys().next().value as string);
    }
    window.count++;
    reply.header?.('x-ratelimit-limit', String(limit));
    reply.header?.('x-ratelimit-remaining', String(Math.max(0, limit - window.count)));
    if (window.count > limit) {
      reply.header?.('retry-after', String(Math.ceil((window.start + 60_000 - now) / 1000)));
      throw new DomainError(
        'TooMany',
        'RATE_LIMITED',
        '请求过于频繁，请稍后再试',
        'too many requests: try again in a minute',
      );
    }
    return true;
  }
}
