import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { Factory } from '../support/factories.js';
import { postedFlatRun } from '../support/run-builder.js';
import { binary, createTestApp, type TestApp } from '../support/test-app.js';

describe("the accountant's books, scorecards for publicity, slips as ZIP, share transfers (e2e)", () => {
  let t: TestApp;
  let f: Factory;
  let r: Awaited<ReturnType<typeof postedFlatRun>>;
  beforeAll(async () => {
    t = await createTestApp();
    f = new Factory(t);
    r = await postedFlatRun(f, [2, 1], '1500.00', '10000.00');
  });
  afterAll(() => t.close());

  it('prints a journal entry as a 记账凭证 with totals in figures and 大写', async () => {
    const entry = (await t.as(r.accountant.token).get(`/api/villages/${r.v}/journal?kind=income`)).body.items[0];
    const res = await t.as(r.auditor.token).get(`/api/villages/${r.v}/journal/${entry.id}/voucher`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('记 账 凭 证');
    expect(res.text).toContain('data-testid="debit-total">10,000.00');
    expect(res.text).toContain('人民币壹万元整');
    expect(res.text).toMatch(/会计主管[\s\S]*记账[\s\S]*审核[\s\S]*制单/);
    expect((await t.as(r.scorer.token).get(`/api/villages/${r.v}/journal/${entry.id}/voucher`)).status).toBe(403);
    const pdf = await t
      .as(r.auditor.token)
      .get(`/api/villages/${r.v}/journal/${entry.id}/voucher?format=pdf`)
      .buffer(true)
      .parse(binary);
    expect([pdf.status, pdf.headers['content-type'], pdf.body.subarray(0, 5).toString()]).toEqual([
      200,
      'application/pdf',
      '%PDF-',
    ]);
  });

  it('keeps the bank day-book with opening, running and closing balance, in HTML and XLSX', async () => {
    await f.expense(r.v, r.accountant.token, '250.00', { date: '2021-08-01' });
    const pay = await t.as(r.accountant.token).post(`/api/dividend-runs/${r.runId}/payments`).send({
      householdId: r.households[0].id,
      amount: '1000.00',
      method: 'bank',
      date: '2026-06-15',
      receiptNo: 'B-1',
    });
    expect(pay.status).toBe(201);
    const html = await t.as(r.accountant.token).get(`/api/villages/${r.v}/books/bank?from=2021-07-01&to=2026-12-31`);
    expect(html.text).toContain('银行存款日记账');
    expect(html.text).toContain('data-testid="closing">8,750.00');
    expect(html.text).toContain('期初余额');
    const xlsx = await t
      .as(r.accountant.token)
      .get(`/api/villages/${r.v}/books/102?format=xlsx`)
      .buffer(true)
      .parse(binary);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body);
    const sheet = wb.worksheets[0];
    expect(sheet.getRow(sheet.rowCount).getCell(6).value).toBe(8750);
    const payable = await t.as(r.accountant.token).get(`/api/villages/${r.v}/books/20201`);
    expect(payable.text).toContain('明细账');
    expect(payable.text).toContain('data-testid="closing">500.00');
    expect((await t.as(r.accountant.token).get(`/api/villages/${r.v}/books/abc`)).status).toBe(400);
    const tb = await t
      .as(r.auditor.token)
      .get(`/api/villages/${r.v}/reports/trial-balance?format=xlsx`)
      .buffer(true)
      .parse(binary);
    const tbBook = new ExcelJS.Workbook();
    await tbBook.xlsx.load(tb.body);
    const bank = tbBook.worksheets[0]
      .getSheetValues()
      .find((row) => Array.isArray(row) && row[1] === '102') as unknown[];
    expect(bank[7]).toBe(8750);
  });

  it('prints the year’s scorecards for publicity as HTML and XLSX', async () => {
    await t
      .as(r.cadre.token)
      .post(`/api/villages/${r.v}/score-rulesets`)
      .send({ year: 2022, rules: [{ code: 'A', name: '卫生', category: '环境卫生', minPoints: -5, maxPoints: 5 }] });
    const e = await t
      .as(r.scorer.token)
      .post(`/api/villages/${r.v}/score-events`)
      .send({ householdId: r.households[1].id, ruleCode: 'A', points: 4, date: '2022-02-01', evidence: '评议' });
    await t.as(r.scorer2.token).post(`/api/score-events/${e.body.id}/approve`);
    const html = await t.as(r.auditor.token).get(`/api/villages/${r.v}/scorecards?year=2022&format=html`);
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.text).toContain('家庭积分公示表');
    expect(html.text).toMatch(new RegExp(`<td>1</td><td>${r.households[1].code}</td>`));
    const xlsx = await t
      .as(r.auditor.token)
      .get(`/api/villages/${r.v}/scorecards?year=2022&format=xlsx`)
      .buffer(true)
      .parse(binary);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body);
    expect(wb.worksheets[0].getRow(3).values).toEqual([
      undefined,
      1,
      r.households[1].code,
      expect.any(String),
      100,
      4,
      104,
    ]);
  });

  it('packs one PDF per household into a ZIP', async () => {
    const res = await t
      .as(r.cadre.token)
      .get(`/api/dividend-runs/${r.runId}/slips?format=zip`)
      .buffer(true)
      .parse(binary);
    expect(res.headers['content-type']).toBe('application/zip');
    const zip = await JSZip.loadAsync(res.body);
    expect(Object.keys(zip.files).sort()).toEqual(r.households.map((h) => `${h.code}.pdf`).sort());
    expect((await zip.file(`${r.households[0].code}.pdf`)!.async('nodebuffer')).subarray(0, 5).toString()).toBe(
      '%PDF-',
    );
  });

  it('transfers and inherits shares inside the village as recorded changes', async () => {
    await t
      .as(r.cadre.token)
      .post(`/api/villages/${r.v}/share-classes`)
      .send({ code: 'RK', name: '人口股', kind: 'member' });
    const holding = await t
      .as(r.cadre.token)
      .post(`/api/villages/${r.v}/holdings`)
      .send({ householdId: r.households[0].id, shareClassCode: 'RK', quantity: '2' });
    const moved = await t
      .as(r.cadre.token)
      .post(`/api/villages/${r.v}/holdings/${holding.body.id}/transfer`)
      .send({ toHouseholdId: r.households[1].id, quantity: '0.5', date: '2022-01-01', kind: 'inherit' });
    expect([moved.status, moved.body.quantity]).toEqual([201, '0.5']);
    expect(
      (
        await t
          .as(r.cadre.token)
          .post(`/api/villages/${r.v}/holdings/${holding.body.id}/transfer`)
          .send({ toHouseholdId: r.households[1].id, quantity: '1.6', date: '2022-01-01', kind: 'transfer' })
      ).status,
    ).toBe(422);
    await t
      .as(await t.adminToken())
      .patch(`/api/villages/${r.v}/charter`)
      .send({ holdingCapPercent: '60' });
    const capped = await t
      .as(r.cadre.token)
      .post(`/api/villages/${r.v}/holdings/${holding.body.id}/transfer`)
      .send({ toHouseholdId: r.households[1].id, quantity: '0.8', date: '2022-02-01', kind: 'transfer' });
    expect([capped.status, capped.body.code]).toEqual([422, 'HOLDING_CAP']); // 1.3 of 2 = 65% > 60%
    const list = await t.as(r.auditor.token).get(`/api/villages/${r.v}/holdings`);
    expect(
      list.body.items.map((h: { householdId: string; quantity: string }) => [h.householdId, h.quantity]).sort(),
    ).toEqual(
      [
        [r.households[0].id, '1.5'],
        [r.households[1].id, '0.5'],
      ].sort(),
    );
  });
});
