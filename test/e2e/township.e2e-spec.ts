import { beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { Factory, USER_PASSWORD } from '../support/factories.js';
import { adoptAndPost } from '../support/run-builder.js';
import { binary, type TestApp } from '../support/test-app.js';
import { withTestApp } from '../support/with-test-app.js';

const TOWNSHIP = '巴彦浩特镇';
const OTHER_TOWNSHIP = '吉兰泰镇';

type Village = { id: string; code: string; name: string };
type Grant = { villageId: string; role: string };
const byVillage = (list: Grant[]) => [...list].sort((x, y) => x.villageId.localeCompare(y.villageId));

/** A village of a township with a cadre pair, two households and 2021 books. */
async function bookedVillage(f: Factory, code: string, township: string, incomeYuan: string, expenseYuan: string) {
  const village: Village = await f.village({ code, township, name: `${code}嘎查` });
  const accountant = await f.user('accountant', village.id);
  const cadre = await f.user('cadre', village.id);
  const cadre2 = await f.user('cadre', village.id);
  const households = [await f.household(village.id, cadre.token, 1), await f.household(village.id, cadre.token, 2)];
  await f.income(village.id, accountant.token, incomeYuan);
  await f.expense(village.id, accountant.token, expenseYuan);
  return { village, accountant, cadre, cadre2, households };
}

describe('township: a role per village, and one summary over many villages (e2e)', () => {
  let t: TestApp;
  let f: Factory;
  withTestApp((app, factory) => ([t, f] = [app, factory]));
  let a: Awaited<ReturnType<typeof bookedVillage>>;
  let b: Awaited<ReturnType<typeof bookedVillage>>;
  let c: Awaited<ReturnType<typeof bookedVillage>>;
  let runA: string;

  beforeAll(async () => {
    a = await bookedVillage(f, 'TSA', TOWNSHIP, '100000.00', '250.00');
    b = await bookedVillage(f, 'TSB', TOWNSHIP, '50000.00', '1000.50');
    c = await bookedVillage(f, 'TSC', OTHER_TOWNSHIP, '7.00', '1.00');
    const run = await t
      .as(a.cadre.token)
      .post(`/api/villages/${a.village.id}/dividend-runs`)
      .send({ year: 2021, distribute: { amount: '3000.00' }, basis: 'member', scoring: { mode: 'none' } });
    expect(run.status).toBe(201);
    runA = run.body.id;
    await adoptAndPost(t, runA, { publisher: a.cadre.token, approver: a.cadre2.token });
    const paid = await t.as(a.accountant.token).post(`/api/dividend-runs/${runA}/payments`).send({
      householdId: a.households[0].id,
      amount: '1000.00',
      method: 'bank',
      date: '2026-06-15',
      receiptNo: 'TS-1',
    });
    expect(paid.status).toBe(201);
  });

  const grant = async (userId: string, villageId: string, role?: string) =>
    t
      .as(await t.adminToken())
      .post(`/api/users/${userId}/villages`)
      .send({ villageId, ...(role ? { role } : {}) });
  const income = (token: string, villageId: string, voucherNo: string) =>
    t
      .as(token)
      .post(`/api/villages/${villageId}/income`)
      .send({ date: '2021-05-01', category: '经营收入', amount: '1.00', voucherNo });

  it('gives a user a role per village: accountant in A, a household reader or nobody in B', async () => {
    const user = await f.user('accountant', a.village.id);
    expect((await income(user.token, a.village.id, 'RV-1')).status).toBe(201);
    expect((await income(user.token, b.village.id, 'RV-2')).status).toBe(404); // not theirs
    const granted = await grant(user.id, b.village.id, 'household');
    expect([granted.status, byVillage(granted.body.villages)]).toEqual([
      201,
      byVillage([
        { villageId: a.village.id, role: 'accountant' },
        { villageId: b.village.id, role: 'household' },
      ]),
    ]);
    // The same token: roles are read on every request.
    const refused = await income(user.token, b.village.id, 'RV-3');
    expect([refused.status, refused.body.code]).toEqual([403, 'ROLE_FORBIDDEN']);
    expect((await t.as(user.token).get(`/api/villages/${b.village.id}/households`)).body.items).toEqual([]);
    const pay = await t.as(user.token).post(`/api/dividend-runs/${runA}/payments`).send({
      householdId: a.households[1].id,
      amount: '1.00',
      method: 'bank',
      date: '2026-06-15',
      receiptNo: 'RV-P',
    });
    expect(pay.status).toBe(201); // accountant in A
    expect((await income(user.token, a.village.id, 'RV-4')).status).toBe(201);
    const me = await t.as(user.token).get('/api/auth/me');
    expect(byVillage(me.body.villages)).toEqual(
      byVillage([
        { villageId: a.village.id, role: 'accountant' },
        { villageId: b.village.id, role: 'household' },
      ]),
    );
    // Changing the role in B to cadre: registers yes, books no.
    expect((await grant(user.id, b.village.id, 'cadre')).status).toBe(201);
    expect((await income(user.token, b.village.id, 'RV-5')).status).toBe(403);
    expect((await f.household(b.village.id, user.token, 1)).code).toMatch(/^H/);
    expect((await grant(user.id, b.village.id, 'accountant')).status).toBe(201);
    expect((await income(user.token, b.village.id, 'RV-6')).status).toBe(201);
    await grant(user.id, b.village.id, 'auditor');
    expect(
      (await t.as(user.token).get('/api/audit')).body.items.every(
        (i: { villageId: string }) => i.villageId === b.village.id,
      ),
    ).toBe(true);
    // A run of village A acted on by a user who is a cadre in B only: not theirs.
    const cadreB = await f.user('accountant', b.village.id);
    await grant(cadreB.id, b.village.id, 'cadre');
    await grant(cadreB.id, a.village.id, 'household');
    const reverse = await t.as(cadreB.token).post(`/api/dividend-runs/${runA}/reverse`).send({ reason: '试' });
    expect(reverse.status).toBe(404);
    const fromA = await t.as(cadreB.token).get(`/api/dividend-runs/${runA}`);
    expect(fromA.status).toBe(200); // a household reader in A reads the run, with its own household only
    expect(fromA.body.payouts).toEqual([]);
  });

  it('refuses a role that is not one of a village (400) and keeps a bare second grant a 409', async () => {
    const user = await f.user('scorer', a.village.id);
    for (const role of ['admin', 'boss', null, 3]) {
      const res = await t
        .as(await t.adminToken())
        .post(`/api/users/${user.id}/villages`)
        .send({ villageId: b.village.id, role });
      expect([res.status, JSON.stringify(res.body.message)]).toEqual([400, expect.stringContaining('role')]);
    }
    expect((await grant(user.id, a.village.id)).status).toBe(409);
    expect((await grant(user.id, a.village.id, 'scorer')).status).toBe(201);
    const login = await t.http.post('/api/auth/login').send({ username: user.username, password: USER_PASSWORD });
    expect(login.body.user.role).toBe('scorer');
  });

  it('sums the year per village and in total, in JSON (admin: every village of the township)', async () => {
    const res = await t
      .as(await t.adminToken())
      .get(`/api/townships/${encodeURIComponent(TOWNSHIP)}/summary?year=2021`);
    expect(res.status).toBe(200);
    const headA = (await t.as(a.accountant.token).get(`/api/villages/${a.village.id}/ledger/head`)).body;
    const headB = (await t.as(b.accountant.token).get(`/api/villages/${b.village.id}/ledger/head`)).body;
    const row = (v: Village, money: string[], head: { seq: number; hash: string }) => ({
      villageId: v.id,
      code: v.code,
      name: v.name,
      income: money[0],
      expenses: money[1],
      distributable: money[2],
      pool: money[3],
      paid: money[4],
      unpaid: money[5],
      head: { seq: head.seq, hash: head.hash },
    });
    // Earlier tests added 2021 income: A +2.00 (RV-1, RV-4), B +1.00 (RV-6); and paid 1.00 in A (RV-P).
    expect(res.body).toEqual({
      township: TOWNSHIP,
      year: 2021,
      villages: [
        row(a.village, ['100002.00', '250.00', '99752.00', '3000.00', '1001.00', '1999.00'], headA),
        row(b.village, ['50001.00', '1000.50', '49000.50', '0.00', '0.00', '0.00'], headB),
      ],
      totals: {
        income: '150003.00',
        expenses: '1250.50',
        distributable: '148752.50',
        pool: '3000.00',
        paid: '1001.00',
        unpaid: '1999.00',
        villages: 2,
        entries: headA.seq + headB.seq,
      },
    });
    const empty = await t
      .as(await t.adminToken())
      .get(`/api/townships/${encodeURIComponent(TOWNSHIP)}/summary?year=2020`);
    expect(empty.body.totals).toEqual({
      income: '0.00',
      expenses: '0.00',
      distributable: '0.00',
      pool: '0.00',
      paid: '0.00',
      unpaid: '0.00',
      villages: 2,
      entries: headA.seq + headB.seq,
    });
  });

  it('shows a user only the villages where a role of theirs may read it', async () => {
    const agency = await f.user('accountant', a.village.id);
    await grant(agency.id, c.village.id, 'auditor');
    const mine = await t.as(agency.token).get(`/api/townships/${encodeURIComponent(TOWNSHIP)}/summary?year=2021`);
    expect(mine.body.villages.map((v: Village) => v.code)).toEqual(['TSA']);
    expect(mine.body.totals.income).toBe(mine.body.villages[0].income);
    await grant(agency.id, b.village.id, 'household');
    const still = await t.as(agency.token).get(`/api/townships/${encodeURIComponent(TOWNSHIP)}/summary?year=2021`);
    expect(still.body.villages.map((v: Village) => v.code)).toEqual(['TSA']);
    expect((await t.as(c.accountant.token).get(`/api/townships/${encodeURIComponent(TOWNSHIP)}/summary`)).status).toBe(
      404,
    );
    const household = await f.user('household', undefined, { householdId: a.households[0].id });
    expect((await t.as(household.token).get(`/api/townships/${encodeURIComponent(TOWNSHIP)}/summary`)).status).toBe(
      403,
    );
    expect((await t.as(await t.adminToken()).get('/api/townships/nowhere/summary')).status).toBe(404);
    for (const year of ['1999', 'x', '20211']) {
      expect((await t.as(await t.adminToken()).get(`/api/townships/x/summary?year=${year}`)).status).toBe(400);
    }
    expect((await t.as(await t.adminToken()).get(`/api/townships/x/summary?format=pdf`)).status).toBe(400);
  });

  it('prints the summary as an A4 table with 合计, and as a spreadsheet with Chinese headers and a total row', async () => {
    const url = `/api/townships/${encodeURIComponent(TOWNSHIP)}/summary?year=2021`;
    const html = await t.as(await t.adminToken()).get(`${url}&format=html`);
    expect([html.status, html.headers['content-type']]).toEqual([200, 'text/html; charset=utf-8']);
    expect(html.text).toContain('巴彦浩特镇 2021 年度集体经济汇总表');
    expect(html.text).toContain('size: A4');
    expect(html.text).toMatch(
      /<tr data-testid="totals"><th colspan="3">合计<\/th><th class="num">150,003.00<\/th><th class="num">1,250.50<\/th><th class="num">148,752.50<\/th><th class="num">3,000.00<\/th><th class="num">1,001.00<\/th><th class="num">1,999.00<\/th>/,
    );
    const xlsx = await t
      .as(await t.adminToken())
      .get(`${url}&format=xlsx`)
      .buffer(true)
      .parse(binary);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body);
    const sheet = wb.worksheets[0];
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual([
      '序号',
      '编号',
      '嘎查/村',
      '收入',
      '支出',
      '可分配收益',
      '分红总额',
      '已兑付',
      '未兑付',
      '账本序号',
      '账本哈希',
    ]);
    expect((sheet.getRow(3).values as unknown[]).slice(1, 10)).toEqual([
      1,
      'TSA',
      'TSA嘎查',
      100002,
      250,
      99752,
      3000,
      1001,
      1999,
    ]);
    expect((sheet.getRow(5).values as unknown[]).slice(1, 10)).toEqual([
      '合计',
      '',
      '2 个',
      150003,
      1250.5,
      148752.5,
      3000,
      1001,
      1999,
    ]);
  });
});
