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
