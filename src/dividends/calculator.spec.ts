import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { households, input } from '../../test/support/calc-builders.js';
import { CalcError, type CalcHousehold, calculateDividend } from './calculator.js';

const amounts = (r: ReturnType<typeof calculateDividend>) => r.payouts.map((p) => p.amountFen);

describe('calculateDividend — worked examples', () => {
  it('2021 flat scheme: 183,500.00 over 367 members pays 500.00 a member', () => {
    const hs = households([...Array.from({ length: 183 }, () => ({ members: 2 })), { members: 1 }]);
    const r = calculateDividend(
      input(43_000_000 - 2_000_000, hs, {
        deductions: [{ name: '防贫保险', amountFen: 336_000 }],
        distribute: { amountFen: 18_350_000 },
      }),
    );
    expect(r.poolFen).toBe(18_350_000);
    expect(r.availableFen).toBe(41_000_000 - 336_000);
    expect(r.retainedFen).toBe(41_000_000 - 336_000 - 18_350_000);
    expect(new Set(r.payouts.map((p) => p.amountFen / Number(p.units)))).toEqual(new Set([50_000]));
  });

  it('orders deductions: loss make-up, reserve on (D − loss), named, guaranteed 8% of 1,250,000', () => {
    const r = calculateDividend(
      input(
        50_000_000,
        households([{ members: 1 }]),
        { lossMakeupFen: 1_000_000, reservePercent: '15', deductions: [{ name: '养老保险', amountFen: 6_040_000 }] },
        [{ holder: '旗扶贫资金', capitalAmountFen: 125_000_000, guaranteedRate: '0.08' }],
      ),
    );
    expect(r.reserveFen).toBe(7_350_000); // (500,000 − 10,000) × 15%
    expect(r.guaranteed).toEqual([{ holder: '旗扶贫资金', amountFen: 10_000_000 }]);
    expect(r.availableFen).toBe(50_000_000 - 1_000_000 - 7_350_000 - 6_040_000 - 10_000_000);
    expect(r.poolFen).toBe(r.availableFen);
  });

  it('rounds the reserve half-up to the fen', () => {
    const r = calculateDividend(input(1_001, households([{}]), { reservePercent: '15' }));
    expect(r.reserveFen).toBe(150); // 150.15 → 150
    const r2 = calculateDividend(input(1_003, households([{}]), { reservePercent: '15' }));
    expect(r2.reserveFen).toBe(150); // 150.45 → 150
    const r3 = calculateDividend(input(1_010, households([{}]), { reservePercent: '15' }));
    expect(r3.reserveFen).toBe(152); // 151.5 → 152
  });

  it('proportional: weight = members × score', () => {
    const hs = households([
      { members: 2, score: 100 },
      { members: 1, score: 50 },
      { members: 1, score: 0 },
    ]);
    expect(amounts(calculateDividend(input(100_000, hs, { scoring: { mode: 'proportional' } })))).toEqual([
      80_000, 20_000, 0,
    ]); // 200 : 50 : 0
    expect(amounts(calculateDividend(input(100_000, hs)))).toEqual([50_000, 25_000, 25_000]); // scoring none: 2 : 1 : 1
  });

  it('tiered: the highest tier at or below the score; below every tier gets 0', () => {
    const tiers = [
      { minScore: 60, factor: '0.5' },
      { minScore: 90, factor: '1' },
      { minScore: 110, factor: '1.2' },
    ];
    const r = calculateDividend(
      input(270_000, households([{ score: 120 }, { score: 95 }, { score: 60 }, { score: 59 }]), {
        scoring: { mode: 'tiered', tiers },
      }),
    );
    expect(r.payouts.map((p) => p.factor)).toEqual(['1.2', '1', '0.5', '0']);
    expect(amounts(r)).toEqual([120_000, 100_000, 50_000, 0]);
  });

  it('split: the score pot is P × s half-up; both parts exact on their own', () => {
    const r = calculateDividend(
      input(
        100_001,
        households([
          { members: 1, score: 100 },
          { members: 1, score: 300 },
        ]),
        { scoring: { mode: 'split', scoreShare: '0.3' } },
      ),
    );
    expect(r.poolScoreFen).toBe(30_000); // 30,000.3 → 30,000
    expect(r.poolBaseFen).toBe(70_001);
    expect(r.payouts.map((p) => [p.baseFen, p.scoreFen])).toEqual([
      [35_001, 7_500],
      [35_000, 22_500],
    ]);
    expect(amounts(r)).toEqual([42_501, 57_500]);
  });

  it('share basis uses decimal quantities of member classes', () => {
    const r = calculateDividend(
      input(10_000, households([{ shares: '1.5' }, { shares: '0.5' }, { shares: '0' }]), { basis: 'share' }),
    );
    expect(amounts(r)).toEqual([7_500, 2_500, 0]);
    expect(r.payouts.map((p) => p.units)).toEqual(['1.5', '0.5', '0']);
  });

  it('refuses with the shortfall, a pool above available, and all-zero weights', () => {
    const err = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e as CalcError;
      }
      throw new Error('expected a CalcError');
    };
    const short = err(() =>
      calculateDividend(input(100_000, households([{}]), { deductions: [{ name: 'x', amountFen: 100_050 }] })),
    );
    expect([short.code, short.details.shortfall]).toEqual(['INSUFFICIENT_INCOME', '0.50']);
    expect(
      err(() => calculateDividend(input(100_000, households([{}]), { distribute: { amountFen: 100_001 } }))).code,
    ).toBe('POOL_ABOVE_AVAILABLE');
    expect(
      err(() => calculateDividend(input(100_000, households([{ score: 0 }]), { scoring: { mode: 'proportional' } })))
        .code,
    ).toBe('NO_WEIGHTS');
    expect(() =>
      calculateDividend(
        input(100_000, households([{ score: 0 }, { score: 5 }]), { scoring: { mode: 'split', scoreShare: '0.5' } }),
      ),
    ).not.toThrow();
    expect(
      err(() =>
        calculateDividend(
          input(100_000, households([{ score: 0 }]), { scoring: { mode: 'split', scoreShare: '0.5' } }),
        ),
      ).code,
    ).toBe('NO_WEIGHTS');
  });
});

const householdArb = fc.array(
  fc.record({
    members: fc.integer({ min: 0, max: 9 }),
    shares: fc.stringMatching(/^\d{1,3}(\.\d{1,4})?$/),
    score: fc.integer({ min: 0, max: 300 }),
  }),
  { minLength: 1, maxLength: 40 },
);
const scoringArb = fc.oneof(
  fc.constant({ mode: 'none' as const }),
  fc.constant({ mode: 'proportional' as const }),
  fc.record({
    mode: fc.constant('tiered' as const),
    tiers: fc.array(
      fc.record({ minScore: fc.integer({ min: 0, max: 300 }), factor: fc.stringMatching(/^[0-3](\.\d{1,2})?$/) }),
      { minLength: 1, maxLength: 4 },
    ),
  }),
  fc.record({ mode: fc.constant('split' as const), scoreShare: fc.stringMatching(/^0\.[1-9]\d{0,3}$/) }),
);

function tryCalc(hs: CalcHousehold[], d: number, scoring: never, basis: 'member' | 'share') {
  try {
    return calculateDividend(input(d, hs, { scoring, basis }));
  } catch (e) {
    if (e instanceof CalcError) return null;
    throw e;
  }
}

describe('calculateDividend — properties', () => {
  it('Σ payouts = pool, payouts ≥ 0, independent of input order', () => {
    fc.assert(
      fc.property(
        householdArb,
        fc.integer({ min: 0, max: 10_000_000_000 }),
        scoringArb,
        fc.constantFrom('member' as const, 'share' as const),
        (spec, d, scoring, basis) => {
          const hs = households(spec);
          const r = tryCalc(hs, d, scoring as never, basis);
          if (!r) return;
          expect(amounts(r).reduce((s, a) => s + a, 0)).toBe(r.poolFen);
          expect(amounts(r).every((a) => a >= 0)).toBe(true);
          const reversed = tryCalc([...hs].reverse(), d, scoring as never, basis)!;
          const byCode = new Map(reversed.payouts.map((p) => [p.householdCode, p.amountFen]));
          r.payouts.forEach((p) => expect(byCode.get(p.householdCode)).toBe(p.amountFen));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('a household with more weight never gets less (single-part schemes)', () => {
    fc.assert(
      fc.property(
        householdArb,
        fc.integer({ min: 0, max: 10_000_000_000 }),
        fc.constantFrom({ mode: 'none' }, { mode: 'proportional' }),
        (spec, d, scoring) => {
          const r = tryCalc(households(spec), d, scoring as never, 'member');
          if (!r) return;
          const w = r.payouts.map((p) => Number(p.weight));
          for (let i = 0; i < w.length; i++) {
            for (let j = 0; j < w.length; j++) {
              if (w[i] > w[j]) expect(r.payouts[i].amountFen).toBeGreaterThanOrEqual(r.payouts[j].amountFen);
            }
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
