import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Factory } from '../support/factories.js';
import { rosterCsv } from '../support/roster.js';
import { TEST_DATABASE_URL, type TestApp, createTestApp } from '../support/test-app.js';

type Row = Record<string, unknown>;

/**
 * The RunLines migration: a database whose runs hold their whole snapshot and result as JSON (as before
 * issue 17) is migrated into run_lines and serves the same figures, with its snapshot hash still intact.
 */
describe('RunLines migration (e2e)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'run-lines-test-'));
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Puts a run back into the old shape: the schema before RunLines, snapshot and result as JSON text. */
  async function toOldShape(t: TestApp, runId: string): Promise<void> {
    const q = (sql: string, params: unknown[] = []) => t.dataSource.query(sql, params);
    const p = (n: number) => (TEST_DATABASE_URL ? `$${n}` : '?');
    const [run]: Row[] = await q(`SELECT * FROM dividend_runs WHERE id = ${p(1)}`, [runId]);
    const lines: Row[] = await q(`SELECT * FROM run_lines WHERE run_id = ${p(1)} ORDER BY position`, [runId]);
    const inputs = JSON.parse(run.inputs as string);
    const totals = JSON.parse(run.totals as string);
    const request = JSON.parse(run.request as string);
    const snapshot = {
      algorithm: inputs.algorithm,
      villageId: inputs.villageId,
      villageCode: inputs.villageCode,
      year: inputs.year,
      input: {
        distributableFen: inputs.distributableFen,
        capitalHoldings: inputs.capitalHoldings,
        households: lines.map((l) => ({
          householdId: l.household_id,
          householdCode: l.household_code,
          memberUnits: l.member_units,
          shareUnits: l.share_units,
          score: Number(l.score),
        })),
        params: inputs.params,
      },
      incomeEntries: inputs.incomeEntries,
      charter: inputs.charter,
    };
    const payouts = lines.map((l) => ({
      householdId: l.household_id,
      householdCode: l.household_code,
      units: l.units,
      score: Number(l.score),
      factor: l.factor,
      weight: l.weight,
      amountFen: Number(l.amount_fen),
    }));
    const result = {
      calc: { ...totals, payouts },
      warnings: JSON.parse(run.warnings as string),
      scoring: request.scoring,
      distribute: request.distribute,
      request,
    };
    await q(`DELETE FROM run_lines WHERE run_id = ${p(1)}`, [runId]);
    await q(`DELETE FROM dividend_runs WHERE id = ${p(1)}`, [runId]);
    await t.dataSource.undoLastMigration();
    const old: Row = { ...run, snapshot: JSON.stringify(snapshot), result: JSON.stringify(result) };
    for (const key of ['request', 'inputs', 'totals', 'warnings', 'line_count']) delete old[key];
    const columns = Object.keys(old);
    await q(
      `INSERT INTO dividend_runs (${columns.join(', ')}) VALUES (${columns.map((_, i) => p(i + 1)).join(', ')})`,
      Object.values(old),
    );
  }

  it('moves the JSON of an old run into rows: same run, same payouts, replay identical and intact', async () => {
    const t = await createTestApp({ databasePath: join(dir, 'migrate-test.sqlite') });
    apps.push(t);
    const f = new Factory(t);
    const s = await f.staffedVillage();
    const v = s.village.id;
    const imported = await t
      .as(s.accountant.token)
      .post(`/api/villages/${v}/households/import`)
      .attach('file', Buffer.from(rosterCsv(7).csv), 'roster.csv');
    expect(imported.status).toBe(201);
    await f.income(v, s.accountant.token, '1000.00');
    const created = await t
      .as(s.cadre.token)
      .post(`/api/villages/${v}/dividend-runs`)
      .send({
        year: 2021,
        distribute: { all: true },
        reservePercent: '10',
        basis: 'member',
        scoring: { mode: 'none' },
      });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const before = (await t.as(s.auditor.token).get(`/api/dividend-runs/${id}`)).body;
    // 1,000.00 less 10 % reserve over 13 members: 69.23 each, the last fen by largest remainder.
    expect(before.payouts.map((x: { amount: string }) => x.amount)).toEqual([
      '69.23',
      '138.46',
      '207.70',
      '69.23',
      '138.46',
      '207.69',
      '69.23',
    ]);
    await toOldShape(t, id);

    const migrated = await createTestApp({ sameDatabaseAs: t });
    apps.push(migrated);
    const token = await migrated.login(s.auditor.username, 'password-123');
    const after = await migrated.as(token).get(`/api/dividend-runs/${id}`);
    expect(after.status).toBe(200);
    expect(after.body).toEqual(before);
    const replay = await migrated.as(token).get(`/api/dividend-runs/${id}/replay`);
    expect(replay.body).toEqual({
      id,
      snapshotHash: before.snapshotHash,
      snapshotIntact: true,
      identical: true,
      stale: false,
    });
  });
});
