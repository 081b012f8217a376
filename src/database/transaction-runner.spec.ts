import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, rmSync } from 'node:fs';
import { type DataSource, type EntityManager, DataSource as RealDataSource } from 'typeorm';
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

describe('TransactionRunner.runLong on a SQLite file', () => {
  const dir = 'data/tmp/run-long-spec';
  const path = `${dir}/long-test.sqlite`;
  let dataSource: DataSource;

  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
    dataSource = new RealDataSource({ type: 'better-sqlite3', database: path, enableWAL: true });
    await dataSource.initialize();
    await dataSource.query('CREATE TABLE idempotency_keys (k TEXT)');
    await dataSource.query('CREATE TABLE rows_ (n INTEGER)');
  });

  afterAll(async () => {
    await dataSource.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes on a second connection: the main one reads the last commit and refuses writes until the commit', async () => {
    const runner = new TransactionRunner(dataSource);
    const seen: unknown[] = [];
    const count = async () => ((await dataSource.query('SELECT COUNT(*) AS n FROM rows_')) as { n: number }[])[0].n;
    let halfway!: () => void;
    const reached = new Promise<void>((resolve) => (halfway = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const posted = runner.runLong(async (manager, pause) => {
      for (let n = 1; n <= 3; n++) {
        await manager.query('INSERT INTO rows_ (n) VALUES (?)', [n]);
        await pause();
        if (n === 2) halfway();
        if (n === 2) await released;
      }
      return 'done';
    });
    // Served while the long transaction is open: the last commit, and a write that bypassed the queue fails at once.
    await reached;
    seen.push(await count());
    const started = Date.now();
    await expect(dataSource.query('INSERT INTO rows_ (n) VALUES (99)')).rejects.toThrow(/readonly/);
    expect(Date.now() - started).toBeLessThan(500);
    release();
    await expect(posted).resolves.toBe('done');
    seen.push(await count());
    // A queued write runs after the long one (and its checkpoint), on the main connection again.
    await runner.run((manager) => manager.query('INSERT INTO rows_ (n) VALUES (4)'));
    seen.push(await count());
    expect(seen).toEqual([0, 3, 4]);
  });
});
