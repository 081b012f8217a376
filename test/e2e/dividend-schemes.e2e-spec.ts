import { describe, expect, it } from '@jest/globals';
import type { Factory } from '../support/factories.js';
import { withTestApp } from '../support/with-test-app.js';
import { postedFlatRun } from '../support/run-builder.js';
import { type TestApp } from '../support/test-app.js';
import { adoptAndPost, businessDate, meeting } from '../support/run-builder.js';

describe('dividend schemes, approval rules, payments, comparison (e2e)', () => {
  let t: TestApp;
  let f: Factory;
  withTestApp((app, factory) => ([t, f] = [app, factory]));

  async function scoredVillage() {
    const s = await f.staffedVillage();
    const v = s.village.id;
    const hs = [
      await f.household(v, s.cadre.token, 2),
      await f.household(v, s.cadre.token, 1),
      await f.household(v, s.cadre.token, 1),
    ];
    await t
      .as(s.cadre.token)
      .post(`/api/villages/${v}/score-rulesets`)
      .send({
        year: 2022,
        baseScore: 100,
        rules: [{ code: 'A', name: '卫生', category: '环境卫生', minPoints: -100, maxPoints: 100 }],
      });
    const points = [20, -40, 0];
    for (const [i, h] of hs.entries()) {
      if (!points[i]) continue;
      const e = await t
        .as(s.scorer.token)
        .post(`/api/villages/${v}/score-events`)
        .send({ householdId: h.id, ruleCode: 'A', points: points[i], date: '2022-03-01', evidence: '评议' });
      await t.as(s.scorer2.token).post(`/api/score-events/${e.body.id}/approve`);
    }
    await f.income(v, s.accountant.token, '10000.00', { date: '2022-05-01' });
    // the scores were published in January 2023 (windows cannot be backdated: open it on that day)
    const now = t.clock.now();
    t.clock.set(new Date('2023-01-01T08:00:00.000Z'));
    const window = await t
      .as(s.cadre.token)
      .post(`/api/villages/${v}/score-publicity`)
      .send({ year: 2022, startDate: '2023-01-01', endDate: '2023-01-05' });
    t.clock.set(now);
    expect(window.status).toBe(201);
    return { ...s, v, hs };
  }

  it('split: 30% by score, the rest by members, each part exact', async () => {
    const s = await scoredVillage();
    const run = await t
      .as(s.cadre.token)
      .post(`/api/villages/${s.v}/dividend-runs`)
      .send({
        year: 2022,
        reservePercent: '10',
        distribute: { all: true },
        basis: 'member',
        scoring: { mode: 'split', scoreShare: '0.3' },
      });
    expect(run.status).toBe(201);
    // D 10,000.00; reserve 1,000.00; pool 9,000.00 → score pot 2,700.00, base 6,300.00
    expect(run.body).toMatchObject({ reserve: '1000.00', pool: '9000.00', poolScore: '2700.00', poolBase: '6300.00' });
    // base by members 2:1:1 → 3150, 1575, 1575; score weights 2×120=240, 1×60=60, 1×100=100 (Σ400) → 1620, 405, 675
    expect(
      run.body.payouts.map((p: { amount: string; score: number; baseAmount: string; scoreAmount: string }) => [
        p.score,
        p.baseAmount,
        p.scoreAmount,
        p.amount,
      ]),
    ).toEqual([
      [120, '3150.00', '1620.00', '4770.00'],
      [60, '1575.00', '405.00', '1980.00'],
      [100, '1575.00', '675.00', '2250.00'],
    ]);
    expect(run.body.warnings.map((w: { code: string }) => w.code)).toEqual([]);
  });

  it('proportional and tiered carry the legal warning naming the households they cut', async () => {
    const s = await scoredVillage();
    const prop = await t
      .as(s.cadre.token)
      .post(`/api/villages/${s.v}/dividend-runs`)
      .send({ year: 2022, distribute: { amount: '4000.00' }, basis: 'member', scoring: { mode: 'proportional' } });
    expect(prop.body.payouts.map((p: { amount: string }) => p.amount)).toEqual(['2400.00', '600.00', '1000.00']);
    const warning = prop.body.warnings.find((w: { code: string }) => w.code === 'SCORE_CUTS_SHARE_DIVIDEND');
    expect(warning.householdCodes).toEqual([s.hs[1].code]);
    const tiered = await t
      .as(s.cadre.token)
      .post(`/api/villages/${s.v}/dividend-runs`)
      .send({
        year: 2022,
        distribute: { amount: '1000.00' },
        basis: 'member',
        scoring: {
          mode: 'tiered',
          tiers: [
            { minScore: 0, factor: '0' },
            { minScore: 90, factor: '1' },
          ],
        },
      });
    expect(tiered.body.payouts.map((p: { amount: string; factor: string }) => [p.factor, p.amount])).toEqual([
      ['1', '666.67'],
      ['0', '0.00'],
      ['1', '333.33'],
    ]);
    expect(
      tiered.body.warnings.find((w: { code: string }) => w.code === 'SCORE_CUTS_SHARE_DIVIDEND').householdCodes,
    ).toEqual([s.hs[1].code]);
    const charter = await t
      .as(await t.adminToken())
      .patch(`/api/villages/${s.v}/charter`)
      .send({ minReservePercent: '15' });
    expect(charter.status).toBe(200);
    const low = await t
      .as(s.cadre.token)
      .post(`/api/villages/${s.v}/dividend-runs`)
      .send({ year: 2022, reservePercent: '5', distribute: { all: true }, basis: 'member', scoring: { mode: 'none' } });
    expect([low.status, low.body.code, low.body.minReservePercent]).toEqual([422, 'RESERVE_BELOW_CHARTER', '15']);
    const byCharter = await t
      .as(s.cadre.token)
      .post(`/api/villages/${s.v}/dividend-runs`)
      .send({ year: 2022, distribute: { all: true }, basis: 'member' });
    expect([byCharter.status, byCharter.body.reservePercent, byCharter.body.scoring]).toEqual([
      201,
      '15',
      { mode: 'none' },
    ]);
  });

  it('share basis with guaranteed capital dividend paid first', async () => {
    const s = await f.staffedVillage();
    const v = s.village.id;
    const a = await f.household(v, s.cadre.token, 1);
    const b = await f.household(v, s.cadre.token, 1);
    await t
      .as(s.cadre.token)
      .post(`/api/villages/${v}/share-classes`)
      .send({ code: 'RK', name: '人口股', kind: 'member' });
    await t
      .as(s.cadre.token)
      .post(`/api/villages/${v}/share-classes`)
      .send({ code: 'ZJ', name: '资金股', kind: 'capital', guaranteedRate: '0.08' });
    await t
      .as(s.cadre.token)
      .post(`/api/villages/${v}/holdings`)
      .send({ householdId: a.id, shareClassCode: 'RK', quantity: '1.5' });
    await t
      .as(s.cadre.token)
      .post(`/api/villages/${v}/holdings`)
      .send({ householdId: b.id, shareClassCode: 'RK', quantity: '0.5' });
    await t
      .as(s.cadre.token)
      .post(`/api/villages/${v}/holdings`)
      .send({ externalHolder: '旗扶贫资金', shareClassCode: 'ZJ', quantity: '1', capitalAmount: '1250000.00' });
    await f.income(v, s.accountant.token, '110000.00');
    const run = await t
      .as(s.cadre.token)
      .post(`/api/villages/${v}/dividend-runs`)
      .send({ year: 2021, distribute: { all: true }, basis: 'share', scoring: { mode: 'none' } });
    expect(run.body).toMatchObject({
      guaranteed: [{ holder: '旗扶贫资金', amount: '100000.00' }],
      available: '10000.00',
      pool: '10000.00',
    });
    expect(run.body.payouts.map((p: { units: string; amount: string }) => [p.units, p.amount])).toEqual([
      ['1.5', '7500.00'],
      ['0.5', '2500.00'],
    ]);
  });

  it('a household without counted members gets 0.00 and is named in a warning; every household is listed', async () => {
    const s = await f.staffedVillage();
    const v = s.village.id;
    const a = await f.household(v, s.cadre.token, 2);
    const empty = await f.household(v, s.cadre.token, 0, { members: [] });
    const outsider = await f.household(v, s.cadre.token, 1, {
      members: [{ name: '李四', relation: '配偶', isMember: false }],
    });
    await f.income(v, s.accountant.token, '100.00');
    const run = await t
      .as(s.cadre.token)
      .post(`/api/villages/${v}/dividend-runs`)
      .send({ year: 2021, distribute: { all: true }, basis: 'member', scoring: { mode: 'none' } });
    expect(
      run.body.payouts.map((p: { householdCode: string; units: string; amount: string }) => [
        p.householdCode,
        p.units,
        p.amount,
      ]),
    ).toEqual([
      [a.code, '2', '100.00'],
      [empty.code, '0', '0.00'],
      [outsider.code, '0', '0.00'],
    ]);
    const codes = Object.fromEntries(
      run.body.warnings.map((w: { code: string; householdCodes?: string[] }) => [w.code, w.householdCodes]),
    );
    expect(codes).toMatchObject({ ZERO_UNITS: [empty.code, outsider.code], NON_MEMBERS_EXCLUDED: [outsider.code] });
    await adoptAndPost(t, run.body.id, { publisher: s.cadre.token, approver: s.cadre2.token });
    const posted = await t.as(s.auditor.token).get(`/api/dividend-runs/${run.body.id}`);
    expect(posted.body.payouts.map((p: { verificationCode?: string }) => typeof p.verificationCode)).toEqual([
      'string',
      'undefined',
      'undefined',
    ]);
  });

  it('approval checks the 2/3 rules of the 2024 law', async () => {
    const s = await scoredVillage();
    const run = await t
      .as(s.cadre.token)
      .post(`/api/villages/${s.v}/dividend-runs`)
      .send({ year: 2022, distribute: { all: true }, basis: 'member', scoring: { mode: 'none' } });
    t.clock.set(new Date(t.clock.now().getTime() - 10 * 86_400_000));
    expect((await t.as(s.cadre.token).post(`/api/dividend-runs/${run.body.id}/publish`)).status).toBe(200);
    t.clock.set(new Date(t.clock.now().getTime() + 10 * 86_400_000));
    const approve = (m: Record<string, unknown>) =>
      t
        .as(s.cadre2.token)
        .post(`/api/dividend-runs/${run.body.id}/approve`)
        .send({ resolutionRef: 'R-1', meeting: meeting(businessDate(t), m) });
    expect((await approve({ eligible: 30, present: 19, inFavour: 19 })).status).toBe(422); // quorum 20
    expect((await approve({ eligible: 30, present: 30, inFavour: 19 })).status).toBe(422); // 2/3 of all = 20
    expect((await approve({ eligible: 30, present: 31, inFavour: 20 })).status).toBe(400);
    expect((await t.as(s.cadre2.token).post(`/api/dividend-runs/${run.body.id}/approve`).send({})).status).toBe(400);
    expect(
      (await t.as(s.scorer.token).post(`/api/dividend-runs/${run.body.id}/approve`).send({ resolutionRef: 'R-1' }))
        .status,
    ).toBe(403);
    expect((await t.as(s.cadre.token).post(`/api/dividend-runs/${run.body.id}/post`)).status).toBe(409); // not approved
    expect((await approve({ eligible: 30, present: 20, inFavour: 20 })).status).toBe(200);
    expect((await approve({ eligible: 30, present: 20, inFavour: 20 })).status).toBe(409);
    expect((await t.as(s.cadre.token).post(`/api/dividend-runs/${run.body.id}/recompute`)).status).toBe(409);
    expect((await t.as(s.cadre.token).post(`/api/dividend-runs/${run.body.id}/post`)).status).toBe(200);
  });

  it('payments: journal entry per payment, none above what is owed, list of unpaid', async () => {
    const r = await postedFlatRun(f, [3, 1], '2000.00');
    const [h1, h2] = r.households;
    // The cash to pay with, drawn from the bank (a general voucher): cash cannot go below zero.
    const draw = await t
      .as(r.accountant.token)
      .post(`/api/villages/${r.v}/journal`)
      .send({
        date: '2026-06-15',
        voucherNo: '转-提现',
        memo: '提取备用金',
        lines: [
          { accountCode: '101', debit: '1500.00' },
          { accountCode: '102', credit: '1500.00' },
        ],
      });
    expect(draw.status).toBe(201);
    const pay = (householdId: string, amount: string) =>
      t
        .as(r.accountant.token)
        .post(`/api/dividend-runs/${r.runId}/payments`)
        .send({ householdId, amount, method: 'bank', date: '2026-06-15', receiptNo: `R-${amount}` });
    expect((await pay(h1.id, '1000.00')).body).toMatchObject({ paid: '1000.00', owed: '500.00' });
    const over = await pay(h1.id, '500.01');
    expect(over.status).toBe(422);
    expect(over.body.message).toContain('500.00');
    expect((await pay(h1.id, '500.00')).status).toBe(201);
    expect(
      (
        await t
          .as(r.cadre.token)
          .post(`/api/dividend-runs/${r.runId}/payments`)
          .send({ householdId: h2.id, amount: '1.00', method: 'cash', date: '2026-06-15', receiptNo: 'x' })
      ).status,
    ).toBe(403);
    const list = await t.as(r.auditor.token).get(`/api/dividend-runs/${r.runId}/payments`);
    expect(list.body.unpaid).toEqual([h2.code]);
    expect((await t.as(r.cadre.token).post(`/api/dividend-runs/${r.runId}/reverse`).send({ reason: 'x' })).status).toBe(
      422,
    );
    expect((await t.as(r.auditor.token).get(`/api/villages/${r.v}/ledger/verify`)).body).toMatchObject({
      ok: true,
      entries: 5,
    });
  });

  it('compares drafts, deletes a draft, and replays a run byte-identically from its snapshot', async () => {
    const s = await scoredVillage();
    const mk = (scoring: Record<string, unknown>) =>
      t
        .as(s.cadre.token)
        .post(`/api/villages/${s.v}/dividend-runs`)
        .send({ year: 2022, distribute: { amount: '4000.00' }, basis: 'member', scoring });
    const flat = await mk({ mode: 'none' });
    const split = await mk({ mode: 'split', scoreShare: '0.5' });
    const c = await t.as(s.auditor.token).get(`/api/dividend-runs/compare?ids=${flat.body.id},${split.body.id}`);
    expect(c.status).toBe(200);
    expect(c.body.runs[0]).toMatchObject({ min: '1000.00', median: '1000.00', max: '2000.00' });
    expect(c.body.runs[1].gainVsFirst + c.body.runs[1].loseVsFirst).toBeGreaterThan(0);
    expect(c.body.households).toHaveLength(3);
    const replay = await t.as(s.auditor.token).get(`/api/dividend-runs/${split.body.id}/replay`);
    expect(replay.body).toMatchObject({ snapshotIntact: true, identical: true });
    expect((await t.as(s.cadre.token).delete(`/api/dividend-runs/${flat.body.id}`)).status).toBe(200);
    expect((await t.as(s.auditor.token).get(`/api/dividend-runs/${flat.body.id}`)).status).toBe(404);
  });
});
