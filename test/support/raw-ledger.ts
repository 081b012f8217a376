import Database from 'better-sqlite3';
import { GENESIS_HASH } from '../../src/common/hash.js';
import { type EntryRow, type LineRow, entryContentFromRow, entryHash, lineFromRow } from '../../src/ledger/journal.js';

/** An auditor's own check of a SQLite file, reading raw rows and re-hashing (no product services). */
export function verifyFile(
  db: Database.Database,
  villageId: string,
): { ok: boolean; entries: number; firstBadSeq?: number; head: string } {
  const lines = db.prepare(
    'SELECT account_code, household_id, debit_fen, credit_fen, memo FROM journal_lines WHERE entry_id = ? ORDER BY line_no',
  );
  let prev = GENESIS_HASH;
  let expected = 1;
  for (const e of db
    .prepare('SELECT * FROM journal_entries WHERE village_id = ? ORDER BY seq')
    .iterate(villageId) as Iterable<EntryRow & { prev_hash: string; hash: string }>) {
    const ls = (lines.all(e.id) as LineRow[]).map(lineFromRow);
    if (Number(e.seq) !== expected || e.prev_hash !== prev || entryHash(prev, entryContentFromRow(e), ls) !== e.hash) {
      return { ok: false, entries: expected - 1, firstBadSeq: expected, head: prev };
    }
    prev = e.hash;
    expected++;
  }
  return { ok: true, entries: expected - 1, head: prev };
}
