/** The village's score list for publicity (公示): print HTML and XLSX. Pure. */
import { newWorkbook, safeCell, safeSheetName } from '../common/export-text.js';
import { A4_FIT_WIDTH, PAGE_FOOTER, escapeHtml, page } from './html.js';

export interface ScorecardRow {
  householdCode: string;
  headName: string;
  base: number;
  score: number;
  rank: number;
  byCategory: { category: string; points: number }[];
}

export function scorecardsHtml(
  villageName: string,
  year: number,
  rows: ScorecardRow[],
  window: { startDate: string; endDate: string } | null,
): string {
  const sorted = [...rows].sort((a, b) => a.rank - b.rank || (a.householdCode < b.householdCode ? -1 : 1));
  const categories = [...new Set(rows.flatMap((r) => r.byCategory.map((c) => c.category)))].sort();
  return page(
    `${villageName} ${year} 年度家庭积分公示`,
    `<h1>${escapeHtml(villageName)} ${year} 年度村规民约家庭积分公示表</h1>
    ${window ? `<p>公示期：${window.startDate} 至 ${window.endDate}。对积分有异议的，请在公示期内向评议小组提出。</p>` : ''}
    <table><thead><tr><th>排名</th><th>户编号</th><th>户主</th><th class="num">基础分</th>${categories.map((c) => `<th class="num">${escapeHtml(c)}</th>`).join('')}<th class="num">最终积分</th></tr></thead><tbody>
    ${sorted.map((r) => `<tr><td>${r.rank}</td><td>${escapeHtml(r.householdCode)}</td><td>${escapeHtml(r.headName)}</td><td class="num">${r.base}</td>${categories.map((c) => `<td class="num">${r.byCategory.find((x) => x.category === c)?.points ?? 0}</td>`).join('')}<td class="num">${r.score}</td></tr>`).join('')}
    </tbody></table>`,
  );
}

export async function scorecardsXlsx(villageName: string, year: number, rows: ScorecardRow[]): Promise<Buffer> {
  const categories = [...new Set(rows.flatMap((r) => r.byCategory.map((c) => c.category)))].sort();
  const workbook = newWorkbook(`${villageName} ${year} 年度家庭积分`);
  const sheet = workbook.addWorksheet(safeSheetName(`${year}积分`), {
    pageSetup: A4_FIT_WIDTH,
    headerFooter: PAGE_FOOTER,
  });
  sheet.addRow([safeCell(`${villageName} ${year} 年度家庭积分`)]);
  sheet.addRow(['排名', '户编号', '户主', '基础分', ...categories.map(safeCell), '最终积分']).font = { bold: true };
  for (const r of [...rows].sort((a, b) => a.rank - b.rank)) {
    sheet.addRow([
      r.rank,
      safeCell(r.householdCode),
      safeCell(r.headName),
      r.base,
      ...categories.map((c) => r.byCategory.find((x) => x.category === c)?.points ?? 0),
      r.score,
    ]);
  }
  sheet.pageSetup.printTitlesRow = '2:2';
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
