import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../config/env.js';
import { DomainError } from './errors/domain-error.js';
import { PublicRateCounter } from './public-rate-counter.js';

/** Counts a public request against its route's counter (whoever asks: the guard or the fast lane). */
export function countPublicRequest(counter: PublicRateCounter, request: FastifyRequest, reply: FastifyReply) {
  const verdict = counter.count(request.routeOptions.url ?? '', request.ip);
  reply.header('x-ratelimit-limit', String(verdict.max));
  reply.header('x-ratelimit-remaining', String(verdict.remaining));
  return verdict.retryAfter;
}

/**
 * Public routes (/api/verify, /v/…): `PUBLIC_RATE_LIMIT` requests a minute per client, counted per route in
 * this process's memory (PublicRateCounter) — on purpose not in the database: a public read must never become a
 * write queued before the ledger's postings. The guard turns the verdict into the product's 429 body (code,
 * retryAfter) through the one exception filter.
 */
@Injectable()
export class PublicRateLimitGuard implements CanActivate {
  constructor(@Inject(PublicRateCounter) private readonly counter: PublicRateCounter) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const retryAfter = countPublicRequest(this.counter, http.getRequest(), http.getResponse());
    if (retryAfter === null) return true;
    throw new DomainError(
      'TooMany',
      'RATE_LIMITED',
      '请求过于频繁，请稍后再试',
      'too many requests: try again in a minute',
      { retryAfter },
    );
  }
}

/** The one counter of an application (a provider of the core module). */
export const publicRateCounterProvider = {
  provide: PublicRateCounter,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => new PublicRateCounter(config.publicRateLimitPerMinute),
};
