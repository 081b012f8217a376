import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { type PlanInputs, inputsFingerprint, inputsFingerprintListed, planChanges } from './plan-inputs.js';

const household = fc.record({
  memberUnits: fc.integer({ min: 0, max: 12 }).map(String),
  shareUnits: fc.integer({ min: 0, max: 50 }).map(String),
  score: fc.integer({ min: -50, max: 150 }),
});

const inputs: fc.Arbitrary<PlanInputs> = fc
  .record({
    distributableFen: fc.integer({ min: 0, max: 1e12 }),
    entries: fc.uniqueArray(fc.integer({ min: 1, max: 10_000 }), { maxLength: 8 }),
    households: fc.array(household, { minLength: 1, maxLength: 8 }),
    capital: fc.array(fc.integer({ min: 1, max: 1e9 }), { maxLength: 2 }),
    reserve: fc.integer({ min: 0, max: 30 }),
  })
  .map((r) => ({
    distributableFen: r.distributableFen,
    incomeEntries: r.entries.map((seq) => ({
      seq,
      hash: seq.toString(16).padStart(64, '0'),
      voucherNo: `V${seq}`,
      kind: 'income',
      date: '2025-05-01',
    })),
    households: r.households.map((h, i) => ({ householdCode: `H${String(i).padStart(3, '0')}`, ...h })),
    capitalHoldings: r.capital.map((fen, i) => ({ holder: `F${i}`, capitalAmountFen: fen, guaranteedRate: '0.08' })),
    charter: { minReservePercent: String(r.reserve), publicityDays: 5 },
  }));

type Mutation = { kind: 'income' | 'register' | 'scores' | 'shares' | 'charter'; apply: (i: PlanInputs) => PlanInputs };

/** One change to one row of what a plan depends on: an entry posted or reversed, a member, a score, a holding, the charter. */
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.integer({ min: 1, max: 1000 }).map((delta) => ({
    kind: 'income' as const,
    apply: (i: PlanInputs) => ({
      ...i,
      distributableFen: i.distributableFen + delta,
      incomeEntries: [
        ...(i.incomeEntries ?? []),
        { seq: 20_000, hash: 'f'.repeat(64), voucherNo: 'NEW', kind: 'income', date: '2025-06-01' },
      ],
    }),
  })),
  fc.constant({
    kind: 'income' as const,
    apply: (i: PlanInputs) => ({
      ...i,
      incomeEntries: [
        ...(i.incomeEntries ?? []),
        { seq: 20_001, hash: 'e'.repeat(64), voucherNo: 'NET0', kind: 'reversal', date: '2025-06-01' },
      ],
    }),
  }),
  fc.nat().map((n) => ({
    kind: 'register' as const,
    apply: (i: PlanInputs) => ({
      ...i,
      households: i.households.map((h, k) =>
        k === n % i.households.length ? { ...h, memberUnits: String(Number(h.memberUnits) + 1) } : h,
      ),
    }),
  })),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 20 })).map(([n, d]) => ({
    kind: 'scores' as const,
    apply: (i: PlanInputs) => ({
      ...i,
      households: i.households.map((h, k) => (k === n % i.households.length ? { ...h, score: h.score - d } : h)),
    }),
  })),
  fc.nat().map((n) => ({
    kind: 'shares' as const,
    apply: (i: PlanInputs) => ({
      ...i,
      households: i.households.map((h, k) =>
        k === n % i.households.length ? { ...h, shareUnits: String(Number(h.shareUnits) + 1) } : h,
      ),
    }),
  })),
  fc.constant({
    kind: 'shares' as const,
    apply: (i: PlanInputs) => ({
      ...i,
      capitalHoldings: [...i.capitalHoldings, { holder: 'NEWFUND', capitalAmountFen: 100, guaranteedRate: '0.08' }],
    }),
  }),
  fc.constant({
    kind: 'charter' as const,
    apply: (i: PlanInputs) => ({ ...i, charter: { ...i.charter, minReservePercent: '99' } }),
  }),
);

describe('plan inputs: staleness', () => {
  it('the fingerprint over households one at a time is the fingerprint over them all', async () => {
    await fc.assert(
      fc.asyncProperty(inputs, async (i) => {
        expect(await inputsFingerprintListed(i, i.households)).toBe(inputsFingerprint(i));
      }),
    );
  });

  it('the same inputs give the same fingerprint, whatever order their keys come in', () => {
    fc.assert(
      fc.property(inputs, (i) => {
        const reordered = JSON.parse(JSON.stringify({ charter: i.charter, ...i })) as PlanInputs;
        expect(inputsFingerprint(reordered)).toBe(inputsFingerprint(i));
        expect(planChanges(i, reordered)).toEqual([]);
      }),
    );
  });

  it('any change to a posted entry, a member, a score, a holding or the charter is detected and named', () => {
    fc.assert(
      fc.property(inputs, mutation, (before, m) => {
        const after = m.apply(before);
        expect(inputsFingerprint(after)).not.toBe(inputsFingerprint(before));
        const changes = planChanges(before, after);
        expect(changes.map((c) => c.kind)).toContain(m.kind);
        for (const c of changes) expect(c.message).toMatch(/ \/ /);
      }),
      { numRuns: 1000 },
    );
  });

  it('names the entries and households that changed, with their values before and after', () => {
    const before: PlanInputs = {
      distributableFen: 10_000_001,
      incomeEntries: [{ seq: 3, hash: 'a'.repeat(64), voucherNo: 'IN-B', kind: 'income', date: '2025-05-01' }],
      households: [{ householdCode: 'H001', memberUnits: '3', shareUnits: '0', score: 100 }],
      capitalHoldings: [],
    };
    const after: PlanInputs = {
      ...before,
      distributableFen: 7_000_000,
      incomeEntries: [
        ...before.incomeEntries!,
        { seq: 9, hash: 'b'.repeat(64), voucherNo: '冲-9', kind: 'reversal', date: '2025-06-01', reverses: 'IN-B' },
      ],
      households: [{ householdCode: 'H001', memberUnits: '2', shareUnits: '0', score: 100 }],
    };
    expect(planChanges(before, after)).toEqual([
      {
        kind: 'income',
        distributableBefore: '100000.01',
        distributableAfter: '70000.00',
        entries: [
          { seq: 9, voucherNo: '冲-9', kind: 'reversal', date: '2025-06-01', change: 'added', reverses: 'IN-B' },
        ],
        message:
          '账目已变动：可分配收益由 100000.01 元变为 70000.00 元（新增或冲销凭证 1 张：冲-9（冲销 IN-B）） / ' +
          'the books changed: distributable income 100000.01 → 70000.00 (vouchers posted or reversed since: 1, 冲-9 reversing IN-B)',
      },
      {
        kind: 'register',
        households: [{ householdCode: 'H001', before: '3', after: '2' }],
        message: '花名册已变动：H001 的人口数不同 / the register changed for 1 households',
      },
    ]);
  });
});
