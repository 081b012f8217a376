import { describe, expect, it } from '@jest/globals';
import type { DataSource, EntityManager } from 'typeorm';
import { TransactionRunner } from './transaction-runner.js';

/** A data source whose transactions fail with the given driver errors first, then run the work. */
function flaky(type: string, failures: unknown[]) {
  const queue = [...failures];
  let calls = 0;
  const dataSource = {
    options: { type },
    transaction: async (work: (m: EntityManager) => Promise<unknown>) => {
      calls++;
      const failure = queue.shift();
      if (failure) throw failure;
      return work({} as EntityManager);
    },
  } as unknown as DataSource;
  return { runner: new TransactionRunner(dataSource), calls: () => calls };
}

const deadlock = { driverError: { code: '40P01' } };
const seqTaken = {
  driverError: { code: '23505', table: 'journal_entries', detail: 'Key (village_id, seq)=(v, 3) already exists.' },
};

describe('TransactionRunner retries on PostgreSQL', () => {
  it('runs a transaction again after deadlocks and a chain seq taken meanwhile', async () => {
    const { runner, calls } = flaky('postgres', [deadlock, seqTaken, deadlock]);
    await expect(runner.run(async () => 'done')).resolves.toBe('done');
    expect([calls(), runner.retries]).toEqual([4, 3]);
  });

  it('gives up after 8 attempts, and never retries a real conflict or on SQLite', async () => {
    const many = flaky(
      'postgres',
      Array.from({ length: 20 }, () => deadlock),
    );
    await expect(many.runner.run(async () => 'x')).rejects.toBe(deadlock);
    expect(many.calls()).toBe(8);
    const voucher = {
      driverError: {
        code: '23505',
        table: 'journal_entries',
        detail: 'Key (village_id, year, voucher_no)=(v, 2021, A)',
      },
    };
    const real = flaky('postgres', [voucher]);
    await expect(real.runner.run(async () => 'x')).rejects.toBe(voucher);
    expect(real.calls()).toBe(1);
    const sqlite = flaky('better-sqlite3', [deadlock]);
    await expect(sqlite.runner.run(async () => 'x')).rejects.toBe(deadlock);
    expect(sqlite.calls()).toBe(1);
  });

  it('keeps the queue going after a failed transaction', async () => {
    const { runner } = flaky('better-sqlite3', [new Error('boom')]);
    const results = await Promise.allSettled([runner.run(async () => 1), runner.run(async () => 2)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
  });
});
