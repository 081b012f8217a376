import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { THROTTLE_FORGET_MS, type ThrottleRow, liveFailures, waitMs } from './login-throttle.js';

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
  ) {}

  /** Seconds to wait before any of `keys` may try again; 0 when the attempt is allowed (and counted). */
  claim(keys: string[]): Promise<number> {
    const sorted = [...new Set(keys)].sort(); // one lock order across processes: no deadlock on PostgreSQL
    return this.tx.run(async (manager) => {
      const nowMs = this.clock.now().getTime();
      for (const key of sorted) {
        await this.exec(
          manager,
          'INSERT INTO login_throttle ("key", failures, last_at) VALUES (:key, 0, :epoch) ON CONFLICT ("key") DO NOTHING',
          { key, epoch: EPOCH },
        );
      }
      const rows = await this.read(manager, sorted);
      const wait = Math.max(0, ...rows.map((row) => waitMs(row, nowMs)));
      if (wait > 0) return Math.ceil(wait / 1000);
      const now = new Date(nowMs).toISOString();
      for (const row of rows) {
        await this.exec(manager, 'UPDATE login_throttle SET failures = :failures, last_at = :now WHERE "key" = :key', {
          failures: liveFailures(row, nowMs) + 1,
          now,
          key: row.key,
        });
      }
      if (nowMs - this.lastPruneMs >= PRUNE_EVERY_MS) {
        this.lastPruneMs = nowMs;
        await this.exec(manager, 'DELETE FROM login_throttle WHERE last_at < :cutoff', {
          cutoff: new Date(nowMs - THROTTLE_FORGET_MS).toISOString(),
        });
      }
      return 0;
    });
  }

  /** After a success, inside the caller's transaction: the username starts afresh; the address gets its count back. */
  async succeeded(manager: EntityManager, keys: { username: string; address: string }): Promise<void> {
    // Same lock order as claim ("a:" before "u:"), so two processes cannot deadlock on PostgreSQL.
    await this.exec(manager, 'UPDATE login_throttle SET failures = failures - 1 WHERE "key" = :key AND failures > 0', {
      key: keys.address,
    });
    await this.exec(manager, 'DELETE FROM login_throttle WHERE "key" = :key', { key: keys.username });
  }

  private async read(manager: EntityManager, keys: string[]): Promise<ThrottleRow[]> {
    const named = Object.fromEntries(keys.map((key, i) => [`k${i}`, key]));
    const list = keys.map((_, i) => `:k${i}`).join(', ');
    const lock = this.tx.isSqlite ? '' : ' FOR UPDATE';
    const [sql, values] = this.tx.bind(
      `SELECT "key", failures, last_at FROM login_throttle WHERE "key" IN (${list}) ORDER BY "key"${lock}`,
      named,
    );
    const rows: { key: string; failures: number | string; last_at: string }[] = await manager.query(sql, values);
    return rows.map((r) => ({ key: r.key, failures: Number(r.failures), lastAt: r.last_at }));
  }

  private async exec(manager: EntityManager, sql: string, named: Record<string, unknown>): Promise<void> {
    const [text, values] = this.tx.bind(sql, named);
    await manager.query(text, values);
  }
}
