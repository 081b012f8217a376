/**
 * The township summary (乡镇汇总表): one row per village of the year's books and dividends, and the totals.
 * Pure: the figures come in as integer fen per village (summed in SQL), go out as yuan strings.
 */
import { fenToYuan, fenToYuanGrouped, yuanToFen } from '../common/money.js';
import { newWorkbook, safeCell, safeSheetName } from '../common/export-text.js';
import { escapeHtml, page } from '../printouts/html.js';

export interface VillageFigures {
  villageId: string;
  code: string;
  name: string;
  incomeFen: number;
  expensesFen: number;
  /** Σ payouts of the year's posted run (0 when none is posted). */
  poolFen: number;
  /** Σ payments of that run not reversed. */
  paidFen: number;
  head: { seq: number; hash: string };
}

const MONEY = ['income', 'expenses', 'distributable', 'pool', 'paid', 'unpaid'] as const;
type MoneyField = (typeof MONEY)[number];

export type SummaryRow = {
  villageId: string;
  code: string;
  name: string;
  head: { seq: number; hash: string };
} & Record<MoneyField, string>;

export interface TownshipSummary {
  township: string;
  year: number;
  villages: SummaryRow[];
  totals: Record<MoneyField, string> & { villages: number; entries: number };
}

function moneyFen(v: VillageFigures): Record<MoneyField, number> {
  return {
    income: v.incomeFen,
    expenses: v.expensesFen,
    distributable: v.incomeFen - v.expensesFen,
    pool: v.poolFen,
    paid: v.paidFen,
    unpaid: v.poolFen - v.paidFen,
  };
}

/** Signed yuan ("-12.50" for a loss): distributable income can be negative. */
const signedYuan = fenToYuan;

export function summarize(township: string, year: number, figures: VillageFigures[]): TownshipSummary {
  const rows = [...figures].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const sums = Object.fromEntries(MONEY.map((k) => [k, 0])) as Record<MoneyField, number>;
  let entries = 0;
  const villages = rows.map((v) => {
    const fen = moneyFen(v);
    for (const k of MONEY) sums[k] += fen[k];
    entries += v.head.seq;
    const money = Object.fromEntries(MONEY.map((k) => [k, signedYuan(fen[k])])) as Record<MoneyField, string>;
    return { villageId: v.villageId, code: v.code, name: v.name, ...money, head: v.head };
  });
  const totals = Object.fromEntries(MONEY.map((k) => [k, signedYuan(sums[k])])) as Record<MoneyField, string>;
  return { township, year, villages, totals: { ...totals, villages: villages.length, entries } };
}

/** Column headers of the printed and spreadsheet forms, in order. */
export const SUMMARY_HEADERS = [
  '序号',
  '编号',
  '嘎查/村',
  '收入',
  '支出',
  '可分配收益',
  '分红总额',
  '已兑付',
  '未兑付',
  '账本序号',
  '账本哈希',
];

/** Signed yuan string back to fen (the API's strings are exact). */
export function signedFen(yuan: string): number {
  return yuan.startsWith('-') ? -yuanToFen(yuan.slice(1)) : yuanToFen(yuan);
}

function grouped(yuan: string): string {
  return fenToYuanGrouped(signedFen(yuan));
}

/** A4 printable table with a 合计 row. */
export function summaryHtml(s: TownshipSummary, printedAt: string): string {
  const cells = (r: Record<MoneyField, string>) => MONEY.map((k) => `<td class="num">${grouped(r[k])}</td>`).join('');
  const row = (v: TownshipSummary['villages'][number], i: number) =>
    `<tr><td class="num">${i + 1}</td><td>${escapeHtml(v.code)}</td><td>${escapeHtml(v.name)}</td>${cells(v)}` +
    `<td class="num">${v.head.seq}</td><td class="hash">${v.head.hash.slice(0, 16)}…</td></tr>`;
  const meta = [
    `乡镇/苏木：${escapeHtml(s.township)}`,
    `年度：${s.year}`,
    `嘎查/村数：${s.totals.villages}`,
    '单位：元',
    `打印时间：${escapeHtml(printedAt)}`,
  ];
  const headers = SUMMARY_HEADERS.map((h, i) => `<th${i >= 3 && i <= 9 ? ' class="num"' : ''}>${h}</th>`).join('');
  const totals =
    `<tr data-testid="totals"><th colspan="3">合计</th>` +
    `${MONEY.map((k) => `<th class="num">${grouped(s.totals[k])}</th>`).join('')}` +
    `<th class="num">${s.totals.entries}</th><th></th></tr>`;
  return page(
    `${s.township} ${s.year} 年度集体经济汇总表`,
    `<h1>${escapeHtml(s.township)} ${s.year} 年度集体经济汇总表</h1>
    <div class="meta">${meta.map((m) => `<span>${m}</span>`).join('')}</div>
    <table><thead><tr>${headers}</tr></thead><tbody>
    ${s.villages.map(row).join('')}
    ${totals}
    </tbody></table>
    <p class="meta">账本序号与哈希为打印时各嘎查/村总账链的链头，可用 /api/villages/:id/ledger/verify 核对。</p>`,
  );
}

/** The spreadsheet: Chinese headers, one row per village, a 合计 row; amounts as numbers formatted #,##0.00. */
export async function summaryXlsx(s: TownshipSummary): Promise<Buffer> {
  const title = `${s.township} ${s.year} 年度集体经济汇总表`;
  const workbook = newWorkbook(title);
  const sheet = workbook.addWorksheet(safeSheetName(`${s.year}汇总`));
  sheet.addRow([safeCell(`${title}（单位：元）`)]).font = { bold: true };
  sheet.addRow(SUMMARY_HEADERS).font = { bold: true };
  const money = (r: Record<MoneyField, string>) => MONEY.map((k) => signedFen(r[k]) / 100);
  s.villages.forEach((v, i) => {
    sheet.addRow([i + 1, safeCell(v.code), safeCell(v.name), ...money(v), v.head.seq, v.head.hash]);
  });
  sheet.addRow(['合计', '', `${s.totals.villages} 个`, ...money(s.totals), s.totals.entries, '']).font = { bold: true };
  for (let c = 4; c <= 9; c++) sheet.getColumn(c).numFmt = '#,##0.00';
  sheet.getColumn(3).width = 18;
  for (let c = 4; c <= 9; c++) sheet.getColumn(c).width = 16;
  sheet.pageSetup = { ...sheet.pageSetup, paperSize: 9, orientation: 'landscape', printTitlesRow: '2:2' };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
