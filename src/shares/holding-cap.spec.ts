import { describe, expect, it } from '@jest/globals';
import { holdersAboveCap } from './holding-cap.js';

describe('holdersAboveCap', () => {
  const units = new Map([
    ['a', 850_000n],
    ['b', 120_000n],
    ['c', 30_000n],
  ]); // 85, 12 and 3 of 100 shares

  it('flags holders strictly above the cap, exactly', () => {
    expect([...holdersAboveCap(units, '3')]).toEqual(['a', 'b']);
    expect([...holdersAboveCap(units, '12')]).toEqual(['a']);
    expect([...holdersAboveCap(units, '85')]).toEqual([]);
  });

  it('flags nobody without a cap or without shares', () => {
    expect(holdersAboveCap(units, null).size).toBe(0);
    expect(holdersAboveCap(new Map<string, bigint>(), '3').size).toBe(0);
  });
});
