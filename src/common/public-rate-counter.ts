import { normalizeIP } from '@fastify/rate-limit';

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
      // a new window is inserted last, so the map stays ordered by window start: the oldest goes when full
      if (window) clients.delete(key);
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
