import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TransactionRunner } from '../../src/database/transaction-runner.js';
import { Village } from '../../src/villages/village.entity.js';
import { TEST_DATABASE_URL, createTestApp, type TestApp } from '../support/test-app.js';

describe('database', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('migrations leave no drift from the entities', async () => {
    const log = await t.dataSource.driver.createSchemaBuilder().log();
    expect(log.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('runs SQLite with WAL-ready pragmas and foreign keys on', async () => {
    if (TEST_DATABASE_URL) return;
    expect(await t.dataSource.query('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
    expect(await t.dataSource.query('PRAGMA synchronous')).toEqual([{ synchronous: 2 }]); // FULL
  });

  it('queues write transactions: two interleaved transactions both commit', async () => {
    const runner = t.app.get(TransactionRunner);
    const write = (code: string) =>
      runner.run(async (manager) => {
        await manager.getRepository(Village).insert({
          id: crypto.randomUUID(),
          code,
          name: code,
          township: null,
          charter: { minReservePercent: '0', holdingCapPercent: null, publicityDays: 5, defaultScheme: 'split' },
          createdAt: '2026-01-01T00:00:00.000Z',
        });
        await new Promise((resolve) => setTimeout(resolve, 20));
        return manager.getRepository(Village).countBy({ code });
      });
    await expect(Promise.all([write('Q1'), write('Q2')])).resolves.toEqual([1, 1]);
    const failing = runner.run(async () => {
      throw new Error('rolled back');
    });
    await expect(failing).rejects.toThrow('rolled back');
    await expect(write('Q3')).resolves.toBe(1);
  });

  it('refuses to run tests against a database that is not a test one', async () => {
    if (TEST_DATABASE_URL) return;
    await expect(createTestApp({ databasePath: 'data/ledger.sqlite' })).rejects.toThrow(/Refusing/);
  });
});
