/**
 * Pure rules of the complete books: the trial balance of a period, the year-end close that leaves 本年收益 and
 * 各项分配 at zero, cash that never goes below zero, a household's sub-ledger with running balances.
 */
import { fenToYuan } from '../common/money.js';
import { ACCOUNT, EXPENSE_ACCOUNTS, INCOME_ACCOUNTS } from './accounts.js';
import type { LineInput } from './journal.js';

/** Accounts the year close empties: income and expense, 本年收益, 收益分配—各项分配. */
export const CLOSED_EACH_YEAR = [
  ...INCOME_ACCOUNTS,
  ...EXPENSE_ACCOUNTS,
  ACCOUNT.currentYearIncome,
  ACCOUNT.distributions,
];

export interface DatedLine {
  accountCode: string;
  date: string;
  debitFen: number;
  creditFen: number;
  /** A line of the opening entry (建账): the balance the books start with, never movement of a period. */
  opening?: boolean;
}

/** One account's figures over a period; `openingFen` is debit-positive (a credit balance is negative). */
export interface AccountTotals {
  accountCode: string;
  openingFen: number;
  debitFen: number;
  creditFen: number;
}

/**
 * What the trial-balance SQL sums, in plain code: everything before `from` and the opening entry (建账) is
 * opening, the rest of [from, to] the period.
 */
export function accountTotals(lines: readonly DatedLine[], from: string, to: string): AccountTotals[] {
  const byAccount = new Map<string, AccountTotals>();
  for (const l of lines) {
    if (l.date > to) continue;
    const t = byAccount.get(l.accountCode) ?? { accountCode: l.accountCode, openingFen: 0, debitFen: 0, creditFen: 0 };
    if (l.date < from || l.opening) t.openingFen += l.debitFen - l.creditFen;
    else {
      t.debitFen += l.debitFen;
      t.creditFen += l.creditFen;
    }
    byAccount.set(l.accountCode, t);
  }
  return [...byAccount.values()].sort((a, b) => a.accountCode.localeCompare(b.accountCode));
}

const debitSide = (fen: number) => fenToYuan(Math.max(fen, 0));
const creditSide = (fen: number) => fenToYuan(Math.max(-fen, 0));

/**
 * 科目余额表: each account with opening, movement and closing on its side (an account with history shows even
 * at zero: 321 opens the year after a close at 0.00); totals that must balance.
 */
export function trialBalance(totals: readonly AccountTotals[], nameOf: (code: string) => string) {
  const sum = { openingDebit: 0, openingCredit: 0, debit: 0, credit: 0, closingDebit: 0, closingCredit: 0 };
  const items = [];
  for (const t of totals) {
    const closingFen = t.openingFen + t.debitFen - t.creditFen;
    sum.openingDebit += Math.max(t.openingFen, 0);
    sum.openingCredit += Math.max(-t.openingFen, 0);
    sum.debit += t.debitFen;
    sum.credit += t.creditFen;
    sum.closingDebit += Math.max(closingFen, 0);
    sum.closingCredit += Math.max(-closingFen, 0);
    items.push({
      accountCode: t.accountCode,
      accountName: nameOf(t.accountCode),
      openingDebit: debitSide(t.openingFen),
      openingCredit: creditSide(t.openingFen),
      debit: fenToYuan(t.debitFen),
      credit: fenToYuan(t.creditFen),
      closingDebit: debitSide(closingFen),
      closingCredit: creditSide(closingFen),
    });
  }
  const balanced =
    sum.openingDebit === sum.openingCredit && sum.debit === sum.credit && sum.closingDebit === sum.closingCredit;
  return {
    items,
    totals: {
      openingDebit: fenToYuan(sum.openingDebit),
      openingCredit: fenToYuan(sum.openingCredit),
      debit: fenToYuan(sum.debit),
      credit: fenToYuan(sum.credit),
      closingDebit: fenToYuan(sum.closingDebit),
      closingCredit: fenToYuan(sum.closingCredit),
      balanced,
    },
  };
}

/** A line that brings an account with net `creditFen` (credit-positive) to zero; null when already zero. */
function emptying(accountCode: string, netCreditFen: number, memo: string): LineInput | null {
  if (netCreditFen === 0) return null;
  return netCreditFen > 0
    ? { accountCode, debitFen: netCreditFen, creditFen: 0, memo }
    : { accountCode, debitFen: 0, creditFen: -netCreditFen, memo };
}

/**
 * 结账 of one year, from the year's net movement per account (credit-positive, close entries left out):
 * income and expenses into 本年收益, then 本年收益 and 各项分配 into 未分配收益. Afterwards every account of
 * CLOSED_EACH_YEAR nets to zero for the year. Returns the lines (fewer than 2: nothing to close) and N.
 */
export function yearCloseLines(netCreditByAccount: ReadonlyMap<string, number>): {
  lines: LineInput[];
  netIncomeFen: number;
} {
  const lines: LineInput[] = [];
  let netIncomeFen = 0;
  for (const code of [...INCOME_ACCOUNTS, ...EXPENSE_ACCOUNTS].sort()) {
    const net = netCreditByAccount.get(code) ?? 0;
    const line = emptying(code, net, '损益结转本年收益');
    if (line) lines.push(line);
    netIncomeFen += net;
  }
  const income = emptying(ACCOUNT.currentYearIncome, -netIncomeFen, '本年损益转入');
  if (income) lines.push(income);
  const yearIncomeFen = (netCreditByAccount.get(ACCOUNT.currentYearIncome) ?? 0) + netIncomeFen;
  const distributedFen = netCreditByAccount.get(ACCOUNT.distributions) ?? 0;
  const carried = [
    emptying(ACCOUNT.currentYearIncome, yearIncomeFen, '本年收益转入未分配收益'),
    emptying(ACCOUNT.distributions, distributedFen, '各项分配转入未分配收益'),
    emptying(ACCOUNT.undistributed, -(yearIncomeFen + distributedFen), '结转未分配收益'),
  ];
  for (const line of carried) if (line) lines.push(line);
  return { lines, netIncomeFen };
}

/** Cash (库存现金) moved on one day: debit − credit of that day's entries. */
export interface DailyCash {
  date: string;
  netFen: number;
}

/**
 * What can be paid out in cash on `date` without the till going below zero on that day or on any later day
 * already booked: the lowest running balance from `date` on (entries of `date` included). `daily` ascending.
 */
export function cashAvailableFen(daily: readonly DailyCash[], date: string): number {
  let endOfDate = 0;
  for (const d of daily) if (d.date <= date) endOfDate += d.netFen;
  let lowest = endOfDate;
  let running = endOfDate;
  for (const d of daily) {
    if (d.date <= date) continue;
    running += d.netFen;
    lowest = Math.min(lowest, running);
  }
  return lowest;
}

/** The cash a new entry dated `date` moves (`deltaFen`, debit-positive) is refused when it would go below zero. */
export function cashShortfall(
  daily: readonly DailyCash[],
  date: string,
  deltaFen: number,
): { availableFen: number } | null {
  if (deltaFen >= 0) return null;
  const availableFen = cashAvailableFen(daily, date);
  return availableFen + deltaFen < 0 ? { availableFen } : null;
}

/** The net debit of one account in a set of lines (what an entry does to it). */
export function netDebitFen(lines: Iterable<LineInput>, accountCode: string): number {
  let net = 0;
  for (const l of lines) if (l.accountCode === accountCode) net += l.debitFen - l.creditFen;
  return net;
}

export interface SubLedgerLine {
  date: string;
  entryId: string;
  seq: number;
  voucherNo: string;
  kind?: string;
  memo: string | null;
  debitFen: number;
  creditFen: number;
}

/**
 * 明细账 of one household on one account: lines in order with the running balance on the account's normal side
 * (应付收益 credit: what the collective owes; 应收款 debit: what the household owes).
 */
export function subLedger(
  lines: readonly SubLedgerLine[],
  normalSide: 'debit' | 'credit',
  openingFen: number,
): {
  opening: string;
  lines: (Omit<SubLedgerLine, 'debitFen' | 'creditFen'> & { debit: string; credit: string; balance: string })[];
  totals: { debit: string; credit: string; closing: string };
} {
  const sign = normalSide === 'debit' ? 1 : -1;
  let balance = openingFen;
  let debit = 0;
  let credit = 0;
  const out = lines.map(({ debitFen, creditFen, ...rest }) => {
    balance += sign * (debitFen - creditFen);
    debit += debitFen;
    credit += creditFen;
    return { ...rest, debit: fenToYuan(debitFen), credit: fenToYuan(creditFen), balance: signedYuan(balance) };
  });
  return {
    opening: signedYuan(openingFen),
    lines: out,
    totals: { debit: fenToYuan(debit), credit: fenToYuan(credit), closing: signedYuan(balance) },
  };
}

/** A balance against the account's normal side shows with a minus sign. */
const signedYuan = (fen: number): string => fenToYuan(fen);
