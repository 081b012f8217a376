import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { CHART_OF_ACCOUNTS } from '../database/migrations/chart-of-accounts.js';
import {
  CLOSED_EACH_YEAR,
  type DatedLine,
  accountTotals,
  cashAvailableFen,
  cashShortfall,
  netDebitFen,
  subLedger,
  trialBalance,
  yearCloseLines,
} from './books.js';
import { leafAccounts, unbalancedReason } from './journal.js';

const LEAVES = [...leafAccounts(CHART_OF_ACCOUNTS.map(([code]) => code))];
const name = (code: string) => CHART_OF_ACCOUNTS.find(([c]) => c === code)?.[1] ?? code;

describe('year close', () => {
  it('carries 本年收益 and 各项分配 into 未分配收益 (the issue: 321 Cr 100,000.01, 32202 Dr 100,000.01)', () => {
    const net = new Map([
      ['501', 10_000_001],
      ['541', 0],
      ['32202', -10_000_001],
    ]);
    const { lines, netIncomeFen } = yearCloseLines(net);
    expect(netIncomeFen).toBe(10_000_001);
    expect(lines.map((l) => [l.accountCode, l.debitFen, l.creditFen])).toEqual([
      ['501', 10_000_001, 0],
      ['321', 0, 10_000_001],
      ['321', 10_000_001, 0],
      ['32202', 0, 10_000_001],
    ]);
  });

  it('puts what is left (retained, or a loss) into 32201 and nothing when there is nothing', () => {
    const { lines } = yearCloseLines(
      new Map([
        ['501', 50_000],
        ['541', -20_000],
        ['32202', -10_000],
      ]),
    );
    expect(lines.at(-1)).toMatchObject({ accountCode: '32201', debitFen: 0, creditFen: 20_000 });
    const loss = yearCloseLines(new Map([['541', -7_00]])).lines;
    expect(loss.at(-1)).toMatchObject({ accountCode: '32201', debitFen: 7_00, creditFen: 0 });
    expect(yearCloseLines(new Map()).lines).toEqual([]);
  });
});

describe('cash on hand', () => {
  const daily = [
    { date: '2021-01-01', netFen: 100_00 },
    { date: '2021-03-01', netFen: 500_00 },
    { date: '2021-04-01', netFen: -550_00 },
  ];
  it.each([
    ['2020-12-31', 0],
    ['2021-01-01', 50_00], // 04-01 would go to -500 + … : the lowest later balance is 50
    ['2021-02-01', 50_00],
    ['2021-03-01', 50_00],
    ['2021-05-01', 50_00],
  ])('on %s %i fen can go out', (date, fen) => {
    expect(cashAvailableFen(daily, date)).toBe(fen);
  });
  it('a payment on a day before the cash came in is refused, receipts never are', () => {
    expect(cashShortfall([{ date: '2021-06-01', netFen: 1000 }], '2021-05-01', -1)).toEqual({ availableFen: 0 });
    expect(cashShortfall([{ date: '2021-06-01', netFen: 1000 }], '2021-06-01', -1000)).toBeNull();
    expect(cashShortfall([{ date: '2021-06-01', netFen: 1000 }], '2021-06-02', -1001)).toEqual({ availableFen: 1000 });
    expect(cashShortfall([], '2021-06-02', 5)).toBeNull();
    expect(
      netDebitFen(
        [
          { accountCode: '101', debitFen: 0, creditFen: 30 },
          { accountCode: '102', debitFen: 30, creditFen: 0 },
        ],
        '101',
      ),
    ).toBe(-30);
  });
});

describe('trial balance and sub-ledger', () => {
  it('opening before `from`, movement in the period, closing on its side', () => {
    const lines: DatedLine[] = [
      { accountCode: '101', date: '2020-12-31', debitFen: 300, creditFen: 0 },
      { accountCode: '32201', date: '2020-12-31', debitFen: 0, creditFen: 300 },
      { accountCode: '101', date: '2021-02-01', debitFen: 0, creditFen: 100 },
      { accountCode: '541', date: '2021-02-01', debitFen: 100, creditFen: 0 },
      { accountCode: '501', date: '2022-01-01', debitFen: 0, creditFen: 9 },
    ];
    const tb = trialBalance(accountTotals(lines, '2021-01-01', '2021-12-31'), name);
    expect(tb.items).toEqual([
      {
        accountCode: '101',
        accountName: '库存现金',
        openingDebit: '3.00',
        openingCredit: '0.00',
        debit: '0.00',
        credit: '1.00',
        closingDebit: '2.00',
        closingCredit: '0.00',
      },
      expect.objectContaining({ accountCode: '32201', openingCredit: '3.00', closingCredit: '3.00' }),
      expect.objectContaining({ accountCode: '541', debit: '1.00', closingDebit: '1.00' }),
    ]);
    expect(tb.totals).toEqual({
      openingDebit: '3.00',
      openingCredit: '3.00',
      debit: '1.00',
      credit: '1.00',
      closingDebit: '3.00',
      closingCredit: '3.00',
      balanced: true,
    });
  });

  it('shows the opening entry (建账) as opening balances of the period it starts', () => {
    const lines: DatedLine[] = [
      { accountCode: '102', date: '2021-01-01', debitFen: 500, creditFen: 0, opening: true },
      { accountCode: '32201', date: '2021-01-01', debitFen: 0, creditFen: 500, opening: true },
    ];
    const tb = trialBalance(accountTotals(lines, '2021-01-01', '2021-12-31'), name);
    expect(tb.items[0]).toMatchObject({
      accountCode: '102',
      openingDebit: '5.00',
      debit: '0.00',
      closingDebit: '5.00',
    });
    expect(tb.totals).toMatchObject({ openingDebit: '5.00', openingCredit: '5.00', debit: '0.00', balanced: true });
  });

  it('runs a household balance on the account’s normal side', () => {
    const row = (seq: number, debitFen: number, creditFen: number) => ({
      date: '2021-12-31',
      entryId: `e${seq}`,
      seq,
      voucherNo: `V${seq}`,
      memo: null,
      debitFen,
      creditFen,
    });
    const payable = subLedger([row(1, 0, 1000_00), row(2, 400_00, 0)], 'credit', 0);
    expect(payable.lines.map((l) => l.balance)).toEqual(['1000.00', '600.00']);
    expect(payable.totals).toEqual({ debit: '400.00', credit: '1000.00', closing: '600.00' });
    expect(subLedger([row(3, 0, 50)], 'debit', 20).totals.closing).toBe('-0.30');
  });
});

/** A random balanced entry: random lines on leaf accounts and one line that balances them. */
const entryArb = (year: number) =>
  fc
    .record({
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 28 }),
      lines: fc.array(
        fc.record({
          accountCode: fc.constantFrom(...LEAVES),
          fen: fc.integer({ min: 1, max: 10_000_000_00 }),
          debit: fc.boolean(),
        }),
        { minLength: 1, maxLength: 5 },
      ),
      balancing: fc.constantFrom(...LEAVES),
    })
    .map(({ month, day, lines, balancing }) => {
      const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      const out = lines.map((l) => ({
        accountCode: l.accountCode,
        debitFen: l.debit ? l.fen : 0,
        creditFen: l.debit ? 0 : l.fen,
      }));
      const diff = out.reduce((s, l) => s + l.debitFen - l.creditFen, 0);
      if (diff !== 0) {
        out.push({ accountCode: balancing, debitFen: Math.max(-diff, 0), creditFen: Math.max(diff, 0) });
      }
      return { date, lines: out };
    });

const sumBy = (lines: DatedLine[], pick: (l: DatedLine) => number) => lines.reduce((s, l) => s + pick(l), 0);

describe('property: books balance and the year close leaves 321 and 32202 at zero', () => {
  it('holds for random years of balanced entries', () => {
    const yearsArb = fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(
        yearsArb.chain((gaps) => {
          const years = gaps.reduce<number[]>((ys, g) => [...ys, (ys.at(-1) ?? 2020) + 1 + g], []);
          return fc.tuple(...years.map((y) => fc.tuple(fc.constant(y), fc.array(entryArb(y), { maxLength: 12 }))));
        }),
        (years) => {
          const books: DatedLine[] = [];
          for (const [year, entries] of years) {
            const yearLines: DatedLine[] = [];
            for (const e of entries) {
              expect(unbalancedReason(e.lines, new Set(LEAVES))).toBeNull();
              for (const l of e.lines) yearLines.push({ ...l, date: e.date });
            }
            expect(sumBy(yearLines, (l) => l.debitFen)).toBe(sumBy(yearLines, (l) => l.creditFen));
            books.push(...yearLines);
            const [from, to] = [`${year}-01-01`, `${year}-12-31`];
            expect(trialBalance(accountTotals(books, from, to), name).totals.balanced).toBe(true);

            const net = new Map<string, number>();
            for (const l of yearLines) net.set(l.accountCode, (net.get(l.accountCode) ?? 0) + l.creditFen - l.debitFen);
            const close = yearCloseLines(net).lines;
            if (close.length > 0) expect(unbalancedReason(close, new Set(LEAVES))).toBeNull();
            books.push(...close.map((l) => ({ ...l, date: to })));

            const after = trialBalance(accountTotals(books, from, to), name);
            expect(after.totals.balanced).toBe(true);
            const closing = new Map(accountTotals(books, from, to).map((t) => [t.accountCode, t]));
            for (const code of CLOSED_EACH_YEAR) {
              const t = closing.get(code);
              expect(t ? t.openingFen + t.debitFen - t.creditFen : 0).toBe(0);
            }
            const next = accountTotals(books, `${year + 1}-01-01`, `${year + 1}-12-31`);
            for (const t of next) if (CLOSED_EACH_YEAR.includes(t.accountCode)) expect(t.openingFen).toBe(0);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
