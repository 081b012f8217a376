/** The accountant's paper (pure): 记账凭证, day-books and ledgers as print HTML and XLSX. */
import { chineseAmount } from '../common/chinese-amount.js';
import { newWorkbook, safeCell, safeSheetName } from '../common/export-text.js';
import { fenToYuanGrouped } from '../common/money.js';
import { A4_FIT_WIDTH, PAGE_FOOTER, escapeHtml, page } from './html.js';

export interface VoucherModel {
  villageName: string;
  date: string;
  voucherNo: string;
  seq: number;
  memo: string;
  kind: string;
  lines: { accountCode: string; accountName: string; memo: string; debitFen: number; creditFen: number }[];
  attachments: number;
  hash: string;
}

const g = (fen: number) => (fen === 0 ? '' : fenToYuanGrouped(fen));

export function voucherHtml(m: VoucherModel): string {
  const debit = m.lines.reduce((s, l) => s + l.debitFen, 0);
  const credit = m.lines.reduce((s, l) => s + l.creditFen, 0);
  return page(
    `记账凭证 ${m.voucherNo}`,
    `<h1>记 账 凭 证</h1>
    <div class="meta"><span>单位：${escapeHtml(m.villageName)}</span><span>日期：${escapeHtml(m.date)}</span><span>凭证号：${escapeHtml(m.voucherNo)}</span><span>序号：${m.seq}</span></div>
    <table><thead><tr><th>摘要</th><th>会计科目</th><th class="num">借方金额</th><th class="num">贷方金额</th></tr></thead><tbody>
    ${m.lines.map((l) => `<tr><td>${escapeHtml(l.memo || m.memo)}</td><td>${escapeHtml(l.accountCode)} ${escapeHtml(l.accountName)}</td><td class="num">${g(l.debitFen)}</td><td class="num">${g(l.creditFen)}</td></tr>`).join('')}
    <tr><th colspan="2">合计：人民币${escapeHtml(chineseAmount(debit))}</th><th class="num" data-testid="debit-total">${fenToYuanGrouped(debit)}</th><th class="num">${fenToYuanGrouped(credit)}</th></tr>
    </tbody></table>
    <p>附单据 ${m.attachments} 张</p>
    <p class="hash">哈希：${escapeHtml(m.hash)}</p>
    <div class="sign"><div>会计主管</div><div>记账</div><div>审核</div><div>制单</div></div>`,
  );
}

export interface BookModel {
  title: string;
  villageName: string;
  accountCode: string;
  accountName: string;
  from: string;
  to: string;
  normalSide: 'debit' | 'credit';
  openingFen: number;
  rows: { date: string; voucherNo: string; memo: string; debitFen: number; creditFen: number; balanceFen: number }[];
}

function side(fen: number, normal: 'debit' | 'credit'): string {
  if (fen === 0) return '平';
  return fen > 0 === (normal === 'debit') ? '借' : '贷';
}

export function bookHtml(m: BookModel): string {
  const debit = m.rows.reduce((s, r) => s + r.debitFen, 0);
  const credit = m.rows.reduce((s, r) => s + r.creditFen, 0);
  const closing = m.rows.length ? m.rows[m.rows.length - 1].balanceFen : m.openingFen;
  const abs = (n: number) => fenToYuanGrouped(Math.abs(n));
  return page(
    `${m.title} ${m.accountCode}`,
    `<h1>${escapeHtml(m.title)}</h1>
    <div class="meta"><span>单位：${escapeHtml(m.villageName)}</span><span>科目：${escapeHtml(m.accountCode)} ${escapeHtml(m.accountName)}</span><span>期间：${m.from} 至 ${m.to}</span></div>
    <table><thead><tr><th>日期</th><th>凭证号</th><th>摘要</th><th class="num">借方</th><th class="num">贷方</th><th>借或贷</th><th class="num">余额</th></tr></thead><tbody>
    <tr><td>${m.from}</td><td></td><td>期初余额</td><td></td><td></td><td>${side(m.openingFen, 'debit')}</td><td class="num">${abs(m.openingFen)}</td></tr>
    ${m.rows.map((r) => `<tr><td>${r.date}</td><td>${escapeHtml(r.voucherNo)}</td><td>${escapeHtml(r.memo)}</td><td class="num">${g(r.debitFen)}</td><td class="num">${g(r.creditFen)}</td><td>${side(r.balanceFen, 'debit')}</td><td class="num">${abs(r.balanceFen)}</td></tr>`).join('')}
    <tr><th colspan="3">本期合计 / 期末余额</th><th class="num">${fenToYuanGrouped(debit)}</th><th class="num">${fenToYuanGrouped(credit)}</th><th>${side(closing, 'debit')}</th><th class="num" data-testid="closing">${abs(closing)}</th></tr>
    </tbody></table>`,
  );
}

export async function bookXlsx(m: BookModel): Promise<Buffer> {
  const workbook = newWorkbook(`${m.villageName} ${m.title} ${m.accountCode}`);
  const sheet = workbook.addWorksheet(safeSheetName(m.title), { pageSetup: A4_FIT_WIDTH, headerFooter: PAGE_FOOTER });
  sheet.addRow([safeCell(`${m.villageName} ${m.title} ${m.accountCode} ${m.accountName} ${m.from} 至 ${m.to}`)]);
  sheet.addRow(['日期', '凭证号', '摘要', '借方', '贷方', '余额（借为正）']).font = { bold: true };
  sheet.addRow([m.from, '', '期初余额', null, null, m.openingFen / 100]);
  for (const r of m.rows) {
    sheet.addRow([
      r.date,
      safeCell(r.voucherNo),
      safeCell(r.memo),
      r.debitFen ? r.debitFen / 100 : null,
      r.creditFen ? r.creditFen / 100 : null,
      r.balanceFen / 100,
    ]);
  }
  for (const c of [4, 5, 6]) sheet.getColumn(c).numFmt = '#,##0.00';
  sheet.pageSetup.printTitlesRow = '2:2';
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
