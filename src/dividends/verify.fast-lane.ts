import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PublicRateCounter } from '../common/public-rate-counter.js';
import { securityHeaders } from '../common/security-headers.js';
import { VerifyService } from './verify.service.js';

const VERIFY_ROUTE = '/api/verify/:code';
const PREFIX = '/api/verify/';

/**
 * The response head of a cached answer as a flat [name, value, …] list, one per protocol, reused: writeHead
 * reads it at once, so each request only fills in its own four values.
 */
class AnswerHead {
  private readonly fields: string[];
  private readonly at: number;

  constructor(protocol: string, limit: number) {
    const fields = securityHeaders(protocol).flatMap(([name, value]) => [name, value]);
    this.at = fields.length;
    fields.push('content-type', 'application/json; charset=utf-8', 'content-length', '', 'x-request-id', '');
    fields.push('x-ratelimit-limit', String(limit), 'x-ratelimit-remaining', '');
    this.fields = fields;
  }

  filled(length: number, requestId: string, remaining: number): string[] {
    this.fields[this.at + 3] = String(length);
    this.fields[this.at + 5] = requestId;
    this.fields[this.at + 9] = String(remaining);
    return this.fields;
  }
}

/**
 * GET /api/verify/:code answers a cached code (a posted payout never changes) in the first onRequest hook,
 * before every other hook and Nest's chain: the body the controller sent (kept as text), the same security
 * headers, x-request-id and x-ratelimit headers, counted on the route's public counter as the controller's
 * guard counts. A URL with a query string (which the text checks would look at), a miss, or a client over the
 * limit goes on to the controller as before (its query, its 404, its 429 body).
 * Call first in configureApp, before the other hooks are added.
 */
export function serveCachedVerifications(app: NestFastifyApplication): void {
  const verifier = app.get(VerifyService);
  const counter = app.get(PublicRateCounter);
  const heads = { http: new AnswerHead('http', counter.max), https: new AnswerHead('https', counter.max) };
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const url = request.raw.url ?? '';
    if (request.method !== 'GET' || !url.startsWith(PREFIX) || url.includes('?')) return done();
    const code = (request.params as { code?: string }).code;
    const cached = code === undefined ? undefined : verifier.cachedBody(code.slice(0, 64));
    if (cached === undefined) return done();
    const verdict = counter.count(VERIFY_ROUTE, request.ip);
    if (verdict.retryAfter !== null) return done();
    const head = request.protocol === 'https' ? heads.https : heads.http;
    reply.hijack();
    reply.raw.writeHead(200, head.filled(cached.bytes, request.id, verdict.remaining));
    reply.raw.end(cached.body); // a string: one write with the head
  });
}
