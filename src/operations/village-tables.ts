/**
 * Which tables make up one village, from the schema's metadata: every table with a `village_id` column,
 * then children by foreign key (declared, or by a `<parent>_id` column of a known parent), repeated until
 * nothing changes — so a table added later is carried without touching this file. A table that fits no
 * rule is reported as unclassified (a test fails on it) instead of being silently left behind.
 */

export interface ColumnInfo {
  name: string;
  /** TypeORM column type: 'varchar', 'text', 'integer', 'bigint', 'boolean' … */
  type: string;
  primary: boolean;
}

export interface TableInfo {
  name: string;
  columns: ColumnInfo[];
  foreignKeys: { columns: string[]; referencedTable: string; referencedColumns: string[] }[];
}

export type TableScope =
  | { kind: 'root' }
  | { kind: 'users' }
  | { kind: 'village'; column: string }
  | { kind: 'parent'; column: string; parent: string; parentColumn: string };

export interface TablePlan {
  table: string;
  columns: ColumnInfo[];
  scope: TableScope;
}

/** Not part of a village's archive, and why. */
export const NOT_CARRIED: Record<string, string> = {
  sessions: 'sessions end on a move: everyone logs in again',
  login_throttle: 'transient login counters',
  idempotency_keys: 'transient replay cache',
  accounts: 'the chart of accounts is seeded by migration on every installation',
  audit_log: 'one chain per installation: carried as its own part (audit.jsonl), see README',
};

/** `<x>_id` columns that point at a parent table's `id` even where no foreign key is declared. */
export const PARENT_COLUMNS: Record<string, string> = {
  household_id: 'households',
  run_id: 'dividend_runs',
  entry_id: 'journal_entries',
  ruleset_id: 'score_rulesets',
  event_id: 'score_events',
  holding_id: 'holdings',
  share_class_id: 'share_classes',
  member_id: 'members',
  user_id: 'users',
};

export function planVillageTables(tables: TableInfo[]): { plan: TablePlan[]; unclassified: string[] } {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const scopes = new Map<string, TableScope>();
  if (byName.has('villages')) scopes.set('villages', { kind: 'root' });
  if (byName.has('users')) scopes.set('users', { kind: 'users' });
  for (const t of tables) {
    if (scopes.has(t.name) || t.name in NOT_CARRIED) continue;
    if (t.columns.some((c) => c.name === 'village_id')) scopes.set(t.name, { kind: 'village', column: 'village_id' });
  }
  for (let changed = true; changed;) {
    changed = false;
    for (const t of tables) {
      if (scopes.has(t.name) || t.name in NOT_CARRIED) continue;
      const scope = parentScope(t, scopes);
      if (scope) {
        scopes.set(t.name, scope);
        changed = true;
      }
    }
  }
  const unclassified = tables.filter((t) => !scopes.has(t.name) && !(t.name in NOT_CARRIED)).map((t) => t.name);
  const order = insertOrder(
    tables.filter((t) => scopes.has(t.name)),
    scopes,
  );
  return { plan: order.map((t) => ({ table: t.name, columns: t.columns, scope: scopes.get(t.name)! })), unclassified };
}

function parentScope(t: TableInfo, scopes: Map<string, TableScope>): TableScope | null {
  for (const fk of t.foreignKeys) {
    if (fk.columns.length === 1 && scopes.has(fk.referencedTable) && fk.referencedTable !== t.name) {
      return {
        kind: 'parent',
        column: fk.columns[0],
        parent: fk.referencedTable,
        parentColumn: fk.referencedColumns[0],
      };
    }
  }
  for (const c of t.columns) {
    const parent = PARENT_COLUMNS[c.name];
    if (parent && parent !== t.name && scopes.has(parent)) {
      return { kind: 'parent', column: c.name, parent, parentColumn: 'id' };
    }
  }
  return null;
}

/** Parents (by scope and by declared foreign key) before children; ties by name, so the order is stable. */
function insertOrder(tables: TableInfo[], scopes: Map<string, TableScope>): TableInfo[] {
  const names = new Set(tables.map((t) => t.name));
  const deps = new Map<string, Set<string>>();
  for (const t of tables) {
    const d = new Set<string>();
    const scope = scopes.get(t.name)!;
    if (t.name !== 'villages') d.add('villages');
    if (scope.kind === 'parent') d.add(scope.parent);
    for (const fk of t.foreignKeys) if (names.has(fk.referencedTable)) d.add(fk.referencedTable);
    d.delete(t.name);
    deps.set(t.name, d);
  }
  const done = new Set<string>();
  const out: TableInfo[] = [];
  const sorted = [...tables].sort((a, b) => (a.name < b.name ? -1 : 1));
  while (out.length < sorted.length) {
    const next = sorted.find((t) => !done.has(t.name) && [...deps.get(t.name)!].every((d) => done.has(d)));
    // A cycle of declared keys cannot be inserted in any order; fail loudly rather than guess.
    if (!next) {
      throw new Error(
        `village tables: foreign-key cycle among ${sorted.filter((t) => !done.has(t.name)).map((t) => t.name)}`,
      );
    }
    done.add(next.name);
    out.push(next);
  }
  return out;
}

/** A value as the archive holds it whatever the dialect returned: booleans true/false, integers as numbers. */
export function normalizeValue(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'boolean') return value === true || value === 1 || value === '1' || value === 't' || value === 'true';
  if (type === 'integer' || type === 'int' || type === 'bigint' || type === 'smallint') {
    const n = typeof value === 'bigint' ? Number(value) : Number(value);
    if (!Number.isSafeInteger(n)) throw new Error(`integer out of range: ${String(value)}`);
    return n;
  }
  if (Buffer.isBuffer(value)) return { base64: value.toString('base64') };
  return value;
}
