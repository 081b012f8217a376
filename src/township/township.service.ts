import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { notFound } from '../common/errors/domain-error.js';
import { GENESIS_HASH } from '../common/hash.js';
import { IN_CHUNK_DEFAULT, inChunks, inList } from '../common/sql-in.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { EXPENSE_ACCOUNTS, INCOME_ACCOUNTS } from '../ledger/accounts.js';
import { type TownshipSummary, type VillageFigures, summarize } from './summary.js';

type Row = Record<string, string | number | null>;

const quoted = (codes: readonly string[]) => codes.map((c) => `'${c}'`).join(', ');

/**
 * Figures of many villages (a township agency keeps 114 sets of books): each figure is one grouped SQL
 * statement over the villages, never a whole ledger loaded per village.
 */
@Injectable()
export class TownshipService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  async summary(actor: Actor, township: string, year: number): Promise<TownshipSummary> {
    const villages = await this.villagesOf(actor, township);
    if (villages.length === 0) throw notFound(`township ${township}`, `乡镇/苏木「${township}」`);
    const ids = villages.map((v) => v.id);
    const [books, pools, paid, heads] = await Promise.all([
      this.grouped(ids, BOOKS_SQL, { year }),
      this.grouped(ids, POOLS_SQL, { year }),
      this.grouped(ids, PAID_SQL, { year }),
      this.grouped(ids, HEADS_SQL, {}),
    ]);
    const figures: VillageFigures[] = villages.map((v) => ({
      villageId: v.id,
      code: v.code,
      name: v.name,
      incomeFen: Number(books.get(v.id)?.income ?? 0),
      expensesFen: Number(books.get(v.id)?.expenses ?? 0),
      poolFen: Number(pools.get(v.id)?.pool ?? 0),
      paidFen: Number(paid.get(v.id)?.paid ?? 0),
      head: heads.has(v.id)
        ? { seq: Number(heads.get(v.id)!.seq), hash: String(heads.get(v.id)!.hash) }
        : { seq: 0, hash: GENESIS_HASH },
    }));
    return summarize(township, year, figures);
  }

  printedAt(): string {
    return this.clock.nowIso();
  }

  /** The township's villages the user may read (an admin: all; others: those where a reading role is theirs). */
  private async villagesOf(actor: Actor, township: string): Promise<{ id: string; code: string; name: string }[]> {
    const rows: Row[] = await this.dataSource.query(
      ...this.tx.bind('SELECT id, code, name FROM villages WHERE township = :township ORDER BY code', { township }),
    );
    const mine = new Set(actor.villageIds);
    return rows
      .filter((r) => actor.allVillages || mine.has(String(r.id)))
      .map((r) => ({ id: String(r.id), code: String(r.code), name: String(r.name) }));
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
         SUM(CASE WHEN l.account_code IN (${quoted(INCOME_ACCOUNTS)}) THEN l.credit_fen - l.debit_fen ELSE 0 END) AS income,
         SUM(CASE WHEN l.account_code IN (${quoted(EXPENSE_ACCOUNTS)}) THEN l.debit_fen - l.credit_fen ELSE 0 END) AS expenses
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
