import type { EntityManager } from 'typeorm';

interface PreparedDb {
  prepare(sql: string): { run(...values: unknown[]): unknown };
}

const statements = new WeakMap<object, Map<string, { run(...values: unknown[]): unknown }>>();

/**
 * The hot path for many rows (journal lines, payouts, members): on SQLite, a cached prepared statement on
 * the driver's own connection — the one TypeORM's transaction runs on, so the rows commit or roll back
 * with it; on PostgreSQL, multi-row INSERTs of `chunk` rows. Rows may be a generator. Values: numbers,
 * strings, booleans, null.
 */
export async function insertRows(
  manager: EntityManager,
  table: string,
  columns: string[],
  rows: Iterable<unknown[]>,
  chunk = 500,
): Promise<void> {
  const driver = manager.connection.driver as unknown as { databaseConnection?: PreparedDb };
  if (manager.connection.options.type === 'better-sqlite3' && driver.databaseConnection) {
    const db = driver.databaseConnection;
    let cache = statements.get(db);
    if (!cache) statements.set(db, (cache = new Map()));
    const sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
    let statement = cache.get(sql);
    if (!statement) cache.set(sql, (statement = db.prepare(sql)));
    for (const row of rows) statement.run(...row.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v)));
    return;
  }
  let slice: unknown[][] = [];
  const flush = async () => {
    if (slice.length === 0) return;
    const values: unknown[] = [];
    const tuples = slice.map((row) => `(${row.map((v) => (values.push(v), `$${values.length}`)).join(', ')})`);
    await manager.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, values);
    slice = [];
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
