/** Builders for calculator inputs: households "H001"… with the given member counts and scores. */
export function households(spec) {
    return spec.map((s, i) => ({
        householdId: `id-${i + 1}`,
        householdCode: `H${String(i + 1).padStart(3, '0')}`,
        memberCount: s.members ?? 1,
        shareUnits: s.shares ?? '0',
        score: s.score ?? 100,
    }));
}
export function params(overrides = {}) {
    return { lossMakeupFen: 0, reservePercent: '0', deductions: [], distribute: { all: true }, basis: 'member', scoring: { mode: 'none' }, ...overrides };
}
export function input(distributableFen, hs, p = {}, capital = []) {
    return { distributableFen, capitalHoldings: capital, households: hs, params: params(p) };
}
//# sourceMappingURL=calc-builders.js.map