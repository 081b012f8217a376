import { Clock } from '../common/clock.js';

/**
 * The demo lives through past years: its loader moves this clock to the day a plan was published or
 * adopted (the law's publicity periods are real days), then back to the present, where it keeps running.
 */
export class DemoClock extends Clock {
  /** The present: now, or `CLOCK`'s instant running on. */
  private readonly presentOffsetMs: number;
  private offsetMs: number;

  constructor(present?: Date, timeZone?: string) {
    super(timeZone);
    this.presentOffsetMs = present ? present.getTime() - Date.now() : 0;
    this.offsetMs = this.presentOffsetMs;
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Beijing time `YYYY-MM-DDTHH:MM`, or null for the present. */
  travelTo(beijing: string | null): void {
    this.offsetMs = beijing === null ? this.presentOffsetMs : new Date(`${beijing}:00+08:00`).getTime() - Date.now();
  }
}
