/**
 * RunLines: each run's whole-run JSON (`snapshot`, `result`) becomes run_lines rows and small JSON on the run,
 * one run at a time. The snapshot hash stays valid: the rows put together give the same canonical JSON.
 */
import type { QueryRunner } from 'typeorm';

export const LINE_COLUMNS = [
  'run_id',
  'position',
  'household_id',
  'household_code',
  'member_units',
  'member_count',
  'share_units',
  'score',
  'units',
  'factor',
  'weight',
  'amount_fen',
  'base_fen',
  'score_fen',
];
const ROWS_PER_INSERT = 200;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The run's columns the RunLines migration adds (filled from its JSON). */
export const RUN_COLUMNS = ['request', 'inputs', 'totals', 'warnings', 'line_count'] as const;

export const ADD_RUN_COLUMNS = ['request text', 'inputs text', 'totals text', 'warnings text', 'line_count integer'];

function placeholders(postgres: boolean, rows: number, columns: number): string {
  const tuples: string[] = [];
  for (let r = 0; r < rows; r++) {
    const cells = [];
    for (let c = 1; c <= columns; c++) cells.push(postgres ? `$${r * columns + c}` : '?');
    tuples.push(`(${cells.join(', ')})`);
  }
  return tuples.join(', ');
}

function lineValues(runId: string, position: number, h: Json, p: Json | undefined): unknown[] {
  return [
    runId,
    position,
    h.householdId,
    h.householdCode,
    h.memberUnits ?? null,
    h.memberCount ?? null,
    h.shareUnits,
    h.score,
    p?.units ?? '0',
    p?.factor ?? '0',
    p?.weight ?? '0',
    p?.amountFen ?? 0,
    p?.baseFen ?? null,
    p?.scoreFen ?? null,
  ];
}

/** A run's whole-run JSON as the RunLines columns of the run and its run_lines rows (LINE_COLUMNS order). */
export function runJsonToRows(
  id: string,
  snapshotText: string,
  resultText: string,
): { run: Record<(typeof RUN_COLUMNS)[number], unknown>; lines: unknown[][] } {
  const snapshot: Json = JSON.parse(snapshotText);
  const result: Json = JSON.parse(resultText);
  const { payouts, ...totals } = result.calc as Json;
  const households: Json[] = snapshot.input.households;
  const inputs = {
    algorithm: snapshot.algorithm,
    villageId: snapshot.villageId,
    villageCode: snapshot.villageCode,
    year: snapshot.year,
    distributableFen: snapshot.input.distributableFen,
    capitalHoldings: snapshot.input.capitalHoldings,
    params: snapshot.input.params,
    incomeEntries: snapshot.incomeEntries,
    charter: snapshot.charter,
  };
  const request = { ...result.request, scoring: result.request?.scoring ?? result.scoring };
  const payoutOf = new Map((payouts as Json[]).map((x) => [x.householdId, x]));
  return {
    run: {
      request: JSON.stringify(request),
      inputs: JSON.stringify(inputs),
      totals: JSON.stringify(totals),
      warnings: JSON.stringify(result.warnings ?? []),
      line_count: households.length,
    },
    lines: households.map((h, i) => lineValues(id, i, h, payoutOf.get(h.householdId))),
  };
}

async function backfillRun(q: QueryRunner, postgres: boolean, id: string): Promise<void> {
  const p = (n: number) => (postgres ? `$${n}` : '?');
  const [row] = await q.query(`SELECT snapshot, result FROM dividend_runs WHERE id = ${p(1)}`, [id]);
  const { run, lines } = runJsonToRows(id, row.snapshot, row.result);
  await q.query(
    `UPDATE dividend_runs SET request = ${p(1)}, inputs = ${p(2)}, totals = ${p(3)}, warnings = ${p(4)},
       line_count = ${p(5)} WHERE id = ${p(6)}`,
    [run.request, run.inputs, run.totals, run.warnings, run.line_count, id],
  );
  for (let i = 0; i < lines.length; i += ROWS_PER_INSERT) {
    const slice = lines.slice(i, i + ROWS_PER_INSERT);
    await q.query(
      `INSERT INTO run_lines (${LINE_COLUMNS.join(', ')}) VALUES ${placeholders(postgres, slice.length, LINE_COLUMNS.length)}`,
      slice.flat(),
    );
  }
}

/** Converts every run; the caller then drops `snapshot` and `result`. */
export async function backfillRunLines(q: QueryRunner, postgres: boolean): Promise<void> {
  const runs: { id: string }[] = await q.query('SELECT id FROM dividend_runs ORDER BY id');
  for (const { id } of runs) await backfillRun(q, postgres, id);
}
