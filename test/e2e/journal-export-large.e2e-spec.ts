import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type Baseline, PostgresBaseline, SqliteBaseline } from '../../src/bench/baselines.js';
import { Factory } from '../support/factories.js';
import { TEST_DATABASE_URL, binary, createTestApp, type TestApp } from '../support/test-app.js';

/**
 * A journal export of more entries than SQLite binds in one statement (32,766 variables): 33,000 chained
 * entries written by the raw driver, exported as xlsx in full (it failed with "too many SQL variables").
 */
describe('journal export beyond the SQL variable limit (e2e)', () => {
  const ENTRIES = 33_000; // above 32,766: one IN list of entry ids would fail
  const file = join('data', 'tmp', `journal-large-test-${process.pid}.sqlite`);
  let t: TestApp;
  let raw: Baseline;

  beforeAll(async () => {
    mkdirSync(join('data', 'tmp'), { recursive: true });
    t = await createTestApp({ databasePath: file });
    raw = TEST_DATABASE_URL
      ? await PostgresBaseline.connect(TEST_DATABASE_URL, t.databaseEnv.DATABASE_SCHEMA)
      : new SqliteBaseline(file);
  }, 60_000);
  afterAll(async () => {
    await raw?.close();
    await t?.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  });

  it('exports all 33,000 entries (66,000 lines), in seq order', async () => {
    const f = new Factory(t);
    const village = await f.village();
    const accountant = await f.user('accountant', village.id);
    const entries = Array.from({ length: ENTRIES }, (_, i) => ({
      date: '2021-03-01',
      lines: [
        { accountCode: '102', debitFen: 100 + i, creditFen: 0 },
        { accountCode: '501', debitFen: 0, creditFen: 100 + i },
      ],
    }));
    await raw.chainedEntries(village.id, entries, ENTRIES);
    const res = await t
      .as(accountant.token)
      .get(`/api/villages/${village.id}/journal/export.xlsx`)
      .buffer(true)
      .parse(binary);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as never);
    const sheet = wb.worksheets[0];
    expect(sheet.rowCount).toBe(1 + 2 * ENTRIES);
    expect((sheet.getRow(2).values as unknown[]).slice(1, 3)).toEqual([1, '2021-03-01']);
    expect((sheet.getRow(1 + 2 * ENTRIES).values as unknown[])[1]).toBe(ENTRIES);
    expect((sheet.getRow(1 + 2 * ENTRIES).values as unknown[])[8]).toBe((100 + ENTRIES - 1) / 100);
    const verify = await t.as(accountant.token).get(`/api/villages/${village.id}/ledger/verify`);
    expect([verify.body.ok, verify.body.entries]).toEqual([true, ENTRIES]);
  }, 600_000);
});
