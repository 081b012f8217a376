/** "Now" comes from here so tests can fix it. */
export abstract class Clock {
  abstract now(): Date;
  todayIso(): string {
    return this.now().toISOString().slice(0, 10);
  }
  nowIso(): string {
    return this.now().toISOString();
  }
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

export class FixedClock extends Clock {
  constructor(private current: Date) {
    super();
  }
  now(): Date {
    return new Date(this.current);
  }
  set(date: Date): void {
    this.current = date;
  }
}
