import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  decimal4ToScaled,
  fenToYuan,
  formatScaled,
  fenToYuanGrouped,
  isYuanString,
  mulRateHalfUpFen,
  scaledToDecimal4,
  yuanToFen,
} from './money.js';

describe('money', () => {
  it.each([
    ['500', 50000],
    ['500.5', 50050],
    ['500.50', 50050],
    ['0.01', 1],
    ['1000000000000', 100000000000000],
  ])('parses %s to %d fen', (yuan, fen) => {
    expect(isYuanString(yuan)).toBe(true);
    expect(yuanToFen(yuan)).toBe(fen);
  });

  it.each(['1.005', '-1', '1e3', '', ' 1', '1,000', 'NaN', '1000000000000.01', '0x10', '１２'])(
    'refuses %j',
    (value) => {
      expect(isYuanString(value)).toBe(false);
    },
  );

  it.each([500, 1.5, null, undefined, {}, []])('refuses non-string %j', (value) => {
    expect(isYuanString(value)).toBe(false);
  });

  it('formats with two decimals and groups thousands', () => {
    expect(fenToYuan(18350000)).toBe('183500.00');
    expect(fenToYuan(5)).toBe('0.05');
    expect(fenToYuan(-150)).toBe('-1.50');
    expect(fenToYuanGrouped(18350000)).toBe('183,500.00');
    expect(fenToYuanGrouped(100000000000000)).toBe('1,000,000,000,000.00');
  });

  it('rounds rates half-up to the fen', () => {
    expect(mulRateHalfUpFen(125_000_000, '0.08')).toBe(10_000_000);
    expect(mulRateHalfUpFen(5, '0.5')).toBe(3);
    expect(mulRateHalfUpFen(15, '0.1')).toBe(2);
    expect(mulRateHalfUpFen(14, '0.1')).toBe(1);
  });

  it('round-trips fen ⇄ yuan for every amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000_000_000 }), (fen) => yuanToFen(fenToYuan(fen)) === fen),
    );
  });

  it('keeps 4-decimal quantities exact', () => {
    expect(scaledToDecimal4(decimal4ToScaled('1.5'))).toBe('1.5');
    expect(scaledToDecimal4(decimal4ToScaled('0.0001'))).toBe('0.0001');
    expect(scaledToDecimal4(decimal4ToScaled('12'))).toBe('12');
  });

  it('formats scaled integers alike below and above 2^53 (Numbers below, BigInt above)', () => {
    const viaBigInt = (scaled: bigint, decimals: number) => {
      const unit = 10n ** BigInt(decimals);
      const frac = (scaled % unit).toString().padStart(decimals, '0').replace(/0+$/, '');
      return frac ? `${scaled / unit}.${frac}` : `${scaled / unit}`;
    };
    const edges = [0n, 1n, 9_999n, 10_000n, 123_456_789n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 64n + 7n, -15_000n];
    for (const d of [0, 4, 8]) for (const v of edges) expect(formatScaled(v, d)).toBe(viaBigInt(v, d));
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 54n }), fc.constantFrom(0, 4, 8), (v, d) => {
        expect(formatScaled(v, d)).toBe(viaBigInt(v, d));
      }),
    );
  });
});
