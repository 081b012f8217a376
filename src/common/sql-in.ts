/**
 * `IN (…)` lists of any length. SQLite refuses a statement with more than 32,766 bound variables
 * (SQLITE_MAX_VARIABLE_NUMBER), PostgreSQL more than 65,535 parameters: a journal export of 40,000
 * entries sent every id in one statement and failed. Pure: no TypeORM import.
 */

/** SQLite's limit on variables per statement (since 3.32). */
export const SQLITE_MAX_VARIABLES = 32_766;
/** PostgreSQL's limit on parameters per statement (the wire protocol's int16 count). */
export const POSTGRES_MAX_PARAMETERS = 65_535;
/** Ids per statement by default: far below both limits, leaving room for a statement's other parameters. */
export const IN_CHUNK_DEFAULT = 5_000;

/**
 * Calls `fn` with consecutive slices of at most `size` ids and concatenates what it returns (in order).
 * `size` must leave the statement under SQLite's limit, the lower of the two.
 */
export async function inChunks<I, T>(
  ids: readonly I[],
  size: number,
  fn: (chunk: I[]) => Promise<readonly T[] | void>,
): Promise<T[]> {
  if (!Number.isInteger(size) || size < 1 || size > SQLITE_MAX_VARIABLES) {
    throw new RangeError(`inChunks: size ${size} must be an integer in 1…${SQLITE_MAX_VARIABLES}`);
  }
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += size) {
    const rows = await fn(ids.slice(i, i + size));
    if (rows) for (const row of rows) out.push(row);
  }
  return out;
}

/** Named placeholders for a raw `IN (…)` (`:p0, :p1, …`) and their values, for TransactionRunner.bind. */
export function inList(prefix: string, ids: readonly unknown[]): { sql: string; named: Record<string, unknown> } {
  if (ids.length === 0) return { sql: 'NULL', named: {} }; // `IN (NULL)` matches nothing
  const named: Record<string, unknown> = {};
  const names = ids.map((id, i) => {
    named[`${prefix}${i}`] = id;
    return `:${prefix}${i}`;
  });
  return { sql: names.join(', '), named };
}
