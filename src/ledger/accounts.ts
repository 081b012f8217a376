/** Account codes the product posts to (see migrations/chart-of-accounts.ts). */
export const ACCOUNT = {
  cash: '101',
  bank: '102',
  receivable: '112',
  payable: '202',
  payableDividend: '20201',
  payableOther: '20209',
  reserve: '311',
  currentYearIncome: '321',
  undistributed: '32201',
  distributions: '32202',
  commonwealExpense: '552',
} as const;

export const INCOME_CATEGORIES: Record<string, string> = {
  经营收入: '501',
  发包及上交收入: '511',
  投资收益: '561',
  补助收入: '522',
  其他收入: '531',
};
export const EXPENSE_CATEGORIES: Record<string, string> = {
  经营支出: '502',
  管理费用: '541',
  其他支出: '551',
  公益支出: '552',
};
export const INCOME_ACCOUNTS = Object.values(INCOME_CATEGORIES);
export const EXPENSE_ACCOUNTS = Object.values(EXPENSE_CATEGORIES);
