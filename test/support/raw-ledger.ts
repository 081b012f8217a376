import Database from 'better-sqlite3';
import { GENESIS_HASH } from '../../src/common/hash.js';
import { type EntryContent, type LineInput, entryHash } from '../../src/ledger/journal.js';

interface EntryRow {
  id: string; village_id: string; seq: number; date: string; year: number; voucher_no: string; kind: string; category: string | null; source_code: string | null;
  distributable: number; memo: string | null; reverses_entry_id: string | null; run_id: string | null; created_by: string; created_at: string; prev_hash: string; hash: string;
}

export function entryContent(e: EntryRow): EntryContent {
  return {
    id: e.id, villageId: e.village_id, seq: e.seq, date: e.date, voucherNo: e.voucher_no, kind: e.kind, category: e.category, sourceCode: e.source_code,
    distributable: !!e.distributable, memo: e.memo, reversesEntryId: e.reverses_entry_id, runId: e.run_id, createdBy: e.created_by, createdAt: e.created_at,
  };
}

/** An auditor's own check of a SQLite file, reading raw rows and re-hashing (no product services). */
export function verifyFile(db: Database.Database, villageId: string): { ok: boolean; entries: number; firstBadSeq?: number; head: string } {
  const lines = db.prepare('SELECT line_no, account_code, household_id, debit_fen, credit_fen, memo FROM journal_lines WHERE entry_id = ? ORDER BY line_no');
  let prev = GENESIS_HASH;
  let expected = 1;
  for (const e of db.prepare('SELECT * FROM journal_entries WHERE village_id = ? ORDER BY seq').iterate(villageId) as Iterable<EntryRow>) {
    const ls = (lines.all(e.id) as { account_code: string; household_id: string | null; debit_fen: number; credit_fen: number; memo: string | null }[]).map(
      (l): LineInput => ({ accountCode: l.account_code, householdId: l.household_id, debitFen: l.debit_fen, creditFen: l.credit_fen, memo: l.memo }),
    );
    if (e.seq !== expected || e.prev_hash !== prev || entryHash(prev, entryContent(e), ls) !== e.hash) return { ok: false, entries: expected - 1, firstBadSeq: expected, head: prev };
    prev = e.hash;
    expected++;
  }
  return { ok: true, entries: expected - 1, head: prev };
}
