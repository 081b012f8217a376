import { normalizeIP } from '@fastify/rate-limit';
import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../config/env.js';
import { DomainError } from './errors/domain-error.js';

const WINDOW_MS = 60_000;
/** Clients remembered per route; the oldest window goes first (it is the nearest to its end anyway). */
const MAX_CLIENTS = 50_000;

interface Window {
  startedAt: number;
  count: number;
}

/** The verdict of one public request: the headers to send and, over the limit, the seconds to wait. */
export interface PublicCount {
  max: number;
  remaining: number;
  retryAfter: number | null;
}

/**
 * A fixed window of a minute per client and route, as @fastify/rate-limit's local store counts it (IPv6 by /64,
 * the window starting at the client's first request), but synchronous and without an object per request: the
 * verify fast lane counts on it before any other hook.
 */
export class PublicRateCounter {
  private readonly byRoute = new Map<string, Map<string, Window>>();

  constructor(readonly max: number) {}

  count(route: string, ip: string, now = Date.now()): PublicCount {
    let clients = this.byRoute.get(route);
    if (!clients) this.byRoute.set(route, (clients = new Map()));
    const key = clientKey(ip);
    let window = clients.get(key);
    if (!window || window.startedAt + WINDOW_MS <= now) {
      if (window)
        clients.delete(key); // re-inserted last: the map stays ordered by window start
      else if (clients.size >= MAX_CLIENTS) clients.delete(clients.keys().next().value as string);
      clients.set(key, (window = { startedAt: now, count: 0 }));
    }
    const count = ++window.count;
    return {
      max: this.max,
      remaining: Math.max(0, this.max - count),
      retryAfter: count > this.max ? Math.ceil((window.startedAt + WINDOW_MS - now) / 1000) : null,
    };
  }
}

function clientKey(ip: string): string {
  // dotted IPv4 (the common case) is its own key; anything else as @fastify/rate-limit normalises it
  if (/^[0-9.]+$/.test(ip)) return ip;
  try {
    return normalizeIP(ip || 'unknown');
  } catch {
    return ip;
  }
}

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
