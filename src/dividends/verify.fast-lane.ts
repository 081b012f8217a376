import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { countPublicRequest } from '../common/rate-limit.guard.js';
import { APP_CONFIG, type AppConfig } from '../config/env.js';
import { VerifyService } from './verify.service.js';

const VERIFY_ROUTE = '/api/verify/:code';

/**
 * GET /api/verify/:code answers a cached code (a posted payout never changes) as a Fastify pre-handler, before
 * Nest's guard, pipe and interceptor chain: the route is public and read-only, so a cached answer needs only the
 * public rate limit, on the same counter as the controller's guard. Misses and refusals go on to the
 * controller as before (its query, its 404 and 429 bodies); the security headers come from the onRequest hooks.
 * Call before the routes are registered (app.init / listen).
 */
export function serveCachedVerifications(app: NestFastifyApplication): void {
  const verifier = app.get(VerifyService);
  const max = app.get<AppConfig>(APP_CONFIG).publicRateLimitPerMinute;
  const fastify = app.getHttpAdapter().getInstance();
  const answerCached = async (request: FastifyRequest, reply: FastifyReply) => {
    const value = verifier.cached(String((request.params as { code?: unknown }).code ?? '').slice(0, 64));
    if (value === undefined) return;
    // over the limit: the controller's guard answers the 429
    if ((await countPublicRequest(fastify, max, request, reply)) !== null) return;
    return reply.send(value);
  };
  fastify.addHook('onRoute', (route: RouteOptions) => {
    if (route.url !== VERIFY_ROUTE || route.method !== 'GET') return;
    route.preHandler = [...[route.preHandler ?? []].flat(), answerCached];
  });
}
