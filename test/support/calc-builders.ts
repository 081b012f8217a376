import type { CalcHousehold, CalcInput, CalcParams } from '../../src/dividends/calculator.js';

/** Builders for calculator inputs: households "H001"… with the given member counts and scores. */
export function households(spec: { members?: number; shares?: string; score?: number }[]): CalcHousehold[] {
  return spec.map((s, i) => ({
    householdId: `id-${i + 1}`,
    householdCode: `H${String(i + 1).padStart(3, '0')}`,
    memberUnits: String(s.members ?? 1),
    shareUnits: s.shares ?? '0',
    score: s.score ?? 100,
  }));
}

export function params(overrides: Partial<CalcParams> = {}): CalcParams {
  return {
    lossMakeupFen: 0,
    reservePercent: '0',
    deductions: [],
    distribute: { all: true },
    basis: 'member',
    scoring: { mode: 'none' },
    ...overrides,
  };
}

export function input(
  distributableFen: number,
  hs: CalcHousehold[],
  p: Partial<CalcParams> = {},
  capital: CalcInput['capitalHoldings'] = [],
): CalcInput {
  return { distributableFen, capitalHoldings: capital, households: hs, params: params(p) };
}
