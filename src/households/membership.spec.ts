import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  countsOn,
  dayFractionScaled,
  daysInYear,
  daysWithin,
  memberUnitsScaled,
  type MemberPeriod,
} from './membership.js';

const member = (since: string | null, until: string | null, isMember = true): MemberPeriod => ({
  isMember,
  since,
  until,
});

describe('membership over time', () => {
  it('counts from since (inclusive) to until (exclusive)', () => {
    const born = member('2024-03-01', null);
    expect(countsOn(born, '2024-02-29')).toBe(false);
    expect(countsOn(born, '2024-03-01')).toBe(true);
    const died = member(null, '2025-06-10');
    expect(countsOn(died, '2025-06-09')).toBe(true);
    expect(countsOn(died, '2025-06-10')).toBe(false);
    expect(countsOn(member(null, null, false), '2025-01-01')).toBe(false);
  });

  it('days counted in a year, leap years included', () => {
    expect(daysWithin(2024, null, null)).toBe(366);
    expect(daysWithin(2025, null, null)).toBe(365);
    expect(daysWithin(2025, '2025-07-01', null)).toBe(184);
    expect(daysWithin(2025, null, '2025-07-01')).toBe(181);
    expect(daysWithin(2025, '2026-01-01', null)).toBe(0);
    expect(daysWithin(2025, null, '2025-01-01')).toBe(0);
    expect(dayFractionScaled(184, 2025)).toBe(5041n); // 0.50410… → 0.5041
    expect(dayFractionScaled(181, 2025)).toBe(4959n);
    expect(dayFractionScaled(183, 2024)).toBe(5000n);
  });

  it('units as of the record date, or pro-rated by days', () => {
    const members = [
      member(null, null),
      member('2025-07-01', null),
      member(null, '2025-07-01'),
      member(null, null, false),
    ];
    expect(memberUnitsScaled(members, { year: 2025, recordDate: '2025-12-31', proRate: 'none' })).toBe(20_000n);
    expect(memberUnitsScaled(members, { year: 2025, recordDate: '2025-12-31', proRate: 'days' })).toBe(20_000n);
    expect(memberUnitsScaled(members, { year: 2025, recordDate: '2025-06-30', proRate: 'none' })).toBe(20_000n);
  });

  const date = fc
    .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
  const period = fc.record({ isMember: fc.boolean(), since: fc.option(date), until: fc.option(date) });

  it('counting as of a date does not depend on the order members were recorded in', () => {
    fc.assert(
      fc.property(
        fc
          .array(period, { maxLength: 30 })
          .chain((ms) => fc.tuple(fc.constant(ms), fc.shuffledSubarray(ms, { minLength: ms.length }))),
        date,
        fc.integer({ min: 2020, max: 2027 }),
        ([members, shuffled], day, year) => {
          for (const proRate of ['none', 'days'] as const) {
            const options = { year, recordDate: day, proRate };
            expect(memberUnitsScaled(shuffled, options)).toBe(memberUnitsScaled(members, options));
          }
        },
      ),
    );
  });

  it('a member counting all year is 1 unit; the two parts of a split year sum to it within rounding', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2020, max: 2027 }), fc.integer({ min: 1, max: 364 }), (year, cut) => {
        const cutDate = new Date(Date.UTC(year, 0, 1 + cut)).toISOString().slice(0, 10);
        const whole = memberUnitsScaled([member(null, null)], { year, recordDate: `${year}-12-31`, proRate: 'days' });
        const before = memberUnitsScaled([member(null, cutDate)], {
          year,
          recordDate: `${year}-12-31`,
          proRate: 'days',
        });
        const after = memberUnitsScaled([member(cutDate, null)], {
          year,
          recordDate: `${year}-12-31`,
          proRate: 'days',
        });
        expect(whole).toBe(10_000n);
        expect(before + after - whole).toBeGreaterThanOrEqual(-1n);
        expect(before + after - whole).toBeLessThanOrEqual(1n);
      }),
    );
  });

  it('a year cut into periods: days sum to the days of Y, units to 1 within the rounding', () => {
    const dayOf = (year: number, n: number) => new Date(Date.UTC(year, 0, 1 + n)).toISOString().slice(0, 10);
    fc.assert(
      fc.property(
        fc.integer({ min: 2020, max: 2027 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 364 }), { maxLength: 20 }),
        fc.integer({ min: -400, max: 800 }),
        (year, cuts, shift) => {
          // One member per period [c_i, c_i+1), the first from the beginning and the last with no end.
          const dates = [...cuts].sort((a, b) => a - b).map((n) => dayOf(year, n));
          const periods = [null, ...dates].map((since, i) => member(since, dates[i] ?? null));
          const days = periods.map((m) => daysWithin(year, m.since, m.until));
          expect(days.reduce((a, b) => a + b, 0)).toBe(daysInYear(year));
          const options = { year, recordDate: dayOf(year, shift), proRate: 'days' } as const;
          const units = memberUnitsScaled(periods, options);
          expect(units).toBe(days.reduce((sum, d) => sum + dayFractionScaled(d, year), 0n));
          const drift = units - 10_000n;
          expect(drift * 2n <= BigInt(periods.length) && -drift * 2n <= BigInt(periods.length)).toBe(true);
          // The periods cover all time: on any date exactly one of them counts.
          expect(memberUnitsScaled(periods, { ...options, proRate: 'none' })).toBe(10_000n);
        },
      ),
    );
  });
});
