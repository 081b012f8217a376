import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/** Multi-row INSERTs in chunks through TypeORM (one statement per chunk). */
export async function insertChunked<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, rows: T[], chunk = 400): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) {
    await manager.createQueryBuilder().insert().into(target).values(rows.slice(i, i + chunk) as never).updateEntity(false).execute();
  }
}

interface PreparedDb {
  prepare(sql: string): { run(...values: unknown[]): unknown };
}

const statements = new WeakMap<object, Map<string, { run(...values: unknown[]): unknown }>>();

/**
 * The hot path for many rows (journal lines, payouts, members): on SQLite, a cached prepared statement on
 * the driver's own connection — the one TypeORM's transaction runs on, so the rows commit or roll back
 * with it; on PostgreSQL, multi-row INSERTs of `chunk` rows. Values: numbers, strings, booleans, null.
 */
export async function insertRows(manager: EntityManager, table: string, columns: string[], rows: unknown[][], chunk = 500): Promise<void> {
  if (rows.length === 0) return;
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
  for (let i = 0; i < rows.length; i += chunk) {
    const slice = rows.slice(i, i + chunk);
    const values: unknown[] = [];
    const tuples = slice.map((row) => `(${row.map((v) => (values.push(v), `$${values.length}`)).join(', ')})`);
    await manager.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, values);
  }
}
