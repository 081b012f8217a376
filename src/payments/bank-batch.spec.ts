import { describe, expect, it } from '@jest/globals';
import { batchRows, parseBankResult, toCsv } from './bank-batch.js';

describe('bank batch file', () => {
  it('numbers the lines, writes two-decimal amounts and the purpose, and totals them', () => {
    const rows = batchRows(2021, [
      { householdCode: 'H1', headName: '巴特尔', bankName: '农行', account: '6228480000000000001', owedFen: 50_000 },
      { householdCode: 'H2', headName: '其其格', bankName: '信用社', account: '6228480000000000002', owedFen: 1 },
    ]);
    expect(rows).toEqual([
      ['1', 'H1', '巴特尔', '农行', '6228480000000000001', '500.00', '2021年度集体收益分红'],
      ['2', 'H2', '其其格', '信用社', '6228480000000000002', '0.01', '2021年度集体收益分红'],
      ['合计', '2户', '', '', '', '500.01', ''],
    ]);
    expect(batchRows(2022, [])).toEqual([['合计', '0户', '', '', '', '0.00', '']]);
  });

  it('writes CSV with a BOM, CRLF and quotes where needed', () => {
    expect(
      toCsv([
        ['a', 'b,c', 'd"e'],
        ['1', '2', ''],
      ]),
    ).toBe('\uFEFFa,"b,c","d""e"\r\n1,2,\r\n');
  });
});

describe("the bank's return", () => {
  const header = ['账号', '金额', '状态', '流水号', '失败原因'];

  it('reads successes and failures, skips empty and 合计 rows, accepts English headers', () => {
    const parsed = parseBankResult(header, [
      ['6228 4800 0000 0000 01', '1,500.00', '成功', 'S1', ''],
      ['', '', '', '', ''],
      ['6228480000000000002', '20', '失败', '', '账户冻结'],
      ['合计', '1520.00', '', '', ''],
    ]);
    expect(parsed.errors).toEqual([]);
    expect(parsed.lines).toEqual([
      {
        row: 2,
        account: '622848000000000001',
        amountFen: 150_000,
        success: true,
        serialNo: 'S1',
        reason: '',
        householdCode: null,
      },
      {
        row: 4,
        account: '6228480000000000002',
        amountFen: 2_000,
        success: false,
        serialNo: '',
        reason: '账户冻结',
        householdCode: null,
      },
    ]);
    const english = parseBankResult(['account', 'amount', 'status', 'serialNo'], [['12345678', '1', 'success', 'X']]);
    expect(english.lines[0]).toMatchObject({ success: true, serialNo: 'X' });
  });

  it('reports every bad row and missing columns', () => {
    expect(parseBankResult(['账号', '金额'], []).errors.map((e) => e.field)).toEqual(['status', 'serialNo']);
    const parsed = parseBankResult(header, [
      ['12', '1.00', '成功', 'S1', ''],
      ['12345678', '1.001', '成功', 'S2', ''],
      ['12345678', '0', '成功', 'S3', ''],
      ['12345678', '1.00', '处理中', 'S4', ''],
      ['12345678', '1.00', '成功', '', ''],
      ['12345678', '1.00', '成功', 'S6', ''],
      ['87654321', '1.00', '成功', 'S6', ''],
    ]);
    expect(parsed.errors.map((e) => [e.row, e.field])).toEqual([
      [2, 'account'],
      [3, 'amount'],
      [4, 'amount'],
      [5, 'status'],
      [6, 'serialNo'],
      [8, 'serialNo'],
    ]);
    expect(parsed.lines.map((l) => l.row)).toEqual([7]);
  });
});
