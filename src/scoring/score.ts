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

export function computeScorecards(baseScore: number, householdIds: string[], events: ApprovedPoints[]): Map<string, Scorecard> {
  const byHousehold = new Map<string, { rules: Map<string, number>; categories: Map<string, number>; total: number }>();
  for (const id of householdIds) byHousehold.set(id, { rules: new Map(), categories: new Map(), total: 0 });
  for (const e of events) {
    const acc = byHousehold.get(e.householdId);
    if (!acc) continue;
    acc.rules.set(e.ruleCode, (acc.rules.get(e.ruleCode) ?? 0) + e.points);
    acc.categories.set(e.category, (acc.categories.get(e.category) ?? 0) + e.points);
    acc.total += e.points;
  }
  const cards = new Map<string, Scorecard>();
  for (const [householdId, acc] of byHousehold) {
    cards.set(householdId, {
      householdId,
      base: baseScore,
      score: Math.max(0, baseScore + acc.total),
      breakdown: [...acc.rules.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([ruleCode, points]) => ({ ruleCode, points })),
      byCategory: [...acc.categories.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([category, points]) => ({ category, points })),
    });
  }
  return cards;
}

/** Competition ranking (1, 2, 2, 4) by score, highest first. */
export function rankScores(scores: number[]): number[] {
  const sorted = [...scores].sort((a, b) => b - a);
  return scores.map((s) => sorted.indexOf(s) + 1);
}
