import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { GENESIS_HASH } from '../common/hash.js';
import { insertRows, mapRows } from '../database/bulk.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import type { LineInput } from './journal.js';
import type { JournalEntry } from './ledger.entity.js';

/** Where a village's chain stands for the next append: its head, and what refuses an entry of that year and date. */
export interface AppendState {
  head: { seq: number; hash: string; at: string | null };
  yearClosed: boolean;
  /** The opening balances' date when they come after the entry's date (nothing is booked before them). */
  openingAfter: string | null;
}

const ENTRY_COLUMNS = [
  'id',
  'village_id',
  'seq',
  'date',
  'year',
  'voucher_no',
  'kind',
  'category',
  'source_code',
  'distributable',
  'memo',
  'reverses_entry_id',
  'run_id',
  'created_by',
  'created_at',
  'prev_hash',
  'hash',
];
const LINE_COLUMNS = ['entry_id', 'line_no', 'account_code', 'household_id', 'debit_fen', 'credit_fen', 'memo'];

/** The queries of appending to a village's hash chain: one statement for its state, then the inserts. */
@Injectable()
export class LedgerRepository {
  constructor(private readonly tx: TransactionRunner) {}

  async appendState(manager: EntityManager, villageId: string, year: number, date: string): Promise<AppendState> {
    const [row]: {
      seq: number | string | null;
      hash: string | null;
      created_at: string | null;
      closed: number | string;
      opening: string | null;
    }[] = await manager.query(
      ...this.tx.bind(
        `SELECT h.seq, h.hash, h.created_at,
                (SELECT COUNT(*) FROM year_closes c WHERE c.village_id = :villageId AND c.year = :year) AS closed,
                (SELECT MIN(o.date) FROM journal_entries o
                  WHERE o.village_id = :villageId AND o.date > :date AND o.kind = 'opening') AS opening
           FROM (SELECT 1 AS one) x
           LEFT JOIN (SELECT e.seq, e.hash, e.created_at FROM journal_entries e
                       WHERE e.village_id = :villageId ORDER BY e.seq DESC LIMIT 1) h ON 1 = 1`,
        { villageId, year, date },
      ),
    );
    return {
      head:
        row.seq === null
          ? { seq: 0, hash: GENESIS_HASH, at: null }
          : { seq: Number(row.seq), hash: String(row.hash), at: row.created_at },
      yearClosed: Number(row.closed) > 0,
      openingAfter: row.opening,
    };
  }

  async voucherTaken(manager: EntityManager, villageId: string, year: number, voucherNo: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      ...this.tx.bind(
        `SELECT 1 FROM journal_entries
          WHERE village_id = :villageId AND year = :year AND voucher_no = :voucherNo LIMIT 1`,
        { villageId, year, voucherNo },
      ),
    );
    return rows.length > 0;
  }

  /** Net cash (Dr − Cr of `cash`) per entry date, in date order. */
  async dailyCash(
    manager: EntityManager,
    villageId: string,
    cash: string,
  ): Promise<{ date: string; netFen: number }[]> {
    const rows: { date: string; net: number | string }[] = await manager.query(
      ...this.tx.bind(
        `SELECT e.date, SUM(l.debit_fen - l.credit_fen) AS net
           FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
          WHERE e.village_id = :villageId AND l.account_code = :cash
          GROUP BY e.date ORDER BY e.date`,
        { villageId, cash },
      ),
    );
    return rows.map((r) => ({ date: r.date, netFen: Number(r.net) }));
  }

  /** The entry row and its lines, as hashed (prepared statements on SQLite, multi-row INSERTs on PostgreSQL). */
  async insertEntry(manager: EntityManager, entry: JournalEntry, lines: LineInput[]): Promise<void> {
    const e = entry;
    await insertRows(manager, 'journal_entries', ENTRY_COLUMNS, [
      [
        ...[e.id, e.villageId, e.seq, e.date, e.year, e.voucherNo, e.kind, e.category, e.sourceCode, e.distributable],
        ...[e.memo, e.reversesEntryId, e.runId, e.createdBy, e.createdAt, e.prevHash, e.hash],
      ],
    ]);
    await insertRows(
      manager,
      'journal_lines',
      LINE_COLUMNS,
      mapRows(lines, (l, i) => [
        entry.id,
        i + 1,
        l.accountCode,
        l.householdId ?? null,
        l.debitFen,
        l.creditFen,
        l.memo ?? null,
      ]),
    );
  }
}
