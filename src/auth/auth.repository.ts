import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Role } from '../common/actor.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import type { ThrottleRow } from './login-throttle.js';

/** A session's user with one row per village grant (the guard's one query per request). */
export interface SessionUserRow {
  id: string;
  username: string;
  role: Role;
  household_id: string | null;
  disabled: boolean | number;
  village_id: string | null;
  village_role: Role | null;
  household_village_id: string | null;
}

/** The raw SQL of auth: the guard's session lookup and the login throttle's shared counters. */
@Injectable()
export class AuthRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
  ) {}

  /** The live session, its user, the user's villages (and a household user's village) in one query. */
  sessionUser(sessionId: string, userId: string): Promise<SessionUserRow[]> {
    const [sql, values] = this.tx.bind(
      `SELECT u.id, u.username, u.role, u.household_id, u.disabled, uv.village_id, uv.role AS village_role,
              h.village_id AS household_village_id
         FROM sessions s
         JOIN users u ON u.id = s.user_id
         LEFT JOIN user_villages uv ON uv.user_id = u.id
         LEFT JOIN households h ON h.id = u.household_id
        WHERE s.id = :sessionId AND s.user_id = :userId`,
      { sessionId, userId },
    );
    return this.dataSource.query(sql, values);
  }

  /** A counter row for `key` unless one exists (so the next read can lock it). */
  ensureThrottle(manager: EntityManager, key: string, epoch: string): Promise<void> {
    return this.exec(
      manager,
      'INSERT INTO login_throttle ("key", failures, last_at) VALUES (:key, 0, :epoch) ON CONFLICT ("key") DO NOTHING',
      { key, epoch },
    );
  }

  /** The counters of `keys`, in key order, locked on PostgreSQL until the transaction ends. */
  async readThrottle(manager: EntityManager, keys: string[]): Promise<ThrottleRow[]> {
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

  setThrottle(manager: EntityManager, key: string, failures: number, now: string): Promise<void> {
    return this.exec(manager, 'UPDATE login_throttle SET failures = :failures, last_at = :now WHERE "key" = :key', {
      failures,
      now,
      key,
    });
  }

  /** Forgets counters last touched before `cutoff`. */
  pruneThrottle(manager: EntityManager, cutoff: string): Promise<void> {
    return this.exec(manager, 'DELETE FROM login_throttle WHERE last_at < :cutoff', { cutoff });
  }

  /** Takes one counted attempt back (never below 0). */
  returnAttempt(manager: EntityManager, key: string): Promise<void> {
    return this.exec(manager, 'UPDATE login_throttle SET failures = failures - 1 WHERE "key" = :key AND failures > 0', {
      key,
    });
  }

  forgetThrottle(manager: EntityManager, key: string): Promise<void> {
    return this.exec(manager, 'DELETE FROM login_throttle WHERE "key" = :key', { key });
  }

  private async exec(manager: EntityManager, sql: string, named: Record<string, unknown>): Promise<void> {
    const [text, values] = this.tx.bind(sql, named);
    await manager.query(text, values);
  }
}
