import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/actor.js';
import { notFound } from '../common/errors/domain-error.js';
import { VillageAccess } from '../common/village-access.js';
import { BooksRepository } from './books.repository.js';
import type { BookModel, VoucherModel } from './books.js';

const BOOK_TITLES: Record<string, string> = { '101': '现金日记账', '102': '银行存款日记账' };

/** Data for the accountant's books: one entry as a voucher, one account as a running-balance book. */
@Injectable()
export class BooksService {
  constructor(
    private readonly books: BooksRepository,
    private readonly access: VillageAccess,
  ) {}

  async voucher(actor: Actor, villageId: string, entryId: string): Promise<VoucherModel> {
    const village = await this.access.village(actor, villageId);
    const entry = await this.books.entry(villageId, entryId);
    if (!entry) throw notFound('journal entry', '凭证');
    const lines = await this.books.lines(entryId);
    const names = new Map((await this.books.accounts()).map((a) => [a.code, a.name]));
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
    const account = await this.books.account(accountCode);
    if (!account) throw notFound(`account ${accountCode}`, `科目「${accountCode}」`);
    const openingFen = await this.books.openingFen(villageId, accountCode, from);
    const rows = await this.books.bookRows(villageId, accountCode, from, to);
    let balance = openingFen;
    return {
      title: BOOK_TITLES[accountCode] ?? (accountCode.length > 3 ? '明细账' : '总账'),
      villageName: village.name,
      accountCode,
      accountName: account.name,
      from,
      to,
      normalSide: account.normalSide,
      openingFen,
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
