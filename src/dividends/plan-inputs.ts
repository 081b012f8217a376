/**
 * What a dividend plan's figures depend on, its fingerprint, and the changes that make a plan stale
 * (DOMAIN "The plan's lawful course", rule 5). Pure.
 */
import { randomUUID } from 'node:crypto';
import { canonicalSha256, canonicalSha256Listed } from '../common/hash.js';
import { fenToYuan } from '../common/money.js';
import type { CapitalHolding } from './calculator.js';

export interface IncomeEntryRef {
  seq: number;
  hash: string;
  voucherNo: string;
  kind: string;
  date: string;
  /** A reversal: the voucher it reverses (named in PLAN_STALE, never stored with a run). */
  reverses?: string;
}

export interface PlanInputs {
  distributableFen: number;
  /** The year's posted entries on income and expense accounts (what D is summed from). */
  incomeEntries?: IncomeEntryRef[];
  households: { householdCode: string; memberUnits?: string; shareUnits: string; score: number }[];
  capitalHoldings: CapitalHolding[];
  charter?: Record<string, unknown>;
}

type FingerprintHousehold = PlanInputs['households'][number];

const fingerprintRow = (h: FingerprintHousehold) => [h.householdCode, h.memberUnits ?? null, h.shareUnits, h.score];

function fingerprintOuter(inputs: Omit<PlanInputs, 'households'>, households: unknown) {
  return {
    distributableFen: inputs.distributableFen,
    incomeEntries: (inputs.incomeEntries ?? []).map((e) => [e.seq, e.hash]),
    households,
    capitalHoldings: inputs.capitalHoldings,
    charter: inputs.charter ?? null,
  };
}

export function inputsFingerprint(inputs: PlanInputs): string {
  return canonicalSha256(fingerprintOuter(inputs, inputs.households.map(fingerprintRow)));
}

/** The same fingerprint with the households coming one at a time (a run's lines, page by page). */
export async function inputsFingerprintListed(
  inputs: Omit<PlanInputs, 'households'>,
  households: AsyncIterable<FingerprintHousehold> | Iterable<FingerprintHousehold>,
): Promise<string> {
  const placeholder = `households:${randomUUID()}`;
  async function* rows() {
    for await (const h of households) yield fingerprintRow(h);
  }
  return canonicalSha256Listed(fingerprintOuter(inputs, placeholder), placeholder, rows());
}

export type PlanChange =
  | {
      kind: 'income';
      distributableBefore: string;
      distributableAfter: string;
      entries: {
        seq: number;
        voucherNo: string;
        kind: string;
        date: string;
        change: 'added' | 'removed';
        reverses?: string;
      }[];
      message: string;
    }
  | { kind: 'register' | 'scores' | 'shares'; households: HouseholdChange[]; message: string }
  | { kind: 'shares'; capital: { before: CapitalHolding[]; after: CapitalHolding[] }; message: string }
  | { kind: 'charter'; before: Record<string, unknown>; after: Record<string, unknown>; message: string };

interface HouseholdChange {
  householdCode: string;
  before: string | number | null;
  after: string | number | null;
}

const LIST_MAX = 50;

function householdChanges(
  before: PlanInputs['households'],
  after: PlanInputs['households'],
  value: (h: PlanInputs['households'][number]) => string | number | null,
): HouseholdChange[] {
  const old = new Map(before.map((h) => [h.householdCode, value(h)]));
  const now = new Map(after.map((h) => [h.householdCode, value(h)]));
  const changes: HouseholdChange[] = [];
  for (const code of [...new Set([...old.keys(), ...now.keys()])].sort()) {
    const b = old.get(code) ?? null;
    const a = now.get(code) ?? null;
    if (b !== a) changes.push({ householdCode: code, before: b, after: a });
  }
  return changes;
}

function codes(changes: HouseholdChange[]): string {
  const shown = changes.slice(0, 10).map((c) => c.householdCode);
  return shown.join('、') + (changes.length > shown.length ? ` 等 ${changes.length} 户` : '');
}

/** The change of distributable income and of the entries it is summed from, if any. */
function incomeChange(before: PlanInputs, after: PlanInputs): PlanChange | null {
  const beforeEntries = new Map((before.incomeEntries ?? []).map((e) => [e.seq, e]));
  const afterEntries = new Map((after.incomeEntries ?? []).map((e) => [e.seq, e]));
  const entries = [
    ...[...afterEntries.values()]
      .filter((e) => !beforeEntries.has(e.seq))
      .map((e) => ({ ...e, change: 'added' as const })),
    ...[...beforeEntries.values()]
      .filter((e) => !afterEntries.has(e.seq))
      .map((e) => ({ ...e, change: 'removed' as const })),
  ].map(({ seq, voucherNo, kind, date, change, reverses }) => ({
    seq,
    voucherNo,
    kind,
    date,
    change,
    ...(reverses ? { reverses } : {}),
  }));
  if (before.distributableFen !== after.distributableFen || (before.incomeEntries && entries.length)) {
    const d0 = fenToYuan(before.distributableFen);
    const d1 = fenToYuan(after.distributableFen);
    const zh = entries.slice(0, 5).map((e) => e.voucherNo + (e.reverses ? `（冲销 ${e.reverses}）` : ''));
    const en = entries.slice(0, 5).map((e) => e.voucherNo + (e.reverses ? ` reversing ${e.reverses}` : ''));
    return {
      kind: 'income',
      distributableBefore: d0,
      distributableAfter: d1,
      entries: entries.slice(0, LIST_MAX),
      message:
        `账目已变动：可分配收益由 ${d0} 元变为 ${d1} 元` +
        (entries.length ? `（新增或冲销凭证 ${entries.length} 张：${zh.join('、')}）` : '') +
        ` / the books changed: distributable income ${d0} → ${d1}` +
        (entries.length ? ` (vouchers posted or reversed since: ${entries.length}, ${en.join(', ')})` : ''),
    };
  }
  return null;
}

/** What changed between the inputs a plan was computed from and those of today, in words a cadre reads. */
export function planChanges(before: PlanInputs, after: PlanInputs): PlanChange[] {
  const changes: PlanChange[] = [];
  const income = incomeChange(before, after);
  if (income) changes.push(income);
  const register = householdChanges(before.households, after.households, (h) => h.memberUnits ?? null);
  if (register.length) {
    changes.push({
      kind: 'register',
      households: register.slice(0, LIST_MAX),
      message: `花名册已变动：${codes(register)} 的人口数不同 / the register changed for ${register.length} households`,
    });
  }
  const scores = householdChanges(before.households, after.households, (h) => h.score);
  if (scores.length) {
    changes.push({
      kind: 'scores',
      households: scores.slice(0, LIST_MAX),
      message: `积分已变动：${codes(scores)} 的积分不同 / scores changed for ${scores.length} households`,
    });
  }
  const shares = householdChanges(before.households, after.households, (h) => h.shareUnits);
  if (shares.length) {
    changes.push({
      kind: 'shares',
      households: shares.slice(0, LIST_MAX),
      message: `股权已变动：${codes(shares)} 的股份不同 / holdings changed for ${shares.length} households`,
    });
  }
  if (canonicalSha256(before.capitalHoldings) !== canonicalSha256(after.capitalHoldings)) {
    changes.push({
      kind: 'shares',
      capital: { before: before.capitalHoldings, after: after.capitalHoldings },
      message: '资金股（保底收益）已变动 / capital holdings with a guarantee changed',
    });
  }
  if (before.charter && after.charter && canonicalSha256(before.charter) !== canonicalSha256(after.charter)) {
    changes.push({
      kind: 'charter',
      before: before.charter,
      after: after.charter,
      message: '章程已修改 / the charter changed',
    });
  }
  return changes;
}
