import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { businessDate, canonicalTimeZone, instantAt } from './business-time.js';
import { clockFor, FixedClock, OffsetClock, SystemClock } from './clock.js';

describe('businessDate: the calendar date of an instant in the business time zone', () => {
  it.each([
    // Beijing is UTC+8 all year: the day turns at 16:00 UTC.
    ['2026-02-28T15:59:59.999Z', '2026-02-28'],
    ['2026-02-28T16:00:00.000Z', '2026-03-01'],
    ['2026-02-28T17:00:00.000Z', '2026-03-01'], // 03-01 01:00 Beijing
    ['2026-06-15T08:00:00.000Z', '2026-06-15'],
    // Year end.
    ['2026-12-31T15:59:59.999Z', '2026-12-31'],
    ['2026-12-31T16:00:00.000Z', '2027-01-01'],
    // Leap day.
    ['2028-02-28T16:00:00.000Z', '2028-02-29'],
    ['2028-02-29T15:59:59.999Z', '2028-02-29'],
    ['2028-02-29T16:00:00.000Z', '2028-03-01'],
  ])('%s is %s in Asia/Shanghai', (instant, date) => {
    expect(businessDate(new Date(instant))).toBe(date);
    expect(businessDate(new Date(instant), 'Asia/Shanghai')).toBe(date);
  });

  it('follows the zone it is given (UTC, and a zone with daylight saving)', () => {
    expect(businessDate(new Date('2026-02-28T17:00:00Z'), 'UTC')).toBe('2026-02-28');
    expect(businessDate(new Date('2026-12-31T23:59:59Z'), 'UTC')).toBe('2026-12-31');
    // Berlin: UTC+1 in winter, UTC+2 in summer.
    expect(businessDate(new Date('2026-01-15T22:59:00Z'), 'Europe/Berlin')).toBe('2026-01-15');
    expect(businessDate(new Date('2026-01-15T23:00:00Z'), 'Europe/Berlin')).toBe('2026-01-16');
    expect(businessDate(new Date('2026-07-15T21:59:00Z'), 'Europe/Berlin')).toBe('2026-07-15');
    expect(businessDate(new Date('2026-07-15T22:00:00Z'), 'Europe/Berlin')).toBe('2026-07-16');
  });

  it('is the UTC date shifted by eight hours, for any instant of 2000–2100 (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 11, 31) }), (ms) => {
        const shifted = new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
        expect(businessDate(new Date(ms))).toBe(shifted);
      }),
    );
  });
});

describe('instantAt: a wall-clock minute in a zone → the instant', () => {
  it.each([
    ['2026-03-01T01:00', '2026-02-28T17:00:00.000Z'],
    ['2026-03-01T00:00', '2026-02-28T16:00:00.000Z'],
    ['2027-01-01T00:00', '2026-12-31T16:00:00.000Z'],
    ['2028-02-29T23:59', '2028-02-29T15:59:00.000Z'],
  ])('%s Beijing time is %s', (local, instant) => {
    expect(instantAt(local)?.toISOString()).toBe(instant);
  });

  it('handles daylight saving (Berlin), a skipped time moved forward by the gap', () => {
    expect(instantAt('2026-01-15T12:00', 'Europe/Berlin')?.toISOString()).toBe('2026-01-15T11:00:00.000Z');
    expect(instantAt('2026-07-15T12:00', 'Europe/Berlin')?.toISOString()).toBe('2026-07-15T10:00:00.000Z');
    expect(instantAt('2026-03-29T02:30', 'Europe/Berlin')?.toISOString()).toBe('2026-03-29T01:30:00.000Z'); // = 03:30 CEST
  });

  it('refuses what is not a real date and time', () => {
    for (const bad of [
      '2026-02-29T10:00',
      '2026-04-31T10:00',
      '2026-03-01T24:00',
      '2026-03-01T12:60',
      '2026-3-1T1:00',
    ]) {
      expect(instantAt(bad)).toBeNull();
    }
  });

  it('round-trips with businessDate (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01T00:00Z'), max: new Date('2100-12-31T00:00Z'), noInvalidDate: true }),
        (d) => {
          const minute = new Date(Math.floor(d.getTime() / 60_000) * 60_000);
          const local = new Date(minute.getTime() + 8 * 3600_000).toISOString().slice(0, 16);
          expect(instantAt(local)).toEqual(minute);
          expect(businessDate(minute)).toBe(local.slice(0, 10));
        },
      ),
    );
  });

  it('knows the IANA zone names, spelled as Intl spells them; offsets are not zones', () => {
    expect(['Asia/Shanghai', 'UTC', 'asia/urumqi', 'Asia/Beijing', '', '+08:00'].map(canonicalTimeZone)).toEqual([
      'Asia/Shanghai',
      'UTC',
      'Asia/Urumqi',
      null,
      null,
      null,
    ]);
  });
});

describe('Clock', () => {
  it('today() is the business date: at 2026-03-01 01:00 Beijing time it is 03-01; nowIso() stays UTC', () => {
    const clock = new FixedClock(new Date('2026-02-28T17:00:00Z'));
    expect([clock.today(), clock.todayIso(), clock.nowIso()]).toEqual([
      '2026-03-01',
      '2026-03-01',
      '2026-02-28T17:00:00.000Z',
    ]);
    expect(new FixedClock(new Date('2026-02-28T17:00:00Z'), 'UTC').today()).toBe('2026-02-28');
  });

  it('OffsetClock starts at the given instant and runs on with real time', () => {
    let real = Date.UTC(2030, 5, 1, 12, 0, 0);
    const clock = new OffsetClock(new Date('2026-02-28T15:59:00Z'), 'Asia/Shanghai', () => real);
    expect([clock.nowIso(), clock.today()]).toEqual(['2026-02-28T15:59:00.000Z', '2026-02-28']);
    real += 90_000;
    expect([clock.nowIso(), clock.today()]).toEqual(['2026-02-28T16:00:30.000Z', '2026-03-01']);
  });

  it('clockFor: the system clock unless CLOCK set a start', () => {
    const system = clockFor({ businessTimeZone: 'Asia/Urumqi' });
    expect(system).toBeInstanceOf(SystemClock);
    expect(system.timeZone).toBe('Asia/Urumqi');
    const started = clockFor({ businessTimeZone: 'Asia/Shanghai', clockStart: new Date('2026-02-28T17:00:00Z') });
    expect(started).toBeInstanceOf(OffsetClock);
    expect(started.today()).toBe('2026-03-01');
    expect(Math.abs(started.now().getTime() - Date.parse('2026-02-28T17:00:00Z'))).toBeLessThan(5_000);
  });
});
