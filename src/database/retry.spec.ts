import { describe, expect, it } from '@jest/globals';
import { isTransientConflict, retryDelayMs } from './retry.js';

describe('transient conflicts of a write transaction (PostgreSQL, several processes)', () => {
  it('retries serialization failures, deadlocks and lock timeouts', () => {
    for (const code of ['40001', '40P01', '55P03']) expect(isTransientConflict({ driverError: { code } })).toBe(true);
    expect(isTransientConflict({ code: '40P01' })).toBe(true);
  });

  it('retries a unique violation only on keys the product allocates (chain seq, a claimed key)', () => {
    const unique = (table: string, detail: string) => ({ driverError: { code: '23505', table, detail } });
    expect(isTransientConflict(unique('journal_entries', 'Key (village_id, seq)=(v, 7) already exists.'))).toBe(true);
    expect(isTransientConflict(unique('audit_log', 'Key (seq)=(12) already exists.'))).toBe(true);
    expect(isTransientConflict(unique('idempotency_keys', 'Key (user_id, key)=(u, k) already exists.'))).toBe(true);
    expect(
      isTransientConflict(unique('journal_entries', 'Key (village_id, year, voucher_no)=(v, 2021, A) already exists.')),
    ).toBe(false);
    expect(isTransientConflict(unique('households', 'Key (village_id, code)=(v, H1) already exists.'))).toBe(false);
  });

  it('answers everything else at once', () => {
    for (const e of [null, undefined, 'x', new Error('boom'), { code: '23503' }, { driverError: { code: '22P02' } }]) {
      expect(isTransientConflict(e)).toBe(false);
    }
  });

  it('waits a jittered, growing, capped delay', () => {
    expect(retryDelayMs(1, () => 0)).toBe(1);
    expect(retryDelayMs(1, () => 0.999)).toBe(10);
    expect(retryDelayMs(3, () => 0.999)).toBe(40);
    expect(retryDelayMs(20, () => 0.999)).toBe(200);
  });
});
