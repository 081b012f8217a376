import { Injectable } from '@nestjs/common';
import { type EntityManager, type FindOptionsSelect, In, MoreThan } from 'typeorm';
import { insertEntities } from '../common/entity-rows.js';
import { inChunks } from '../common/sql-in.js';
import { type Pause, TransactionRunner } from '../database/transaction-runner.js';
import { verificationCode } from '../common/verification-code.js';
import { DividendRun, Payout, type RunInputs, RunLine } from './dividend.entity.js';
import type { PayoutTree } from './payout-proof.js';
import type { RunWarning } from './warnings.js';

/** A household and its members counted on a date (`registerPage`). */
export interface RegisterRow {
  id: string;
  code: string;
  units: number | string;
  non_members: number | string;
  away: number | string;
}

/** Lines read per query when a whole run is walked. */
const PAGE = 5_000;

/** Payouts above 0.00 as columns, one index per payout: what posting books and proves. */
export interface PayoutColumns {
  householdIds: string[];
  householdCodes: string[];
  amountsFen: number[];
}

export interface LinePage {
  limit: number;
  offset: number;
  /** Household code prefix. */
  codePrefix?: string;
  /** Only this household's line (a household viewer). */
  householdId?: string;
}

/**
 * Every query of a dividend run's rows: the run (header), its lines (run_lines), and what other tables say
 * about it. Methods take the caller's EntityManager (inside a transaction or the data source's).
 */
@Injectable()
export class DividendsRepository {
  constructor(private readonly tx: TransactionRunner) {}

  /** One indexed join by verification code: the payout, its run (never its snapshot or result), village and head. */
  async verifiedPayout(
    manager: EntityManager,
    code: string,
  ): Promise<Record<string, string | number | null> | undefined> {
    const rows: Record<string, string | number | null>[] = await manager.query(
      ...this.tx.bind(
        `SELECT p.household_code, p.amount_fen, p.leaf_index, p.audit_path, r.id AS run_id, r.year, r.status, r.posted_head_hash, r.posted_head_seq,
                r.merkle_root, r.payout_count, v.name AS village_name, v.code AS village_code, h.head_name
           FROM payouts p JOIN dividend_runs r ON r.id = p.run_id JOIN villages v ON v.id = r.village_id LEFT JOIN households h ON h.id = p.household_id
          WHERE p.verification_code = :code`,
        { code },
      ),
    );
    return rows[0];
  }

  /** The run without its inputs and warnings: a few hundred bytes whatever the village's size. */
  header(m: EntityManager, runId: string): Promise<DividendRun | null> {
    const select = Object.fromEntries(
      m.connection
        .getMetadata(DividendRun)
        .columns.map((c) => [c.propertyName, c.propertyName !== 'inputs' && c.propertyName !== 'warnings']),
    );
    return m
      .getRepository(DividendRun)
      .findOne({ select: select as FindOptionsSelect<DividendRun>, where: { id: runId } });
  }

  async inputs(m: EntityManager, runId: string): Promise<RunInputs> {
    const run = await m
      .getRepository(DividendRun)
      .findOneOrFail({ select: { id: true, inputs: true }, where: { id: runId } });
    return run.inputs;
  }

  async warnings(m: EntityManager, runId: string): Promise<RunWarning[]> {
    const run = await m
      .getRepository(DividendRun)
      .findOneOrFail({ select: { id: true, warnings: true }, where: { id: runId } });
    return run.warnings;
  }

  /** Runs of a village, newest first, without inputs. */
  runsOf(m: EntityManager, villageId: string): Promise<DividendRun[]> {
    return m.getRepository(DividendRun).find({
      select: {
        ...Object.fromEntries(m.connection.getMetadata(DividendRun).columns.map((c) => [c.propertyName, true])),
        inputs: false,
      } as FindOptionsSelect<DividendRun>,
      where: { villageId },
      order: { createdAt: 'DESC' },
    });
  }

  insertLines(m: EntityManager, lines: Iterable<RunLine>): Promise<void> {
    return insertEntities(m, RunLine, lines);
  }

  async deleteLines(m: EntityManager, runId: string): Promise<void> {
    await m.getRepository(RunLine).delete({ runId });
  }

  /** Every line in calculation order, read page by page. */
  async *lines(m: EntityManager, runId: string): AsyncGenerator<RunLine> {
    let after = -1;
    for (;;) {
      const page = await m
        .getRepository(RunLine)
        .find({ where: { runId, position: MoreThan(after) }, order: { position: 'ASC' }, take: PAGE });
      for (const line of page) yield line;
      if (page.length < PAGE) return;
      after = page[page.length - 1].position;
    }
  }

  /** One page of lines in household code order, and how many match. */
  async page(m: EntityManager, runId: string, page: LinePage): Promise<{ items: RunLine[]; total: number }> {
    const query = m.getRepository(RunLine).createQueryBuilder('l').where('l.run_id = :runId', { runId });
    if (page.householdId !== undefined) query.andWhere('l.household_id = :hid', { hid: page.householdId });
    if (page.codePrefix) {
      query.andWhere('SUBSTR(l.household_code, 1, :n) = :prefix', {
        n: page.codePrefix.length,
        prefix: page.codePrefix,
      });
    }
    const total = await query.getCount();
    const items = await query
      .orderBy('l.household_code', 'ASC')
      .addOrderBy('l.position', 'ASC')
      .offset(page.offset)
      .limit(page.limit)
      .getMany();
    return { items, total };
  }

  line(m: EntityManager, runId: string, householdId: string): Promise<RunLine | null> {
    return m.getRepository(RunLine).findOneBy({ runId, householdId });
  }

  linesOf(m: EntityManager, runId: string, householdIds: string[]): Promise<RunLine[]> {
    return inChunks(householdIds, 500, (ids) => m.getRepository(RunLine).findBy({ runId, householdId: In(ids) }));
  }

  linesByCode(m: EntityManager, runId: string, codes: string[]): Promise<RunLine[]> {
    return inChunks(codes, 500, (chunk) => m.getRepository(RunLine).findBy({ runId, householdCode: In(chunk) }));
  }

  /**
   * Payouts above 0.00 in calculation order, as three columns (no object per payout: 250,000 in ~25 MB),
   * read page by page with `pause` (a long transaction's) between pages.
   */
  async positivePayouts(m: EntityManager, runId: string, pause: Pause): Promise<PayoutColumns> {
    const columns: PayoutColumns = { householdIds: [], householdCodes: [], amountsFen: [] };
    let after = -1;
    for (;;) {
      const rows: { position: number; household_id: string; household_code: string; amount_fen: number | string }[] =
        await m.query(
          ...this.tx.bind(
            `SELECT position, household_id, household_code, amount_fen FROM run_lines
              WHERE run_id = :runId AND position > :after AND amount_fen > 0 ORDER BY position LIMIT ${PAGE}`,
            { runId, after },
          ),
        );
      for (const r of rows) {
        columns.householdIds.push(r.household_id);
        columns.householdCodes.push(r.household_code);
        columns.amountsFen.push(Number(r.amount_fen));
      }
      if (rows.length < PAGE) return columns;
      after = Number(rows[rows.length - 1].position);
      await pause();
    }
  }

  /** Σ of the lines' units (what a slip prints as the village's total). */
  async totalUnits(m: EntityManager, runId: string): Promise<number> {
    const rows: { total: number | string | null }[] = await m.query(
      ...this.tx.bind('SELECT SUM(CAST(units AS NUMERIC)) AS total FROM run_lines WHERE run_id = :runId', { runId }),
    );
    return Number(rows[0]?.total ?? 0);
  }

  /** The posted payouts: each with its verification code, Merkle leaf and audit path (made one at a time). */
  insertPayouts(m: EntityManager, run: DividendRun, payouts: PayoutColumns, tree: PayoutTree, pause: Pause) {
    return insertEntities(m, Payout, payoutRows(run, payouts, tree), pause);
  }

  /** Members of the village whose time in the register overlaps first…last (pro-rating by days). */
  memberPeriods(
    m: EntityManager,
    villageId: string,
    first: string,
    last: string,
  ): Promise<
    { household_id: string; is_member: boolean | number; since: string | null; until: string | null; status: string }[]
  > {
    return m.query(
      ...this.tx.bind(
        `SELECT m.household_id, m.is_member, m.since, m.until, m.status
           FROM members m JOIN households h ON h.id = m.household_id
          WHERE h.village_id = :v AND (m.since IS NULL OR m.since <= :last) AND (m.until IS NULL OR m.until > :first)`,
        { v: villageId, first, last },
      ),
    );
  }

  /**
   * One page of the village's households in code order (after `after`), each with its members counted on one
   * date in SQL: the members of 250,000 households never become objects, and a page is a short stall.
   */
  registerPage(
    m: EntityManager,
    villageId: string,
    date: string,
    after: string,
    limit: number,
  ): Promise<RegisterRow[]> {
    const on = '(m.since IS NULL OR m.since <= :d) AND (m.until IS NULL OR m.until > :d)';
    const none = 'm.household_id IS NULL'; // a household without members (the LEFT JOIN's row of NULLs)
    return m.query(
      ...this.tx.bind(
        `SELECT h.id, h.code,
                  SUM(CASE WHEN m.is_member AND ${on} THEN 1 ELSE 0 END) AS units,
                  SUM(CASE WHEN ${none} OR m.is_member THEN 0 WHEN ${on} THEN 1 ELSE 0 END) AS non_members,
                  SUM(CASE WHEN m.is_member AND m.status = 'away' AND ${on} THEN 1 ELSE 0 END) AS away
             FROM (SELECT id, code FROM households WHERE village_id = :v AND code > :after ORDER BY code LIMIT :limit) h
             LEFT JOIN members m ON m.household_id = h.id
            GROUP BY h.id, h.code ORDER BY h.code`,
        { v: villageId, d: date, after, limit },
      ),
    );
  }

  /** Whether a payment of the run still stands (its journal entry not reversed). */
  async hasStandingPayments(m: EntityManager, runId: string): Promise<boolean> {
    const rows: unknown[] = await m.query(
      ...this.tx.bind(
        `SELECT 1 FROM payments p WHERE p.run_id = :runId
            AND NOT EXISTS (SELECT 1 FROM journal_entries e WHERE e.reverses_entry_id = p.entry_id)
          LIMIT 1`,
        { runId },
      ),
    );
    return rows.length > 0;
  }
}

/** The posted payouts one at a time, in leaf order (audit paths as hex for 250,000 leaves at once: hundreds of MB). */
function* payoutRows(run: DividendRun, payouts: PayoutColumns, tree: PayoutTree): Generator<Payout> {
  for (let leaf = 0; leaf < tree.size; leaf++) {
    const p = tree.payoutAt(leaf);
    const hash = tree.leafHash(leaf);
    yield {
      verificationCode: verificationCode(hash),
      runId: run.id,
      villageId: run.villageId,
      householdId: payouts.householdIds[p],
      householdCode: payouts.householdCodes[p],
      amountFen: payouts.amountsFen[p],
      leafIndex: leaf,
      leafHash: hash.toString('hex'),
      auditPath: tree.pathOf(leaf).join(','),
    };
  }
}
