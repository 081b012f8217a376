import { describe, expect, it } from '@jest/globals';
import type { Factory } from '../support/factories.js';
import { postedFlatRun } from '../support/run-builder.js';
import { binary, type TestApp } from '../support/test-app.js';
import { withTestApp } from '../support/with-test-app.js';
import {
  bankReturnCsv,
  bankReturnXlsx,
  cardNumber,
  cashInTill,
  giveBankAccounts,
  receivable,
  xlsxRows,
} from '../support/payments.js';

type Line = { accountCode: string; householdId: string | null; debit: string; credit: string };

describe('payments (兑付): cash, bank, offset, in kind; bank batch and return (e2e)', () => {
  let t: TestApp;
  let f: Factory;
  withTestApp((app, factory) => ([t, f] = [app, factory]));

  const linesOf = async (token: string, villageId: string, entryId: string): Promise<Line[]> => {
    const res = await t.as(token).get(`/api/villages/${villageId}/journal?limit=1000`);
    expect(res.status).toBe(200);
    const entry = res.body.items.find((e: { id: string }) => e.id === entryId);
    return entry.lines.map((l: Line) => ({
      accountCode: l.accountCode,
      householdId: l.householdId,
      debit: l.debit,
      credit: l.credit,
    }));
  };

  it('cash: receipts unique per village (409 RECEIPT_TAKEN), never more than the till holds (422 CASH_INSUFFICIENT)', async () => {
    const r = await postedFlatRun(f, [3, 1], '2000.00');
    const [h1, h2] = r.households;
    const pay = (body: Record<string, unknown>) =>
      t
        .as(r.accountant.token)
        .post(`/api/dividend-runs/${r.runId}/payments`)
        .send({ householdId: h1.id, amount: '100.00', method: 'cash', date: '2026-06-15', receiptNo: 'C-1', ...body });
    const empty = await pay({});
    expect([empty.status, empty.body.code, empty.body.cashOnHand]).toEqual([422, 'CASH_INSUFFICIENT', '0.00']);
    await cashInTill(f, r.v, r.accountant.token, '150.00');
    const first = await pay({});
    expect([first.status, first.body.owed]).toEqual([201, '1400.00']);
    expect(await linesOf(r.accountant.token, r.v, first.body.entryId)).toEqual([
      { accountCode: '20201', householdId: h1.id, debit: '100.00', credit: '0.00' },
      { accountCode: '101', householdId: null, debit: '0.00', credit: '100.00' },
    ]);
    const again = await pay({ householdId: h2.id, amount: '10.00' });
    expect([again.status, again.body.code]).toEqual([409, 'RECEIPT_TAKEN']);
    const beyond = await pay({ amount: '50.01', receiptNo: 'C-2' });
    expect([beyond.status, beyond.body.code]).toEqual([422, 'CASH_INSUFFICIENT']);
    expect((await pay({ amount: '50.00', receiptNo: 'C-2' })).status).toBe(201);
    // Another village may use the same receipt number.
    const other = await postedFlatRun(f, [1], '500.00');
    const elsewhere = await t.as(other.accountant.token).post(`/api/dividend-runs/${other.runId}/payments`).send({
      householdId: other.households[0].id,
      amount: '1.00',
      method: 'bank',
      date: '2026-06-15',
      receiptNo: 'C-1',
    });
    expect(elsewhere.status).toBe(201);
    // The database itself refuses a duplicate that got past the check.
    await expect(
      t.dataSource.query(
        `INSERT INTO payments (id, run_id, village_id, household_id, amount_fen, method, date, receipt_no, entry_id, paid_by, created_at)
         SELECT 'dup', run_id, village_id, household_id, 1, 'bank', date, receipt_no, entry_id, paid_by, created_at
           FROM payments WHERE receipt_no = 'C-2'`,
      ),
    ).rejects.toThrow(/UNIQUE|unique/);
    const list = await t.as(r.auditor.token).get(`/api/dividend-runs/${r.runId}/payments`);
    expect(list.body.items.map((i: { owed: string }) => i.owed)).toEqual(['1350.00', '500.00']);
    expect([list.body.unpaid, list.body.unpaidTotal]).toEqual([[h1.code, h2.code], '1850.00']);
  });

  it('offset (抵扣): settles the household’s receivable up to its open balance, Dr 应付收益 / Cr 112', async () => {
    const r = await postedFlatRun(f, [3, 1], '2000.00');
    const [h1, h2] = r.households;
    const entryId = await receivable(t, r.v, h1.id, '300.00');
    const offset = (body: Record<string, unknown>) =>
      t
        .as(r.accountant.token)
        .post(`/api/dividend-runs/${r.runId}/payments`)
        .send({
          householdId: h1.id,
          amount: '200.00',
          method: 'offset',
          date: '2026-06-15',
          receiptNo: 'D-1',
          receivableEntryId: entryId,
          ...body,
        });
    const missing = await offset({ receivableEntryId: undefined });
    expect([missing.status, missing.body.code]).toEqual([400, 'RECEIVABLE_REQUIRED']);
    const onCash = await t.as(r.accountant.token).post(`/api/dividend-runs/${r.runId}/payments`).send({
      householdId: h1.id,
      amount: '1.00',
      method: 'cash',
      date: '2026-06-15',
      receiptNo: 'x',
      receivableEntryId: entryId,
    });
    expect([onCash.status, onCash.body.code]).toEqual([400, 'RECEIVABLE_UNEXPECTED']);
    const unknown = await offset({ receivableEntryId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.status).toBe(404);
    const wrongHousehold = await offset({ householdId: h2.id, amount: '10.00' });
    expect([wrongHousehold.status, wrongHousehold.body.code]).toEqual([422, 'RECEIVABLE_NOT_HOUSEHOLD']);
    const first = await offset({});
    expect([first.status, first.body.owed]).toEqual([201, '1300.00']);
    expect(await linesOf(r.accountant.token, r.v, first.body.entryId)).toEqual([
      { accountCode: '20201', householdId: h1.id, debit: '200.00', credit: '0.00' },
      { accountCode: '112', householdId: h1.id, debit: '0.00', credit: '200.00' },
    ]);
    const beyond = await offset({ amount: '100.01', receiptNo: 'D-2' });
    expect([beyond.status, beyond.body.code, beyond.body.open]).toEqual([422, 'RECEIVABLE_EXCEEDED', '100.00']);
    expect((await offset({ amount: '100.00', receiptNo: 'D-2' })).status).toBe(201);
    const settled = await offset({ amount: '0.01', receiptNo: 'D-3' });
    expect([settled.status, settled.body.code]).toEqual([422, 'RECEIVABLE_EXCEEDED']);
    // Reversing an offset opens the receivable again.
    const payments = (await t.as(r.accountant.token).get(`/api/dividend-runs/${r.runId}/payments`)).body.payments;
    const undone = await t
      .as(r.accountant.token)
      .post(`/api/dividend-runs/${r.runId}/payments/${payments[1].id}/reverse`)
      .send({ reason: '户主未签字同意抵扣' });
    expect(undone.status).toBe(201);
    expect((await offset({ amount: '100.00', receiptNo: 'D-4' })).status).toBe(201);
    expect((await t.as(r.auditor.token).get(`/api/villages/${r.v}/ledger/verify`)).body.ok).toBe(true);
  });

  it('a reversed payment no longer counts as paid on the slip', async () => {
    const r = await postedFlatRun(f, [1], '800.00');
    const [h1] = r.households;
    await cashInTill(f, r.v, r.accountant.token, '800.00');
    const slip = async () => (await t.as(r.accountant.token).get(`/api/dividend-runs/${r.runId}/slips/${h1.id}`)).text;
    const paid = await t
      .as(r.accountant.token)
      .post(`/api/dividend-runs/${r.runId}/payments`)
      .send({ householdId: h1.id, amount: '800.00', method: 'cash', date: '2026-06-15', receiptNo: 'S-1' });
    expect(paid.status).toBe(201);
    expect(await slip()).toContain('兑付情况：已兑付（已付 800.00 元）');
    const undone = await t
      .as(r.accountant.token)
      .post(`/api/dividend-runs/${r.runId}/payments/${paid.body.id}/reverse`)
      .send({ reason: '收据填错' });
    expect(undone.status).toBe(201);
    expect(await slip()).toContain('兑付情况：未兑付（已付 0.00 元）');
  });

  it('in kind (实物): goods valued to the fen must equal the amount; Cr 121 库存物资', async () => {
    const r = await postedFlatRun(f, [3], '1500.00');
    const [h1] = r.households;
    const goods = [
      { name: '大米', quantity: '50', unit: '斤', unitPrice: '3.20' },
      { name: '食用油', quantity: '2', unit: '桶', unitPrice: '89.90' },
    ];
    const inKind = (body: Record<string, unknown>) =>
      t
        .as(r.accountant.token)
        .post(`/api/dividend-runs/${r.runId}/payments`)
        .send({
          householdId: h1.id,
          amount: '339.80',
          method: 'in_kind',
          date: '2026-06-15',
          receiptNo: 'W-1',
          goods,
          ...body,
        });
    const noGoods = await inKind({ goods: undefined });
    expect([noGoods.status, noGoods.body.code]).toEqual([400, 'GOODS_REQUIRED']);
    const badQuantity = await inKind({ goods: [{ ...goods[0], quantity: '-1' }] });
    expect(badQuantity.status).toBe(400);
    const mismatch = await inKind({ amount: '339.81' });
    expect([mismatch.status, mismatch.body.code, mismatch.body.goodsValue]).toEqual([
      422,
      'GOODS_VALUE_MISMATCH',
      '339.80',
    ]);
    const paid = await inKind({});
    expect([paid.status, paid.body.owed]).toEqual([201, '1160.20']);
    expect(await linesOf(r.accountant.token, r.v, paid.body.entryId)).toEqual([
      { accountCode: '20201', householdId: h1.id, debit: '339.80', credit: '0.00' },
      { accountCode: '121', householdId: null, debit: '0.00', credit: '339.80' },
    ]);
    const list = await t.as(r.accountant.token).get(`/api/dividend-runs/${r.runId}/payments`);
    expect(list.body.payments[0]).toMatchObject({ method: 'in_kind', goods, amount: '339.80', reversed: false });
    const above = await inKind({
      amount: '1160.21',
      receiptNo: 'W-2',
      goods: [{ name: '面粉', quantity: '1', unit: '袋', unitPrice: '1160.21' }],
    });
    expect([above.status, above.body.code]).toEqual([422, 'PAYMENT_ABOVE_OWED']);
  });

  it('bank batch (代发): unpaid payouts above 0 of households with an account, XLSX and CSV, total row; accountant only', async () => {
    const r = await postedFlatRun(f, [2, 1, 3], '3000.00');
    const [h1, h2, h3] = r.households;
    await giveBankAccounts(t, [
      { householdId: h1.id, bankName: '中国农业银行巴彦浩特支行', account: cardNumber(1) },
      { householdId: h3.id, bankName: '=内蒙古农村信用社', account: cardNumber(3) },
    ]);
    // h1 is partly paid already: only what is still owed goes into the batch.
    await t
      .as(r.accountant.token)
      .post(`/api/dividend-runs/${r.runId}/payments`)
      .send({ householdId: h1.id, amount: '0.01', method: 'bank', date: '2026-06-15', receiptNo: 'B-0' });
    const xlsx = await t
      .as(r.accountant.token)
      .get(`/api/dividend-runs/${r.runId}/payments/batch?format=xlsx`)
      .buffer(true)
      .parse(binary);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(await xlsxRows(xlsx.body)).toEqual([
      ['序号', '户编号', '户主', '开户行', '账号', '金额', '用途'],
      ['1', h1.code, `户主${h1.code}`, '中国农业银行巴彦浩特支行', cardNumber(1), '999.99', '2021年度集体收益分红'],
      ['2', h3.code, `户主${h3.code}`, "'=内蒙古农村信用社", cardNumber(3), '1500.00', '2021年度集体收益分红'],
      ['合计', '2户', '', '', '', '2499.99', ''],
    ]);
    expect(xlsx.headers['x-households-without-account']).toBe('1');
    const csv = await t.as(r.accountant.token).get(`/api/dividend-runs/${r.runId}/payments/batch?format=csv`);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.text).toBe(
      '\uFEFF序号,户编号,户主,开户行,账号,金额,用途\r\n' +
        `1,${h1.code},户主${h1.code},中国农业银行巴彦浩特支行,${cardNumber(1)},999.99,2021年度集体收益分红\r\n` +
        `2,${h3.code},户主${h3.code},'=内蒙古农村信用社,${cardNumber(3)},1500.00,2021年度集体收益分红\r\n` +
        '合计,2户,,,,2499.99,\r\n',
    );
    expect((await t.as(r.cadre.token).get(`/api/dividend-runs/${r.runId}/payments/batch`)).status).toBe(403);
    expect((await t.as(r.accountant.token).get(`/api/dividend-runs/${r.runId}/payments/batch?format=pdf`)).status).toBe(
      400,
    );
    // Each export showed the full accounts: audited, naming the households.
    const audit = await t.as(r.auditor.token).get(`/api/audit?villageId=${r.v}&limit=5`);
    const reads = audit.body.items.filter((i: { action: string }) => i.action === 'personal.read');
    expect(reads).toHaveLength(2);
    expect(reads[0].summary).toEqual({
      purpose: 'payments.batch',
      fields: ['bankAccount'],
      householdCount: 2,
      households: [h1.id, h3.id],
    });
    expect(JSON.stringify(audit.body)).not.toContain(cardNumber(1));
    expect(JSON.stringify(audit.body)).not.toContain(h2.id);
  });

  it('bank return: successes become bank payments (receipt = 流水号) in one go, failures listed masked; format errors refuse all', async () => {
    const r = await postedFlatRun(f, [2, 1, 3], '3000.00');
    const [h1, h2, h3] = r.households;
    await giveBankAccounts(
      t,
      r.households.map((h, i) => ({ householdId: h.id, bankName: '农行', account: cardNumber(i + 1) })),
    );
    const upload = (file: Buffer, name = 'return.csv') =>
      t.as(r.accountant.token).post(`/api/dividend-runs/${r.runId}/payments/batch-result`).attach('file', file, name);
    const bad = await upload(
      bankReturnCsv([
        { account: cardNumber(1), amount: '1000.00', status: '成功', serialNo: 'S-1' },
        { account: cardNumber(2), amount: '1o0', status: '成功', serialNo: 'S-2' },
        { account: cardNumber(3), amount: '1500.00', status: '处理中', serialNo: 'S-3' },
        { account: '6222000000009999', amount: '1.00', status: '成功', serialNo: 'S-4' },
      ]),
    );
    expect([bad.status, bad.body.code]).toEqual([422, 'IMPORT_INVALID']);
    expect(bad.body.errors.map((e: { row: number; field: string }) => [e.row, e.field])).toEqual([
      [3, 'amount'],
      [4, 'status'],
    ]);
    const unknownAccount = await upload(
      bankReturnCsv([{ account: '6222000000009999', amount: '1.00', status: '成功', serialNo: 'S-4' }]),
    );
    expect(unknownAccount.body.errors).toEqual([
      { row: 2, field: 'account', message: expect.stringContaining('6222********9999') },
    ]);
    const tooMuch = await upload(
      bankReturnCsv([{ account: cardNumber(2), amount: '500.01', status: '成功', serialNo: 'S-2' }]),
    );
    expect([tooMuch.status, tooMuch.body.errors[0].field]).toEqual([422, 'amount']);
    expect((await t.as(r.auditor.token).get(`/api/dividend-runs/${r.runId}/payments`)).body.payments).toEqual([]);

    const result = await upload(
      await bankReturnXlsx([
        { account: cardNumber(1), amount: '1000.00', status: '成功', serialNo: 'S-1' },
        { account: cardNumber(2), amount: '500.00', status: '失败', serialNo: '', reason: '账户已销户' },
        { account: cardNumber(3), amount: '1500.00', status: '成功', serialNo: 'S-3' },
      ]),
      'return.xlsx',
    );
    expect([result.status, result.body]).toEqual([
      201,
      {
        paid: 2,
        paidAmount: '2500.00',
        failed: 1,
        errors: [{ row: 3, account: `6228${'*'.repeat(11)}0002`, amount: '500.00', reason: '账户已销户' }],
      },
    ]);
    const list = await t.as(r.auditor.token).get(`/api/dividend-runs/${r.runId}/payments`);
    expect(list.body.unpaid).toEqual([h2.code]);
    expect(
      list.body.payments.map((p: { householdId: string; method: string; receiptNo: string; amount: string }) => [
        p.householdId,
        p.method,
        p.receiptNo,
        p.amount,
      ]),
    ).toEqual([
      [h1.id, 'bank', 'S-1', '1000.00'],
      [h3.id, 'bank', 'S-3', '1500.00'],
    ]);
    const twice = await upload(
      bankReturnCsv([{ account: cardNumber(2), amount: '500.00', status: '成功', serialNo: 'S-1' }]),
    );
    expect([twice.status, twice.body.code]).toEqual([409, 'RECEIPT_TAKEN']);
    expect(
      (
        await t
          .as(r.cadre.token)
          .post(`/api/dividend-runs/${r.runId}/payments/batch-result`)
          .attach('file', bankReturnCsv([]), 'r.csv')
      ).status,
    ).toBe(403);
    const noFile = await t.as(r.accountant.token).post(`/api/dividend-runs/${r.runId}/payments/batch-result`).send({});
    expect(noFile.status).toBe(400);
  });
});
