import type { EntityManager } from 'typeorm';

interface PreparedDb {
  prepare(sql: string): { run(...values: unknown[]): unknown };
}

const statements = new WeakMap<object, Map<string, { run(...values: unknown[]): unknown }>>();

/** Rows inserted between two pauses of a long transaction (TransactionRunner.runLong): some ms on SQLite. */
export const ROWS_PER_PAUSE = 500;

/**
 * The hot path for many rows (journal lines, payouts, members): on SQLite, a cached prepared statement on
 * the driver's own connection — the one TypeORM's transaction runs on, so the rows commit or roll back
 * with it; on PostgreSQL, multi-row INSERTs of `chunk` rows. Rows may be a generator. Values: numbers,
 * strings, booleans, null. `pause` (a long transaction's) is awaited every ROWS_PER_PAUSE rows.
 */
export async function insertRows(
  manager: EntityManager,
  table: string,
  columns: string[],
  rows: Iterable<unknown[]>,
  chunk = 500,
  pause?: () => Promise<void>,
): Promise<void> {
  const driver = manager.connection.driver as unknown as { databaseConnection?: PreparedDb };
  if (manager.connection.options.type === 'better-sqlite3' && driver.databaseConnection) {
    const db = driver.databaseConnection;
    let cache = statements.get(db);
    if (!cache) statements.set(db, (cache = new Map()));
    const sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
    let statement = cache.get(sql);
    if (!statement) cache.set(sql, (statement = db.prepare(sql)));
    let n = 0;
    for (const row of rows) {
      statement.run(...row.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v)));
      if (pause && ++n % ROWS_PER_PAUSE === 0) await pause();
    }
    return;
  }
  let slice: unknown[][] = [];
  const flush = async () => {
    if (slice.length === 0) return;
    const values: unknown[] = [];
    const tuples = slice.map((row) => `(${row.map((v) => (values.push(v), `$${values.length}`)).join(', ')})`);
    await manager.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, values);
    slice = [];
    await pause?.();
  };
  for (const row of rows) {
    slice.push(row);
    if (slice.length >= chunk) await flush();
  }
  await flush();
}

/** Rows produced one at a time from a list (so a 250,000-row insert never holds every row array at once). */
export function* mapRows<T>(items: Iterable<T>, toRow: (item: T, index: number) => unknown[]): Generator<unknown[]> {
  let i = 0;
  for (const item of items) yield toRow(item, i++);
}
