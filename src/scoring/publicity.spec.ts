import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DomainError } from '../common/errors/domain-error.js';
import { addDays, planWindow, scoresFinal, windowDays, windowState } from './publicity.js';

function refusal(fn: () => unknown): { kind: string; code: string } | null {
  try {
    fn();
    return null;
  } catch (e) {
    if (e instanceof DomainError) return { kind: e.kind, code: e.code };
    throw e;
  }
}

describe('score publicity windows', () => {
  const ctx = { today: '2026-06-15', publicityDays: 7, latest: null };

  it('counts both ends: the default window lasts exactly the charter days', () => {
    expect(windowDays('2026-06-15', '2026-06-21')).toBe(7);
    expect(windowDays('2026-06-15', '2026-06-15')).toBe(1);
    expect(windowDays('2024-02-28', '2024-03-01')).toBe(3);
    expect(planWindow({ year: 2025 }, ctx)).toEqual({ startDate: '2026-06-15', endDate: '2026-06-21', days: 7 });
    expect(planWindow({ year: 2025, startDate: '2026-12-29' }, ctx)).toEqual({
      startDate: '2026-12-29',
      endDate: '2027-01-04',
      days: 7,
    });
  });

  it('refuses short, backdated, before-the-year and unclosed windows with their codes', () => {
    expect(refusal(() => planWindow({ year: 2025, startDate: '2026-06-15', endDate: '2026-06-20' }, ctx))).toEqual({
      kind: 'RuleViolation',
      code: 'PUBLICITY_TOO_SHORT',
    });
    expect(refusal(() => planWindow({ year: 2025, startDate: '2026-06-14', endDate: '2026-06-30' }, ctx))).toEqual({
      kind: 'RuleViolation',
      code: 'PUBLICITY_BACKDATED',
    });
    expect(refusal(() => planWindow({ year: 2027, startDate: '2026-06-15' }, ctx))).toEqual({
      kind: 'RuleViolation',
      code: 'PUBLICITY_BEFORE_YEAR',
    });
    expect(refusal(() => planWindow({ year: 2025, startDate: '2026-06-15', endDate: '2026-06-14' }, ctx))).toEqual({
      kind: 'BadInput',
      code: 'BAD_WINDOW',
    });
    expect(refusal(() => planWindow({ year: 2025, startDate: '9999-12-31' }, ctx))).toEqual({
      kind: 'BadInput',
      code: 'BAD_WINDOW',
    });
    for (const latest of [
      { startDate: '2026-06-10', endDate: '2026-06-16' },
      { startDate: '2026-06-10', endDate: '2026-06-15' },
      { startDate: '2026-07-01', endDate: '2026-07-07' },
    ]) {
      expect(refusal(() => planWindow({ year: 2025, startDate: '2026-08-01' }, { ...ctx, latest }))).toEqual({
        kind: 'Conflict',
        code: 'PUBLICITY_NOT_CLOSED',
      });
    }
    // the day after the latest window ends, a new round may start
    expect(
      planWindow({ year: 2025 }, { ...ctx, latest: { startDate: '2026-06-01', endDate: '2026-06-14' } }).startDate,
    ).toBe('2026-06-15');
  });

  it('a window is scheduled, open on both end days, then closed; scores are final only after the latest closes', () => {
    const w = { startDate: '2026-06-15', endDate: '2026-06-21' };
    expect(['2026-06-14', '2026-06-15', '2026-06-21', '2026-06-22'].map((d) => windowState(w, d))).toEqual([
      'scheduled',
      'open',
      'open',
      'closed',
    ]);
    expect([scoresFinal(null, '2030-01-01'), scoresFinal(w, '2026-06-21'), scoresFinal(w, '2026-06-22')]).toEqual([
      false,
      false,
      true,
    ]);
  });

  it('every accepted window lasts at least the charter days and starts today or later', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 800 }),
        fc.integer({ min: -5, max: 60 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: -30, max: 30 }),
        fc.boolean(),
        (offset, length, publicityDays, startShift, withEnd) => {
          const today = addDays('2025-01-01', offset);
          const startDate = addDays(today, startShift);
          const request = { year: 2025, startDate, ...(withEnd ? { endDate: addDays(startDate, length) } : {}) };
          const code = refusal(() => planWindow(request, { today, publicityDays, latest: null }));
          if (code === null) {
            const w = planWindow(request, { today, publicityDays, latest: null });
            expect(w.days).toBeGreaterThanOrEqual(publicityDays);
            expect(w.startDate >= today).toBe(true);
            expect(w.days).toBe(windowDays(w.startDate, w.endDate));
          } else {
            expect(['BAD_WINDOW', 'PUBLICITY_TOO_SHORT', 'PUBLICITY_BACKDATED']).toContain(code.code);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
