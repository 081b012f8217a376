/**
 * The bank batch (代发) file and the bank's return file: rows and checks, no I/O. Pure.
 */
import { fenToYuan, isYuanString, yuanToFen } from '../common/money.js';

export const BATCH_COLUMNS = ['序号', '户编号', '户主', '开户行', '账号', '金额', '用途'] as const;

export interface BatchItem {
  householdCode: string;
  headName: string;
  bankName: string;
  account: string;
  owedFen: number;
}

/** 用途 of every line: `2021年度集体收益分红`. */
export const batchPurpose = (year: number): string => `${year}年度集体收益分红`;

/** The data rows and a total row (合计, the number of households, the sum), amounts as two-decimal text. */
export function batchRows(year: number, items: BatchItem[]): string[][] {
  const rows = items.map((item, i) => [
    String(i + 1),
    item.householdCode,
    item.headName,
    item.bankName,
    item.account,
    fenToYuan(item.owedFen),
    batchPurpose(year),
  ]);
  const totalFen = items.reduce((sum, item) => sum + item.owedFen, 0);
  return [...rows, ['合计', `${items.length}户`, '', '', '', fenToYuan(totalFen), '']];
}

/** RFC 4180 CSV, CRLF, with a UTF-8 BOM so spreadsheet programs read the Chinese text. */
export function toCsv(rows: string[][]): string {
  const field = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  return `\uFEFF${rows.map((r) => r.map(field).join(',')).join('\r\n')}\r\n`;
}

export interface ResultLine {
  row: number;
  account: string;
  amountFen: number;
  success: boolean;
  serialNo: string;
  reason: string;
  householdCode: string | null;
}

export interface ResultRowError {
  row: number;
  field: string;
  message: string;
}

const RESULT_COLUMNS: Record<string, keyof Omit<ResultLine, 'row' | 'success' | 'amountFen'> | 'status' | 'amount'> = {
  账号: 'account',
  account: 'account',
  金额: 'amount',
  amount: 'amount',
  状态: 'status',
  status: 'status',
  流水号: 'serialNo',
  serialno: 'serialNo',
  失败原因: 'reason',
  原因: 'reason',
  备注: 'reason',
  reason: 'reason',
  户编号: 'householdCode',
  householdcode: 'householdCode',
};
const REQUIRED = ['account', 'amount', 'status', 'serialNo'] as const;
const SUCCESS = new Set(['成功', 'success', 'ok']);
const FAILURE = new Set(['失败', 'failed', 'failure', 'fail']);

/**
 * The bank's return: one line per payment instruction (账号, 金额, 状态 成功/失败, 流水号; optional 失败原因 and
 * 户编号). A 合计 row is skipped. Every row problem is reported (row numbers as in the sheet: header = 1).
 */
export function parseBankResult(header: string[], rows: string[][]): { lines: ResultLine[]; errors: ResultRowError[] } {
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    const key =
      RESULT_COLUMNS[
        name
          .trim()
          .replace(/^\uFEFF/, '')
          .toLowerCase()
      ];
    if (key && !index.has(key)) index.set(key, i);
  });
  const missing = REQUIRED.filter((k) => !index.has(k));
  if (missing.length) {
    return {
      lines: [],
      errors: missing.map((k) => ({
        row: 1,
        field: k,
        message: `缺少列「${COLUMN_LABELS[k]}」/ missing column ${COLUMN_LABELS[k]}`,
      })),
    };
  }
  const cell = (r: string[], key: string) => String(r[index.get(key) ?? -1] ?? '').trim();
  const lines: ResultLine[] = [];
  const errors: ResultRowError[] = [];
  const serials = new Map<string, number>();
  rows.forEach((r, i) => {
    const row = i + 2;
    if (r.every((c) => String(c ?? '').trim() === '') || r.some((c) => String(c).trim() === '合计')) return;
    const line = parseLine(row, (key) => cell(r, key), errors);
    if (!line) return;
    if (line.success) {
      const first = serials.get(line.serialNo);
      if (first !== undefined) {
        errors.push({ row, field: 'serialNo', message: `流水号与第 ${first} 行重复 / duplicate of row ${first}` });
        return;
      }
      serials.set(line.serialNo, row);
    }
    lines.push(line);
  });
  return { lines, errors };
}

const COLUMN_LABELS: Record<string, string> = { account: '账号', amount: '金额', status: '状态', serialNo: '流水号' };

function parseLine(row: number, cell: (key: string) => string, errors: ResultRowError[]): ResultLine | null {
  const before = errors.length;
  const account = cell('account').replace(/[\s-]/g, '');
  if (!/^\d{8,32}$/.test(account)) {
    errors.push({ row, field: 'account', message: '账号须为8–32位数字 / account must be 8–32 digits' });
  }
  const amount = cell('amount').replace(/,/g, '');
  if (!isYuanString(amount) || yuanToFen(amount) === 0) {
    errors.push({
      row,
      field: 'amount',
      message: '金额须为大于0、最多两位小数的数字 / amount must be above 0, two decimals',
    });
  }
  const status = cell('status').toLowerCase();
  const success = SUCCESS.has(status);
  if (!success && !FAILURE.has(status)) {
    errors.push({ row, field: 'status', message: '状态须为「成功」或「失败」/ status must be 成功 or 失败' });
  }
  const serialNo = cell('serialNo');
  if (success && (serialNo === '' || serialNo.length > 64)) {
    errors.push({ row, field: 'serialNo', message: '成功的行须有流水号（1–64字）/ a success needs a serial number' });
  }
  if (errors.length > before) return null;
  return {
    row,
    account,
    amountFen: yuanToFen(amount),
    success,
    serialNo,
    reason: cell('reason').slice(0, 200),
    householdCode: cell('householdCode') || null,
  };
}
