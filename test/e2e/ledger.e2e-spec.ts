import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { Factory } from '../support/factories.js';
import { withTestApp } from '../support/with-test-app.js';
import { TEST_DATABASE_URL, type TestApp } from '../support/test-app.js';

const isSqlite = !TEST_DATABASE_URL;

describe('ledger: income, expenses, reversals, chain, audit (e2e)', () => {
  let t: TestApp;
  let f: Factory;
  withTestApp((app, factory) => ([t, f] = [app, factory]));

  async function entryCount(villageId: string): Promise<number> {
    const rows = await t.dataSource.query(
      `SELECT COUNT(*) AS n FROM journal_entries WHERE village_id = ${isSqlite ? '?' : '$1'}`,
      [villageId],
    );
    return Number(rows[0].n);
  }

  it('books income as Dr 银行存款 / Cr 经营收入 and returns id, entryId, seq, hash', async () => {
    const s = await f.staffedVillage();
    await t
      .as(s.accountant.token)
      .post(`/api/villages/${s.village.id}/income-sources`)
      .send({ code: 'LVHUA', name: '绿化养护' });
    const res = await t.as(s.accountant.token).post(`/api/villages/${s.village.id}/income`).send({
      date: '2021-03-01',
      category: '投资收益',
      amount: '1250.5',
      voucherNo: '记-001',
      sourceCode: 'LVHUA',
      memo: '绿化养护',
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: res.body.entryId,
      entryId: expect.any(String),
      seq: 1,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const journal = await t.as(s.auditor.token).get(`/api/villages/${s.village.id}/journal`);
    expect(journal.body.items[0].lines).toEqual([
      expect.objectContaining({ accountCode: '102', debit: '1250.50', credit: '0.00' }),
      expect.objectContaining({ accountCode: '561', debit: '0.00', credit: '1250.50' }),
    ]);
    const nonDistributable = await t.as(s.accountant.token).post(`/api/villages/${s.village.id}/income`).send({
      date: '2021-03-02',
      category: '其他收入',
      amount: '9000',
      voucherNo: '记-002',
      distributable: false,
      memo: '征地补偿',
    });
    expect(nonDistributable.status).toBe(201);
    const income = await t.as(s.auditor.token).get(`/api/villages/${s.village.id}/reports/income/2021`);
    expect(income.body.bySource).toEqual([{ sourceCode: 'LVHUA', amount: '1250.50' }]);
  });

  it('refuses invalid amounts, dates, categories and roles, writing nothing', async () => {
    const s = await f.staffedVillage();
    const v = s.village.id;
    const base = { date: '2021-03-01', category: '经营收入', amount: '10', voucherNo: 'V1' };
    const bad: [Record<string, unknown>, number][] = [
      [{ ...base, amount: '0' }, 400],
      [{ ...base, amount: '-5' }, 400],
      [{ ...base, amount: '1.234' }, 400],
      [{ ...base, amount: 10 }, 400],
      [{ ...base, amount: '1000000000000.01' }, 400],
      [{ ...base, date: '2021-13-01' }, 400],
      [{ ...base, date: '2027-01-01' }, 400],
      [{ ...base, category: '工资' }, 400],
      [{ ...base, voucherNo: '' }, 400],
      [{ ...base, memo: 'x'.repeat(1001) }, 400],
      [{ ...base, sourceCode: 'a b' }, 400],
    ];
    for (const [body, status] of bad) {
      const res = await t.as(s.accountant.token).post(`/api/villages/${v}/income`).send(body);
      expect({ body, status: res.status }).toEqual({ body, status });
      expect(typeof res.body.message === 'string' ? res.body.message : res.body.message.join(' ')).toMatch(
        /[\u4e00-\u9fa5]/,
      );
    }
    expect((await t.as(s.cadre.token).post(`/api/villages/${v}/income`).send(base)).status).toBe(403);
    expect(await entryCount(v)).toBe(0);
    await f.income(v, s.accountant.token, '10', { voucherNo: 'DUP' });
    expect(
      (
        await t
          .as(s.accountant.token)
          .post(`/api/villages/${v}/income`)
          .send({ ...base, voucherNo: 'DUP' })
      ).status,
    ).toBe(409);
    expect(await entryCount(v)).toBe(1);
  });

  it('honours Idempotency-Key: same body → first result, other body → 409', async () => {
    const s = await f.staffedVillage();
    const body = { date: '2021-03-01', category: '经营收入', amount: '10', voucherNo: 'IK-1' };
    const first = await t
      .as(s.accountant.token)
      .post(`/api/villages/${s.village.id}/income`)
      .set('Idempotency-Key', 'abc-1')
      .send(body);
    const again = await t
      .as(s.accountant.token)
      .post(`/api/villages/${s.village.id}/income`)
      .set('Idempotency-Key', 'abc-1')
      .send(body);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const other = await t
      .as(s.accountant.token)
      .post(`/api/villages/${s.village.id}/income`)
      .set('Idempotency-Key', 'abc-1')
      .send({ ...body, amount: '11' });
    expect(other.status).toBe(409);
    expect(await entryCount(s.village.id)).toBe(1);
  });

  it('reverses once, in the same open year, netting it to zero', async () => {
    const s = await f.staffedVillage();
    const v = s.village.id;
    const entry = await f.income(v, s.accountant.token, '500.00', { date: '2021-04-01' });
    expect(
      (await t.as(s.accountant.token).post(`/api/villages/${v}/journal/${entry.entryId}/reverse`).send({})).status,
    ).toBe(400);
    const reversed = await t
      .as(s.accountant.token)
      .post(`/api/villages/${v}/journal/${entry.entryId}/reverse`)
      .send({ reason: '重复录入' });
    expect(reversed.status).toBe(201);
    expect(reversed.body).toMatchObject({
      kind: 'reversal',
      reversesEntryId: entry.entryId,
      date: '2021-12-31',
      seq: 2,
    });
    expect(
      reversed.body.lines.map((l: { accountCode: string; debit: string; credit: string }) => [
        l.accountCode,
        l.debit,
        l.credit,
      ]),
    ).toEqual([
      ['102', '0.00', '500.00'],
      ['501', '500.00', '0.00'],
    ]);
    expect(
      (
        await t
          .as(s.accountant.token)
          .post(`/api/villages/${v}/journal/${entry.entryId}/reverse`)
          .send({ reason: 'again' })
      ).status,
    ).toBe(409);
    expect(
      (
        await t
          .as(s.accountant.token)
          .post(`/api/villages/${v}/journal/${reversed.body.id}/reverse`)
          .send({ reason: 'again' })
      ).status,
    ).toBe(422);
    const balance = await t
      .as(s.auditor.token)
      .get(`/api/villages/${v}/reports/trial-balance?from=2021-01-01&to=2021-12-31`);
    expect(balance.status).toBe(200);
    expect(balance.body.items.find((i: { accountCode: string }) => i.accountCode === '501')).toMatchObject({
      debit: '500.00',
      credit: '500.00',
      closingCredit: '0.00',
    });
    await f.household(v, s.cadre.token, 1);
    const run = await t
      .as(s.cadre.token)
      .post(`/api/villages/${v}/dividend-runs`)
      .send({ year: 2021, distribute: { all: true }, basis: 'member', scoring: { mode: 'none' } });
    expect(run.body.distributable).toBe('0.00');
  });

  it('year-end close moves income to 本年收益 and locks the year', async () => {
    const s = await f.staffedVillage();
    const v = s.village.id;
    await f.income(v, s.accountant.token, '800.00', { date: '2022-02-01' });
    await f.expense(v, s.accountant.token, '300.00', { date: '2022-03-01' });
    const closed = await t.as(s.accountant.token).post(`/api/villages/${v}/years/2022/close`);
    expect([closed.status, closed.body.netIncome]).toEqual([200, '500.00']);
    expect((await t.as(s.accountant.token).post(`/api/villages/${v}/years/2022/close`)).status).toBe(409);
    const late = await t
      .as(s.accountant.token)
      .post(`/api/villages/${v}/income`)
      .send({ date: '2022-05-01', category: '经营收入', amount: '1', voucherNo: 'late' });
    expect(late.status).toBe(422);
    expect((await t.as(s.auditor.token).get(`/api/villages/${v}/ledger/verify`)).body).toMatchObject({
      ok: true,
      entries: 3,
    });
  });

  it('the database itself refuses UPDATE and DELETE of journal and audit rows', async () => {
    const s = await f.staffedVillage();
    await f.income(s.village.id, s.accountant.token, '1.00');
    for (const sql of [
      "UPDATE journal_entries SET memo = 'x'",
      'DELETE FROM journal_lines',
      "UPDATE audit_log SET actor = 'x'",
      'DELETE FROM audit_log',
    ]) {
      await expect(t.dataSource.query(sql)).rejects.toThrow(/append-only/);
    }
  });

  it('50 concurrent income posts give 50 entries and an intact chain', async () => {
    const s = await f.staffedVillage();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t
          .as(s.accountant.token)
          .post(`/api/villages/${s.village.id}/income`)
          .send({ date: '2021-05-01', category: '经营收入', amount: `${i + 1}.00`, voucherNo: `C-${i}` }),
      ),
    );
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(new Set(results.map((r) => r.body.seq)).size).toBe(50);
    const verify = await t.as(s.auditor.token).get(`/api/villages/${s.village.id}/ledger/verify`);
    expect(verify.body).toMatchObject({ ok: true, entries: 50 });
    const head = await t.as(s.auditor.token).get(`/api/villages/${s.village.id}/ledger/head`);
    expect(head.body).toMatchObject({ seq: 50, hash: verify.body.head });
    expect(verify.body.headSeq).toBe(50);
  });

  it('checks a previously published head', async () => {
    const s = await f.staffedVillage();
    const v = s.village.id;
    await f.income(v, s.accountant.token, '1.00');
    const head = (await t.as(s.auditor.token).get(`/api/villages/${v}/ledger/head`)).body;
    await f.income(v, s.accountant.token, '2.00');
    expect(
      (await t.as(s.auditor.token).get(`/api/villages/${v}/ledger/verify?seq=${head.seq}&hash=${head.hash}`)).body,
    ).toMatchObject({ ok: true, publishedHead: { matches: true } });
    const wrong = await t
      .as(s.auditor.token)
      .get(`/api/villages/${v}/ledger/verify?seq=${head.seq}&hash=${'0'.repeat(64)}`);
    expect(wrong.body).toMatchObject({ ok: false, firstBadSeq: 1 });
    expect((await t.as(s.auditor.token).get(`/api/villages/${v}/ledger/verify?seq=1`)).status).toBe(400);
  });

  /** Lets the test change rows behind the product's back, as an attacker with the file would. */
  async function withoutTriggers(work: () => Promise<void>) {
    if (isSqlite) await t.dataSource.query('DROP TRIGGER journal_lines_no_update');
    else await t.dataSource.query('ALTER TABLE journal_lines DISABLE TRIGGER journal_lines_append_only');
    await work();
    if (isSqlite) {
      await t.dataSource.query(
        "CREATE TRIGGER journal_lines_no_update BEFORE UPDATE ON journal_lines BEGIN SELECT RAISE(ABORT, 'journal_lines is append-only'); END",
      );
    } else await t.dataSource.query('ALTER TABLE journal_lines ENABLE TRIGGER journal_lines_append_only');
  }

  it('reports the first altered seq when a row is changed behind its back, and blocks postings', async () => {
    const s = await f.staffedVillage();
    const v = s.village.id;
    for (let i = 0; i < 5; i++) await f.income(v, s.accountant.token, `${i + 1}.00`);
    const line = (n: number) =>
      `entry_id = (SELECT id FROM journal_entries WHERE village_id = '${v}' AND seq = 3) AND line_no = ${n}`;
    await withoutTriggers(async () => {
      await t.dataSource.query(`UPDATE journal_lines SET credit_fen = 999 WHERE ${line(2)}`);
      await t.dataSource.query(`UPDATE journal_lines SET debit_fen = 999 WHERE ${line(1)}`);
    });
    const verify = await t.as(s.auditor.token).get(`/api/villages/${v}/ledger/verify`);
    expect(verify.body).toEqual({ ok: false, firstBadSeq: 3, entries: 2 });
    const blocked = await t
      .as(s.accountant.token)
      .post(`/api/villages/${v}/income`)
      .send({ date: '2021-05-01', category: '经营收入', amount: '1', voucherNo: 'after-tamper' });
    expect(blocked.status).toBe(503);
    await withoutTriggers(async () => {
      await t.dataSource.query(`UPDATE journal_lines SET credit_fen = 300, debit_fen = 0 WHERE ${line(2)}`);
      await t.dataSource.query(`UPDATE journal_lines SET debit_fen = 300, credit_fen = 0 WHERE ${line(1)}`);
    });
    expect((await t.as(s.auditor.token).get(`/api/villages/${v}/ledger/verify`)).body.ok).toBe(true);
  });

  it('keeps Σ debit = Σ credit and an intact chain over random valid and invalid postings', async () => {
    const s = await f.staffedVillage();
    const v = s.village.id;
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('income' as const),
        amount: fc.oneof(
          fc.integer({ min: 1, max: 10_000_000 }).map((n) => (n / 100).toFixed(2)),
          fc.constantFrom('0', '-1', '1.001', 'abc'),
        ),
      }),
      fc.record({
        kind: fc.constant('expense' as const),
        amount: fc.integer({ min: 1, max: 1_000_000 }).map((n) => (n / 100).toFixed(2)),
      }),
      fc.record({ kind: fc.constant('reverse' as const), pick: fc.nat() }),
    );
    const entries: string[] = [];
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 8 }), async (ops) => {
        for (const o of ops) {
          n++;
          if (o.kind === 'reverse') {
            if (!entries.length) continue;
            await t
              .as(s.accountant.token)
              .post(`/api/villages/${v}/journal/${entries[o.pick % entries.length]}/reverse`)
              .send({ reason: 'fuzz' });
            continue;
          }
          const res = await t
            .as(s.accountant.token)
            .post(`/api/villages/${v}/${o.kind === 'income' ? 'income' : 'expenses'}`)
            .send({
              date: '2021-06-01',
              category: o.kind === 'income' ? '经营收入' : '管理费用',
              amount: o.amount,
              voucherNo: `P-${n}`,
            });
          expect(res.status).toBeLessThan(500);
          if (res.status === 201) entries.push(res.body.entryId);
        }
        const sums = await t.dataSource.query('SELECT SUM(debit_fen) AS d, SUM(credit_fen) AS c FROM journal_lines');
        expect(Number(sums[0].d)).toBe(Number(sums[0].c));
        expect((await t.as(s.auditor.token).get(`/api/villages/${v}/ledger/verify`)).body.ok).toBe(true);
      }),
      { numRuns: 15 },
    );
  });

  it('audit log: every write recorded with actor, role, request id; readable by admin and auditor only; chain verifies', async () => {
    const s = await f.staffedVillage();
    await f.income(s.village.id, s.accountant.token, '3.00');
    const audit = await t.as(s.auditor.token).get(`/api/audit?villageId=${s.village.id}&limit=5`);
    expect(audit.status).toBe(200);
    expect(audit.body.items[0]).toMatchObject({
      action: 'income.record',
      actor: s.accountant.username,
      role: 'accountant',
      at: expect.any(String),
      requestId: expect.any(String),
      target: expect.any(String),
    });
    expect((await t.as(s.accountant.token).get('/api/audit')).status).toBe(403);
    expect((await t.as(await t.adminToken()).get('/api/audit/verify')).body).toMatchObject({ ok: true });
  });
});
