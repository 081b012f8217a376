import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { GENESIS_HASH } from '../common/hash.js';
import { type VillageFigures, signedFen, summarize, summaryHtml, summaryXlsx } from './summary.js';

const village = (code: string, fen: Partial<VillageFigures>): VillageFigures => ({
  villageId: `id-${code}`,
  code,
  name: `${code}嘎查`,
  incomeFen: 0,
  expensesFen: 0,
  poolFen: 0,
  paidFen: 0,
  head: { seq: 0, hash: GENESIS_HASH },
  ...fen,
});

describe('township summary', () => {
  const figures = [
    village('B2', { incomeFen: 100, expensesFen: 350, head: { seq: 3, hash: 'b'.repeat(64) } }),
    village('A1', {
      incomeFen: 43_000_000,
      expensesFen: 336_000,
      poolFen: 18_350_000,
      paidFen: 18_300_000,
      head: { seq: 9, hash: 'a'.repeat(64) },
    }),
  ];

  it('orders villages by code, derives distributable and unpaid, and sums the totals exactly', () => {
    const s = summarize('巴彦浩特镇', 2021, figures);
    expect(s.villages.map((v) => [v.code, v.income, v.expenses, v.distributable, v.pool, v.paid, v.unpaid])).toEqual([
      ['A1', '430000.00', '3360.00', '426640.00', '183500.00', '183000.00', '500.00'],
      ['B2', '1.00', '3.50', '-2.50', '0.00', '0.00', '0.00'],
    ]);
    expect(s.totals).toEqual({
      income: '430001.00',
      expenses: '3363.50',
      distributable: '426637.50',
      pool: '183500.00',
      paid: '183000.00',
      unpaid: '500.00',
      villages: 2,
      entries: 12,
    });
    expect(summarize('空', 2021, []).totals).toMatchObject({ income: '0.00', villages: 0, entries: 0 });
  });

  it('reads its signed yuan strings back to fen', () => {
    expect([signedFen('-2.50'), signedFen('426640.00'), signedFen('0.05')]).toEqual([-250, 42_664_000, 5]);
  });

  it('prints grouped amounts, escapes names, and ends with 合计', () => {
    const s = summarize('<镇>', 2021, [village('X', { name: '<b>村', incomeFen: 123_456_789 })]);
    const html = summaryHtml(s, '2026-06-15T08:00:00.000Z');
    expect(html).toContain('&lt;b&gt;村');
    expect(html).not.toContain('<b>村');
    expect(html).toContain('<th colspan="3">合计</th><th class="num">1,234,567.89</th>');
  });

  it('writes a sheet with the headers and a total row', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await summaryXlsx(summarize('巴彦浩特镇', 2021, figures))) as never);
    const sheet = wb.worksheets[0];
    expect(sheet.name).toBe('2021汇总');
    expect((sheet.getRow(2).values as unknown[])[6]).toBe('可分配收益');
    expect((sheet.getRow(5).values as unknown[]).slice(1, 10)).toEqual([
      '合计',
      '',
      '2 个',
      430001,
      3363.5,
      426637.5,
      183500,
      183000,
      500,
    ]);
  });
});
