/**
 * Printouts that paginate, read back with poppler. Page counts are the layout's arithmetic (Noto Sans SC
 * lines are 1.448 × the font size; A4 841.89 pt, 40 pt margins, a 20 pt page-number band):
 * - voucher: rows of 9.5 pt are 19.756 pt, 671.59 pt under the repeated header → 33 rows a page; the last
 *   page also holds the 113.58 pt tail (totals, 大写, attachments, hash, signatures). 1 and 22 lines: 1 page;
 *   185 lines: 5 × 33 + 20 → 6 pages; 431 lines: 13 × 33 + 2 → 14 pages.
 * - notice (184 households, 10 pt rows of 20.48 pt): page 1 holds 28 under the 92.88 pt summary, later pages
 *   33 → 28 + 4 × 33 + 24 → 6 pages.
 */
import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { certificatePdf, noticePdf, voucherPdf } from '../../src/printouts/pdf.js';
import type { Factory } from '../support/factories.js';
import {
  type PdfReadBack,
  type Word,
  certificateOf,
  noticeOf,
  overlaps,
  readPdf,
  voucherOf,
} from '../support/printout-builders.js';
import { rosterCsv } from '../support/roster.js';
import { adoptAndPost } from '../support/run-builder.js';
import { binary, type TestApp } from '../support/test-app.js';
import { withTestApp } from '../support/with-test-app.js';

const PAGE_NO = (n: number, m: number) => new RegExp(`第\\s*${n}\\s*页\\s*/\\s*共\\s*${m}\\s*页`);

/** Every page: the header, the column header, at least one table row, its own page number; 续 from page 2. */
function expectPagedVoucher(pdf: PdfReadBack, pages: number, rowText: RegExp): void {
  expect(pdf.pages).toBe(pages);
  expect(pdf.text).toHaveLength(pages);
  pdf.text.forEach((text, i) => {
    expect(text).toMatch(/记\s*账\s*凭\s*证/);
    expect(text).toContain('凭证号：分-6');
    expect(text).toMatch(/摘要\s+会计科目\s+借方金额\s+贷方金额/);
    expect(text).toMatch(rowText);
    expect(text).toMatch(PAGE_NO(i + 1, pages));
    expect(text.includes('（续）')).toBe(i > 0);
    expect(/合计/.test(text)).toBe(i === pages - 1);
  });
}

/** No two words of a page share any area (the watermark of a draft excepted). */
function overlapping(words: Word[]): [string, string][] {
  const found: [string, string][] = [];
  const byPage = new Map<number, Word[]>();
  // the diagonal watermark's letters are 120 pt tall and lie under the text by design
  for (const w of words.filter((x) => x.yMax - x.yMin < 40)) byPage.set(w.page, [...(byPage.get(w.page) ?? []), w]);
  for (const list of byPage.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        if (overlaps(list[i], list[j])) found.push([list[i].text, list[j].text]);
      }
    }
  }
  return found;
}

const word = (pdf: PdfReadBack, prefix: string) => {
  const found = pdf.words.filter((w) => w.text.startsWith(prefix));
  expect(found).toHaveLength(1);
  return found[0];
};

describe('vouchers of any length (rendered, read back with poppler)', () => {
  it('1 line: one page, with everything on it', async () => {
    const pdf = readPdf(await voucherPdf(voucherOf(1)));
    expectPagedVoucher(pdf, 1, /利润分配/);
    expect(overlapping(pdf.words)).toEqual([]);
  });

  it('22 lines: one page; the voucher of 431 lines (1,606 pages before) is 14 pages', async () => {
    const v22 = readPdf(await voucherPdf(voucherOf(22)));
    expectPagedVoucher(v22, 1, /应付收益/);
    expect(overlapping(v22.words)).toEqual([]);
    const v431 = readPdf(await voucherPdf(voucherOf(431)));
    expectPagedVoucher(v431, 14, /应付收益/);
    // every line printed once, in order, rows per page as computed: 33 on each page, 2 on the last
    const rows = v431.text.map((t) => (t.match(/BYHD\d{3}/g) ?? []).length);
    expect(rows).toEqual([32, ...Array(12).fill(33), 2]); // page 1: the 利润分配 line and 32 households
    const codes = v431.text.join('').match(/BYHD\d{3}/g)!;
    expect(codes).toEqual(Array.from({ length: 430 }, (_, i) => `BYHD${String(i + 1).padStart(3, '0')}`));
    expect(overlapping(v431.words)).toEqual([]);
  });

  it('a memo of 1,000 characters wraps to 3 lines in its cell, cut with …, and overlaps nothing', async () => {
    const pdf = readPdf(await voucherPdf(voucherOf(5, 50_000, '长'.repeat(1000))));
    expect(pdf.pages).toBe(1);
    const memo = pdf.words.filter((w) => /^长+…?$/.test(w.text));
    expect(memo).toHaveLength(3);
    expect(memo[2].text.endsWith('…')).toBe(true);
    expect(overlapping(pdf.words)).toEqual([]);
  });

  it('大写 of any length and the hash line never meet; the signatures stay below them', async () => {
    // 27 characters of 大写 (the testers' overlap began at 12)
    const pdf = readPdf(await voucherPdf(voucherOf(3, 49_382_716_054_938)));
    expect(pdf.pages).toBe(1);
    const capital = word(pdf, '金额大写：人民币');
    expect(capital.text).toBe('金额大写：人民币玖仟捌佰柒拾陆亿伍仟肆佰叁拾贰万壹仟零玖拾捌元柒角陆分');
    const hash = word(pdf, '哈希：');
    const signature = word(pdf, '会计主管');
    expect(overlaps(capital, hash)).toBe(false);
    expect(capital.yMax).toBeLessThanOrEqual(hash.yMin);
    expect(hash.yMax).toBeLessThanOrEqual(signature.yMin);
    expect(overlapping(pdf.words)).toEqual([]);
  });

  it('amounts up to 1,000,000,000,000.00 print on one line inside their column', async () => {
    const pdf = readPdf(await voucherPdf(voucherOf(11, 10_000_000_000_000)));
    expect(pdf.pages).toBe(1);
    const lines = pdf.words.filter((w) => w.text === '100,000,000,000.00');
    expect(lines).toHaveLength(10);
    const totals = pdf.words.filter((w) => w.text === '1,000,000,000,000.00');
    expect(totals).toHaveLength(3); // the 利润分配 line, 合计 借方 and 贷方
    const right = 595.28 - 40;
    for (const w of [...lines, ...totals]) expect(w.xMax).toBeLessThanOrEqual(right);
    expect(word(pdf, '金额大写：').text).toBe('金额大写：人民币壹万亿元整');
    expect(overlapping(pdf.words)).toEqual([]);
  });
});

describe('the notice: page numbers on its own pages (rendered)', () => {
  it('184 households: 6 pages, each with table rows, the column header and 第N页/共6页', async () => {
    const pdf = readPdf(await noticePdf(noticeOf(184, 'posted')));
    expect(pdf.pages).toBe(6);
    const rows = pdf.text.map((t) => (t.match(/BYHD\d{3}/g) ?? []).length);
    expect(rows).toEqual([28, 33, 33, 33, 33, 24]);
    pdf.text.forEach((text, i) => {
      expect(text).toMatch(/序号\s+户编号\s+户主\s+人数\s+积分\s+金额（元）/);
      expect(text).toMatch(PAGE_NO(i + 1, 6));
      expect(text.includes('（续）')).toBe(i > 0);
      expect(text).not.toContain('草稿');
    });
    expect(pdf.text[5]).toContain('合计：184,000.00 元（壹拾捌万肆仟元整）');
    expect(overlapping(pdf.words)).toEqual([]);
  });

  it('a long 大写 total wraps under the table without touching the hash lines; a reversed run says 已冲销', async () => {
    // 10 × 98,765,432,109.87 = 987,654,321,098.70
    const pdf = readPdf(await noticePdf(noticeOf(10, 'reversed', 9_876_543_210_987)));
    expect(pdf.pages).toBe(1);
    expect(pdf.text[0]).toContain('已冲销（本方案已红字冲销，不得作为领款依据）');
    expect(pdf.text[0]).toContain('98,765,432,109.87');
    const total = pdf.words.filter((w) => w.text.startsWith('合计：') || w.text.includes('元'));
    const head = pdf.words.filter((w) => /^(账本链头|默克尔根)/.test(w.text));
    expect(total.length).toBeGreaterThan(0);
    for (const a of total) for (const b of head) expect(overlaps(a, b)).toBe(false);
    expect(overlapping(pdf.words)).toEqual([]);
  });
});

describe('the 股权证 with a long register (rendered)', () => {
  it('repeats the column header on each page it continues onto and numbers its pages', async () => {
    const pdf = readPdf(await certificatePdf(certificateOf(120)));
    // rows of 19.756 pt: 36 under the repeated column header on a page with a 60 pt bottom margin
    expect(pdf.pages).toBe(4);
    expect(pdf.text.map((t) => (t.match(/成员变动第/g) ?? []).length)).toEqual([15, 36, 36, 33]);
    pdf.text.forEach((text, i) => {
      expect(text).toMatch(PAGE_NO(i + 1, pdf.pages));
      if (i > 0) expect(text).toMatch(/日期\s+内容/);
      expect(text).toMatch(/成员变动第 \d+ 条/);
    });
    const lines = pdf.text.join('').match(/成员变动第 (\d+) 条/g)!;
    expect(lines).toHaveLength(120);
    expect(overlapping(pdf.words)).toEqual([]);
  });
});

describe('printouts over HTTP: the demo-sized village, draft then posted (e2e)', () => {
  let t: TestApp;
  let f: Factory;
  withTestApp((app, factory) => ([t, f] = [app, factory]));

  const get = (token: string, path: string) => t.as(token).get(path).buffer(true).parse(binary);

  it('a notice of 3,000 households streams complete: every row once in the PDF and the HTML, pages numbered', async () => {
    const s = await f.staffedVillage();
    const v = s.village.id;
    const { csv } = rosterCsv(3_000, [1]);
    const imported = await t
      .as(s.accountant.token)
      .post(`/api/villages/${v}/households/import`)
      .attach('file', Buffer.from(csv), 'roster.csv');
    expect(imported.body).toEqual({ households: 3_000, members: 3_000 });
    await f.income(v, s.accountant.token, '400000.00');
    const run = await t
      .as(s.cadre.token)
      .post(`/api/villages/${v}/dividend-runs`)
      .send({ year: 2021, distribute: { amount: '300000.00' }, basis: 'member', scoring: { mode: 'none' } });
    expect(run.status).toBe(201);
    const path = `/api/dividend-runs/${run.body.id}/notice`;
    const codes = Array.from({ length: 3_000 }, (_, i) => `H${String(i + 1).padStart(4, '0')}`);
    const pdf = readPdf((await get(s.cadre.token, `${path}?format=pdf`)).body);
    const printed = pdf.words.map((w) => w.text).filter((w) => /^H\d{4}$/.test(w));
    expect(printed).toEqual(codes); // each household once, in order, across the page boundaries
    expect(pdf.words.filter((w) => w.text === '100.00')).toHaveLength(3_000);
    pdf.text.forEach((text, i) => expect(text).toMatch(PAGE_NO(i + 1, pdf.pages)));
    expect(pdf.text.at(-1)).toContain('合计：300,000.00 元（叁拾万元整）');
    const html = (await t.as(s.cadre.token).get(path)).text;
    expect(html).toContain('分户明细（共 3000 户）');
    expect([...html.matchAll(/<tr><td>(\d+)<\/td><td>(H\d{4})<\/td>/g)].map((m) => [m[1], m[2]])).toEqual(
      codes.map((code, i) => [String(i + 1), code]),
    );
    expect(html).toContain('<th class="num" data-testid="total">300,000.00</th></tr></tbody></table>');
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('draft: 草稿 on every page of the PDF, in the XLSX and the HTML; posted: none; the voucher pages', async () => {
    const s = await f.staffedVillage();
    const v = s.village.id;
    const { csv } = rosterCsv(184, [2]);
    const imported = await t
      .as(s.accountant.token)
      .post(`/api/villages/${v}/households/import`)
      .attach('file', Buffer.from(csv), 'roster.csv');
    expect(imported.body).toEqual({ households: 184, members: 368 });
    await f.income(v, s.accountant.token, '400000.00');
    const run = await t
      .as(s.cadre.token)
      .post(`/api/villages/${v}/dividend-runs`)
      .send({ year: 2021, distribute: { amount: '184000.00' }, basis: 'member', scoring: { mode: 'none' } });
    expect(run.status).toBe(201);
    const notice = (format: string) => get(s.cadre.token, `/api/dividend-runs/${run.body.id}/notice?format=${format}`);

    const draft = readPdf((await notice('pdf')).body);
    expect(draft.pages).toBe(6);
    draft.text.forEach((text, i) => {
      expect(text).toContain('草稿（未过账，不得作为领款或记账依据）');
      expect(text).toMatch(PAGE_NO(i + 1, 6));
      expect(text).toMatch(/H\d{4}/);
    });
    expect(overlapping(draft.words)).toEqual([]);
    const draftBook = new ExcelJS.Workbook();
    await draftBook.xlsx.load((await notice('xlsx')).body);
    const draftSheet = draftBook.worksheets[0];
    expect(draftSheet.name).toBe('公示表（草稿）');
    expect(String(draftSheet.getCell('A1').value)).toMatch(/^【草稿】/);
    expect(draftSheet.headerFooter.oddHeader).toContain('草稿');
    expect((await t.as(s.cadre.token).get(`/api/dividend-runs/${run.body.id}/notice`)).text).toContain(
      'data-testid="draft-mark"',
    );
    const household = await t.as(s.cadre.token).get(`/api/villages/${v}/households?limit=1`);
    const hid = household.body.items[0].id as string;
    const draftSlip = readPdf(
      (await get(s.cadre.token, `/api/dividend-runs/${run.body.id}/slips/${hid}?format=pdf`)).body,
    );
    expect(draftSlip.text[0]).toContain('草稿（未过账');

    await adoptAndPost(t, run.body.id, { publisher: s.cadre.token, approver: s.cadre2.token });
    const posted = readPdf((await notice('pdf')).body);
    expect(posted.pages).toBe(6);
    posted.text.forEach((text, i) =>
      expect([text.includes('草稿'), PAGE_NO(i + 1, 6).test(text)]).toEqual([false, true]),
    );
    const postedBook = new ExcelJS.Workbook();
    await postedBook.xlsx.load((await notice('xlsx')).body);
    const postedSheet = postedBook.worksheets[0];
    expect([postedSheet.name, String(postedSheet.getCell('A1').value).includes('草稿')]).toEqual(['公示表', false]);
    expect(postedSheet.headerFooter.oddHeader ?? '').not.toContain('草稿');
    expect(postedSheet.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: 'portrait',
      fitToWidth: 1,
      fitToHeight: 0,
    });
    expect(postedSheet.headerFooter.oddFooter).toBe('&C第 &P 页 / 共 &N 页');
    expect((await t.as(s.cadre.token).get(`/api/dividend-runs/${run.body.id}/notice`)).text).not.toContain('草稿');
    const postedSlip = readPdf(
      (await get(s.cadre.token, `/api/dividend-runs/${run.body.id}/slips/${hid}?format=pdf`)).body,
    );
    expect(postedSlip.text[0]).not.toContain('草稿');

    const entries = (await t.as(s.accountant.token).get(`/api/villages/${v}/journal?kind=dividend`)).body.items;
    expect(entries).toHaveLength(1);
    expect(entries[0].lines).toHaveLength(185);
    const voucher = readPdf(
      (await get(s.auditor.token, `/api/villages/${v}/journal/${entries[0].id}/voucher?format=pdf`)).body,
    );
    expect(voucher.pages).toBe(6);
    voucher.text.forEach((text, i) => expect(text).toMatch(PAGE_NO(i + 1, 6)));
  });

  it('an income of 987,654,321,098.76: amounts on one line, 大写 above the hash line', async () => {
    const s = await f.staffedVillage();
    const income = await f.income(s.village.id, s.accountant.token, '987654321098.76');
    const res = await get(
      s.auditor.token,
      `/api/villages/${s.village.id}/journal/${income.entryId}/voucher?format=pdf`,
    );
    expect([res.status, res.headers['content-type']]).toEqual([200, 'application/pdf']);
    const pdf = readPdf(res.body);
    expect(pdf.pages).toBe(1);
    expect(pdf.words.filter((w) => w.text === '987,654,321,098.76')).toHaveLength(4);
    const capital = word(pdf, '金额大写：');
    expect(capital.text).toBe('金额大写：人民币玖仟捌佰柒拾陆亿伍仟肆佰叁拾贰万壹仟零玖拾捌元柒角陆分');
    expect(capital.yMax).toBeLessThanOrEqual(word(pdf, '哈希：').yMin);
    expect(overlapping(pdf.words)).toEqual([]);
  });
});
