/** Pure rules of a journal entry: balanced double entry, its canonical record and chain hash. */
import { chainHash, chainHashListed } from '../common/hash.js';
import { fenToYuan } from '../common/money.js';

export interface LineInput {
  accountCode: string;
  householdId?: string | null;
  debitFen: number;
  creditFen: number;
  memo?: string | null;
}

export interface EntryContent {
  id: string;
  villageId: string;
  seq: number;
  date: string;
  voucherNo: string;
  kind: string;
  category: string | null;
  sourceCode: string | null;
  distributable: boolean;
  memo: string | null;
  reversesEntryId: string | null;
  runId: string | null;
  createdBy: string;
  createdAt: string;
}

/**
 * Lines of an entry: an array, or any iterable that can be walked again (a large posting's lines, made on
 * demand from columns, so 250,000 line objects never exist at once).
 */
export type EntryLines = Iterable<LineInput>;

/** Why a set of lines is not a valid entry, or null (the first bad line, once there are two lines or more). */
export function unbalancedReason(lines: EntryLines, knownAccounts: Set<string>): string | null {
  let count = 0;
  let debit = 0;
  let credit = 0;
  let problem: string | null = null;
  for (const line of lines) {
    count++;
    problem ??= lineProblem(line, count, knownAccounts);
    if (problem !== null && count >= 2) return problem;
    debit += line.debitFen;
    credit += line.creditFen;
  }
  if (count < 2) return '凭证至少两行 / an entry needs at least two lines';
  if (debit !== credit) {
    return `借贷不平衡：借 ${fenToYuan(debit)}，贷 ${fenToYuan(credit)} / debits ${fenToYuan(debit)} ≠ credits ${fenToYuan(credit)}`;
  }
  return null;
}

/** Line `n` (from 1): a known account, one positive side. */
function lineProblem(line: LineInput, n: number, knownAccounts: Set<string>): string | null {
  if (!knownAccounts.has(line.accountCode)) {
    return `第${n}行科目「${line.accountCode}」不存在 / line ${n}: unknown account ${line.accountCode}`;
  }
  const oneSide = (line.debitFen > 0 && line.creditFen === 0) || (line.creditFen > 0 && line.debitFen === 0);
  if (!Number.isSafeInteger(line.debitFen) || !Number.isSafeInteger(line.creditFen) || !oneSide) {
    return `第${n}行须只有借方或贷方一个正数金额 / line ${n} must have one positive debit or credit`;
  }
  return null;
}

/** Accounts without sub-accounts (末级科目): only these take journal lines. */
export function leafAccounts(codes: readonly string[]): Set<string> {
  return new Set(codes.filter((c) => !codes.some((other) => other !== c && other.startsWith(c))));
}

export interface LineProblem {
  field: string;
  zh: string;
  en: string;
}

/**
 * Why a voucher typed by hand (建账, 转账凭证) is refused, naming the line as `lines[i].accountCode`:
 * unknown or non-leaf account, a household on a line that cannot carry one, or not balanced.
 */
export function voucherProblem(
  lines: readonly LineInput[],
  chart: { leaves: Set<string>; all: Set<string>; householdAccounts: Set<string> },
): LineProblem | null {
  for (const [i, l] of lines.entries()) {
    const field = `lines[${i}].accountCode`;
    if (!chart.all.has(l.accountCode)) {
      return {
        field,
        zh: `${field}: 科目「${l.accountCode}」不存在`,
        en: `${field}: unknown account ${l.accountCode}`,
      };
    }
    if (!chart.leaves.has(l.accountCode)) {
      return {
        field,
        zh: `${field}: 科目「${l.accountCode}」有明细科目，须记到末级科目`,
        en: `${field}: account ${l.accountCode} has sub-accounts; post to a leaf account`,
      };
    }
    if (l.householdId && !chart.householdAccounts.has(l.accountCode)) {
      const allowed = [...chart.householdAccounts].join('/');
      return {
        field: `lines[${i}].householdId`,
        zh: `lines[${i}].householdId: 只有 ${allowed} 科目的行可以记到户`,
        en: `lines[${i}].householdId: only ${allowed} lines name a household`,
      };
    }
  }
  const reason = unbalancedReason([...lines], chart.all);
  return reason
    ? { field: 'lines', zh: `lines: ${reason.split(' / ')[0]}`, en: `lines: ${reason.split(' / ')[1]}` }
    : null;
}

/**
 * The record the chain hash covers (README "Canonical JSON"): the entry's fields and its lines in
 * order, amounts as two-decimal yuan strings.
 */
export function canonicalEntry(entry: EntryContent, lines: LineInput[]) {
  return { ...entry, lines: lines.map(canonicalLine) };
}

function canonicalLine(l: LineInput, i: number) {
  return {
    lineNo: i + 1,
    accountCode: l.accountCode,
    householdId: l.householdId ?? null,
    debit: fenToYuan(l.debitFen),
    credit: fenToYuan(l.creditFen),
    memo: l.memo ?? null,
  };
}

export function entryHash(prevHash: string, entry: EntryContent, lines: LineInput[]): string {
  return chainHash(prevHash, canonicalEntry(entry, lines));
}

/** Where the lines stand in the record while they are hashed one by one (text checks refuse NUL in any field). */
const LINES_PLACEHOLDER = '\u0000lines';

/**
 * `entryHash` over lines walked one at a time (the same bytes), `pause` awaited every `every` lines: a
 * 250,000-line posting neither holds its canonical lines at once nor the event loop for the whole hash.
 */
export function entryHashListed(
  prevHash: string,
  entry: EntryContent,
  lines: EntryLines,
  pause: () => Promise<void>,
  every = 1_000,
): Promise<string> {
  async function* canonical() {
    let i = 0;
    for (const line of lines) {
      yield canonicalLine(line, i++);
      if (i % every === 0) await pause();
    }
  }
  return chainHashListed(prevHash, { ...entry, lines: LINES_PLACEHOLDER }, LINES_PLACEHOLDER, canonical());
}

export function mirrorLines(lines: LineInput[]): LineInput[] {
  return lines.map((l) => ({ ...l, debitFen: l.creditFen, creditFen: l.debitFen }));
}

/** A `journal_entries` row as the database returns it (snake_case columns). */
export interface EntryRow {
  id: string;
  village_id: string;
  seq: number | string;
  date: string;
  voucher_no: string;
  kind: string;
  category: string | null;
  source_code: string | null;
  distributable: boolean | number;
  memo: string | null;
  reverses_entry_id: string | null;
  run_id: string | null;
  created_by: string;
  created_at: string;
}

/** A `journal_lines` row as the database returns it (BIGINT may come back as a string). */
export interface LineRow {
  account_code: string;
  household_id: string | null;
  debit_fen: number | string;
  credit_fen: number | string;
  memo: string | null;
}

/** The hashed content of an entry read raw — how an auditor's own tool sees the chain (README). */
export function entryContentFromRow(e: EntryRow): EntryContent {
  return {
    id: e.id,
    villageId: e.village_id,
    seq: Number(e.seq),
    date: e.date,
    voucherNo: e.voucher_no,
    kind: e.kind,
    category: e.category,
    sourceCode: e.source_code,
    distributable: !!e.distributable,
    memo: e.memo,
    reversesEntryId: e.reverses_entry_id,
    runId: e.run_id,
    createdBy: e.created_by,
    createdAt: e.created_at,
  };
}

export function lineFromRow(l: LineRow): LineInput {
  return {
    accountCode: l.account_code,
    householdId: l.household_id,
    debitFen: Number(l.debit_fen),
    creditFen: Number(l.credit_fen),
    memo: l.memo,
  };
}
