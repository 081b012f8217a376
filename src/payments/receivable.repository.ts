import type { EntityManager } from 'typeorm';
import type { TransactionRunner } from '../database/transaction-runner.js';

/**
 * What is still open of one receivable (应收款 112 lines of a household in one entry): the entry's amount less
 * the standing offsets against it, and never more than the household's whole 112 balance (a repayment
 * booked by a general voucher lowers it too). Null when the entry is not in the village.
 */
export async function openReceivableFen(
  manager: EntityManager,
  tx: TransactionRunner,
  ref: { villageId: string; householdId: string; entryId: string },
): Promise<{ entryFen: number; openFen: number } | null> {
  const query = async (sql: string) => {
    const rows: { n: string | number | null }[] = await manager.query(...tx.bind(sql, { ...ref }));
    return Number(rows[0]?.n ?? 0);
  };
  const exists = await query(
    'SELECT COUNT(*) AS n FROM journal_entries WHERE id = :entryId AND village_id = :villageId',
  );
  if (exists === 0) return null;
  const entryFen = await query(
    `SELECT SUM(debit_fen - credit_fen) AS n FROM journal_lines
      WHERE entry_id = :entryId AND account_code = '112' AND household_id = :householdId`,
  );
  if (entryFen <= 0) return { entryFen: 0, openFen: 0 };
  const reversed = await query('SELECT COUNT(*) AS n FROM journal_entries WHERE reverses_entry_id = :entryId');
  if (reversed > 0) return { entryFen, openFen: 0 };
  const settled = await query(
    `SELECT SUM(p.amount_fen) AS n FROM payments p
      WHERE p.receivable_entry_id = :entryId AND p.household_id = :householdId
        AND NOT EXISTS (SELECT 1 FROM journal_entries r WHERE r.reverses_entry_id = p.entry_id)`,
  );
  const balance = await query(
    `SELECT SUM(l.debit_fen - l.credit_fen) AS n FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
      WHERE e.village_id = :villageId AND l.account_code = '112' AND l.household_id = :householdId`,
  );
  return { entryFen, openFen: Math.max(0, Math.min(entryFen - settled, balance)) };
}
