import { describe, expect, it } from '@jest/globals';
import type { Factory } from '../support/factories.js';
import { withTestApp } from '../support/with-test-app.js';
import { rosterCsv } from '../support/roster.js';
import { type TestApp } from '../support/test-app.js';
import { adoptPlan, businessDate, meeting } from '../support/run-builder.js';

describe('dividend runs (e2e)', () => {
  let t: TestApp;
  let f: Factory;
  withTestApp((app, factory) => ([t, f] = [app, factory]));

  it('2021 flat scheme: 183,500.00 to 184 households / 367 people pays 500.00 a member and posts once', async () => {
    const s = await f.staffedVillage();
    const v = s.village.id;
    // 184 households: 183 × 2 members + 1 × 1 = 367 members
    const { csv, members } = rosterCsv(184, [2]);
    const lines = csv.trimEnd().split('\n');
    const oneLess = [...lines.slice(0, -1)].join('\n') + '\n';
    expect(members - 1).toBe(367);
    const imported = await t
      .as(s.accountant.token)
      .post(`/api/villages/${v}/households/import`)
      .attach('file', Buffer.from(oneLess), 'roster.csv');
    expect(imported.status).toBe(201);
    expect(imported.body).toEqual({ households: 184, members: 367 });

    for (const [code, name] of [
      ['LVHUA', '绿化养护'],
      ['TUDI', '土地流转'],
      ['GUANGCHANG', '商业广场租金'],
    ]) {
      await t.as(s.accountant.token).post(`/api/villages/${v}/income-sources`).send({ code, name });
    }
    await f.income(v, s.accountant.token, '250000.00', { sourceCode: 'LVHUA', date: '2021-05-10' });
    await f.income(v, s.accountant.token, '120000.00', {
      sourceCode: 'TUDI',
      date: '2021-08-01',
      category: '其他收入',
    });
    await f.income(v, s.accountant.token, '60000.00', { sourceCode: 'GUANGCHANG', date: '2021-12-20' });
    await f.expense(v, s.accountant.token, '20000.00');

    const created = await t
      .as(s.cadre.token)
      .post(`/api/villages/${v}/dividend-runs`)
      .send({
        year: 2021,
        deductions: [{ name: '防贫保险', amount: '3360.00' }],
        distribute: { amount: '183500.00' },
        basis: 'member',
        scoring: { mode: 'none' },
      });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'draft',
      distributable: '410000.00',
      available: '406640.00',
      pool: '183500.00',
      retained: '223140.00',
      reserve: '0.00',
      guaranteed: [],
    });
    expect(created.body.payouts).toHaveLength(184);
    const amounts = new Set(
      created.body.payouts.map((p: { amount: string; units: string }) => `${p.units}:${p.amount}`),
    );
    expect([...amounts].sort()).toEqual(['1:500.00', '2:1000.00']);

    const id = created.body.id;
    expect(
      (
        await t
          .as(s.cadre.token)
          .post(`/api/dividend-runs/${id}/approve`)
          .send({ resolutionRef: '巴嘎决〔2021〕5号', meeting: meeting(businessDate(t)) })
      ).status,
    ).toBe(403);
    const approved = await adoptPlan(
      t,
      id,
      { publisher: s.cadre.token, approver: s.cadre2.token },
      { resolutionRef: '巴嘎决〔2021〕5号', meeting: { type: '成员代表大会' } },
    );
    expect(approved.status).toBe(200);

    const posts = await Promise.all(
      Array.from({ length: 20 }, () => t.as(s.cadre.token).post(`/api/dividend-runs/${id}/post`)),
    );
    expect(posts.map((p) => p.status).sort()).toEqual([200, ...Array(19).fill(409)]);
    const posted = posts.find((p) => p.status === 200)!.body;
    expect(posted.status).toBe('posted');
    expect(posted.head).toMatch(/^[0-9a-f]{64}$/);

    const run = await t.as(s.auditor.token).get(`/api/dividend-runs/${id}`);
    expect(run.body.status).toBe('posted');
    const codes = run.body.payouts.map((p: { verificationCode: string }) => p.verificationCode);
    expect(new Set(codes).size).toBe(184);
    const first = run.body.payouts[0];
    const verified = await t.http.get(`/api/verify/${first.verificationCode}`);
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({
      valid: true,
      village: s.village.name,
      villageCode: s.village.code,
      year: 2021,
      householdCode: first.householdCode,
      amount: first.amount,
      head: posted.head,
    });
    expect((await t.http.get('/api/verify/ABCD-EFGH-JKMN-PQRS')).status).toBe(404);

    const verify = await t.as(s.auditor.token).get(`/api/villages/${v}/ledger/verify`);
    expect(verify.body).toMatchObject({ ok: true, entries: 5, head: posted.head, headSeq: 5 });

    // A second run for the same year cannot be posted; reversing frees the year.
    const second = await t
      .as(s.cadre.token)
      .post(`/api/villages/${v}/dividend-runs`)
      .send({ year: 2021, distribute: { amount: '1000.00' }, basis: 'member', scoring: { mode: 'none' } });
    await adoptPlan(t, second.body.id, { publisher: s.cadre.token, approver: s.cadre2.token }, { resolutionRef: 'R2' });
    expect((await t.as(s.cadre.token).post(`/api/dividend-runs/${second.body.id}/post`)).status).toBe(409);
    const reversed = await t
      .as(s.cadre.token)
      .post(`/api/dividend-runs/${id}/reverse`)
      .send({ reason: '决议编号错误' });
    expect(reversed.status).toBe(200);
    expect(reversed.body.status).toBe('reversed');
    expect((await t.http.get(`/api/verify/${first.verificationCode}`)).status).toBe(404);
    expect((await t.as(s.cadre.token).post(`/api/dividend-runs/${second.body.id}/post`)).status).toBe(200);
    expect((await t.as(s.auditor.token).get(`/api/villages/${v}/ledger/verify`)).body.ok).toBe(true);
  });

  it('refuses runs the income cannot pay, with the shortfall in yuan, and schemes without weights', async () => {
    const s = await f.staffedVillage();
    const v = s.village.id;
    await f.household(v, s.accountant.token, 2);
    await f.income(v, s.accountant.token, '1000.00');
    const short = await t
      .as(s.cadre.token)
      .post(`/api/villages/${v}/dividend-runs`)
      .send({
        year: 2021,
        deductions: [{ name: '合作医疗', amount: '1200.50' }],
        distribute: { all: true },
        basis: 'member',
        scoring: { mode: 'none' },
      });
    expect(short.status).toBe(422);
    expect(short.body.message).toContain('200.50');
    const above = await t
      .as(s.cadre.token)
      .post(`/api/villages/${v}/dividend-runs`)
      .send({ year: 2021, distribute: { amount: '1000.01' }, basis: 'member', scoring: { mode: 'none' } });
    expect(above.status).toBe(422);
    expect(above.body.message).toContain('0.01');
    const noShares = await t
      .as(s.cadre.token)
      .post(`/api/villages/${v}/dividend-runs`)
      .send({ year: 2021, distribute: { all: true }, basis: 'share', scoring: { mode: 'none' } });
    expect(noShares.status).toBe(422);
    const runs = await t.as(s.cadre.token).get(`/api/villages/${v}/dividend-runs`);
    expect(runs.body.total).toBe(0);
  });

  it('validates the run request field by field', async () => {
    const s = await f.staffedVillage();
    const v = s.village.id;
    const bad = [
      { year: 2021, distribute: { amount: 500 }, basis: 'member', scoring: { mode: 'none' } },
      { year: 2021, distribute: { amount: '1.005' }, basis: 'member', scoring: { mode: 'none' } },
      { year: 2021, distribute: { amount: '5', all: true }, basis: 'member', scoring: { mode: 'none' } },
      { year: 2021, distribute: { all: true }, basis: 'people', scoring: { mode: 'none' } },
      { year: 2021, distribute: { all: true }, basis: 'member', scoring: { mode: 'split', scoreShare: '1' } },
      { year: 2021, distribute: { all: true }, basis: 'member', scoring: { mode: 'tiered' } },
      { year: 1999, distribute: { all: true }, basis: 'member', scoring: { mode: 'none' } },
      { year: 2021, distribute: { all: true }, basis: 'member', scoring: { mode: 'none' }, extra: 1 },
      { year: 2021, reservePercent: '101', distribute: { all: true }, basis: 'member', scoring: { mode: 'none' } },
    ];
    for (const body of bad) {
      const res = await t.as(s.cadre.token).post(`/api/villages/${v}/dividend-runs`).send(body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
  });
});
