// The chart of accounts the server seeds (one source: the migration's list); vouchers post to leaf accounts only.
import { CHART_OF_ACCOUNTS } from '../../../../database/migrations/chart-of-accounts';

export interface ChartAccount {
  code: string;
  name: string;
  normalSide: 'debit' | 'credit';
}

export const ACCOUNTS: ChartAccount[] = CHART_OF_ACCOUNTS.map(([code, name, , normalSide]) => ({
  code,
  name,
  normalSide,
}));

/** Accounts without sub-accounts (202 has 20201 and 20209, 322 has 32201 and 32202). */
export const LEAF_ACCOUNTS: ChartAccount[] = ACCOUNTS.filter(
  (a) => !ACCOUNTS.some((b) => b.code !== a.code && b.code.startsWith(a.code)),
);

export const ACCOUNT_NAMES: Record<string, string> = Object.fromEntries(ACCOUNTS.map((a) => [a.code, a.name]));

/** Lines on these accounts name a household (应收款 and 应付收益 are kept per household). */
export const HOUSEHOLD_ACCOUNTS = ['112', '20201'];
