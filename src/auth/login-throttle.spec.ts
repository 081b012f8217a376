import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import {
  THROTTLE_FORGET_MS,
  addressKey,
  delaySeconds,
  failedLoginActor,
  liveFailures,
  usernameKey,
  waitMs,
} from './login-throttle.js';

const AT = Date.parse('2026-06-15T08:00:00.000Z');

describe('login throttle schedule', () => {
  it('gives a username 3 free failures, then 1, 2, 4 … s capped at 60', () => {
    expect(Array.from({ length: 13 }, (_, i) => delaySeconds(i + 1, 'username'))).toEqual([
      0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60, 60, 60,
    ]);
    expect(delaySeconds(1_000_000, 'username')).toBe(60);
  });

  it('gives a client address 10 free failures (one village office, many users), then the same doubling', () => {
    expect(Array.from({ length: 14 }, (_, i) => delaySeconds(i + 1, 'address'))).toEqual([
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 4, 8,
    ]);
  });

  it('waits from the last failure, and forgets a counter 15 minutes after it', () => {
    const row = { key: usernameKey('kuaiji'), failures: 5, lastAt: new Date(AT).toISOString() };
    expect(waitMs(row, AT)).toBe(2000);
    expect(waitMs(row, AT + 1500)).toBe(500);
    expect(waitMs(row, AT + 2000)).toBe(0);
    expect(liveFailures(row, AT + THROTTLE_FORGET_MS - 1)).toBe(5);
    expect(liveFailures(row, AT + THROTTLE_FORGET_MS)).toBe(0);
    expect(waitMs(undefined, AT)).toBe(0);
  });

  it('keys usernames by hash (no typed text stored) and IPv6 addresses by /64', () => {
    expect(usernameKey('my secret password')).toMatch(/^u:[0-9a-f]{40}$/);
    expect(usernameKey('x')).not.toBe(usernameKey('X'));
    expect(addressKey('192.168.1.10')).toBe('a:192.168.1.10');
    expect(addressKey('::ffff:192.168.1.10')).toBe('a:192.168.1.10');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe(addressKey('2001:db8:1:2:bbbb::7'));
    expect(addressKey('2001:db8:1:2::1')).not.toBe(addressKey('2001:db8:1:3::1'));
    expect(addressKey('')).toBe('a:unknown');
  });

  it('records an unknown username as a short hash, never as its text', () => {
    const typed = 'Tr0ub4dor&3-password';
    expect(failedLoginActor(typed, false)).toBe(
      `unknown:${createHash('sha256').update(typed).digest('hex').slice(0, 12)}`,
    );
    expect(failedLoginActor('\udfff', false)).toMatch(/^unknown:[0-9a-f]{12}$/);
    expect(failedLoginActor('kuaiji', true)).toBe('kuaiji');
  });
});

describe('login throttle and a clock set back', () => {
  it('never asks to wait longer than the delay, even when the last failure lies in the future', () => {
    const row = { key: usernameKey('admin'), failures: 10, lastAt: new Date(AT + 10 * 86_400_000).toISOString() };
    expect(waitMs(row, AT)).toBe(60_000);
  });
});
