import { describe, expect, it } from '@jest/globals';
import type { Factory } from '../support/factories.js';
import { postedFlatRun } from '../support/run-builder.js';
import type { TestApp } from '../support/test-app.js';
import { withTestApp } from '../support/with-test-app.js';

type Item = { accountCode: string; [k: string]: string };

/** DOMAIN "The books, complete", CONTRACT "Books (账簿), round 2": every route and refusal over HTTP. */
describe('the books, complete: opening balances, general vouchers, sources, close, trial balance, sub-ledger, cash', () => {
  let t: TestApp;
  let f: Factory;
  withTestApp((app, factory) => ([t, f] = [app, factory]));

  const entries = async (v: string, token: string) =>
    (await t.as(token).get(`/api/villages/${v}/journal`)).body.total as number;
  const tb = async (v: string, token: string, query: string) =>
    (await t.as(token).get(`/api/villages/${v}/reports/trial-balance?${query}`)).body as {
      items: Item[];
      totals: Record<string, string | boolean>;
    };
  const row = (items: Item[], code: string) => items.find((i) => i.accountCode === code);

  it('建账: once per village, balanced, leaf accounts, before any other entry of its year', async () => {
    const s = await f.staffedVillage();
    const v = s.village.id;
    const h = await f.household(v, s.cadre.token, 2);
    const post = (body: Record<string, unknown>, token = s.accountant.token) =>
      t.as(token).post(`/api/villages/${v}/opening-balances`).send(body);
    const lines = [
      { accountCode: '101', debit: '3500.00' },
      { accountCode: '102', debit: '286000.00' },
      { accountCode: '112', householdId: h.id, debit: '1200.00' },
      { accountCode: '311', credit: '150000.00' },
      { accountCode: '32201', credit: '140700.00' },
    ];
    const refusals: [Record<string, unknown>, number, string][] = [
      [
        { date: '2021-01-01', lines: [lines[0], { accountCode: '202', credit: '3500.00' }] },
        422,
        'lines[1].accountCode',
      ],
      [{ date: '2021-01-01', lines: [{ accountCode: '999', debit: '1' }, lines[3]] }, 422, 'lines[0].accountCode'],
      [{ date: '2021-01-01', lines: lines.slice(0, 4) }, 422, 'lines'],
      [
        { date: '2021-01-01', lines: [{ accountCode: '101', debit: '1', credit: '1' }, lines[3]] },
        400,
        'lines[0].debit',
      ],
      [{ date: '2021-01-01', lines: [{ accountCode: '101' }, lines[3]] }, 400, 'lines[0].debit'],
      [{ date: '2021-01-01', lines: [{ accountCode: '101', debit: '-1' }, lines[3]] }, 400, 'debit'],
      [
        {
          date: '2021-01-01',
          lines: [
            { accountCode: '101', householdId: h.id, debit: '1' },
            { accountCode: '311', credit: '1' },
          ],
        },
        422,
        'lines[0].householdId',
      ],
      [
        {
          date: '2021-01-01',
          lines: [
            { accountCode: '112', householdId: s.village.id, debit: '1' },
            { accountCode: '311', credit: '1' },
          ],
        },
        422,
        'lines[0].householdId',
      ],
      [
        {
          date: '2021-01-01',
          lines: [
            { accountCode: '101', credit: '5.00' },
            { accountCode: '102', debit: '5.00' },
          ],
        },
        422,
        'CASH_INSUFFICIENT',
      ],
      [{ date: '2021-01-01', lines: [lines[0]] }, 400, 'lines'],
      [{ date: '2027-01-01', lines }, 400, 'date'],
      [{ date: '2021-01-01', lines, extra: 1 }, 400, 'extra'],
    ];
    for (const [body, status, names] of refusals) {
      const res = await post(body);
      expect({ body, status: res.status }).toEqual({ body, status });
      expect(JSON.stringify(res.body)).toContain(names);
    }
    expect((await post({ date: '2021-01-01', lines }, s.cadre.token)).status).toBe(403);
    expect(await entries(v, s.auditor.token)).toBe(0);

    const opened = await post({ date: '2021-01-01', lines });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ kind: 'opening', seq: 1, date: '2021-01-01', voucherNo: '建账' });
    expect(opened.body.lines[2]).toMatchObject({ accountCode: '112', householdId: h.id, debit: '1200.00' });
    expect((await post({ date: '2022-01-01', lines })).status).toBe(409);
    const before = await t
      .as(s.accountant.token)
      .post(`/api/villages/${v}/income`)
      .send({ date: '2020-12-30', category: '经营收入', amount: '1', voucherNo: 'OLD' });
    expect([before.status, before.body.code]).toEqual([422, 'BEFORE_OPENING']);
    const undo = await t
      .as(s.accountant.token)
      .post(`/api/villages/${v}/journal/${opened.body.id}/reverse`)
      .send({ reason: 'x' });
    expect([undo.status, undo.body.code]).toEqual([422, 'REVERSE_OPENING']);

    const other = await f.staffedVillage();
    await f.income(other.village.id, other.accountant.token, '10.00', { date: '2021-03-01' });
    const late = await t
      .as(other.accountant.token)
      .post(`/api/villages/${other.village.id}/opening-balances`)
      .send({ date: '2021-01-01', lines });
    expect([late.status, late.body.code]).toEqual([422, 'OPENING_NOT_FIRST']);

    const balance = await tb(v, s.auditor.token, 'year=2021');
    // The opening entry shows as the opening balances of 2021, not as its movement.
    expect(balance.totals).toMatchObject({ openingDebit: '290700.00', openingCredit: '290700.00', debit: '0.00' });
    expect(row(balance.items, '112')).toMatchObject({
      openingDebit: '1200.00',
      debit: '0.00',
      closingDebit: '1200.00',
    });
    const sub = await t.as(s.auditor.token).get(`/api/villages/${v}/households/${h.id}/ledger?year=2021`);
    expect(sub.body.accounts[1]).toMatchObject({ accountCode: '112', opening: '1200.00', lines: [] });
    const next = await tb(v, s.auditor.token, 'year=2022');
    expect(row(next.items, '102')).toMatchObject({ openingDebit: '286000.00', closingDebit: '286000.00' });
    expect(next.totals).toMatchObject({ openingDebit: '290700.00', openingCredit: '290700.00', balanced: true });
  });

  it('转账凭证: any leaf account, balanced, ≥ 2 lines, one side per line, the line named when refused', async () => {
    const s = await f.staffedVillage();
    const v = s.village.id;
    const h = await f.household(v, s.cadre.token, 1);
    await f.income(v, s.accountant.token, '5000.00', { date: '2021-03-01' });
    const post = (body: Record<string, unknown>, token = s.accountant.token) =>
      t.as(token).post(`/api/villages/${v}/journal`).send(body);
    const base = { date: '2021-03-02', voucherNo: '转-1', memo: '从银行提取备用金' };
    const draw = [
      { accountCode: '101', debit: '800.00' },
      { accountCode: '102', credit: '800.00', memo: '现金支票' },
    ];
    const refusals: [Record<string, unknown>, number, string][] = [
      [{ ...base, lines: [draw[0], { accountCode: '10x', credit: '800.00' }] }, 422, 'lines[1].accountCode'],
      [{ ...base, lines: [draw[0], { accountCode: '322', credit: '800.00' }] }, 422, 'lines[1].accountCode'],
      [{ ...base, lines: [draw[0], { accountCode: '102', credit: '799.99' }] }, 422, 'ENTRY_UNBALANCED'],
      [{ ...base, lines: [draw[0]] }, 400, 'lines'],
      [{ ...base, lines: [draw[0], { accountCode: '102', debit: '1', credit: '1' }] }, 400, 'lines[1].debit'],
      [{ ...base, lines: [draw[0], { accountCode: '102', credit: 800 }] }, 400, 'credit'],
      [
        {
          ...base,
          lines: [
            { accountCode: '101', credit: '1.00' },
            { accountCode: '102', debit: '1.00' },
          ],
        },
        422,
        'CASH_INSUFFICIENT',
      ],
      [{ ...base, memo: '', lines: draw }, 400, 'memo'],
      [{ date: base.date, memo: base.memo, lines: draw }, 400, 'voucherNo'],
      [{ ...base, lines: draw, householdId: h.id }, 400, 'householdId'],
    ];
    for (const [body, status, names] of refusals) {
      const res = await post(body);
      expect({ body, status: res.status }).toEqual({ body, status });
      expect(JSON.stringify(res.body)).toContain(names);
    }
    expect((await post({ ...base, lines: draw }, s.cadre.token)).status).toBe(403);
    expect(await entries(v, s.auditor.token)).toBe(1);

    const ok = await post({ ...base, lines: draw });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ kind: 'general', voucherNo: '转-1', memo: '从银行提取备用金', seq: 2 });
    expect(ok.body.lines.map((l: Item) => [l.accountCode, l.debit, l.credit, l.memo])).toEqual([
      ['101', '800.00', '0.00', null],
      ['102', '0.00', '800.00', '现金支票'],
    ]);
    expect((await post({ ...base, lines: draw })).status).toBe(409);
    const lend = await post({
      date: '2021-04-01',
      voucherNo: '转-2',
      memo: '借给农户周转金',
      lines: [
        { accountCode: '112', householdId: h.id, debit: '300.00' },
        { accountCode: '101', credit: '300.00' },
      ],
    });
    expect(lend.status).toBe(201);
    const overdraw = await post({
      date: '2021-04-02',
      voucherNo: '转-3',
      memo: '超支',
      lines: [
        { accountCode: '541', debit: '500.01' },
        { accountCode: '101', credit: '500.01' },
      ],
    });
    expect([overdraw.status, overdraw.body.code, overdraw.body.cashOnHand, overdraw.body.details]).toEqual([
      422,
      'CASH_INSUFFICIENT',
      '500.00',
      { cashOnHand: '500.00', amount: '500.01', date: '2021-04-02' },
    ]);
    // Before the cash came in (03-02) nothing can be paid in cash, even if later there is enough.
    const early = await t.as(s.accountant.token).post(`/api/villages/${v}/expenses`).send({
      date: '2021-03-01',
      category: '管理费用',
      amount: '10.00',
      voucherNo: '支-早',
      via: 'cash',
    });
    expect([early.status, early.body.cashOnHand]).toEqual([422, '0.00']);
    expect(
      (
        await t
          .as(s.accountant.token)
          .post(`/api/villages/${v}/expenses`)
          .send({ date: '2021-04-02', category: '管理费用', amount: '500.00', voucherNo: '支-1', via: 'cash' })
      ).status,
    ).toBe(201);
    expect(row((await tb(v, s.auditor.token, 'year=2021')).items, '101')).toMatchObject({ closingDebit: '0.00' });

    expect((await t.as(s.accountant.token).post(`/api/villages/${v}/years/2021/close`)).status).toBe(200);
    const closed = await post({
      ...base,
      voucherNo: '转-9',
      lines: [draw[1], { accountCode: '112', debit: '800.00' }],
    });
    expect([closed.status, closed.body.code]).toEqual([422, 'YEAR_CLOSED']);
    expect((await t.as(s.auditor.token).get(`/api/villages/${v}/ledger/verify`)).body).toMatchObject({ ok: true });
  });

  it('income sources must exist; 发包及上交收入 counts; rename and retire (audited)', async () => {
    const s = await f.staffedVillage();
    const v = s.village.id;
    const income = (body: Record<string, unknown>) =>
      t
        .as(s.accountant.token)
        .post(`/api/villages/${v}/income`)
        .send({
          date: '2021-05-01',
          category: '发包及上交收入',
          amount: '2400.00',
          voucherNo: `I-${Math.random()}`,
          ...body,
        });
    const unknown = await income({ sourceCode: 'NOPE' });
    expect([unknown.status, unknown.body.code]).toEqual([422, 'UNKNOWN_SOURCE']);
    expect(unknown.body.message).toContain('sourceCode');
    expect((await t.as(s.auditor.token).get(`/api/villages/${v}/income-sources`)).body.total).toBe(0);
    expect(await entries(v, s.auditor.token)).toBe(0);

    await t.as(s.accountant.token).post(`/api/villages/${v}/income-sources`).send({ code: 'CBF', name: '承包费' });
    const ok = await income({ sourceCode: 'CBF' });
    expect(ok.status).toBe(201);
    const journal = (await t.as(s.auditor.token).get(`/api/villages/${v}/journal`)).body.items[0];
    expect(journal.lines.map((l: Item) => [l.accountCode, l.credit])).toEqual([
      ['102', '0.00'],
      ['511', '2400.00'],
    ]);
    const patch = (code: string, body: unknown, token = s.accountant.token) =>
      t
        .as(token)
        .patch(`/api/villages/${v}/income-sources/${code}`)
        .send(body as object);
    const renamed = await patch('CBF', { name: '耕地承包费' });
    expect([renamed.status, renamed.body.name, renamed.body.active]).toEqual([200, '耕地承包费', true]);
    expect((await patch('CBF', { active: false })).body).toMatchObject({ code: 'CBF', active: false });
    const retired = await income({ sourceCode: 'CBF' });
    expect([retired.status, retired.body.code]).toEqual([422, 'SOURCE_RETIRED']);
    expect(retired.body.message).toContain('耕地承包费');
    for (const [body, status] of [
      [{ name: '' }, 400],
      [{ active: 'no' }, 400],
      [{ name: null }, 400],
      [{ code: 'X' }, 400],
    ] as const) {
      expect((await patch('CBF', body)).status).toBe(status);
    }
    expect((await patch('NOPE', { name: 'x' })).status).toBe(404);
    expect((await patch('a b', { name: 'x' })).status).toBe(400);
    expect((await patch('CBF', { name: 'x' }, s.cadre.token)).status).toBe(403);
    expect((await patch('CBF', { active: true })).status).toBe(200);
    expect((await income({ sourceCode: 'CBF' })).status).toBe(201);
    const audit = await t.as(s.auditor.token).get(`/api/audit?villageId=${v}&limit=20`);
    expect(audit.body.items.filter((i: Item) => i.action === 'income-source.update')).toHaveLength(3);
    await f.household(v, s.cadre.token, 1);
    const draft = await t
      .as(s.cadre.token)
      .post(`/api/villages/${v}/dividend-runs`)
      .send({ year: 2021, distribute: { all: true }, basis: 'member', scoring: { mode: 'none' } });
    expect(draft.body.distributable).toBe('4800.00');
  });

  it('year close carries 321 and 32202 into 32201: the next year opens clean; trial balance by year', async () => {
    const r = await postedFlatRun(f, [2, 1], '1500.00', '10000.00');
    await f.expense(r.v, r.accountant.token, '400.00', { date: '2021-08-01' });
    const before = await tb(r.v, r.auditor.token, 'year=2021');
    expect(before.items.map((i) => [i.accountCode, i.closingDebit, i.closingCredit])).toEqual([
      ['102', '9600.00', '0.00'],
      ['20201', '0.00', '1500.00'],
      ['32202', '1500.00', '0.00'],
      ['501', '0.00', '10000.00'],
      ['541', '400.00', '0.00'],
    ]);
    const closed = await t.as(r.accountant.token).post(`/api/villages/${r.v}/years/2021/close`);
    expect([closed.status, closed.body.netIncome]).toEqual([200, '9600.00']);
    const entry = (await t.as(r.auditor.token).get(`/api/villages/${r.v}/journal?kind=close`)).body.items[0];
    expect(entry.lines.map((l: Item) => [l.accountCode, l.debit, l.credit])).toEqual([
      ['501', '10000.00', '0.00'],
      ['541', '0.00', '400.00'],
      ['321', '0.00', '9600.00'],
      ['321', '9600.00', '0.00'],
      ['32202', '0.00', '1500.00'],
      ['32201', '0.00', '8100.00'],
    ]);
    const year = await tb(r.v, r.auditor.token, 'year=2021');
    expect(year.totals).toEqual({
      openingDebit: '0.00',
      openingCredit: '0.00',
      debit: '31500.00',
      credit: '31500.00',
      closingDebit: '9600.00',
      closingCredit: '9600.00',
      balanced: true,
    });
    expect(row(year.items, '321')).toMatchObject({ debit: '9600.00', credit: '9600.00', closingCredit: '0.00' });
    const next = await tb(r.v, r.auditor.token, 'year=2022');
    expect(next.items.map((i) => [i.accountCode, i.openingDebit, i.openingCredit])).toEqual([
      ['102', '9600.00', '0.00'],
      ['20201', '0.00', '1500.00'],
      ['321', '0.00', '0.00'],
      ['32201', '0.00', '8100.00'],
      ['32202', '0.00', '0.00'],
      ['501', '0.00', '0.00'],
      ['541', '0.00', '0.00'],
    ]);
    const byDates = await tb(r.v, r.auditor.token, 'from=2022-01-01&to=2022-12-31');
    expect(byDates.items).toEqual(next.items);
    for (const q of ['year=1999', 'year=abc', 'year=2021&from=2021-01-01', 'to=2021-02-30']) {
      expect((await t.as(r.auditor.token).get(`/api/villages/${r.v}/reports/trial-balance?${q}`)).status).toBe(400);
    }
  });

  it('a household’s sub-ledger: 应付收益 from dividend and payments, 应收款 lines; own household only', async () => {
    const r = await postedFlatRun(f, [2, 1], '1500.00', '10000.00');
    const [h1, h2] = r.households;
    const general = (voucherNo: string, date: string, lines: unknown[]) =>
      t
        .as(r.accountant.token)
        .post(`/api/villages/${r.v}/journal`)
        .send({ date, voucherNo, memo: '应收承包费', lines });
    expect(
      (
        await general('转-1', '2021-03-01', [
          { accountCode: '112', householdId: h1.id, debit: '200.00' },
          { accountCode: '511', credit: '200.00' },
        ])
      ).status,
    ).toBe(201);
    // The cash to pay with: drawn from the bank, then 600.00 paid in cash and 400.00 in the bank's batch.
    expect(
      (
        await general('转-2', '2026-06-01', [
          { accountCode: '101', debit: '600.00' },
          { accountCode: '102', credit: '600.00' },
        ])
      ).status,
    ).toBe(201);
    const pay = (amount: string, method: string, receiptNo: string) =>
      t
        .as(r.accountant.token)
        .post(`/api/dividend-runs/${r.runId}/payments`)
        .send({ householdId: h1.id, amount, method, date: '2026-06-15', receiptNo });
    const tooMuch = await pay('600.01', 'cash', 'R-0');
    expect([tooMuch.status, tooMuch.body.code, tooMuch.body.cashOnHand]).toEqual([422, 'CASH_INSUFFICIENT', '600.00']);
    expect((await pay('600.00', 'cash', 'R-1')).status).toBe(201);
    expect((await pay('400.00', 'bank', 'R-2')).status).toBe(201);

    const household = await f.user('household', r.v, { householdId: h1.id });
    const ledger = await t.as(household.token).get(`/api/villages/${r.v}/households/${h1.id}/ledger`);
    expect(ledger.status).toBe(200);
    expect(ledger.body).toMatchObject({ householdId: h1.id, householdCode: h1.code, year: null });
    const [payable, receivable] = ledger.body.accounts;
    expect(payable).toMatchObject({
      accountCode: '20201',
      accountName: '应付款—应付收益',
      side: 'credit',
      opening: '0.00',
    });
    expect(payable.lines.map((l: Item) => [l.date, l.kind, l.debit, l.credit, l.balance])).toEqual([
      ['2021-12-31', 'dividend', '0.00', '1000.00', '1000.00'],
      ['2026-06-15', 'payment', '600.00', '0.00', '400.00'],
      ['2026-06-15', 'payment', '400.00', '0.00', '0.00'],
    ]);
    expect(payable.totals).toEqual({ debit: '1000.00', credit: '1000.00', closing: '0.00' });
    expect(receivable).toMatchObject({
      accountCode: '112',
      side: 'debit',
      totals: { debit: '200.00', credit: '0.00', closing: '200.00' },
    });
    expect(receivable.lines[0]).toMatchObject({ voucherNo: '转-1', memo: '应收承包费', balance: '200.00' });
    const year = await t.as(r.auditor.token).get(`/api/villages/${r.v}/households/${h1.id}/ledger?year=2026`);
    expect(year.body.accounts[0]).toMatchObject({ opening: '1000.00', totals: { closing: '0.00' } });
    expect(year.body.accounts[0].lines).toHaveLength(2);
    expect(year.body.accounts[1]).toMatchObject({ opening: '200.00', lines: [] });
    expect((await t.as(household.token).get(`/api/villages/${r.v}/households/${h2.id}/ledger`)).status).toBe(404);
    expect((await t.as(r.auditor.token).get(`/api/villages/${r.v}/households/${r.v}/ledger`)).status).toBe(404);
    expect((await t.as(r.auditor.token).get(`/api/villages/${r.v}/households/${h1.id}/ledger?year=20`)).status).toBe(
      400,
    );
    const cash = row((await tb(r.v, r.auditor.token, 'year=2026')).items, '101');
    expect(cash).toMatchObject({ debit: '600.00', credit: '600.00', closingDebit: '0.00', closingCredit: '0.00' });
  });
});
