import { describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { IN_CHUNK_DEFAULT, SQLITE_MAX_VARIABLES, inChunks, inList } from './sql-in.js';

describe('inChunks: IN lists of any length', () => {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER)');
  const ids = Array.from({ length: 40_000 }, (_, i) => `id-${i}`);
  const insert = db.prepare('INSERT INTO t (id, n) VALUES (?, ?)');
  db.transaction(() => ids.forEach((id, i) => insert.run(id, i)))();
  const select = (chunk: string[]) =>
    db.prepare(`SELECT id, n FROM t WHERE id IN (${chunk.map(() => '?').join(', ')}) ORDER BY n`).all(...chunk) as {
      id: string;
      n: number;
    }[];

  it('40,000 ids in one statement fail on SQLite (the bug it fixes)', () => {
    expect(() => select(ids)).toThrow(/too many SQL variables/);
  });

  it('reads all 40,000 rows in chunks, in order, each chunk within the limit', async () => {
    const sizes: number[] = [];
    const rows = await inChunks(ids, IN_CHUNK_DEFAULT, async (chunk) => {
      sizes.push(chunk.length);
      return select(chunk);
    });
    expect(rows.length).toBe(40_000);
    expect(rows.map((r) => r.n)).toEqual(ids.map((_, i) => i));
    expect(sizes).toEqual([5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000]);
    const atLimit = await inChunks(ids, SQLITE_MAX_VARIABLES, async (chunk) => select(chunk));
    expect(atLimit.length).toBe(40_000);
  });

  it('accepts work that returns nothing, and refuses a chunk size above SQLite’s limit', async () => {
    const seen: number[] = [];
    expect(await inChunks([1, 2, 3], 2, async (c) => void seen.push(c.length))).toEqual([]);
    expect(seen).toEqual([2, 1]);
    expect(await inChunks([], 10, async () => [1])).toEqual([]);
    await expect(inChunks(ids, SQLITE_MAX_VARIABLES + 1, async () => [])).rejects.toThrow(RangeError);
    await expect(inChunks(ids, 0, async () => [])).rejects.toThrow(RangeError);
  });

  it('names placeholders for raw SQL; an empty list matches nothing', () => {
    expect(inList('v', ['a', 'b'])).toEqual({ sql: ':v0, :v1', named: { v0: 'a', v1: 'b' } });
    expect(inList('v', [])).toEqual({ sql: 'NULL', named: {} });
  });
});
