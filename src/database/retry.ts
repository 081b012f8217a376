/**
 * Which database failures of a write transaction are worth running again (PostgreSQL with several server
 * processes), and how long to wait before the next attempt. Pure: no TypeORM import.
 */

export const RETRY_ATTEMPTS_MAX = 8;

interface DriverErrorFields {
  code?: unknown;
  table?: unknown;
  detail?: unknown;
  driverError?: DriverErrorFields;
}

/** Tables whose unique keys are allocated by the product (next seq, a key claimed by another process). */
const ALLOCATED_KEYS: Record<string, RegExp> = {
  journal_entries: /^Key \(village_id, seq\)/,
  audit_log: /^Key \(seq\)/,
  idempotency_keys: /.*/,
  login_throttle: /.*/,
};

/**
 * A transient conflict with another transaction: serialization failure, deadlock, lock timeout, or a
 * unique violation on a key the product allocates itself (a chain's next seq). A duplicate the user
 * typed (voucher number, household code) is not transient and is answered as before.
 */
export function isTransientConflict(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as DriverErrorFields;
  const fields = e.driverError ?? e;
  const code = String(fields.code ?? e.code ?? '');
  if (code === '40001' || code === '40P01' || code === '55P03') return true;
  if (code !== '23505') return false;
  const pattern = ALLOCATED_KEYS[String(fields.table ?? '')];
  return pattern !== undefined && pattern.test(String(fields.detail ?? ''));
}

/** Full jitter on an exponential step (5 ms, 10 ms … capped at 200 ms): two processes do not retry in step. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const capMs = Math.min(200, 5 * 2 ** attempt);
  return Math.floor(random() * capMs) + 1;
}
