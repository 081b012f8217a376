type ChartRow = [code: string, name: string, type: string, normalSide: 'debit' | 'credit'];

/**
 * The subset of the rural collective chart of accounts (村集体经济组织会计制度) the product needs:
 * codes of the official chart, names as in the 2024 system (现金 → 库存现金, 公益支出 added).
 * Frozen: the first migration seeds exactly these; later additions go to CHART_ADDITIONS.
 */
export const INITIAL_CHART: ChartRow[] = [
  ['101', '库存现金', 'asset', 'debit'],
  ['102', '银行存款', 'asset', 'debit'],
  ['112', '应收款', 'asset', 'debit'],
  ['202', '应付款', 'liability', 'credit'],
  ['20201', '应付款—应付收益', 'liability', 'credit'],
  ['20209', '应付款—其他应付款', 'liability', 'credit'],
  ['311', '公积公益金', 'equity', 'credit'],
  ['321', '本年收益', 'equity', 'credit'],
  ['322', '收益分配', 'equity', 'credit'],
  ['32201', '收益分配—未分配收益', 'equity', 'credit'],
  ['32202', '收益分配—各项分配', 'equity', 'debit'],
  ['501', '经营收入', 'income', 'credit'],
  ['502', '经营支出', 'expense', 'debit'],
  ['522', '补助收入', 'income', 'credit'],
  ['531', '其他收入', 'income', 'credit'],
  ['541', '管理费用', 'expense', 'debit'],
  ['551', '其他支出', 'expense', 'debit'],
  ['552', '公益支出', 'expense', 'debit'],
  ['561', '投资收益', 'income', 'credit'],
];

/** The 2023 chart's income category 发包及上交收入 (migration BooksComplete). */
export const CHART_2023_INCOME: ChartRow[] = [['511', '发包及上交收入', 'income', 'credit']];

/** Accounts added after the first release, each list seeded by its own migration. */
export const CHART_ADDITIONS: ChartRow[] = [...CHART_2023_INCOME];

export const CHART_OF_ACCOUNTS: ChartRow[] = [...INITIAL_CHART, ...CHART_ADDITIONS].sort(([a], [b]) =>
  a.localeCompare(b),
);

/** Tables that only ever grow: UPDATE and DELETE are refused by the database itself. */
export const APPEND_ONLY_TABLES = [
  'journal_entries',
  'journal_lines',
  'audit_log',
  'payouts',
  'payments',
  'household_changes',
  'holding_changes',
];

export function chartInsertSql(rows: ChartRow[] = INITIAL_CHART): string {
  const values = rows.map(([c, n, t, s]) => `('${c}', '${n}', '${t}', '${s}')`).join(', ');
  return `INSERT INTO accounts (code, name, type, normal_side) VALUES ${values}`;
}
