import { Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import { RETRY_ATTEMPTS_MAX, isTransientConflict, retryDelayMs } from './retry.js';

/** Advisory lock namespaces (first key of the two-int form); 72610001 (one bigint) is the audit chain's. */
export const LOCK_SPACE = { village: 72610002, idempotency: 72610003 } as const;

/**
 * Every write transaction goes through one queue. SQLite has one writer and TypeORM's SQLite driver
 * shares one connection, so two interleaved transactions would fail. On PostgreSQL several server
 * processes may write at once: a village's writes are serialized in the database itself
 * (`lockVillage`, a transaction-scoped advisory lock), and a transaction that loses a race (deadlock,
 * serialization failure, a chain seq taken meanwhile) is run again, bounded and with jitter, so a valid
 * request is never answered with a conflict it did not cause.
 */
export class TransactionRunner {
  private readonly logger = new Logger('Transactions');
  private tail: Promise<unknown> = Promise.resolve();
  private readonly locked = new WeakMap<QueryRunner, Set<string>>();
  /** Transactions run again after a transient conflict (for tests and the bench). */
  retries = 0;

  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const next = this.tail.then(() => this.withRetry(work));
    this.tail = next.catch(() => undefined);
    return next;
  }

  private async withRetry<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction(work);
      } catch (error) {
        if (this.isSqlite || attempt >= RETRY_ATTEMPTS_MAX || !isTransientConflict(error)) throw error;
        this.retries++;
        this.logger.warn(`transient conflict (${(error as Error).message}), attempt ${attempt + 1}`);
        await sleep(retryDelayMs(attempt));
      }
    }
  }

  get isSqlite(): boolean {
    return this.dataSource.options.type === 'better-sqlite3';
  }

  /**
   * Serializes this village's writes across server processes until the transaction ends (PostgreSQL;
   * SQLite's single writer already does). Taken before reading a chain head or checking a uniqueness.
   */
  async lockVillage(manager: EntityManager, villageId: string): Promise<void> {
    await this.lock(manager, LOCK_SPACE.village, villageId);
  }

  /** A transaction-scoped advisory lock on (space, text); no-op outside a transaction and on SQLite. */
  async lock(manager: EntityManager, space: number, text: string): Promise<void> {
    const runner = manager.queryRunner;
    if (this.isSqlite || !runner?.isTransactionActive) return;
    let held = this.locked.get(runner);
    if (!held) this.locked.set(runner, (held = new Set()));
    const tag = `${space}:${text}`;
    if (held.has(tag)) return;
    await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [space, text]);
    // Each transaction has its own query runner (dataSource.transaction creates one), so this set ends with it.
    held.add(tag);
  }

  /** Raw SQL with named parameters (`:from`, reusable) bound in this dialect's style. */
  bind(sql: string, named: Record<string, unknown>): [string, unknown[]] {
    const values: unknown[] = [];
    const positions = new Map<string, number>();
    const text = sql.replace(/:([a-zA-Z]\w*)/g, (_, name: string) => {
      if (!(name in named)) throw new Error(`bind: missing parameter ${name}`);
      if (this.isSqlite) {
        values.push(named[name]);
        return '?';
      }
      if (!positions.has(name)) {
        values.push(named[name]);
        positions.set(name, values.length);
      }
      return `$${positions.get(name)}`;
    });
    return [text, values];
  }
}
