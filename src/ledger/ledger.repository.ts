import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { GENESIS_HASH } from '../common/hash.js';
import { insertEntities } from '../common/entity-rows.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import type { EntryLines } from './journal.js';
import { EXPENSE_ACCOUNTS, INCOME_ACCOUNTS } from './accounts.js';
import { IN_CHUNK_DEFAULT, inChunks } from '../common/sql-in.js';
import type { AccountTotals } from './books.js';
import { JournalEntry, JournalLine } from './ledger.entity.js';

/** Where a village's chain stands for the next append: its head, and what refuses an entry of that year and date. */
export interface AppendState {
  head: { seq: number; hash: string; at: string | null };
  yearClosed: boolean;
  /** The opening balances' date when they come after the entry's date (nothing is booked before them). */
  openingAfter: string | null;
}

export interface ChainLineRow {
  entry_id: string;
  line_no: number;
  account_code: string;
  household_id: string | null;
  debit_fen: number | string;
  credit_fen: number | string;
  memo: string | null;
}

export interface IncomeRow {
  kind: string;
  category: string | null;
  source_code: string | null;
  distributable: boolean | number;
  net: string | number;
}

/** Which entries a journal page reads (reports.service.ts passes its query). */
export interface JournalFilter {
  from?: string;
  to?: string;
  accountCode?: string;
  kind?: string;
  limit: number;
  offset: number;
}

export interface HouseholdLineRow {
  entry_id: string;
  seq: number | string;
  date: string;
  voucher_no: string;
  kind: string;
  memo: string | null;
  account_code: string;
  debit_fen: number | string;
  credit_fen: number | string;
}

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

  /** The chain's last entry (seq, hash, createdAt only), or null for an empty chain. */
  lastEntry(manager: EntityManager, villageId: string): Promise<JournalEntry | null> {
    return manager
      .getRepository(JournalEntry)
      .createQueryBuilder('e')
      .select(['e.seq', 'e.hash', 'e.createdAt'])
      .where('e.village_id = :villageId', { villageId })
      .orderBy('e.seq', 'DESC')
      .limit(1)
      .getOne();
  }

  /** D for year Y: income minus expense of posted entries dated in Y, net of reversals; closing entries excluded. */
  async distributableFen(manager: EntityManager, villageId: string, year: number): Promise<number> {
    const income = INCOME_ACCOUNTS.map((a) => `'${a}'`).join(',');
    const expense = EXPENSE_ACCOUNTS.map((a) => `'${a}'`).join(',');
    const rows: { net: string | number | null }[] = await manager.query(
      ...this.tx.bind(
        `SELECT SUM(CASE WHEN l.account_code IN (${income}) THEN l.credit_fen - l.debit_fen
                         WHEN l.account_code IN (${expense}) THEN l.credit_fen - l.debit_fen ELSE 0 END) AS net
           FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
          WHERE e.village_id = :villageId AND e.year = :year AND e.kind <> 'close'`,
        { villageId, year },
      ),
    );
    return Number(rows[0]?.net ?? 0);
  }

  /** The year's posted entries that D is summed from (income and expense accounts), in seq order. */
  async distributableEntries(manager: EntityManager, villageId: string, year: number) {
    const accounts = [...INCOME_ACCOUNTS, ...EXPENSE_ACCOUNTS].map((a) => `'${a}'`).join(',');
    type Row = { seq: number | string; hash: string; voucher_no: string; kind: string; date: string; reverses: string };
    const rows: Row[] = await manager.query(
      ...this.tx.bind(
        `SELECT e.seq, e.hash, e.voucher_no, e.kind, e.date, o.voucher_no AS reverses FROM journal_entries e
            LEFT JOIN journal_entries o ON o.id = e.reverses_entry_id
          WHERE e.village_id = :villageId AND e.year = :year AND e.kind <> 'close'
            AND EXISTS (SELECT 1 FROM journal_lines l WHERE l.entry_id = e.id AND l.account_code IN (${accounts}))
          ORDER BY e.seq`,
        { villageId, year },
      ),
    );
    // `reverses` (the voucher a reversal undoes) names it to the cadre; it is not part of a run's stored inputs.
    return rows.map((r) => ({
      seq: Number(r.seq),
      hash: r.hash,
      voucherNo: r.voucher_no,
      kind: r.kind,
      date: r.date,
      ...(r.reverses ? { reverses: r.reverses } : {}),
    }));
  }

  /** Up to `limit` entries of the village from seq `from` on, in seq order (a page of the chain check). */
  entriesFrom(manager: EntityManager, villageId: string, from: number, limit: number): Promise<JournalEntry[]> {
    return manager
      .getRepository(JournalEntry)
      .createQueryBuilder('e')
      .where('e.village_id = :villageId AND e.seq >= :from', { villageId, from })
      .orderBy('e.seq', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** The lines of the village's entries with seq in [from, to], in seq and line order. */
  chainLines(manager: EntityManager, villageId: string, from: number, to: number): Promise<ChainLineRow[]> {
    return manager.query(
      ...this.tx.bind(
        `SELECT l.entry_id, l.line_no, l.account_code, l.household_id, l.debit_fen, l.credit_fen, l.memo
             FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
            WHERE e.village_id = :villageId AND e.seq >= :from AND e.seq <= :to
            ORDER BY e.seq, l.line_no`,
        { villageId, from, to },
      ),
    );
  }

  /** Net (Cr − Dr) of the year's non-closing entries per account among `accounts` (the ones a close zeroes). */
  async closedAccountsNet(
    manager: EntityManager,
    villageId: string,
    year: number,
    accounts: readonly string[],
  ): Promise<Map<string, number>> {
    const balances: { account_code: string; net: number | string }[] = await manager.query(
      ...this.tx.bind(
        `SELECT l.account_code, SUM(l.credit_fen - l.debit_fen) AS net FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
          WHERE e.village_id = :villageId AND e.year = :year AND e.kind <> 'close'
            AND l.account_code IN (${accounts.map((a) => `'${a}'`).join(',')})
          GROUP BY l.account_code`,
        { villageId, year },
      ),
    );
    return new Map(balances.map((b) => [b.account_code, Number(b.net)]));
  }

  /** A page of the village's journal in seq order, and how many entries match the filter in all. */
  async journalPage(
    manager: EntityManager,
    villageId: string,
    filter: JournalFilter,
    ownHousehold: string | undefined,
  ): Promise<{ total: number; entries: JournalEntry[] }> {
    const qb = manager
      .getRepository(JournalEntry)
      .createQueryBuilder('e')
      .where('e.village_id = :villageId', { villageId });
    if (filter.from) qb.andWhere('e.date >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('e.date <= :to', { to: filter.to });
    if (filter.kind) qb.andWhere('e.kind = :kind', { kind: filter.kind });
    if (ownHousehold !== undefined) {
      qb.andWhere('EXISTS (SELECT 1 FROM journal_lines o WHERE o.entry_id = e.id AND o.household_id = :own)', {
        own: ownHousehold,
      });
    }
    if (filter.accountCode) {
      qb.andWhere('EXISTS (SELECT 1 FROM journal_lines l WHERE l.entry_id = e.id AND l.account_code LIKE :account)', {
        account: `${filter.accountCode}%`,
      });
    }
    const total = await qb.getCount();
    const entries = await qb.orderBy('e.seq', 'ASC').limit(filter.limit).offset(filter.offset).getMany();
    return { total, entries };
  }

  /** The lines of the given entries, in line order within each entry. */
  linesOfEntries(manager: EntityManager, entryIds: string[]): Promise<JournalLine[]> {
    // An export may hold more entries than one statement may bind (SQLite: 32,766 variables).
    return inChunks(entryIds, IN_CHUNK_DEFAULT, (ids) =>
      manager
        .getRepository(JournalLine)
        .createQueryBuilder('l')
        .where('l.entry_id IN (:...ids)', { ids })
        .orderBy('l.line_no')
        .getMany(),
    );
  }

  /** 科目余额表 sums for [from, to]: opening is everything before `from` and 建账 (books.ts `accountTotals`, in SQL). */
  async accountTotals(manager: EntityManager, villageId: string, from: string, to: string): Promise<AccountTotals[]> {
    const rows: { account_code: string; opening: string | number; debit: string | number; credit: string | number }[] =
      await manager.query(
        ...this.tx.bind(
          `SELECT l.account_code,
                SUM(CASE WHEN e.date < :from OR e.kind = 'opening' THEN l.debit_fen - l.credit_fen ELSE 0 END) AS opening,
                SUM(CASE WHEN e.date >= :from AND e.kind <> 'opening' THEN l.debit_fen ELSE 0 END) AS debit,
                SUM(CASE WHEN e.date >= :from AND e.kind <> 'opening' THEN l.credit_fen ELSE 0 END) AS credit
           FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
          WHERE e.village_id = :villageId AND e.date <= :to
          GROUP BY l.account_code ORDER BY l.account_code`,
          { villageId, from, to },
        ),
      );
    return rows.map((r) => ({
      accountCode: r.account_code,
      openingFen: Number(r.opening),
      debitFen: Number(r.debit),
      creditFen: Number(r.credit),
    }));
  }

  /** The year's categorised entries' net (Cr − Dr) outside cash, per kind, category, source and distributable. */
  incomeRows(manager: EntityManager, villageId: string, year: number): Promise<IncomeRow[]> {
    return manager.query(
      ...this.tx.bind(
        `SELECT e2.kind, e2.category, e2.source_code, e2.distributable, SUM(l.credit_fen - l.debit_fen) AS net
           FROM journal_lines l JOIN journal_entries e2 ON e2.id = l.entry_id
          WHERE e2.village_id = :villageId AND e2.year = :year AND e2.category IS NOT NULL AND l.account_code NOT IN ('101', '102')
          GROUP BY e2.kind, e2.category, e2.source_code, e2.distributable`,
        { villageId, year },
      ),
    );
  }

  /** A household's lines on `accounts` in entries dated up to `to`, in date, seq and line order (its sub-ledger). */
  householdLines(
    manager: EntityManager,
    villageId: string,
    householdId: string,
    accounts: readonly string[],
    to: string,
  ): Promise<HouseholdLineRow[]> {
    return manager.query(
      ...this.tx.bind(
        `SELECT e.id AS entry_id, e.seq, e.date, e.voucher_no, e.kind, e.memo, l.account_code, l.debit_fen, l.credit_fen
           FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
          WHERE e.village_id = :villageId AND l.household_id = :householdId AND l.account_code IN (${accounts.map((a) => `'${a}'`).join(',')})
            AND e.date <= :to
          ORDER BY e.date, e.seq, l.line_no`,
        { villageId, householdId, to },
      ),
    );
  }

  /**
   * The entry row and its lines, as hashed (columns from the entities; prepared statements on SQLite);
   * `pause` (a long transaction's) between chunks of lines.
   */
  async insertEntry(
    manager: EntityManager,
    entry: JournalEntry,
    lines: EntryLines,
    pause?: () => Promise<void>,
  ): Promise<void> {
    await insertEntities(manager, JournalEntry, [entry]);
    await insertEntities(manager, JournalLine, journalLines(entry.id, lines), pause);
  }
}

function* journalLines(entryId: string, lines: EntryLines): Generator<JournalLine> {
  let lineNo = 0;
  for (const l of lines) {
    lineNo += 1;
    const { accountCode, debitFen, creditFen } = l;
    yield {
      entryId,
      lineNo,
      accountCode,
      householdId: l.householdId ?? null,
      debitFen,
      creditFen,
      memo: l.memo ?? null,
    };
  }
}
