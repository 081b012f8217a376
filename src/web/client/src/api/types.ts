// Shapes of answers the OpenAPI document does not describe in detail (read from the server's views).

export interface Me {
  id: string;
  username: string;
  role: string;
  villageId?: string | null;
  householdId?: string | null;
}
export interface Village {
  id: string;
  code: string;
  name: string;
  township?: string | null;
}
export interface Page<T> {
  items: T[];
  total: number;
}
export interface JournalLine {
  accountCode: string;
  accountName?: string;
  debit: string;
  credit: string;
  householdId?: string | null;
  memo?: string | null;
}
export interface JournalEntry {
  id: string;
  seq: number;
  date: string;
  kind: string;
  voucherNo: string | null;
  memo: string | null;
  reversesEntryId?: string | null;
  lines: JournalLine[];
}
export interface TrialRow {
  accountCode: string;
  accountName: string;
  openingDebit: string;
  openingCredit: string;
  debit: string;
  credit: string;
  closingDebit: string;
  closingCredit: string;
}
export interface TrialBalance {
  items: TrialRow[];
  totals: { debit: string; credit: string; balanced: boolean } & Record<string, string | boolean>;
}
export interface Payout {
  householdId: string;
  householdCode: string;
  headName?: string;
  units: string | number;
  score: string | number;
  factor: string | number;
  amount: string;
  verificationCode?: string | null;
  paid?: string;
  owed?: string;
}
export interface Run {
  id: string;
  year: number;
  status: string;
  village?: string;
  scoring: { mode: string; scoreShare?: string };
  basis?: string;
  distributable: string;
  lossMakeup: string;
  reserve: string;
  reservePercent: string;
  deductions: Array<{ name: string; amount: string }>;
  guaranteed: Array<{ holder: string; amount: string }>;
  available: string;
  pool: string;
  retained: string;
  payouts: Payout[];
  warnings: Array<{ code: string; message: string; householdCodes?: string[] }>;
  createdAt: string;
  publishedOn?: string | null;
  objectionsUntil?: string | null;
  noticeUntil?: string | null;
  head?: string | null;
  headSeq?: number | null;
  resolutionRef?: string | null;
  recordDate?: string;
}
export interface ScoreEvent {
  id: string;
  householdId: string;
  householdCode?: string;
  ruleCode: string;
  points: number;
  date: string;
  evidence: string;
  status: string;
  recordedBy?: string;
}
export interface Scorecard {
  householdId: string;
  householdCode: string;
  headName?: string;
  score: number;
  rank?: number;
  byCategory?: Array<{ category: string; points: number }>;
  breakdown?: Array<{ ruleCode: string; points: number }>;
}
