/**
 * The physical limits the bench compares the product with: the same rows written and read by the raw
 * driver (better-sqlite3 prepared statements, or the pg client with multi-row INSERTs), with the same
 * SHA-256 chaining, in as few transactions as the figure allows.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { GENESIS_HASH } from '../common/hash.js';
import {
  type EntryContent,
  type EntryRow,
  type LineInput,
  type LineRow,
  entryContentFromRow,
  entryHash,
  lineFromRow,
} from '../ledger/journal.js';

export interface RawEntry {
  date: string;
  lines: LineInput[];
}

export interface Baseline {
  village(code: string): Promise<string>;
  /** Roster rows [householdCode, headName, memberName, relation, isMember 是/否], one transaction. */
  importRows(villageId: string, rows: string[][]): Promise<void>;
  chainedEntries(villageId: string, entries: RawEntry[], perTransaction: number): Promise<void>;
  payouts(villageId: string, count: number): Promise<void>;
  readAndHash(villageId: string): Promise<string>;
  close(): Promise<void>;
}

const ENTRY_COLUMNS = [
  'id',
  'village_id',
  'seq',
  'date',
  'year',
  'voucher_no',
  'kind',
  'category',
  'source_code',
  'distributable',
  'memo',
  'reverses_entry_id',
  'run_id',
  'created_by',
  'created_at',
  'prev_hash',
  'hash',
];
const LINE_COLUMNS = ['entry_id', 'line_no', 'account_code', 'household_id', 'debit_fen', 'credit_fen', 'memo'];
const PAYOUT_COLUMNS = [
  'verification_code',
  'run_id',
  'village_id',
  'household_id',
  'household_code',
  'amount_fen',
  'leaf_index',
  'leaf_hash',
  'audit_path',
];
const CHARTER = '{"minReservePercent":"0","holdingCapPercent":null,"publicityDays":5,"defaultScheme":"split"}';

/** Chains entries exactly as the product does; yields each entry's row and line rows. */
function* chain(villageId: string, entries: RawEntry[]): Generator<{ entry: unknown[]; lines: unknown[][] }> {
  let prev = GENESIS_HASH;
  let seq = 0;
  for (const e of entries) {
    seq++;
    const content: EntryContent = {
      id: randomUUID(),
      villageId,
      seq,
      date: e.date,
      voucherNo: `RAW-${seq}`,
      kind: 'income',
      category: null,
      sourceCode: null,
      distributable: true,
      memo: null,
      reversesEntryId: null,
      runId: null,
      createdBy: 'bench',
      createdAt: new Date().toISOString(),
    };
    const hash = entryHash(prev, content, e.lines);
    yield {
      entry: [
        content.id,
        villageId,
        seq,
        e.date,
        Number(e.date.slice(0, 4)),
        content.voucherNo,
        'income',
        null,
        null,
        true,
        null,
        null,
        null,
        'bench',
        content.createdAt,
        prev,
        hash,
      ],
      lines: e.lines.map((l, i) => [
        content.id,
        i + 1,
        l.accountCode,
        l.householdId ?? null,
        l.debitFen,
        l.creditFen,
        l.memo ?? null,
      ]),
    };
    prev = hash;
  }
}

function payoutRows(villageId: string, count: number): unknown[][] {
  const runId = randomUUID();
  const depth = Math.ceil(Math.log2(Math.max(2, count)));
  const path = Array.from({ length: depth }, () => 'ab'.repeat(32)).join(',');
  return Array.from({ length: count }, (_, i) => [
    `RAW-${runId.slice(0, 8)}-${i}`,
    runId,
    villageId,
    randomUUID(),
    `H${i}`,
    100,
    i,
    'cd'.repeat(32),
    path,
  ]);
}

function rosterRows(villageId: string, rows: string[][]): { households: unknown[][]; members: unknown[][] } {
  const households: unknown[][] = [];
  const members: unknown[][] = [];
  let current = '';
  let id = '';
  let position = 0;
  for (const [code, head, name, relation, isMember] of rows) {
    if (code !== current) {
      current = code;
      id = randomUUID();
      position = 0;
      households.push([id, villageId, code, head, '[]', new Date().toISOString()]);
    }
    members.push([randomUUID(), id, position++, name, relation, isMember === '是', 'active', null]);
  }
  return { households, members };
}

function rehash(entries: Iterable<EntryRow>, linesOf: (id: string) => LineRow[]): string {
  let prev = GENESIS_HASH;
  for (const e of entries) prev = entryHash(prev, entryContentFromRow(e), linesOf(e.id).map(lineFromRow));
  return prev;
}

export class SqliteBaseline implements Baseline {
  private readonly db: Database.Database;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
  }

  private insert(table: string, columns: string[]) {
    const statement = this.db.prepare(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    );
    return (row: unknown[]) => statement.run(...row.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v)));
  }

  async village(code: string): Promise<string> {
    const id = randomUUID();
    this.insert('villages', ['id', 'code', 'name', 'township', 'charter', 'created_at'])([
      id,
      code,
      code,
      null,
      CHARTER,
      new Date().toISOString(),
    ]);
    return id;
  }

  async importRows(villageId: string, rows: string[][]): Promise<void> {
    const h = this.insert('households', ['id', 'village_id', 'code', 'head_name', 'tags', 'created_at']);
    const m = this.insert('members', [
      'id',
      'household_id',
      'position',
      'name',
      'relation',
      'is_member',
      'status',
      'status_date',
    ]);
    this.db.transaction(() => {
      const { households, members } = rosterRows(villageId, rows);
      households.forEach(h);
      members.forEach(m);
    })();
  }

  async chainedEntries(villageId: string, entries: RawEntry[], perTransaction: number): Promise<void> {
    const entry = this.insert('journal_entries', ENTRY_COLUMNS);
    const line = this.insert('journal_lines', LINE_COLUMNS);
    const rows = chain(villageId, entries);
    for (let written = 0; written < entries.length; written += perTransaction) {
      this.db.transaction(() => {
        for (let i = 0; i < perTransaction; i++) {
          const next = rows.next();
          if (next.done) return;
          entry(next.value.entry);
          next.value.lines.forEach(line);
        }
      })();
    }
  }

  async payouts(villageId: string, count: number): Promise<void> {
    const insert = this.insert('payouts', PAYOUT_COLUMNS);
    this.db.transaction(() => payoutRows(villageId, count).forEach(insert))();
  }

  async readAndHash(villageId: string): Promise<string> {
    const lines = this.db.prepare('SELECT * FROM journal_lines WHERE entry_id = ? ORDER BY line_no');
    const entries = this.db
      .prepare('SELECT * FROM journal_entries WHERE village_id = ? ORDER BY seq')
      .iterate(villageId);
    return rehash(entries as Iterable<EntryRow>, (id) => lines.all(id) as LineRow[]);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

export class PostgresBaseline implements Baseline {
  private constructor(private readonly client: pg.Client) {}

  static async connect(url: string, schema?: string): Promise<PostgresBaseline> {
    const client = new pg.Client({ connectionString: url, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
    await client.connect();
    return new PostgresBaseline(client);
  }

  /** Multi-row INSERTs of up to 1,000 rows (PostgreSQL's fastest plain-SQL path). */
  private async insert(table: string, columns: string[], rows: unknown[][]): Promise<void> {
    for (let i = 0; i < rows.length; i += 1000) {
      const values: unknown[] = [];
      const tuples = rows
        .slice(i, i + 1000)
        .map((row) => `(${row.map((v) => (values.push(v), `$${values.length}`)).join(',')})`);
      await this.client.query(`INSERT INTO ${table} (${columns.join(',')}) VALUES ${tuples.join(',')}`, values);
    }
  }

  async village(code: string): Promise<string> {
    const id = randomUUID();
    await this.insert(
      'villages',
      ['id', 'code', 'name', 'township', 'charter', 'created_at'],
      [[id, code, code, null, CHARTER, new Date().toISOString()]],
    );
    return id;
  }

  async importRows(villageId: string, rows: string[][]): Promise<void> {
    const { households, members } = rosterRows(villageId, rows);
    await this.client.query('BEGIN');
    await this.insert('households', ['id', 'village_id', 'code', 'head_name', 'tags', 'created_at'], households);
    await this.insert(
      'members',
      ['id', 'household_id', 'position', 'name', 'relation', 'is_member', 'status', 'status_date'],
      members,
    );
    await this.client.query('COMMIT');
  }

  async chainedEntries(villageId: string, entries: RawEntry[], perTransaction: number): Promise<void> {
    const rows = [...chain(villageId, entries)];
    for (let i = 0; i < rows.length; i += perTransaction) {
      const batch = rows.slice(i, i + perTransaction);
      await this.client.query('BEGIN');
      await this.insert(
        'journal_entries',
        ENTRY_COLUMNS,
        batch.map((r) => r.entry),
      );
      await this.insert(
        'journal_lines',
        LINE_COLUMNS,
        batch.flatMap((r) => r.lines),
      );
      await this.client.query('COMMIT');
    }
  }

  async payouts(villageId: string, count: number): Promise<void> {
    await this.client.query('BEGIN');
    await this.insert('payouts', PAYOUT_COLUMNS, payoutRows(villageId, count));
    await this.client.query('COMMIT');
  }

  async readAndHash(villageId: string): Promise<string> {
    const entries = (
      await this.client.query('SELECT * FROM journal_entries WHERE village_id = $1 ORDER BY seq', [villageId])
    ).rows;
    const lines = (
      await this.client.query(
        'SELECT l.* FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id WHERE e.village_id = $1 ORDER BY e.seq, l.line_no',
        [villageId],
      )
    ).rows;
    const byEntry = new Map<string, LineRow[]>();
    for (const l of lines) {
      const list = byEntry.get(l.entry_id);
      if (list) list.push(l);
      else byEntry.set(l.entry_id, [l]);
    }
    return rehash(entries, (id) => byEntry.get(id) ?? []);
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}
