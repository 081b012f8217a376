/** SQL shared by both dialects' PaymentsPersonalData migration. */

/**
 * Each payment gets its run's village, except a later duplicate of a receipt number already used in the
 * village (recorded before receipts were unique): it keeps null, so the unique index holds for the rest.
 */
export const BACKFILL_PAYMENT_VILLAGE = `UPDATE payments SET village_id = (
    SELECT r.village_id FROM dividend_runs r WHERE r.id = payments.run_id)
  WHERE NOT EXISTS (
    SELECT 1 FROM payments q
      JOIN dividend_runs rq ON rq.id = q.run_id
      JOIN dividend_runs rp ON rp.id = payments.run_id
     WHERE rq.village_id = rp.village_id AND q.receipt_no = payments.receipt_no
       AND (q.created_at < payments.created_at OR (q.created_at = payments.created_at AND q.id < payments.id)))`;

/** 121 库存物资 (in-kind dividends are paid out of it), unless the chart already has it. */
export const GOODS_ACCOUNT_INSERT = `INSERT INTO accounts (code, name, type, normal_side)
  VALUES ('121', '库存物资', 'asset', 'debit') ON CONFLICT (code) DO NOTHING`;
