/**
 * Login throttling (CONTRACT "Accounts and sessions"), pure: failures slow a username and a client address
 * down with a delay that doubles and is capped at 60 s; nothing ever locks the right password out for good.
 * The counters live in the database (LoginThrottleService) so every server process shares them.
 */
import { normalizeIP } from '@fastify/rate-limit';
import { createHash } from 'node:crypto';
import { truncateText } from '../common/text.js';

export const THROTTLE_DELAY_MAX_SECONDS = 60;
/** A counter is forgotten (and its row pruned) this long after its last failure. */
export const THROTTLE_FORGET_MS = 15 * 60_000;
/** Failures without any delay: a username gets 3 typos; an address (a village office behind one NAT) 10. */
export const FREE_FAILURES = { username: 3, address: 10 } as const;

export type ThrottleKind = keyof typeof FREE_FAILURES;

/** Delay after `failures` consecutive failures: 0 while free, then 1, 2, 4, 8, 16, 32, 60, 60 … seconds. */
export function delaySeconds(failures: number, kind: ThrottleKind): number {
  const over = failures - FREE_FAILURES[kind];
  if (over <= 0) return 0;
  return over > 7 ? THROTTLE_DELAY_MAX_SECONDS : Math.min(THROTTLE_DELAY_MAX_SECONDS, 2 ** (over - 1));
}

export interface ThrottleRow {
  key: string;
  failures: number;
  /** ISO instant of the last failure (or claimed attempt). */
  lastAt: string;
}

export function kindOf(key: string): ThrottleKind {
  return key.startsWith('u:') ? 'username' : 'address';
}

/** Failures that still count at `nowMs` (0 once the counter is forgotten). */
export function liveFailures(row: ThrottleRow | undefined, nowMs: number): number {
  if (!row) return 0;
  return Date.parse(row.lastAt) + THROTTLE_FORGET_MS <= nowMs ? 0 : row.failures;
}

/** Milliseconds until this key may try again (0: now). */
export function waitMs(row: ThrottleRow | undefined, nowMs: number): number {
  if (!row) return 0;
  const delayMs = delaySeconds(liveFailures(row, nowMs), kindOf(row.key)) * 1000;
  // Never longer than the delay itself, even when the clock was set back past the last failure.
  return Math.min(delayMs, Math.max(0, Date.parse(row.lastAt) + delayMs - nowMs));
}

/** Usernames are hashed: whatever was typed into the box (a password, say) is never stored as text. */
export function usernameKey(username: string): string {
  return `u:${createHash('sha256').update(username).digest('hex').slice(0, 40)}`;
}

/** Client address; IPv6 by its /64 (one subscriber's prefix), as @fastify/rate-limit counts it. */
export function addressKey(ip: string): string {
  let normal: string;
  try {
    normal = normalizeIP(ip || 'unknown');
  } catch {
    normal = ip;
  }
  return `a:${normal}`.slice(0, 80);
}

/**
 * The audit log's `actor` for a failed login: an existing account's own name; otherwise `unknown:` and the
 * first 12 hex characters of the text's SHA-256 — a password typed into the username box never lands there.
 */
export function failedLoginActor(username: string, accountExists: boolean): string {
  if (accountExists) return truncateText(username, 64);
  return `unknown:${createHash('sha256').update(username).digest('hex').slice(0, 12)}`;
}
