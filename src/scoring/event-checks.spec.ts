import { describe, expect, it } from '@jest/globals';
import { type EventCheckContext, checkEvents } from './event-checks.js';

const context = (over: Partial<EventCheckContext> = {}): EventCheckContext => ({
  today: '2026-06-30',
  households: new Set(['h1', 'h2']),
  ruleSets: [{ id: 's26', year: 2026 }],
  rules: [
    { ruleSetId: 's26', code: 'A', minPoints: -5, maxPoints: 5, capPerYear: null },
    { ruleSetId: 's26', code: 'C', minPoints: 1, maxPoints: 5, capPerYear: 6 },
  ],
  frozenYears: new Set(),
  capUse: new Map(),
  ...over,
});
const event = (over: Partial<{ householdId: string; ruleCode: string; points: number; date: string }> = {}) => ({
  householdId: 'h1',
  ruleCode: 'A',
  points: 3,
  date: '2026-06-01',
  ...over,
});

describe('checkEvents', () => {
  it('passes good events and names each problem by index and field', () => {
    const result = checkEvents(
      [
        event(),
        event({ householdId: 'hx' }),
        event({ date: '2026-07-01' }),
        event({ date: '2025-06-01' }),
        event({ ruleCode: 'Z' }),
        event({ points: 6 }),
      ],
      context(),
    );
    expect(result.valid).toEqual([0]);
    expect(result.notFoundHousehold).toBe(true);
    expect(result.errors.map((e) => [e.index, e.field])).toEqual([
      [1, 'householdId'],
      [2, 'date'],
      [3, 'date'],
      [4, 'ruleCode'],
      [5, 'points'],
    ]);
  });

  it('counts points against the yearly cap, including earlier events and those before in the batch', () => {
    const ctx = context({ capUse: new Map([['h1|2026|C', 2]]) });
    const result = checkEvents([event({ ruleCode: 'C', points: 3 }), event({ ruleCode: 'C', points: 2 })], ctx);
    expect(result.valid).toEqual([0]);
    expect(result.errors).toEqual([{ index: 1, field: 'points', message: expect.stringContaining('上限 6 分') }]);
    expect(ctx.capUse.get('h1|2026|C')).toBe(5);
  });

  it('refuses every event of a year frozen by a posted run', () => {
    const result = checkEvents([event(), event({ householdId: 'h2' })], context({ frozenYears: new Set([2026]) }));
    expect(result.valid).toEqual([]);
    expect(result.errors.map((e) => e.message)).toEqual([
      expect.stringContaining('frozen'),
      expect.stringContaining('frozen'),
    ]);
  });
});
