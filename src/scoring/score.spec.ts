import { describe, expect, it } from '@jest/globals';
import { computeScorecards, rankScores, scoreOf } from './score.js';

describe('scores', () => {
  it('floors at 0, sums approved points per rule and category, keeps the base for households without events', () => {
    const cards = computeScorecards(
      100,
      ['a', 'b', 'c'],
      [
        { householdId: 'a', ruleCode: 'X', category: '环境卫生', points: -150 },
        { householdId: 'b', ruleCode: 'Y', category: '邻里和睦', points: 5 },
        { householdId: 'b', ruleCode: 'X', category: '环境卫生', points: 3 },
        { householdId: 'b', ruleCode: 'Y', category: '邻里和睦', points: 2 },
        { householdId: 'zz', ruleCode: 'Y', category: '邻里和睦', points: 2 },
      ],
    );
    expect(cards.get('a')).toMatchObject({ score: 0, breakdown: [{ ruleCode: 'X', points: -150 }] });
    expect(cards.get('b')).toMatchObject({
      score: 110,
      breakdown: [
        { ruleCode: 'X', points: 3 },
        { ruleCode: 'Y', points: 7 },
      ],
      byCategory: [
        { category: '环境卫生', points: 3 },
        { category: '邻里和睦', points: 7 },
      ],
    });
    expect(cards.get('c')).toEqual({ householdId: 'c', base: 100, score: 100, breakdown: [], byCategory: [] });
    expect(cards.has('zz')).toBe(false);
  });

  it("gives the scorecards' scores without the scorecards", () => {
    const events = [
      { householdId: 'a', ruleCode: 'X', category: '环境卫生', points: -150 },
      { householdId: 'b', ruleCode: 'Y', category: '邻里和睦', points: 5 },
      { householdId: 'b', ruleCode: 'X', category: '环境卫生', points: 3 },
    ];
    const score = scoreOf(100, events);
    expect(['a', 'b', 'c'].map(score)).toEqual([0, 108, 100]);
    const cards = computeScorecards(100, ['a', 'b', 'c'], events);
    expect(['a', 'b', 'c'].map((id) => cards.get(id)!.score)).toEqual([0, 108, 100]);
    expect(scoreOf(0, [])('a')).toBe(0);
  });

  it('ranks 1, 2, 2, 4 in linear time', () => {
    expect(rankScores([90, 120, 100, 100])).toEqual([4, 1, 2, 2]);
    const many = Array.from({ length: 300_000 }, (_, i) => i % 1000);
    expect(rankScores(many)[0]).toBe(299_701);
  });
});
