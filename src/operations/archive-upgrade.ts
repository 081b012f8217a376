import { LINE_COLUMNS, runJsonToRows } from '../database/migrations/run-lines-backfill.js';
import { ArchiveError, type Manifest } from './archive.js';

type Row = Record<string, unknown>;

const RUNS_PART = 'dividend_runs.jsonl';
const LINES_PART = 'run_lines.jsonl';

/**
 * An archive exported before runs were stored as rows carries each run's whole-run JSON (`dividend_runs.snapshot`,
 * `result`) and no run_lines: its runs are converted here as the RunLines migration converts a database (the same
 * converter), after the parts' hashes were checked and before anything else looks at them. Returns the number
 * of runs converted (0 for a current archive).
 */
export function upgradeArchiveRuns(manifest: Manifest, data: Map<string, Row[]>): number {
  const runs = (data.get(RUNS_PART) ?? []).filter((r) => 'snapshot' in r || 'result' in r);
  if (runs.length === 0) return 0;
  const lines = data.get(LINES_PART) ?? [];
  for (const row of runs) {
    const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
    let converted: ReturnType<typeof runJsonToRows>;
    try {
      converted = runJsonToRows(String(row.id), text(row.snapshot), text(row.result));
    } catch (error) {
      throw new ArchiveError(`dividend run ${String(row.id)}: its snapshot/result cannot be read (${String(error)})`);
    }
    const { run, lines: values } = converted;
    delete row.snapshot;
    delete row.result;
    Object.assign(row, run);
    for (const v of values) lines.push(Object.fromEntries(LINE_COLUMNS.map((column, i) => [column, v[i]])));
  }
  data.set(LINES_PART, lines);
  if (!manifest.tables.includes('run_lines')) {
    // run_lines goes right after its parent (the manifest lists tables parents first)
    manifest.tables.splice(manifest.tables.indexOf('dividend_runs') + 1, 0, 'run_lines');
  }
  return runs.length;
}
