import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IN_CHUNK_DEFAULT, inChunks, inList } from '../common/sql-in.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { EXPENSE_ACCOUNTS, INCOME_ACCOUNTS } from '../ledger/accounts.js';

export type Row = Record<string, string | number | null>;

const quoted = (codes: readonly string[]) => codes.map((c) => `'${c}'`).join(', ');

/**
 * The township's figures: each one grouped SQL statement over a chunk of villages (rows keyed by
 * village_id), never a whole ledger loaded per village.
 */
@Injectable()
export class TownshipRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
  ) {}

  /** The villages of a township, by code. */
  async villagesIn(township: string): Promise<{ id: string; code: string; name: string }[]> {
    const rows: Row[] = await this.dataSource.query(
      ...this.tx.bind('SELECT id, code, name FROM villages WHERE township = :township ORDER BY code', { township }),
    );
    return rows.map((r) => ({ id: String(r.id), code: String(r.code), name: String(r.name) }));
  }

  /** `income` and `expenses` of the year's posted entries (net of reversals; closing entries left out). */
  books(ids: string[], year: number): Promise<Map<string, Row>> {
    return this.grouped(ids, BOOKS_SQL, { year });
  }

  /** `pool`: Σ payouts of the year's posted run. */
  pools(ids: string[], year: number): Promise<Map<string, Row>> {
    return this.grouped(ids, POOLS_SQL, { year });
  }

  /** `paid`: Σ payments of that run not reversed. */
  paid(ids: string[], year: number): Promise<Map<string, Row>> {
    return this.grouped(ids, PAID_SQL, { year });
  }

  /** `seq` and `hash` of each village's chain head. */
  heads(ids: string[]): Promise<Map<string, Row>> {
    return this.grouped(ids, HEADS_SQL, {});
  }

  /** One statement per chunk of villages (`:ids` expands to the chunk); rows keyed by village_id. */
  private async grouped(ids: string[], sql: string, named: Record<string, unknown>): Promise<Map<string, Row>> {
    const rows = await inChunks(ids, IN_CHUNK_DEFAULT, async (chunk) => {
      const list = inList('v', chunk);
      return (await this.dataSource.query(
        ...this.tx.bind(sql.replace(/:ids\b/g, list.sql), { ...named, ...list.named }),
      )) as Row[];
    });
    return new Map(rows.map((r) => [String(r.village_id), r]));
  }
}

/** Income and expenses of the year's posted entries (net of reversals; year-end closing entries left out). */
const BOOKS_SQL = `
  SELECT e.village_id,
         SUM(CASE WHEN l.account_code IN (${quoted(INCOME_ACCOUNTS)})
                  THEN l.credit_fen - l.debit_fen ELSE 0 END) AS income,
         SUM(CASE WHEN l.account_code IN (${quoted(EXPENSE_ACCOUNTS)})
                  THEN l.debit_fen - l.credit_fen ELSE 0 END) AS expenses
    FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
   WHERE e.village_id IN (:ids) AND e.year = :year AND e.kind <> 'close'
   GROUP BY e.village_id`;

/** The member pool of the year's posted run: Σ of its payouts. */
const POOLS_SQL = `
  SELECT r.village_id, SUM(p.amount_fen) AS pool
    FROM dividend_runs r JOIN payouts p ON p.run_id = r.id
   WHERE r.village_id IN (:ids) AND r.year = :year AND r.status IN ('posted', 'paid')
   GROUP BY r.village_id`;

/** Payments of that run whose journal entries are not reversed. */
const PAID_SQL = `
  SELECT r.village_id, SUM(m.amount_fen) AS paid
    FROM dividend_runs r JOIN payments m ON m.run_id = r.id
   WHERE r.village_id IN (:ids) AND r.year = :year AND r.status IN ('posted', 'paid')
     AND NOT EXISTS (SELECT 1 FROM journal_entries x WHERE x.reverses_entry_id = m.entry_id)
   GROUP BY r.village_id`;

/** Each village's chain head. */
const HEADS_SQL = `
  SELECT e.village_id, e.seq, e.hash
    FROM journal_entries e
    JOIN (SELECT village_id, MAX(seq) AS seq FROM journal_entries WHERE village_id IN (:ids) GROUP BY village_id) h
      ON h.village_id = e.village_id AND h.seq = e.seq`;
