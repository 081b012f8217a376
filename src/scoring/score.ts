/** Score of a household for a year: max(0, base + Σ approved points). Pure. */
export interface ApprovedPoints {
  householdId: string;
  ruleCode: string;
  category: string;
  points: number;
}

export interface Scorecard {
  householdId: string;
  base: number;
  score: number;
  breakdown: { ruleCode: string; points: number }[];
  byCategory: { category: string; points: number }[];
}

/**
 * Only the scores, as `computeScorecards` gives them: a map of the households that have approved points and
 * the base for the rest (a run of 250,000 households needs no scorecard, breakdown or category per household).
 */
export function scoreOf(baseScore: number, events: readonly Omit<ApprovedPoints, 'category'>[]) {
  const totals = new Map<string, number>();
  for (const e of events) totals.set(e.householdId, (totals.get(e.householdId) ?? 0) + e.points);
  return (householdId: string): number => Math.max(0, baseScore + (totals.get(householdId) ?? 0));
}

export function computeScorecards(
  baseScore: number,
  householdIds: string[],
  events: ApprovedPoints[],
): Map<string, Scorecard> {
  // Accumulators only for households that have events: a village of 250,000 mostly has few.
  const known = new Set(householdIds);
  const byHousehold = new Map<string, { rules: Map<string, number>; categories: Map<string, number>; total: number }>();
  for (const e of events) {
    if (!known.has(e.householdId)) continue;
    let acc = byHousehold.get(e.householdId);
    if (!acc) byHousehold.set(e.householdId, (acc = { rules: new Map(), categories: new Map(), total: 0 }));
    acc.rules.set(e.ruleCode, (acc.rules.get(e.ruleCode) ?? 0) + e.points);
    acc.categories.set(e.category, (acc.categories.get(e.category) ?? 0) + e.points);
    acc.total += e.points;
  }
  const byKey =
    <K extends string>(key: K) =>
    (a: Record<K, string>, b: Record<K, string>) =>
      a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0;
  const cards = new Map<string, Scorecard>();
  for (const householdId of householdIds) {
    const acc = byHousehold.get(householdId);
    cards.set(householdId, {
      householdId,
      base: baseScore,
      score: Math.max(0, baseScore + (acc?.total ?? 0)),
      breakdown: acc
        ? [...acc.rules.entries()].map(([ruleCode, points]) => ({ ruleCode, points })).sort(byKey('ruleCode'))
        : [],
      byCategory: acc
        ? [...acc.categories.entries()].map(([category, points]) => ({ category, points })).sort(byKey('category'))
        : [],
    });
  }
  return cards;
}

/** Competition ranking (1, 2, 2, 4) by score, highest first. */
export function rankScores(scores: number[]): number[] {
  const sorted = [...scores].sort((a, b) => b - a);
  const firstRank = new Map<number, number>();
  sorted.forEach((score, i) => firstRank.has(score) || firstRank.set(score, i + 1));
  return scores.map((score) => firstRank.get(score)!);
}
