import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { backupSqlite } from '../../src/operations/sqlite-file.js';
import { Factory } from '../support/factories.js';
import { verifyFile } from '../support/raw-ledger.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const DIR = 'data/tmp/storage-test';

describe('backups and storage faults (SQLite file)', () => {
  let t: TestApp;
  let f: Factory;
  const live = join(DIR, 'live-test.sqlite');

  beforeAll(async () => {
    rmSync(DIR, { recursive: true, force: true });
    mkdirSync(DIR, { recursive: true });
    t = await createTestApp({ databasePath: live });
    f = new Factory(t);
  });
  afterAll(async () => {
    await t.close();
    rmSync(DIR, { recursive: true, force: true });
  });

  it('takes an online backup while writes go on; the copy verifies and its balances equal the live ones at its head', async () => {
    const s = await f.staffedVillage();
    const v = s.village.id;
    for (let i = 0; i < 20; i++) await f.income(v, s.accountant.token, `${i + 1}.00`);
    const backup = join(DIR, 'backup-test.sqlite');
    const writes = Promise.all(Array.from({ length: 80 }, (_, i) => f.income(v, s.accountant.token, `${i + 100}.50`)));
    const pages = await backupSqlite(live, backup);
    await writes;
    expect(pages).toBeGreaterThan(0);
    const copy = new Database(backup, { readonly: true });
    const liveDb = new Database(live, { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      const chain = verifyFile(copy, v);
      expect(chain.ok).toBe(true);
      expect(chain.entries).toBeGreaterThanOrEqual(20);
      const balances = (db: Database.Database, maxSeq: number) =>
        db
          .prepare(
            'SELECT l.account_code AS a, SUM(l.debit_fen) - SUM(l.credit_fen) AS b FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id WHERE e.village_id = ? AND e.seq <= ? GROUP BY l.account_code ORDER BY 1',
          )
          .all(v, maxSeq);
      expect(balances(copy, chain.entries)).toEqual(balances(liveDb, chain.entries));
      expect(verifyFile(liveDb, v).entries).toBe(100);
    } finally {
      copy.close();
      liveDb.close();
    }
    // Restore into a new file and serve it: the product verifies it as intact.
    const restored = join(DIR, 'restored-test.sqlite');
    copyFileSync(backup, restored);
    const r = await createTestApp({ databasePath: restored });
    try {
      const token = await r.login(s.auditor.username, 'password-123');
      expect((await r.as(token).get(`/api/villages/${v}/ledger/verify`)).body.ok).toBe(true);
    } finally {
      await r.close();
    }
  });

  it('a full disk or read-only database gives a clear 503, writes nothing and corrupts nothing', async () => {
    const s = await f.staffedVillage();
    const v = s.village.id;
    await f.income(v, s.accountant.token, '1.00');
    const count = async () => Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM journal_entries'))[0].n);
    const before = await count();
    const [{ page_count: pages }] = await t.dataSource.query('PRAGMA page_count');
    await t.dataSource.query(`PRAGMA max_page_count = ${pages}`);
    const full = await t
      .as(s.accountant.token)
      .post(`/api/villages/${v}/income`)
      .send({ date: '2021-01-01', category: '经营收入', amount: '2.00', voucherNo: 'FULL-1', memo: 'x'.repeat(900) });
    await t.dataSource.query('PRAGMA max_page_count = 1073741823');
    expect(full.status).toBe(503);
    expect(full.body.message).toMatch(/磁盘只读或已满/);
    await t.dataSource.query('PRAGMA query_only = ON');
    const readOnly = await t
      .as(s.accountant.token)
      .post(`/api/villages/${v}/income`)
      .send({ date: '2021-01-01', category: '经营收入', amount: '2.00', voucherNo: 'RO-1' });
    await t.dataSource.query('PRAGMA query_only = OFF');
    expect(readOnly.status).toBe(503);
    expect(await count()).toBe(before);
    expect((await t.dataSource.query('PRAGMA integrity_check'))[0].integrity_check).toBe('ok');
    expect((await t.as(s.auditor.token).get(`/api/villages/${v}/ledger/verify`)).body.ok).toBe(true);
    expect(
      (
        await t
          .as(s.accountant.token)
          .post(`/api/villages/${v}/income`)
          .send({ date: '2021-01-01', category: '经营收入', amount: '2.00', voucherNo: 'AFTER-1' })
      ).status,
    ).toBe(201);
  });
});
