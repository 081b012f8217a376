/**
 * The annual dividend calculation (DOMAIN.md "A dividend run"), pure: no Nest, no TypeORM.
 * Money in integer fen; rates and shares as decimal strings, applied with decimal.js half-up to the fen;
 * weights as exact scaled integers (BigInt).
 */
import { Decimal } from 'decimal.js';
import { allocateLargestRemainder, allocateLargestRemainderSmall } from '../common/allocation.js';
import { decimal4ToScaled, fenToYuan, formatScaled, mulRateHalfUpFen, scaledToDecimal4 } from '../common/money.js';

export const ALGORITHM_VERSION = 'dividend-calc/1';

export type Basis = 'member' | 'share';
export type Scoring =
  | { mode: 'none' }
  | { mode: 'proportional' }
  | { mode: 'tiered'; tiers: { minScore: number; factor: string }[] }
  | { mode: 'split'; scoreShare: string };

export interface CalcParams {
  lossMakeupFen: number;
  reservePercent: string;
  deductions: { name: string; amountFen: number }[];
  distribute: { amountFen: number } | { all: true };
  basis: Basis;
  scoring: Scoring;
}

export interface CalcHousehold {
  householdId: string;
  householdCode: string;
  /** Members who count (as of the record date, or pro-rated by days): decimal string, ≤ 4 decimals. */
  memberUnits: string;
  /** Sum of member-class share quantities, decimal string (≤ 4 decimals). */
  shareUnits: string;
  score: number;
}

export interface CapitalHolding {
  holder: string;
  capitalAmountFen: number;
  guaranteedRate: string;
  /** Pro-rated guarantee: days held in the year out of the days of the year; absent = the full year. */
  daysHeld?: number;
  daysInYear?: number;
}

export interface CalcInput {
  distributableFen: number;
  capitalHoldings: CapitalHolding[];
  households: CalcHousehold[];
  params: CalcParams;
}

export interface CalcPayout {
  householdId: string;
  householdCode: string;
  units: string;
  score: number;
  factor: string;
  weight: string;
  amountFen: number;
  baseFen?: number;
  scoreFen?: number;
}

export interface CalcResult {
  algorithm: string;
  distributableFen: number;
  lossMakeupFen: number;
  reserveFen: number;
  deductions: { name: string; amountFen: number }[];
  guaranteed: { holder: string; amountFen: number }[];
  availableFen: number;
  poolFen: number;
  retainedFen: number;
  poolBaseFen?: number;
  poolScoreFen?: number;
  totalWeight: string;
  payouts: CalcPayout[];
}

export type CalcErrorCode = 'INSUFFICIENT_INCOME' | 'POOL_ABOVE_AVAILABLE' | 'NO_WEIGHTS';

export class CalcError extends Error {
  constructor(
    readonly code: CalcErrorCode,
    readonly zh: string,
    readonly en: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(`${zh} / ${en}`);
  }
}

const SCALE = 10_000n; // decimal strings carry at most 4 decimals
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** The units text a household is weighed by. */
function unitsText(h: CalcHousehold, basis: Basis): string {
  if (basis === 'share') return h.shareUnits;
  // Snapshots of runs computed before member units were dated carry a whole `memberCount`.
  return h.memberUnits ?? String((h as { memberCount?: number }).memberCount ?? 0);
}

/** capital × rate (× daysHeld / daysInYear when pro-rated), half-up to the fen, exact in integers. */
export function guaranteeFen(c: CapitalHolding): number {
  if (c.daysHeld === undefined || c.daysInYear === undefined) {
    return mulRateHalfUpFen(c.capitalAmountFen, c.guaranteedRate);
  }
  const numerator = BigInt(c.capitalAmountFen) * decimal4ToScaled(c.guaranteedRate) * BigInt(c.daysHeld);
  const denominator = SCALE * BigInt(c.daysInYear);
  return Number((2n * numerator + denominator) / (2n * denominator));
}

function tierFactorScaled(score: number, tiers: { minScore: number; factor: string }[]): bigint {
  let best: { minScore: number; factor: string } | null = null;
  for (const t of tiers) if (t.minScore <= score && (!best || t.minScore > best.minScore)) best = t;
  return best ? decimal4ToScaled(best.factor) : 0n;
}

/** Factor (scaled by 10^4) for the scheme's weighted part. */
function factorScaled(score: number, scoring: Scoring): bigint {
  switch (scoring.mode) {
    case 'none':
      return SCALE;
    case 'proportional':
    case 'split':
      return BigInt(score) * SCALE;
    case 'tiered':
      return tierFactorScaled(score, scoring.tiers);
  }
}

/** What a household's units and score weigh; households with the same inputs share one (no per-household BigInt). */
interface Weighing {
  units: bigint;
  factor: bigint;
  weight: bigint;
  unitsText: string;
  factorText: string;
  weightText: string;
}

function weighings(households: CalcHousehold[], basis: Basis, scoring: Scoring): Weighing[] {
  // Parsed and formatted once per distinct units and per distinct score, weighed once per distinct pair.
  const byUnits = new Map<string, { units: bigint; unitsText: string; byScore: Map<number, Weighing> }>();
  const factors = new Map<number, { factor: bigint; factorText: string }>();
  return households.map((h) => {
    const unitsInput = unitsText(h, basis);
    let known = byUnits.get(unitsInput);
    if (!known) {
      const units = decimal4ToScaled(unitsInput);
      byUnits.set(unitsInput, (known = { units, unitsText: scaledToDecimal4(units), byScore: new Map() }));
    }
    let weighing = known.byScore.get(h.score);
    if (!weighing) {
      let f = factors.get(h.score);
      if (!f) {
        const factor = factorScaled(h.score, scoring);
        factors.set(h.score, (f = { factor, factorText: scaledToDecimal4(factor) }));
      }
      const weight = known.units * f.factor;
      weighing = { units: known.units, unitsText: known.unitsText, ...f, weight, weightText: formatScaled(weight, 8) };
      known.byScore.set(h.score, weighing);
    }
    return weighing;
  });
}

/** Largest remainder in Numbers when exact (the common case), else in BigInt: the same amounts either way. */
function allocate(poolFen: number, households: CalcHousehold[], weights: bigint[]): number[] {
  // One pass: the weights as Numbers while each is a safe non-negative integer (then Σ = 0 iff every one is 0).
  const numbers = new Array<number>(weights.length);
  let plain = true;
  let any = false;
  for (let i = 0; i < weights.length && plain; i++) {
    const w = weights[i];
    if (w < 0n || w > MAX_SAFE) plain = false;
    else if ((numbers[i] = Number(w)) !== 0) any = true;
  }
  if (plain ? !any : weights.reduce((s, w) => s + w, 0n) === 0n) {
    throw new CalcError('NO_WEIGHTS', '所有户的权重均为0，无法分配', 'every weight is zero: nothing to allocate by');
  }
  const fast = plain ? allocateLargestRemainderSmall(poolFen, numbers, (i) => households[i].householdCode) : null;
  if (fast) return fast;
  return allocateLargestRemainder(
    BigInt(poolFen),
    households.map((h, i) => ({ key: h.householdCode, weight: weights[i] })),
  ).map(Number);
}

interface Allocated {
  amounts: number[];
  baseAmounts?: number[];
  scoreAmounts?: number[];
  poolBaseFen?: number;
  poolScoreFen?: number;
}

function allocatePool(poolFen: number, households: CalcHousehold[], weighed: Weighing[], scoring: Scoring): Allocated {
  const weights = weighed.map((w) => w.weight);
  if (scoring.mode !== 'split') return { amounts: allocate(poolFen, households, weights) };
  const poolScoreFen = mulRateHalfUpFen(poolFen, scoring.scoreShare);
  const poolBaseFen = poolFen - poolScoreFen;
  const baseAmounts = allocate(
    poolBaseFen,
    households,
    weighed.map((w) => w.units),
  );
  const scoreAmounts = allocate(poolScoreFen, households, weights);
  const amounts = baseAmounts.map((a, i) => a + scoreAmounts[i]);
  return { amounts, baseAmounts, scoreAmounts, poolBaseFen, poolScoreFen };
}

function payoutOf(h: CalcHousehold, w: Weighing, allocated: Allocated, i: number): CalcPayout {
  const payout: CalcPayout = {
    householdId: h.householdId,
    householdCode: h.householdCode,
    units: w.unitsText,
    score: h.score,
    factor: w.factorText,
    weight: w.weightText,
    amountFen: allocated.amounts[i],
  };
  if (allocated.baseAmounts && allocated.scoreAmounts) {
    payout.baseFen = allocated.baseAmounts[i];
    payout.scoreFen = allocated.scoreAmounts[i];
  }
  return payout;
}

/**
 * A calculation with its payouts as columns: `payout(i)` builds household i's payout when asked, so a run of
 * 250,000 households never holds 250,000 payout objects at once. `calculateDividend` is the same with them.
 */
export interface CalcColumns {
  totals: Omit<CalcResult, 'payouts'>;
  count: number;
  payout(i: number): CalcPayout;
}

export function calculateDividend(input: CalcInput): CalcResult {
  const { totals, count, payout } = calculateColumns(input);
  const payouts = new Array<CalcPayout>(count);
  for (let i = 0; i < count; i++) payouts[i] = payout(i);
  return { ...totals, payouts };
}

/** What is set aside before the pool, and the pool (a CalcError when the income does not cover them). */
function poolOf(input: CalcInput) {
  const { params } = input;
  const D = input.distributableFen;
  const lossMakeupFen = params.lossMakeupFen;
  const reserveBase = D - lossMakeupFen;
  const reserveFen = reserveBase > 0 ? mulRateHalfUpFen(reserveBase, new Decimal(params.reservePercent).div(100)) : 0;
  const deductions = params.deductions.map((d) => ({ name: d.name, amountFen: d.amountFen }));
  const guaranteed = input.capitalHoldings
    .map((c) => ({ holder: c.holder, amountFen: guaranteeFen(c) }))
    .filter((g) => g.amountFen > 0);
  const availableFen =
    D -
    lossMakeupFen -
    reserveFen -
    deductions.reduce((s, d) => s + d.amountFen, 0) -
    guaranteed.reduce((s, g) => s + g.amountFen, 0);
  if (availableFen < 0) {
    const shortfall = fenToYuan(-availableFen);
    throw new CalcError(
      'INSUFFICIENT_INCOME',
      `可分配收益不足，差额 ${shortfall} 元`,
      `insufficient income: short by ${shortfall} yuan`,
      { shortfall },
    );
  }
  let poolFen = availableFen;
  if ('amountFen' in params.distribute) {
    poolFen = params.distribute.amountFen;
    if (poolFen > availableFen) {
      const shortfall = fenToYuan(poolFen - availableFen);
      throw new CalcError(
        'POOL_ABOVE_AVAILABLE',
        `分配金额超过可分配金额 ${fenToYuan(availableFen)} 元，差额 ${shortfall} 元`,
        `distribute.amount exceeds available ${fenToYuan(availableFen)} by ${shortfall} yuan`,
        {
          shortfall,
          available: fenToYuan(availableFen),
        },
      );
    }
  }
  return { D, lossMakeupFen, reserveFen, deductions, guaranteed, availableFen, poolFen };
}

export function calculateColumns(input: CalcInput): CalcColumns {
  const { params } = input;
  const { D, lossMakeupFen, reserveFen, deductions, guaranteed, availableFen, poolFen } = poolOf(input);
  const weighed = weighings(input.households, params.basis, params.scoring);
  const split = allocatePool(poolFen, input.households, weighed, params.scoring);
  const paid = split.amounts.reduce((s, a) => s + a, 0);
  if (paid !== poolFen) throw new Error('calculateDividend: Σ payouts ≠ pool (invariant broken)');
  const totals = {
    algorithm: ALGORITHM_VERSION,
    distributableFen: D,
    lossMakeupFen,
    reserveFen,
    deductions,
    guaranteed,
    availableFen,
    poolFen,
    retainedFen: availableFen - poolFen,
    ...(split.poolBaseFen !== undefined ? { poolBaseFen: split.poolBaseFen, poolScoreFen: split.poolScoreFen } : {}),
    totalWeight: formatScaled(
      weighed.reduce((s, w) => s + w.weight, 0n),
      8,
    ),
  };
  const { households } = input;
  return { totals, count: households.length, payout: (i) => payoutOf(households[i], weighed[i], split, i) };
}
