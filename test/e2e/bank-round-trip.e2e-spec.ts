import { describe, expect, it } from '@jest/globals';
import { performance } from 'node:perf_hooks';
import { yuanToFen, fenToYuan } from '../../src/common/money.js';
import type { Factory } from '../support/factories.js';
import { bankReturnCsv, cardNumber, giveBankAccounts, type ReturnLine, xlsxRows } from '../support/payments.js';
import { rosterCsv } from '../support/roster.js';
import { adoptAndPost } from '../support/run-builder.js';
import { binary, type TestApp } from '../support/test-app.js';
import { withTestApp } from '../support/with-test-app.js';

const HOUSEHOLDS = 3_000;
/** Every 30th household has no bank account (paid in cash later); every 25th batch line fails at the bank. */
const WITHOUT_ACCOUNT_EVERY = 30;
const FAIL_EVERY = 25;

describe('bank round trip on 3,000 households: batch file → bank return → payments (e2e)', () => {
  let t: TestApp;
  let f: Factory;
  withTestApp((app, factory) => ([t, f] = [app, factory]));

  it('records every success, lists every failure, and leaves exactly the rest unpaid', async () => {
    const s = await f.staffedVillage();
    const v = s.village.id;
    const imported = await t
      .as(s.cadre.token)
      .post(`/api/villages/${v}/households/import`)
      .attach('file', Buffer.from(rosterCsv(HOUSEHOLDS, [1, 2, 3]).csv), 'roster.csv');
    expect(imported.status).toBe(201);
    await f.income(v, s.accountant.token, '2000000.00');
    const run = await t
      .as(s.cadre.token)
      .post(`/api/villages/${v}/dividend-runs`)
      .send({ year: 2021, distribute: { amount: '1234567.89' }, basis: 'member', scoring: { mode: 'none' } });
    expect(run.status).toBe(201);
    const runId: string = run.body.id;
    await adoptAndPost(t, runId, { publisher: s.cadre.token, approver: s.cadre2.token });
    const payouts: { householdId: string; householdCode: string; amount: string }[] = run.body.payouts;
    const number = (code: string) => Number(code.slice(1));
    await giveBankAccounts(
      t,
      payouts
        .filter((p) => number(p.householdCode) % WITHOUT_ACCOUNT_EVERY !== 0)
        .map((p) => ({
          householdId: p.householdId,
          bankName: '中国农业银行',
          account: cardNumber(number(p.householdCode)),
        })),
    );

    let started = performance.now();
    const batch = await t
      .as(s.accountant.token)
      .get(`/api/dividend-runs/${runId}/payments/batch?format=xlsx`)
      .buffer(true)
      .parse(binary);
    const exportMs = performance.now() - started;
    expect(batch.status).toBe(200);
    const rows = await xlsxRows(batch.body);
    const lines = rows.slice(1, -1);
    const withAccount = payouts.filter((p) => number(p.householdCode) % WITHOUT_ACCOUNT_EVERY !== 0);
    expect(lines).toHaveLength(withAccount.length);
    expect(lines.map((l) => [l[1], l[4], l[5]])).toEqual(
      withAccount.map((p) => [p.householdCode, cardNumber(number(p.householdCode)), p.amount]),
    );
    const totalFen = withAccount.reduce((sum, p) => sum + yuanToFen(p.amount), 0);
    expect(rows.at(-1)).toEqual(['合计', `${withAccount.length}户`, '', '', '', fenToYuan(totalFen), '']);

    // The bank pays all but every 25th line.
    const bankReturn: ReturnLine[] = lines.map((l, i) =>
      (i + 1) % FAIL_EVERY === 0
        ? { account: l[4], amount: l[5], status: '失败', serialNo: '', reason: '户名与账号不符' }
        : { account: l[4], amount: l[5], status: '成功', serialNo: `BOC2022011000${String(i + 1).padStart(5, '0')}` },
    );
    started = performance.now();
    const result = await t
      .as(s.accountant.token)
      .post(`/api/dividend-runs/${runId}/payments/batch-result`)
      .attach('file', bankReturnCsv(bankReturn), 'return.csv');
    const importMs = performance.now() - started;
    const failedLines = bankReturn.filter((l) => l.status === '失败');
    const paidFen = bankReturn.filter((l) => l.status === '成功').reduce((sum, l) => sum + yuanToFen(l.amount), 0);
    expect(result.status).toBe(201);
    expect([result.body.paid, result.body.failed, result.body.paidAmount]).toEqual([
      withAccount.length - failedLines.length,
      failedLines.length,
      fenToYuan(paidFen),
    ]);
    expect(result.body.errors[0]).toEqual({
      row: FAIL_EVERY + 1,
      account: `6228${'*'.repeat(11)}${lines[FAIL_EVERY - 1][4].slice(-4)}`,
      amount: lines[FAIL_EVERY - 1][5],
      reason: '户名与账号不符',
    });

    const failedCodes = lines.filter((_, i) => (i + 1) % FAIL_EVERY === 0).map((l) => l[1]);
    const withoutCodes = payouts
      .filter((p) => number(p.householdCode) % WITHOUT_ACCOUNT_EVERY === 0)
      .map((p) => p.householdCode);
    const list = await t.as(s.auditor.token).get(`/api/dividend-runs/${runId}/payments`);
    expect(list.body.unpaid).toEqual([...failedCodes, ...withoutCodes].sort());
    expect(list.body.unpaidTotal).toBe(fenToYuan(yuanToFen('1234567.89') - paidFen));
    // The next batch holds exactly the failures.
    const retry = await t.as(s.accountant.token).get(`/api/dividend-runs/${runId}/payments/batch?format=csv`);
    expect(retry.text.trim().split('\r\n').length).toBe(failedCodes.length + 2);
    expect((await t.as(s.auditor.token).get(`/api/villages/${v}/ledger/verify`)).body).toMatchObject({ ok: true });
    console.log(
      `bank round trip, ${HOUSEHOLDS} households: export ${exportMs.toFixed(0)} ms (${lines.length} lines), ` +
        `import ${importMs.toFixed(0)} ms (${result.body.paid} paid, ${result.body.failed} failed)`,
    );
  }, 300_000);
});
