import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { AuthRepository } from './auth.repository.js';
import { THROTTLE_FORGET_MS, liveFailures, waitMs } from './login-throttle.js';

const EPOCH = new Date(0).toISOString();
const PRUNE_EVERY_MS = 60_000;

/**
 * The login throttle's counters in the `login_throttle` table, shared by every server process. An attempt
 * is counted *before* its password is checked (claim), so a burst of parallel guesses cannot all slip in
 * before the first failure is written; a success takes its count back.
 */
@Injectable()
export class LoginThrottleService {
  private lastPruneMs = 0;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly auth: AuthRepository,
  ) {}

  /** Seconds to wait before any of `keys` may try again; 0 when the attempt is allowed (and counted). */
  claim(keys: string[]): Promise<number> {
    const sorted = [...new Set(keys)].sort(); // one lock order across processes: no deadlock on PostgreSQL
    return this.tx.run(async (manager) => {
      const nowMs = this.clock.now().getTime();
      for (const key of sorted) await this.auth.ensureThrottle(manager, key, EPOCH);
      const rows = await this.auth.readThrottle(manager, sorted);
      const wait = Math.max(0, ...rows.map((row) => waitMs(row, nowMs)));
      if (wait > 0) return Math.ceil(wait / 1000);
      const now = new Date(nowMs).toISOString();
      for (const row of rows) await this.auth.setThrottle(manager, row.key, liveFailures(row, nowMs) + 1, now);
      if (nowMs - this.lastPruneMs >= PRUNE_EVERY_MS) {
        this.lastPruneMs = nowMs;
        await this.auth.pruneThrottle(manager, new Date(nowMs - THROTTLE_FORGET_MS).toISOString());
      }
      return 0;
    });
  }

  /** After a success, inside the caller's transaction: the username starts afresh; the address gets its count back. */
  async succeeded(manager: EntityManager, keys: { username: string; address: string }): Promise<void> {
    // Same lock order as claim ("a:" before "u:"), so two processes cannot deadlock on PostgreSQL.
    await this.auth.returnAttempt(manager, keys.address);
    await this.auth.forgetThrottle(manager, keys.username);
  }
}
