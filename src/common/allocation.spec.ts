import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { allocateLargestRemainder, allocateLargestRemainderSmall } from './allocation.js';

const claims = fc
  .array(
    fc.record({ key: fc.string({ minLength: 1, maxLength: 6 }), weight: fc.bigInt({ min: 0n, max: 10n ** 12n }) }),
    { minLength: 1, maxLength: 60 },
  )
  .map((list) => list.map((c, i) => ({ ...c, key: `${c.key}#${i}` })))
  .filter((list) => list.some((c) => c.weight > 0n));
const pool = fc.bigInt({ min: 0n, max: 10n ** 14n });

describe('largest remainder allocation', () => {
  it('gives 1 fen to the larger remainder, ties to the smaller code', () => {
    expect(
      allocateLargestRemainder(100n, [
        { key: 'B', weight: 1n },
        { key: 'A', weight: 1n },
        { key: 'C', weight: 1n },
      ]),
    ).toEqual([33n, 34n, 33n]);
    expect(
      allocateLargestRemainder(200n, [
        { key: 'B', weight: 1n },
        { key: 'A', weight: 1n },
        { key: 'C', weight: 1n },
      ]),
    ).toEqual([67n, 67n, 66n]);
    expect(
      allocateLargestRemainder(10n, [
        { key: 'X', weight: 2n },
        { key: 'Y', weight: 1n },
      ]),
    ).toEqual([7n, 3n]);
  });

  it('refuses an all-zero weight set', () => {
    expect(() => allocateLargestRemainder(100n, [{ key: 'A', weight: 0n }])).toThrow(RangeError);
  });

  it('Σ amounts = pool, every amount ≥ 0, each within 1 fen of its exact share', () => {
    fc.assert(
      fc.property(pool, claims, (p, cs) => {
        const amounts = allocateLargestRemainder(p, cs);
        const total = cs.reduce((s, c) => s + c.weight, 0n);
        expect(amounts.reduce((s, a) => s + a, 0n)).toBe(p);
        amounts.forEach((a, i) => {
          expect(a >= 0n).toBe(true);
          const floor = (p * cs[i].weight) / total;
          expect(a === floor || a === floor + 1n).toBe(true);
        });
      }),
      { numRuns: 3000 },
    );
  });

  it('more weight never gets less; the order of the input does not matter', () => {
    fc.assert(
      fc.property(pool, claims, fc.integer(), (p, cs, seed) => {
        const amounts = allocateLargestRemainder(p, cs);
        for (let i = 0; i < cs.length; i++) {
          for (let j = 0; j < cs.length; j++) {
            if (cs[i].weight > cs[j].weight) expect(amounts[i] >= amounts[j]).toBe(true);
          }
        }
        const shuffled = cs.map((c, i) => ({ c, i, r: (seed * (i + 7919)) % 104729 })).sort((a, b) => a.r - b.r);
        const again = allocateLargestRemainder(
          p,
          shuffled.map((s) => s.c),
        );
        shuffled.forEach((s, k) => expect(again[k]).toBe(amounts[s.i]));
      }),
      { numRuns: 2000 },
    );
  });

  it('the Number path gives the BigInt amounts, keys in order or not, and declines what it cannot do exactly', () => {
    let numbered = 0;
    const smallClaims = claims.map((list) => list.map((c) => ({ ...c, weight: c.weight % 1_000_000n })));
    const sortedKeys = smallClaims.map((list) => list.map((c, i) => ({ ...c, key: `K${String(i).padStart(3, '0')}` })));
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 9n }),
        fc.oneof(smallClaims, sortedKeys),
        fc.integer({ min: 0, max: 6 }),
        (p, cs, scale) => {
          if (!cs.some((c) => c.weight > 0n)) return;
          const scaled = cs.map((c) => ({ ...c, weight: c.weight * 10n ** BigInt(scale) }));
          const small = allocateLargestRemainderSmall(
            Number(p),
            scaled.map((c) => Number(c.weight)),
            (i) => scaled[i].key,
          );
          const exact = allocateLargestRemainder(p, scaled);
          if (!small) return;
          expect(small).toEqual(exact.map(Number));
          numbered++;
        },
      ),
      { numRuns: 3000 },
    );
    expect(numbered).toBeGreaterThan(2000);
    expect(allocateLargestRemainderSmall(100, [1, 1, 1], (i) => 'BAC'[i])).toEqual([33, 34, 33]);
    expect(allocateLargestRemainderSmall(2 ** 53, [1, 2], (i) => `${i}`)).toBeNull();
  });
});
