import { DataSource, type EntityManager } from 'typeorm';

/**
 * Every write transaction goes through one queue. SQLite has one writer and TypeORM's SQLite driver
 * shares one connection, so two interleaved transactions would fail; the queue also keeps every
 * per-village chain append strictly ordered on PostgreSQL.
 */
export class TransactionRunner {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const next = this.tail.then(() => this.dataSource.transaction(work));
    this.tail = next.catch(() => undefined);
    return next;
  }

  get isSqlite(): boolean {
    return this.dataSource.options.type === 'better-sqlite3';
  }

  /** Placeholder for the i-th (1-based) parameter of raw SQL in this dialect. */
  param(i: number): string {
    return this.isSqlite ? '?' : `$${i}`;
  }
}
