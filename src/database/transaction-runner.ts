import { Logger } from '@nestjs/common';
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { DataSource, type DataSourceOptions, type EntityManager, type QueryRunner } from 'typeorm';
import { RETRY_ATTEMPTS_MAX, isTransientConflict, retryDelayMs } from './retry.js';

/** Advisory lock namespaces (first key of the two-int form); 72610001 (one bigint) is the audit chain's. */
export const LOCK_SPACE = { village: 72610002, idempotency: 72610003 } as const;

/** Called by a long transaction between chunks of rows: lets the event loop serve other requests, or does nothing. */
export type Pause = () => Promise<void>;

/** One turn of the event loop: timers, I/O and other requests run before the work goes on. */
export const yieldToLoop: Pause = () => new Promise((resolve) => setImmediate(resolve));
const noPause: Pause = () => Promise.resolve();

/** Lets the long transaction's connection wait this long for another process's write lock (it is taken first). */
const LONG_BUSY_TIMEOUT_MS = 1000;

interface SqliteDb {
  pragma(sql: string): unknown;
}

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

  /**
   * A long write (a dividend run's posting) that lets other requests run meanwhile: `work` calls `pause()`
   * between chunks of rows. It holds the queue's slot like `run`, so no other write of this process starts.
   * SQLite: the transaction runs on a second connection to the same file, opened for it (WAL: the main
   * connection keeps serving reads of the last commit, never the half-written rows), which takes the write
   * lock first; the main connection is made query-only meanwhile, so a write that bypassed the queue fails at
   * once instead of waiting on a lock that this same thread holds. The commit does not copy the WAL into the
   * file (seconds for a 250,000-payout run): a worker thread does, off the event loop. An in-memory database
   * (tests) has no second connection to it: there `work` runs as `run` does and `pause` does nothing.
   * PostgreSQL: `run` with the pauses (other requests use the pool's other connections).
   */
  runLong<T>(work: (manager: EntityManager, pause: Pause) => Promise<T>): Promise<T> {
    const next = this.tail.then(async (): Promise<{ value: T; checkpoint?: Promise<void> }> => {
      if (!this.isSqlite) return { value: await this.withRetry((manager) => work(manager, yieldToLoop)) };
      const path = this.dataSource.options.database;
      if (typeof path !== 'string' || path === ':memory:' || path === '') {
        return { value: await this.dataSource.transaction((manager) => work(manager, noPause)) };
      }
      const value = await this.onSecondConnection(path, work);
      return { value, checkpoint: checkpointOffLoop(path, this.logger) };
    });
    // The next write waits in the queue (not on the event loop) until the checkpoint is done: its commit would
    // otherwise copy the WAL itself, or wait on the disk behind the worker's writes.
    this.tail = next.then((done) => done.checkpoint).catch(() => undefined);
    return next.then((done) => done.value);
  }

  private async onSecondConnection<T>(
    path: string,
    work: (manager: EntityManager, pause: Pause) => Promise<T>,
  ): Promise<T> {
    const second = new DataSource({
      ...this.dataSource.options,
      database: path,
      migrationsRun: false,
      synchronize: false,
      prepareDatabase: (db: SqliteDb) => {
        db.pragma(`busy_timeout = ${LONG_BUSY_TIMEOUT_MS}`);
        db.pragma('synchronous = FULL');
        db.pragma('wal_autocheckpoint = 0');
      },
    } as DataSourceOptions);
    await second.initialize();
    const main = (this.dataSource.driver as unknown as { databaseConnection: SqliteDb }).databaseConnection;
    main.pragma('query_only = ON');
    try {
      return await second.transaction(async (manager) => {
        // A write statement takes the write lock now, before any read: the snapshot cannot go stale.
        await manager.query('DELETE FROM idempotency_keys WHERE 0');
        return work(manager, yieldToLoop);
      });
    } finally {
      main.pragma('query_only = OFF');
      await second.destroy();
    }
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

const BETTER_SQLITE3 = createRequire(import.meta.url).resolve('better-sqlite3');

/**
 * A PASSIVE checkpoint in a worker thread on a connection of its own: the event loop goes on serving reads
 * while hundreds of MB are copied and synced. Resolves when it is done (a failure is logged: a later commit's
 * own auto-checkpoint then copies what is left).
 */
function checkpointOffLoop(path: string, logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    const worker = new Worker(
      `const { workerData } = require('node:worker_threads');
       const db = new (require(workerData.driver))(workerData.path, { fileMustExist: true, timeout: 0 });
       try {
         db.pragma('wal_checkpoint(PASSIVE)');
       } finally {
         db.close();
       }`,
      { eval: true, workerData: { driver: BETTER_SQLITE3, path } },
    );
    worker.once('error', (error) => logger.warn(`WAL checkpoint after a long transaction failed: ${error.message}`));
    worker.once('exit', () => resolve());
  });
}
