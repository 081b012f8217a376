/**
 * Which payments of a run still stand (not reversed), and how much each household has been paid. Shared with
 * the dividend run's own reversal (a run with standing payments cannot be reversed) as plain functions, so
 * the dividends module needs no dependency on the payments module.
 */
import { type EntityManager, In } from 'typeorm';
import { Payment } from './payment.entity.js';
import { JournalEntry } from '../ledger/ledger.entity.js';

const CHUNK = 500;

/** Ids of the given payments whose journal entries were reversed. */
export async function reversedPaymentIds(manager: EntityManager, payments: Payment[]): Promise<Set<string>> {
  const reversed = new Set<string>();
  const byEntry = new Map(payments.map((p) => [p.entryId, p.id]));
  const ids = [...byEntry.keys()];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await manager
      .getRepository(JournalEntry)
      .find({ select: { reversesEntryId: true }, where: { reversesEntryId: In(ids.slice(i, i + CHUNK)) } });
    for (const r of rows) reversed.add(byEntry.get(r.reversesEntryId!)!);
  }
  return reversed;
}

/** Payments of the run whose entries are not reversed. */
export async function activePayments(manager: EntityManager, runId: string): Promise<Payment[]> {
  const payments = await manager.getRepository(Payment).findBy({ runId });
  const reversed = await reversedPaymentIds(manager, payments);
  return payments.filter((p) => !reversed.has(p.id));
}

/** Fen paid per household by the run's standing payments. */
export function paidByHousehold(payments: Payment[]): Map<string, number> {
  const paid = new Map<string, number>();
  for (const p of payments) paid.set(p.householdId, (paid.get(p.householdId) ?? 0) + p.amountFen);
  return paid;
}
