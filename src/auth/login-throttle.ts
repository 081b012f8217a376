/** Failed logins per username: 5 failures within 15 minutes lock the name for 15 minutes. */
export class LoginThrottle {
  private readonly failures = new Map<string, { times: number[]; lockedUntil: number }>();

  constructor(
    private readonly maxFailures = 5,
    private readonly windowMs = 15 * 60_000,
    private readonly lockMs = 15 * 60_000,
  ) {}

  /** Seconds until the name may try again, or 0. */
  lockedFor(username: string, nowMs: number): number {
    const state = this.failures.get(username);
    return state && state.lockedUntil > nowMs ? Math.ceil((state.lockedUntil - nowMs) / 1000) : 0;
  }

  fail(username: string, nowMs: number): void {
    const state = this.failures.get(username) ?? { times: [], lockedUntil: 0 };
    state.times = state.times.filter((t) => t > nowMs - this.windowMs);
    state.times.push(nowMs);
    if (state.times.length >= this.maxFailures) {
      state.lockedUntil = nowMs + this.lockMs;
      state.times = [];
    }
    this.failures.set(username, state);
    if (this.failures.size > 100_000) this.failures.delete(this.failures.keys().next().value as string);
  }

  succeed(username: string): void {
    this.failures.delete(username);
  }
}
