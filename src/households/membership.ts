/**
 * Membership over time (DOMAIN "Membership and shares over time"), pure. A member row is one period of
 * membership in one household: it counts from `since` (inclusive; null = from the beginning) until the day
 * before `until` (null = still counts), if `isMember`. Dates are YYYY-MM-DD strings, compared as text.
 */

export interface MemberPeriod {
  isMember: boolean;
  since: string | null;
  until: string | null;
}

const SCALE = 10_000n;

/** Whether the member counts on `date` (the record date of a run, an `asOf` read). */
export function countsOn(member: MemberPeriod, date: string): boolean {
  return (
    member.isMember && (member.since === null || member.since <= date) && (member.until === null || date < member.until)
  );
}

export function daysInYear(year: number): number {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 366 : 365;
}

function dayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;
}

/** Days of year Y within [from, to) (null from = the beginning, null to = no end). */
export function daysWithin(year: number, from: string | null, to: string | null): number {
  const start = Math.max(dayNumber(`${year}-01-01`), from === null ? -Infinity : dayNumber(from));
  const end = Math.min(dayNumber(`${year + 1}-01-01`), to === null ? Infinity : dayNumber(to));
  return Math.max(0, end - start);
}

/** days / daysInYear as a 4-decimal scaled integer (×10^4), rounded half-up. */
export function dayFractionScaled(days: number, year: number): bigint {
  const total = BigInt(daysInYear(year));
  return (BigInt(days) * SCALE * 2n + total) / (2n * total);
}

/**
 * A household's member units for a run (scaled ×10^4): with `none`, the members who count on the record
 * date; with `days`, each member's days counted in Y over the days of Y (4 decimals half-up, summed).
 */
export function memberUnitsScaled(
  members: readonly MemberPeriod[],
  options: { year: number; recordDate: string; proRate: 'none' | 'days' },
): bigint {
  let units = 0n;
  for (const m of members) {
    if (!m.isMember) continue;
    if (options.proRate === 'none') {
      if (countsOn(m, options.recordDate)) units += SCALE;
    } else {
      units += dayFractionScaled(daysWithin(options.year, m.since, m.until), options.year);
    }
  }
  return units;
}
