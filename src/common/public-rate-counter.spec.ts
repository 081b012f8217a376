import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { PublicRateCounter } from './public-rate-counter.js';

/** The counter at a given time (the library's store reads Date.now()). */
function countAt(counter: PublicRateCounter, route: string, ip: string, now: number) {
  jest.setSystemTime(now);
  return counter.count(route, ip);
}

describe('PublicRateCounter', () => {
  jest.useFakeTimers();
  afterEach(() => jest.clearAllTimers());

  it('counts a fixed minute per client and route: remaining, then the seconds left once over', () => {
    const counter = new PublicRateCounter(3);
    const at = 1_000_000;
    const seen = [0, 1, 2, 3].map((i) => countAt(counter, '/api/verify/:code', '10.0.0.1', at + i * 1000));
    expect(seen).toEqual([
      { max: 3, remaining: 2, retryAfter: null },
      { max: 3, remaining: 1, retryAfter: null },
      { max: 3, remaining: 0, retryAfter: null },
      { max: 3, remaining: 0, retryAfter: 57 },
    ]);
    expect(countAt(counter, '/v/:code', '10.0.0.1', at + 4000).remaining).toBe(2); // another route counts apart
    expect(countAt(counter, '/api/verify/:code', '10.0.0.2', at + 4000).remaining).toBe(2); // another client too
    expect(countAt(counter, '/api/verify/:code', '10.0.0.1', at + 59_999).retryAfter).toBe(1);
    expect(countAt(counter, '/api/verify/:code', '10.0.0.1', at + 60_000)).toEqual({
      max: 3,
      remaining: 2,
      retryAfter: null,
    });
  });

  it('counts IPv6 clients by their /64 and IPv4-mapped addresses as IPv4', () => {
    const counter = new PublicRateCounter(10);
    countAt(counter, 'r', '2001:db8:1:2::1', 0);
    expect(countAt(counter, 'r', '2001:db8:1:2:ffff::9', 0).remaining).toBe(8);
    expect(countAt(counter, 'r', '2001:db8:1:3::1', 0).remaining).toBe(9);
    countAt(counter, 'r', '192.0.2.7', 0);
    expect(countAt(counter, 'r', '::ffff:192.0.2.7', 0).remaining).toBe(8);
  });
});
