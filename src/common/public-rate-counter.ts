import { normalizeIP } from '@fastify/rate-limit';
import { createRequire } from 'node:module';

const WINDOW_MS = 60_000;
/** Clients remembered per route (least recently seen go first). */
const MAX_CLIENTS = 50_000;

/** The verdict of one public request: the headers to send and, over the limit, the seconds to wait. */
export interface PublicCount {
  max: number;
  remaining: number;
  retryAfter: number | null;
}

interface StoreEntry {
  current: number;
  ttl: number;
}

/** @fastify/rate-limit's in-memory store: its `incr` answers through a callback, synchronously. */
interface RateStore {
  incr(key: string, done: (error: Error | null, entry: StoreEntry) => void, windowMs: number, max: number): void;
}

// The plugin exports its store class by file only (no typings for it).
const LocalStore = createRequire(import.meta.url)('@fastify/rate-limit/store/LocalStore.js') as new (
  continueExceeding: boolean,
  exponentialBackoff: boolean,
  cache: number,
) => RateStore;

/**
 * A fixed window of a minute per client and route, counted by @fastify/rate-limit's own store (IPv6 by /64, the
 * window starting at the client's first request), called directly: the plugin's per-request hook is async and
 * the verify fast lane counts before any other hook.
 */
export class PublicRateCounter {
  private readonly byRoute = new Map<string, RateStore>();

  constructor(readonly max: number) {}

  count(route: string, ip: string): PublicCount {
    let store = this.byRoute.get(route);
    if (!store) {
      this.byRoute.set(route, (store = new LocalStore(false, false, MAX_CLIENTS)));
    }
    let verdict: PublicCount = { max: this.max, remaining: this.max, retryAfter: null };
    store.incr(
      clientKey(ip),
      (_error, entry) => {
        verdict = {
          max: this.max,
          remaining: Math.max(0, this.max - entry.current),
          retryAfter: entry.current > this.max ? Math.max(1, Math.ceil(entry.ttl / 1000)) : null,
        };
      },
      WINDOW_MS,
      this.max,
    );
    return verdict;
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
