import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { notFound } from '../common/errors/domain-error.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { Account, JournalEntry, JournalLine } from '../ledger/ledger.entity.js';
import { VillageAccess } from '../common/village-access.js';
import type { BookModel, VoucherModel } from './books.js';

const BOOK_TITLES: Record<string, string> = { '101': '现金日记账', '102': '银行存款日记账' };

/** Data for the accountant's books: one entry as a voucher, one account as a running-balance book. */
@Injectable()
export class BooksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly access: VillageAccess,
  ) {}

  async voucher(actor: Actor, villageId: string, entryId: string): Promise<VoucherModel> {
    const village = await this.access.village(actor, villageId);
    const entry = await this.dataSource.getRepository(JournalEntry).findOneBy({ id: entryId, villageId });
    if (!entry) throw notFound('journal entry', '凭证');
    const lines = await this.dataSource
      .getRepository(JournalLine)
      .find({ where: { entryId }, order: { lineNo: 'ASC' } });
    const names = new Map((await this.dataSource.getRepository(Account).find()).map((a) => [a.code, a.name]));
    return {
      villageName: village.name,
      date: entry.date,
      voucherNo: entry.voucherNo,
      seq: entry.seq,
      memo: entry.memo ?? '',
      kind: entry.kind,
      hash: entry.hash,
      attachments: entry.kind === 'income' || entry.kind === 'expense' || entry.kind === 'payment' ? 1 : 0,
      lines: lines.map((l) => ({
        accountCode: l.accountCode,
        accountName: names.get(l.accountCode) ?? '',
        memo: l.memo ?? '',
        debitFen: l.debitFen,
        creditFen: l.creditFen,
      })),
    };
  }

  /** 明细账 of an account (and its sub-accounts); 101 and 102 are the cash and bank day-books. */
  async book(actor: Actor, villageId: string, accountCode: string, from: string, to: string): Promise<BookModel> {
    const village = await this.access.village(actor, villageId);
    const account = await this.dataSource.getRepository(Account).findOneBy({ code: accountCode });
    if (!account) throw notFound(`account ${accountCode}`, `科目「${accountCode}」`);
    const [opening] = await this.dataSource.query(
      ...this.tx.bind(
        `SELECT COALESCE(SUM(l.debit_fen - l.credit_fen), 0) AS b FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
          WHERE e.village_id = :v AND e.date < :from AND l.account_code LIKE :code`,
        { v: villageId, from, code: `${accountCode}%` },
      ),
    );
    const rows: {
      date: string;
      voucher_no: string;
      memo: string | null;
      debit: number | string;
      credit: number | string;
    }[] = await this.dataSource.query(
      ...this.tx.bind(
        `SELECT e.date, e.voucher_no, e.memo, SUM(l.debit_fen) AS debit, SUM(l.credit_fen) AS credit
           FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
          WHERE e.village_id = :v AND e.date >= :from AND e.date <= :to AND l.account_code LIKE :code
          GROUP BY e.id, e.seq, e.date, e.voucher_no, e.memo ORDER BY e.date, e.seq`,
        { v: villageId, from, to, code: `${accountCode}%` },
      ),
    );
    let balance = Number(opening.b);
    return {
      title: BOOK_TITLES[accountCode] ?? (accountCode.length > 3 ? '明细账' : '总账'),
      villageName: village.name,
      accountCode,
      accountName: account.name,
      from,
      to,
      normalSide: account.normalSide,
      openingFen: Number(opening.b),
      rows: rows.map((r) => {
        balance += Number(r.debit) - Number(r.credit);
        return {
          date: r.date,
          voucherNo: r.voucher_no,
          memo: r.memo ?? '',
          debitFen: Number(r.debit),
          creditFen: Number(r.credit),
          balanceFen: balance,
        };
      }),
    };
  }
}
