import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TransactionRunner } from '../database/transaction-runner.js';
import { Account, JournalEntry, JournalLine } from '../ledger/ledger.entity.js';

/** One voucher's day in an account book: the entry's sums on the account and its sub-accounts. */
export interface BookRow {
  date: string;
  voucher_no: string;
  memo: string | null;
  debit: number | string;
  credit: number | string;
}

/** The queries of the accountant's books (read-only, over the journal). */
@Injectable()
export class BooksRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
  ) {}

  entry(villageId: string, id: string): Promise<JournalEntry | null> {
    return this.dataSource.getRepository(JournalEntry).findOneBy({ id, villageId });
  }

  lines(entryId: string): Promise<JournalLine[]> {
    return this.dataSource.getRepository(JournalLine).find({ where: { entryId }, order: { lineNo: 'ASC' } });
  }

  account(code: string): Promise<Account | null> {
    return this.dataSource.getRepository(Account).findOneBy({ code });
  }

  accounts(): Promise<Account[]> {
    return this.dataSource.getRepository(Account).find();
  }

  /** The balance (debit − credit) of the account and its sub-accounts before `from`. */
  async openingFen(villageId: string, accountCode: string, from: string): Promise<number> {
    const [opening] = await this.dataSource.query(
      ...this.tx.bind(
        `SELECT COALESCE(SUM(l.debit_fen - l.credit_fen), 0) AS b
           FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
          WHERE e.village_id = :v AND e.date < :from AND l.account_code LIKE :code`,
        { v: villageId, from, code: `${accountCode}%` },
      ),
    );
    return Number(opening.b);
  }

  /** One row per entry touching the account (or a sub-account) in [from, to], by date and seq. */
  bookRows(villageId: string, accountCode: string, from: string, to: string): Promise<BookRow[]> {
    return this.dataSource.query(
      ...this.tx.bind(
        `SELECT e.date, e.voucher_no, e.memo, SUM(l.debit_fen) AS debit, SUM(l.credit_fen) AS credit
           FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
          WHERE e.village_id = :v AND e.date >= :from AND e.date <= :to AND l.account_code LIKE :code
          GROUP BY e.id, e.seq, e.date, e.voucher_no, e.memo ORDER BY e.date, e.seq`,
        { v: villageId, from, to, code: `${accountCode}%` },
      ),
    );
  }
}
