/**
 * A run as rows: one run_lines row per household (its inputs and its payout) and the small rest on the run.
 * The snapshot and the result are these put together again; their hashes are computed over the same canonical
 * JSON as when they were whole (README "Canonical JSON and the hash chains"), page by page. Pure.
 */
import { randomUUID } from 'node:crypto';
import { canonicalSha256Listed } from '../common/hash.js';
import type { CalcColumns, CalcHousehold, CalcInput, CalcPayout, CalcResult } from './calculator.js';
import type { RunInputs, RunLine, RunTotals } from './dividend.entity.js';
import type { PlanInputs } from './plan-inputs.js';

type Lines = AsyncIterable<RunLine> | Iterable<RunLine>;

/** Where the households stand in the snapshot while it is hashed (nothing a user types contains it). */
const LIST = `run_lines:${randomUUID()}`;

export function lineOf(runId: string, position: number, h: CalcHousehold, p: CalcPayout): RunLine {
  const legacy = h as CalcHousehold & { memberCount?: number };
  return {
    runId,
    position,
    householdId: h.householdId,
    householdCode: h.householdCode,
    memberUnits: h.memberUnits ?? null,
    memberCount: legacy.memberCount ?? null,
    shareUnits: h.shareUnits,
    score: h.score,
    units: p.units,
    factor: p.factor,
    weight: p.weight,
    amountFen: p.amountFen,
    baseFen: p.baseFen ?? null,
    scoreFen: p.scoreFen ?? null,
  };
}

/** The lines of a computed run, one at a time (never a second array of 250,000 rows). */
export function* linesOf(runId: string, input: CalcInput, calc: CalcResult | CalcColumns): Generator<RunLine> {
  const payout = 'payouts' in calc ? (i: number) => calc.payouts[i] : calc.payout;
  for (let i = 0; i < input.households.length; i++) yield lineOf(runId, i, input.households[i], payout(i));
}

/**
 * The items, with the event loop's turn (other requests' reads) every `every` of them: for work over a whole
 * run done before anything of it is written, or the caller's `pause` (a long posting's, on its own connection).
 */
export async function* paced<T>(
  items: Iterable<T>,
  every = 20_000,
  pause: () => Promise<unknown> = () => new Promise((resolve) => setImmediate(resolve)),
): AsyncGenerator<T> {
  let n = 0;
  for (const item of items) {
    yield item;
    if (++n % every === 0) await pause();
  }
}

/** The household as the calculation read it (runs from before dated member units read `memberCount`). */
export function householdOf(line: RunLine): CalcHousehold {
  const household: Record<string, unknown> = {
    householdId: line.householdId,
    householdCode: line.householdCode,
    shareUnits: line.shareUnits,
    score: line.score,
  };
  if (line.memberUnits !== null) household.memberUnits = line.memberUnits;
  if (line.memberCount !== null) household.memberCount = line.memberCount;
  return household as unknown as CalcHousehold;
}

export function payoutOf(line: RunLine): CalcPayout {
  return {
    householdId: line.householdId,
    householdCode: line.householdCode,
    units: line.units,
    score: line.score,
    factor: line.factor,
    weight: line.weight,
    amountFen: line.amountFen,
    ...(line.baseFen !== null ? { baseFen: line.baseFen, scoreFen: line.scoreFen ?? 0 } : {}),
  };
}

export function totalsOf(calc: CalcResult | CalcColumns): RunTotals {
  if ('totals' in calc) return { ...calc.totals };
  const { payouts: _payouts, ...totals } = calc;
  return totals;
}

export function runInputsOf(
  input: CalcInput,
  run: Pick<RunInputs, 'algorithm' | 'villageId' | 'villageCode' | 'year' | 'incomeEntries' | 'charter'>,
): RunInputs {
  return {
    ...run,
    distributableFen: input.distributableFen,
    capitalHoldings: input.capitalHoldings,
    params: input.params,
  };
}

/** The calculator's input, all households in memory (computing needs them all). */
export async function calcInputOf(inputs: RunInputs, lines: Lines): Promise<CalcInput> {
  const households: CalcHousehold[] = [];
  for await (const line of lines) households.push(householdOf(line));
  return {
    distributableFen: inputs.distributableFen,
    capitalHoldings: inputs.capitalHoldings,
    households,
    params: inputs.params,
  };
}

async function* mapLines<T>(lines: Lines, map: (line: RunLine) => T): AsyncGenerator<T> {
  for await (const line of lines) yield map(line);
}

/** SHA-256 of the snapshot `{algorithm, villageId, villageCode, year, input, incomeEntries?, charter?}`. */
export function snapshotHash(inputs: RunInputs, lines: Lines): Promise<string> {
  const snapshot = {
    algorithm: inputs.algorithm,
    villageId: inputs.villageId,
    villageCode: inputs.villageCode,
    year: inputs.year,
    input: {
      distributableFen: inputs.distributableFen,
      capitalHoldings: inputs.capitalHoldings,
      households: LIST,
      params: inputs.params,
    },
    incomeEntries: inputs.incomeEntries,
    charter: inputs.charter,
  };
  return canonicalSha256Listed(snapshot, LIST, mapLines(lines, householdOf));
}

/** SHA-256 of a result (totals with the payouts in order): equal for equal results. */
export function resultHash(totals: RunTotals, payouts: AsyncIterable<CalcPayout> | Iterable<CalcPayout>) {
  return canonicalSha256Listed({ ...totals, payouts: LIST }, LIST, payouts);
}

export function storedResultHash(totals: RunTotals, lines: Lines): Promise<string> {
  return resultHash(totals, mapLines(lines, payoutOf));
}

/** The plan inputs of a stored run without its households (those come from its lines). */
export function planInputsOf(inputs: RunInputs): Omit<PlanInputs, 'households'> {
  return {
    distributableFen: inputs.distributableFen,
    incomeEntries: inputs.incomeEntries,
    capitalHoldings: inputs.capitalHoldings,
    charter: inputs.charter as unknown as Record<string, unknown> | undefined,
  };
}

/** The plan inputs of a run as stored, households read from its lines (only to name what changed). */
export async function storedPlanInputs(inputs: RunInputs, lines: Lines): Promise<PlanInputs> {
  const households: PlanInputs['households'] = [];
  for await (const line of lines) households.push(householdOf(line));
  return { ...planInputsOf(inputs), households };
}
