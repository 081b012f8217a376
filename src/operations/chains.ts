/**
 * Chain checks over raw rows (snake_case, as either database returns them): the same hashing as
 * LedgerService.verifyChain and AuditService.verify, without Nest or TypeORM, so a backup file, an
 * archive and a freshly imported village are checked by one code path.
 */
import { GENESIS_HASH, chainHash } from '../common/hash.js';
import {
  type EntryRow,
  type LineInput,
  type LineRow,
  entryContentFromRow,
  entryHash,
  lineFromRow,
} from '../ledger/journal.js';

export interface ChainHead {
  seq: number;
  hash: string;
}

export interface ChainCheck {
  ok: boolean;
  entries: number;
  head: ChainHead;
  /** The first seq that does not verify (absent when ok). */
  firstBadSeq?: number;
}

export type LedgerEntryRow = EntryRow & { year: number | string; prev_hash: string; hash: string };
export type LedgerLineRow = LineRow & { entry_id: string; line_no: number | string };

/** Lines grouped by entry in line order; a gap in line numbers makes the entry fail. */
export function linesByEntry(lines: Iterable<LedgerLineRow>): Map<string, LineInput[]> {
  const sorted = [...lines].sort((a, b) =>
    a.entry_id === b.entry_id ? Number(a.line_no) - Number(b.line_no) : a.entry_id < b.entry_id ? -1 : 1,
  );
  const byEntry = new Map<string, LineInput[]>();
  for (const row of sorted) {
    const list = byEntry.get(row.entry_id) ?? [];
    if (Number(row.line_no) !== list.length + 1) list.push({ accountCode: '#gap', debitFen: -1, creditFen: -1 });
    list.push(lineFromRow(row));
    byEntry.set(row.entry_id, list);
  }
  return byEntry;
}

/** One village's journal: seq gapless from 1, each prev_hash the previous hash, each hash recomputed. */
export function checkLedgerChain(entries: LedgerEntryRow[], lines: Map<string, LineInput[]>): ChainCheck {
  const sorted = [...entries].sort((a, b) => Number(a.seq) - Number(b.seq));
  let prev = GENESIS_HASH;
  let expected = 1;
  for (const e of sorted) {
    const ok =
      Number(e.seq) === expected &&
      e.prev_hash === prev &&
      Number(e.date.slice(0, 4)) === Number(e.year) &&
      entryHash(prev, entryContentFromRow(e), lines.get(e.id) ?? []) === e.hash;
    if (!ok) {
      return { ok: false, entries: expected - 1, head: { seq: expected - 1, hash: prev }, firstBadSeq: expected };
    }
    prev = e.hash;
    expected++;
  }
  return { ok: true, entries: expected - 1, head: { seq: expected - 1, hash: prev } };
}

/** An `audit_log` row as the database returns it. */
export interface AuditRow {
  seq: number | string;
  at: string;
  actor_id: string | null;
  actor: string;
  role: string | null;
  action: string;
  target: string | null;
  village_id: string | null;
  request_id: string | null;
  ip: string | null;
  summary: string;
  prev_hash: string;
  hash: string;
}

/** The content an audit hash covers (AuditService.record: the record without prevHash and hash). */
export function auditContentFromRow(r: AuditRow) {
  return {
    seq: Number(r.seq),
    at: r.at,
    actorId: r.actor_id,
    actor: r.actor,
    role: r.role,
    action: r.action,
    target: r.target,
    villageId: r.village_id,
    requestId: r.request_id,
    ip: r.ip,
    summary: r.summary,
  };
}

export function auditRecordHashOk(r: AuditRow): boolean {
  return chainHash(r.prev_hash, auditContentFromRow(r)) === r.hash;
}

/** The whole installation's audit chain, rows in seq order (streamed by the caller in pages). */
export class AuditChainChecker {
  private prev = GENESIS_HASH;
  private expected = 1;
  private bad: number | undefined;

  add(rows: Iterable<AuditRow>): void {
    for (const r of rows) {
      if (this.bad !== undefined) return;
      if (Number(r.seq) !== this.expected || r.prev_hash !== this.prev || !auditRecordHashOk(r)) {
        this.bad = this.expected;
        return;
      }
      this.prev = r.hash;
      this.expected++;
    }
  }

  result(): ChainCheck {
    const head = { seq: this.expected - 1, hash: this.prev };
    return this.bad === undefined
      ? { ok: true, entries: head.seq, head }
      : { ok: false, entries: head.seq, head, firstBadSeq: this.bad };
  }
}

/**
 * A village's own audit records, cut out of the installation's chain: each record's hash must follow from
 * its own prev_hash and content, and seqs must increase (the links between them run through other villages).
 */
export function checkAuditExtract(rows: AuditRow[]): { ok: boolean; firstBadSeq?: number } {
  let last = 0;
  for (const r of rows) {
    if (Number(r.seq) <= last || !auditRecordHashOk(r)) return { ok: false, firstBadSeq: Number(r.seq) };
    last = Number(r.seq);
  }
  return { ok: true };
}
