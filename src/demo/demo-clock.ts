import { Clock } from '../common/clock.js';

/**
 * The demo lives through past years: its loader moves this clock to the day a plan was published or
 * adopted (the law's publicity periods are real days), then back to the present, where it keeps running.
 */
export class DemoClock extends Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Beijing time `YYYY-MM-DDTHH:MM`, or null for the present. */
  travelTo(beijing: string | null): void {
    this.offsetMs = beijing === null ? 0 : new Date(`${beijing}:00+08:00`).getTime() - Date.now();
  }
}
