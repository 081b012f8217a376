/**
 * Score publicity windows (积分公示期), pure rules: a window lasts at least the charter's days, starts
 * today or later, and is never replaced or changed while open or scheduled; once the latest window of a
 * year has closed, that year's scores are final until a new round of publicity is opened.
 */
import { badInput, conflict, ruleViolation } from '../common/errors/domain-error.js';
import { addDays } from '../common/dates.js';

export interface WindowDates {
  startDate: string;
  endDate: string;
}

export type WindowState = 'scheduled' | 'open' | 'closed';

export { addDays };

/** Days from start to end, both counted: 2026-06-15 to 2026-06-21 is 7 days. */
export function windowDays(startDate: string, endDate: string): number {
  return Math.round((Date.parse(`${endDate}T00:00:00Z`) - Date.parse(`${startDate}T00:00:00Z`)) / 86_400_000) + 1;
}

export function windowState(window: WindowDates, today: string): WindowState {
  if (today < window.startDate) return 'scheduled';
  return today > window.endDate ? 'closed' : 'open';
}

/** The year's scores are final when its latest window has closed (no window yet: not final). */
export function scoresFinal(latest: WindowDates | null, today: string): boolean {
  return latest !== null && windowState(latest, today) === 'closed';
}

export interface WindowRequest {
  year: number;
  startDate?: string;
  endDate?: string;
}

/**
 * The dates of a new window for `request`, or the refusal: 400 for dates that make no window, then
 * 422 PUBLICITY_TOO_SHORT, 422 PUBLICITY_BACKDATED, 422 PUBLICITY_BEFORE_YEAR, and 409
 * PUBLICITY_NOT_CLOSED while the year's latest window is open or scheduled.
 */
export function planWindow(
  request: WindowRequest,
  context: { today: string; publicityDays: number; latest: WindowDates | null },
): WindowDates & { days: number } {
  const { today, publicityDays, latest } = context;
  const startDate = request.startDate ?? today;
  const endDate = request.endDate ?? addDays(startDate, publicityDays - 1);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(endDate)) {
    throw badInput('BAD_WINDOW', 'startDate: 公示期超出可用日期', 'startDate: the window would end after 9999-12-31');
  }
  if (endDate < startDate) {
    throw badInput('BAD_WINDOW', 'endDate: 不能早于 startDate', 'endDate must not be before startDate');
  }
  const days = windowDays(startDate, endDate);
  if (days < publicityDays) {
    const earliestEndDate = addDays(startDate, publicityDays - 1);
    throw ruleViolation(
      'PUBLICITY_TOO_SHORT',
      `公示期 ${startDate} 至 ${endDate} 只有 ${days} 天，章程规定至少 ${publicityDays} 天；` +
        `请把结束日期定在 ${earliestEndDate} 或以后`,
      `the window ${startDate} to ${endDate} lasts ${days} days (both counted); ` +
        `the charter requires at least ${publicityDays}: end it on ${earliestEndDate} or later`,
      { days, publicityDays, earliestEndDate },
    );
  }
  if (startDate < today) {
    throw ruleViolation(
      'PUBLICITY_BACKDATED',
      `公示期不能倒签：开始日期 ${startDate} 早于今天 ${today}，请从今天或以后开始`,
      `a window cannot be backdated: ${startDate} is before today (${today}); start it today or later`,
      { today },
    );
  }
  if (startDate < `${request.year}-01-01`) {
    throw ruleViolation(
      'PUBLICITY_BEFORE_YEAR',
      `${request.year} 年的积分公示不能在该年开始之前（${startDate}）`,
      `publicity of the ${request.year} scores cannot start before that year (${startDate})`,
    );
  }
  if (latest && windowState(latest, today) !== 'closed') {
    const open = windowState(latest, today) === 'open';
    throw conflict(
      'PUBLICITY_NOT_CLOSED',
      `${request.year} 年积分公示期（${latest.startDate} 至 ${latest.endDate}）${open ? '正在进行' : '已安排'}，` +
        '不能更改或另开；结束后可再开一轮公示',
      `the ${request.year} publicity window (${latest.startDate} to ${latest.endDate}) is ` +
        `${open ? 'open' : 'scheduled'}: it cannot be changed or replaced; open another round after it has ended`,
      { window: { startDate: latest.startDate, endDate: latest.endDate } },
    );
  }
  return { startDate, endDate, days };
}

/** Why nothing more is recorded or approved for a year whose latest publicity window has closed: [zh, en]. */
export function scoresFinalMessage(year: number, window: WindowDates): [string, string] {
  return [
    `${year} 年积分公示已于 ${window.endDate} 结束，积分已确定，不能再记录或审核；如需更正，请先另开一轮公示`,
    `the ${year} scores are final: their publicity ended on ${window.endDate}; ` +
      'to correct them, open a new publicity window first',
  ];
}
