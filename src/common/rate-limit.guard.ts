import rateLimit from '@fastify/rate-limit';
import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../config/env.js';
import { DomainError } from './errors/domain-error.js';

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

/** Registers @fastify/rate-limit without a global hook: routes opt in with PublicRateLimitGuard. */
export async function registerRateLimit(app: NestFastifyApplication): Promise<void> {
  await app.register(rateLimit as never, { global: false, cache: 50_000 });
}

const limiters = new WeakMap<FastifyInstance, Map<string, Limiter>>();

/**
 * Counts a public request against its route's counter (one per route, whoever asks: the guard or a
 * pre-handler), setting the x-ratelimit headers: null while under the limit, else the seconds to wait.
 */
export async function countPublicRequest(
  fastify: FastifyInstance,
  max: number,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<number | null> {
  let byRoute = limiters.get(fastify);
  if (!byRoute) limiters.set(fastify, (byRoute = new Map()));
  const route = request.routeOptions.url ?? '';
  let limiter = byRoute.get(route);
  if (!limiter) byRoute.set(route, (limiter = fastify.createRateLimit({ max, timeWindow: 60_000 })));
  const verdict = await limiter(request);
  if (verdict.isAllowed) return null;
  reply.header('x-ratelimit-limit', String(verdict.max));
  reply.header('x-ratelimit-remaining', String(verdict.remaining));
  return verdict.isExceeded ? verdict.ttlInSeconds : null;
}

/**
 * Public routes (/api/verify, /v/…): `PUBLIC_RATE_LIMIT` requests a minute per client, counted by
 * @fastify/rate-limit (fixed window, IPv6 by /64, a counter per route) in this process's memory — on purpose
 * not in the database: a public read must never become a write queued before the ledger's postings. The guard
 * turns the library's verdict into the product's 429 body (code, retryAfter) through the one exception filter.
 */
@Injectable()
export class PublicRateLimitGuard implements CanActivate {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const retryAfter = await this.count(request, context.switchToHttp().getResponse());
    if (retryAfter === null) return true;
    throw new DomainError(
      'TooMany',
      'RATE_LIMITED',
      '请求过于频繁，请稍后再试',
      'too many requests: try again in a minute',
      { retryAfter },
    );
  }

  private count(request: FastifyRequest, reply: FastifyReply): Promise<number | null> {
    const fastify = this.adapterHost.httpAdapter.getInstance() as FastifyInstance;
    return countPublicRequest(fastify, this.config.publicRateLimitPerMinute, request, reply);
  }
}
