import { Injectable } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';
import { insertEntities } from '../common/entity-rows.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { DividendRun } from '../dividends/dividend.entity.js';
import { JournalEntry } from '../ledger/ledger.entity.js';
import { Payment } from './payment.entity.js';

/** Queries of payments against a run's payouts, as aggregates: one payment never reads the whole run. */
@Injectable()
export class PaymentsRepository {
  constructor(private readonly tx: TransactionRunner) {}

  /** Fen the household has been paid by the run's standing payments (entries not reversed). */
  async paidFen(m: EntityManager, runId: string, householdId: string): Promise<number> {
    const rows: { paid: number | string | null }[] = await m.query(
      ...this.tx.bind(
        `SELECT SUM(p.amount_fen) AS paid FROM payments p
          WHERE p.run_id = :runId AND p.household_id = :householdId
            AND NOT EXISTS (SELECT 1 FROM journal_entries e WHERE e.reverses_entry_id = p.entry_id)`,
        { runId, householdId },
      ),
    );
    return Number(rows[0]?.paid ?? 0);
  }

  /** Whether every payout above 0.00 is paid in full; stops at the first that is not. */
  async isSettled(m: EntityManager, runId: string): Promise<boolean> {
    const rows: unknown[] = await m.query(
      ...this.tx.bind(
        `SELECT 1 FROM payouts o
          WHERE o.run_id = :runId
            AND o.amount_fen > COALESCE((
              SELECT SUM(p.amount_fen) FROM payments p
               WHERE p.run_id = o.run_id AND p.household_id = o.household_id
                 AND NOT EXISTS (SELECT 1 FROM journal_entries e WHERE e.reverses_entry_id = p.entry_id)), 0)
          LIMIT 1`,
        { runId },
      ),
    );
    return rows.length === 0;
  }

  /** A prepared insert (a bank return writes thousands); no goods stays SQL NULL (not the JSON text 'null'). */
  insert(m: EntityManager, payment: Payment): Promise<void> {
    return insertEntities(m, Payment, [{ ...payment, goods: payment.goods ?? undefined } as Payment]);
  }

  /** The first of `receiptNos` already used in the village, if any. */
  async firstTakenReceipt(m: EntityManager, villageId: string, receiptNos: string[]): Promise<string | undefined> {
    const taken = await m
      .getRepository(Payment)
      .createQueryBuilder('p')
      .select('p.receiptNo', 'receiptNo')
      .innerJoin(DividendRun, 'r', 'r.id = p.run_id')
      .where('r.village_id = :villageId', { villageId })
      .andWhere({ receiptNo: In(receiptNos) })
      .limit(1)
      .getRawMany<{ receiptNo: string }>();
    return taken[0]?.receiptNo;
  }

  /** The run's payments in the order they were booked (their entries' seq). */
  ofRunInBookingOrder(m: EntityManager, runId: string): Promise<Payment[]> {
    return m
      .getRepository(Payment)
      .createQueryBuilder('p')
      .innerJoin(JournalEntry, 'e', 'e.id = p.entry_id')
      .where('p.run_id = :runId', { runId })
      .orderBy('e.seq', 'ASC')
      .getMany();
  }
}
