import rateLimit from '@fastify/rate-limit';
import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../config/env.js';
import { DomainError } from './errors/domain-error.js';

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

/** Registers @fastify/rate-limit without a global hook: routes opt in with PublicRateLimitGuard. */
export async function registerRateLimit(app: NestFastifyApplication): Promise<void> {
  await app.register(rateLimit as never, { global: false, cache: 50_000 });
}

/**
 * Public routes (/api/verify, /v/…): `PUBLIC_RATE_LIMIT` requests a minute per client, counted by
 * @fastify/rate-limit (fixed window, IPv6 by /64) in this process's memory — on purpose not in the database:
 * a public read must never become a write queued before the ledger's postings. The guard turns the
 * library's verdict into the product's 429 body (code, retryAfter) through the one exception filter.
 */
@Injectable()
export class PublicRateLimitGuard implements CanActivate {
  private limiter: Limiter | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse();
    this.limiter ??= (this.adapterHost.httpAdapter.getInstance() as FastifyInstance).createRateLimit({
      max: this.config.publicRateLimitPerMinute,
      timeWindow: 60_000,
    });
    const verdict = await this.limiter(request);
    if (verdict.isAllowed) return true;
    reply.header('x-ratelimit-limit', String(verdict.max));
    reply.header('x-ratelimit-remaining', String(verdict.remaining));
    if (!verdict.isExceeded) return true;
    throw new DomainError(
      'TooMany',
      'RATE_LIMITED',
      '请求过于频繁，请稍后再试',
      'too many requests: try again in a minute',
      { retryAfter: verdict.ttlInSeconds },
    );
  }
}
