import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { insertRows } from '../database/bulk.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import type { AuditRow, LedgerEntryRow, LedgerLineRow } from './chains.js';
import type { VillageHead } from './sqlite-file.js';
import type { TableScope } from './village-tables.js';

type Row = Record<string, unknown>;
type Head = { seq: number; hash: string };

const NO_HASH = '0'.repeat(64);

/**
 * The SQL of backups and village moves. Raw on purpose: a village archive reads and writes every table of a
 * village by its database name, whatever entities exist, in the same rows on both dialects.
 */
@Injectable()
export class OperationsRepository {
  constructor(private readonly tx: TransactionRunner) {}

  /** Live heads of every village (by code) and of the audit chain. */
  async liveHeads(manager: EntityManager): Promise<{ heads: VillageHead[]; audit: Head }> {
    const rows: { code: string; seq: number | string | null; hash: string | null }[] = await manager.query(
      `SELECT v.code AS code, e.seq AS seq, e.hash AS hash FROM villages v
         LEFT JOIN journal_entries e ON e.village_id = v.id
          AND e.seq = (SELECT MAX(x.seq) FROM journal_entries x WHERE x.village_id = v.id)`,
    );
    return {
      heads: rows
        .map((r) => ({ villageCode: r.code, seq: Number(r.seq ?? 0), hash: r.hash ?? NO_HASH }))
        .sort((a, b) => (a.villageCode < b.villageCode ? -1 : a.villageCode > b.villageCode ? 1 : 0)),
      audit: await this.auditHead(manager),
    };
  }

  /** The audit chain's last link (seq 0 while the log is empty). */
  async auditHead(manager: EntityManager): Promise<Head> {
    const [head]: { seq: number | string; hash: string }[] = await manager.query(
      'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
    );
    return head ? { seq: Number(head.seq), hash: head.hash } : { seq: 0, hash: NO_HASH };
  }

  /** One snapshot for the rest of the transaction on PostgreSQL too (SQLite's transaction already is one). */
  async snapshot(manager: EntityManager): Promise<void> {
    if (!this.tx.isSqlite) await manager.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
  }

  async villageByCode(
    manager: EntityManager,
    code: string,
  ): Promise<{ id: string; code: string; name: string } | null> {
    const [village] = await manager.query(
      ...this.tx.bind('SELECT id, code, name FROM villages WHERE code = :code', { code }),
    );
    return village ?? null;
  }

  /** A table's rows of the village, as the driver returns them (unsorted). */
  villageRows(
    manager: EntityManager,
    table: string,
    scope: TableScope,
    scopes: Map<string, TableScope>,
    villageId: string,
  ) {
    const sql = `SELECT * FROM ${table} WHERE ${scopeSql(table, scope, scopes)}`;
    return manager.query(...this.tx.bind(sql, { villageId })) as Promise<Row[]>;
  }

  villageAudit(manager: EntityManager, villageId: string): Promise<AuditRow[]> {
    return manager.query(
      ...this.tx.bind('SELECT * FROM audit_log WHERE village_id = :id ORDER BY seq', { id: villageId }),
    );
  }

  /** Whether a village with this code or id exists. */
  async villageExists(manager: EntityManager, code: string, id: string): Promise<boolean> {
    const [clash] = await manager.query(
      ...this.tx.bind('SELECT code FROM villages WHERE code = :code OR id = :id', { code, id }),
    );
    return clash !== undefined;
  }

  async userIdNamed(manager: EntityManager, username: unknown): Promise<string | null> {
    const [other] = await manager.query(
      ...this.tx.bind('SELECT id FROM users WHERE username = :username', { username }),
    );
    return other ? (other.id as string) : null;
  }

  async userExists(manager: EntityManager, id: unknown): Promise<boolean> {
    const [row] = await manager.query(...this.tx.bind('SELECT id FROM users WHERE id = :id', { id }));
    return row !== undefined;
  }

  /**
   * An archive's rows of one table. The columns are the archive's own (quoted), each checked to exist here
   * against the entity metadata before (VillageArchiveService.checkAgainstSchema).
   */
  insertArchiveRows(manager: EntityManager, table: string, columns: string[], rows: unknown[][]): Promise<void> {
    return insertRows(
      manager,
      table,
      columns.map((c) => `"${c}"`),
      rows,
    );
  }

  /** The village's journal as stored on this dialect. */
  async journal(
    manager: EntityManager,
    villageId: string,
  ): Promise<{ entries: LedgerEntryRow[]; lines: LedgerLineRow[] }> {
    const id = villageId;
    const entries = await manager.query(
      ...this.tx.bind('SELECT * FROM journal_entries WHERE village_id = :id', { id }),
    );
    const lines = await manager.query(
      ...this.tx.bind(
        'SELECT l.* FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id WHERE e.village_id = :id',
        { id },
      ),
    );
    return { entries, lines };
  }
}

/** WHERE clause selecting a table's rows of the village (`:villageId`), following parents up to the village. */
export function scopeSql(table: string, scope: TableScope, scopes: Map<string, TableScope>): string {
  switch (scope.kind) {
    case 'root':
      return 'id = :villageId';
    case 'village':
      return `${scope.column} = :villageId`;
    case 'users':
      return `id IN (SELECT user_id FROM user_villages WHERE village_id = :villageId)
        OR household_id IN (SELECT id FROM households WHERE village_id = :villageId)`;
    case 'parent': {
      const parentScope = scopes.get(scope.parent);
      if (!parentScope) throw new Error(`no scope for ${scope.parent} (parent of ${table})`);
      const parentRows = scopeSql(scope.parent, parentScope, scopes);
      return `${scope.column} IN (SELECT ${scope.parentColumn} FROM ${scope.parent} WHERE ${parentRows})`;
    }
  }
}
