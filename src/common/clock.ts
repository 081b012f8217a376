import { businessDate, DEFAULT_BUSINESS_TIME_ZONE } from './business-time.js';
import { badInput } from './errors/domain-error.js';

/**
 * "Now" comes from here so tests (FixedClock) and `CLOCK=` (OffsetClock) can set it. Instants are UTC;
 * business dates ("today", "dated after today") are calendar dates in the village's time zone.
 */
export abstract class Clock {
  constructor(readonly timeZone: string = DEFAULT_BUSINESS_TIME_ZONE) {}

  abstract now(): Date;

  /** Today's business date, `YYYY-MM-DD` in `timeZone` (at 01:00 Beijing time it is already the new day). */
  today(): string {
    return businessDate(this.now(), this.timeZone);
  }

  /** Same as today(); kept for the callers that predate it. */
  todayIso(): string {
    return this.today();
  }

  /** Business facts happen today or earlier: a later `date` is bad input (400 naming the field). */
  assertNotFuture(date: string, code = 'FUTURE_DATE'): void {
    if (date > this.today()) {
      throw badInput(code, 'date: 日期不能晚于今天', 'date must not be in the future', { field: 'date' });
    }
  }

  /** The current instant as UTC ISO-8601. */
  nowIso(): string {
    return this.now().toISOString();
  }
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** Starts at `start` and runs on with the real clock (`CLOCK=` for tests and the demo). */
export class OffsetClock extends Clock {
  private readonly offsetMs: number;

  constructor(
    start: Date,
    timeZone?: string,
    private readonly realNow: () => number = Date.now,
  ) {
    super(timeZone);
    this.offsetMs = start.getTime() - realNow();
  }

  now(): Date {
    return new Date(this.realNow() + this.offsetMs);
  }
}

export class FixedClock extends Clock {
  constructor(
    private current: Date,
    timeZone?: string,
  ) {
    super(timeZone);
  }
  now(): Date {
    return new Date(this.current);
  }
  set(date: Date): void {
    this.current = date;
  }
}

/** The server's clock for a configuration: the system clock, or one started at `CLOCK`. */
export function clockFor(config: { businessTimeZone: string; clockStart?: Date }): Clock {
  return config.clockStart
    ? new OffsetClock(config.clockStart, config.businessTimeZone)
    : new SystemClock(config.businessTimeZone);
}
