import { describe, expect, it } from '@jest/globals';
import type { Factory } from '../support/factories.js';
import { bankReturnCsv } from '../support/payments.js';
import { adoptAndPost, adoptPlan, businessDate, meeting } from '../support/run-builder.js';
import type { TestApp } from '../support/test-app.js';
import { withClockRestored, withTestApp } from '../support/with-test-app.js';

const DAY_MS = 86_400_000;

/** DOMAIN "The plan's lawful course" with CONTRACT "Dividend runs, round 2". */
describe("the plan's lawful course", () => {
  let t: TestApp;
  let f: Factory;
  withTestApp((app, factory) => ([t, f] = [app, factory]));
  // Tokens follow the product clock (8 hours): tests walk into the past and come back, never beyond now.
  withClockRestored(() => t);

  async function village() {
    const s = await f.staffedVillage();
    const v = s.village.id;
    const households = [await f.household(v, s.cadre.token, 2), await f.household(v, s.cadre.token, 1)];
    const draft = (body: Record<string, unknown> = {}) =>
      t
        .as(s.cadre.token)
        .post(`/api/villages/${v}/dividend-runs`)
        .send({ year: 2021, distribute: { all: true }, basis: 'member', scoring: { mode: 'none' }, ...body });
    return { s, v, households, draft };
  }

  const travel = (days: number) => t.clock.set(new Date(t.clock.now().getTime() + days * DAY_MS));

  it('a plan computed before an income was reversed is stale: refused at approve and post, naming the entry', async () => {
    const { s, v, draft } = await village();
    await f.income(v, s.accountant.token, '70000.00', { voucherNo: 'IN-A' });
    const b = await f.income(v, s.accountant.token, '30000.01', { voucherNo: 'IN-B' });
    const run = await draft({ distribute: { amount: '100000.01' } });
    expect(run.body.inputsFingerprint).toMatch(/^[0-9a-f]{64}$/);
    travel(-10);
    expect((await t.as(s.cadre.token).post(`/api/dividend-runs/${run.body.id}/publish`)).status).toBe(200);
    travel(10);
    const reversed = await t
      .as(s.accountant.token)
      .post(`/api/villages/${v}/journal/${b.entryId}/reverse`)
      .send({ reason: '收入记错' });
    expect(reversed.status).toBe(201);
    const approve = await t
      .as(s.cadre2.token)
      .post(`/api/dividend-runs/${run.body.id}/approve`)
      .send({ resolutionRef: 'R', meeting: meeting(businessDate(t)) });
    expect([approve.status, approve.body.code]).toEqual([409, 'PLAN_STALE']);
    expect(approve.body.changes).toEqual([
      {
        kind: 'income',
        distributableBefore: '100000.01',
        distributableAfter: '70000.00',
        entries: [
          {
            seq: reversed.body.seq,
            voucherNo: reversed.body.voucherNo,
            kind: 'reversal',
            date: expect.any(String),
            change: 'added',
            reverses: 'IN-B',
          },
        ],
        message: expect.stringContaining(
          `100000.01 元变为 70000.00 元（新增或冲销凭证 1 张：${reversed.body.voucherNo}（冲销 IN-B））`,
        ),
      },
    ]);
    const still = await t.as(s.cadre.token).get(`/api/dividend-runs/${run.body.id}`);
    expect(still.body.status).toBe('published');
    // Its own inputs still give its figures, but the books no longer do: replay does not call it identical.
    const replay = await t.as(s.auditor.token).get(`/api/dividend-runs/${run.body.id}/replay`);
    expect(replay.body).toMatchObject({ snapshotIntact: true, identical: false, stale: true });
    expect(replay.body.changes).toEqual(approve.body.changes);
    const recompute = await t.as(s.cadre.token).post(`/api/dividend-runs/${run.body.id}/recompute`);
    expect([recompute.status, recompute.body.code]).toEqual([409, 'RUN_NOT_DRAFT']);
    const fresh = await draft({ distribute: { amount: '100000.01' } });
    expect([fresh.status, fresh.body.code]).toEqual([422, 'POOL_ABOVE_AVAILABLE']);
  });

  it('an approved plan is stale at post when households were added since; nothing is booked', async () => {
    const { s, v, draft } = await village();
    await f.income(v, s.accountant.token, '1000.00');
    const run = await draft();
    const id = run.body.id;
    const tokens = { publisher: s.cadre.token, approver: s.cadre2.token };
    expect((await adoptPlan(t, id, tokens)).status).toBe(200);
    expect((await t.as(s.auditor.token).get(`/api/dividend-runs/${id}/replay`)).body).toMatchObject({
      identical: true,
      stale: false,
    });
    for (const code of ['ADD1', 'ADD2', 'ADD3', 'ADD4']) await f.household(v, s.cadre.token, 1, { code });
    const head = (await t.as(s.auditor.token).get(`/api/villages/${v}/ledger/head`)).body;
    const post = await t.as(s.cadre.token).post(`/api/dividend-runs/${id}/post`);
    expect([post.status, post.body.code, post.body.changes.map((c: { kind: string }) => c.kind)]).toEqual([
      409,
      'PLAN_STALE',
      ['register', 'scores', 'shares'],
    ]);
    expect(post.body.changes[0].households).toEqual(
      ['ADD1', 'ADD2', 'ADD3', 'ADD4'].map((householdCode) => ({ householdCode, before: null, after: '1' })),
    );
    expect(post.body.message).toContain('ADD1、ADD2、ADD3、ADD4 的人口数不同');
    expect((await t.as(s.auditor.token).get(`/api/villages/${v}/ledger/head`)).body).toEqual(head);
    expect((await t.as(s.cadre.token).get(`/api/dividend-runs/${id}`)).body.status).toBe('approved');
  });

  it('a household added, a score approved or the charter changed after the draft make it stale; recompute refreshes it', async () => {
    const { s, v, draft } = await village();
    await f.income(v, s.accountant.token, '1000.00');
    const run = await draft();
    const added = await f.household(v, s.cadre.token, 1, { code: 'NEW1' });
    const publish = await t.as(s.cadre.token).post(`/api/dividend-runs/${run.body.id}/publish`);
    expect([publish.status, publish.body.code]).toEqual([409, 'PLAN_STALE']);
    expect(publish.body.changes).toEqual([
      {
        kind: 'register',
        households: [{ householdCode: 'NEW1', before: null, after: '1' }],
        message: expect.stringContaining('NEW1'),
      },
      { kind: 'scores', households: [{ householdCode: 'NEW1', before: null, after: 0 }], message: expect.any(String) },
      {
        kind: 'shares',
        households: [{ householdCode: 'NEW1', before: null, after: '0' }],
        message: expect.any(String),
      },
    ]);
    expect(added.members).toHaveLength(1);
    const recomputed = await t.as(s.cadre.token).post(`/api/dividend-runs/${run.body.id}/recompute`);
    expect(recomputed.status).toBe(200);
    expect(recomputed.body.payouts).toHaveLength(3);
    await t
      .as(await t.adminToken())
      .patch(`/api/villages/${v}/charter`)
      .send({ publicityDays: 7 });
    const afterCharter = await t.as(s.cadre.token).post(`/api/dividend-runs/${run.body.id}/publish`);
    expect([afterCharter.status, afterCharter.body.changes.map((c: { kind: string }) => c.kind)]).toEqual([
      409,
      ['charter'],
    ]);
    expect((await t.as(s.cadre.token).post(`/api/dividend-runs/${run.body.id}/recompute`)).status).toBe(200);
    const published = await t.as(s.cadre.token).post(`/api/dividend-runs/${run.body.id}/publish`);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({
      status: 'published',
      publishedOn: businessDate(t),
      objectionsUntil: businessDate(t, 9),
    });
  });

  it('approval waits for the publicity, the meeting figures and answers to every objection', async () => {
    const { s, v, households, draft } = await village();
    await f.income(v, s.accountant.token, '1000.00');
    const run = await draft();
    const id = run.body.id;
    const approve = (m: Record<string, unknown> | undefined) =>
      t
        .as(s.cadre2.token)
        .post(`/api/dividend-runs/${id}/approve`)
        .send({ resolutionRef: 'R', ...(m ? { meeting: m } : {}) });
    const notPublished = await approve(meeting(businessDate(t)));
    expect([notPublished.status, notPublished.body.code]).toEqual([422, 'PLAN_NOT_PUBLIC_LONG_ENOUGH']);
    const member = await f.user('household', undefined, { householdId: households[0].id });
    const early = await t.as(member.token).post(`/api/dividend-runs/${id}/objections`).send({ reason: '太早' });
    expect([early.status, early.body.code]).toEqual([422, 'PLAN_NOT_PUBLISHED']);

    travel(-10);
    expect((await t.as(s.cadre.token).post(`/api/dividend-runs/${id}/publish`)).status).toBe(200);
    travel(9);
    const nineDays = await approve(meeting(businessDate(t)));
    expect([nineDays.status, nineDays.body.code, nineDays.body.earliest]).toEqual([
      422,
      'PLAN_NOT_PUBLIC_LONG_ENOUGH',
      businessDate(t, 1),
    ]);
    travel(1);
    expect((await approve(undefined)).status).toBe(400);
    const future = await approve(meeting(businessDate(t, 1)));
    expect([future.status, future.body.code]).toEqual([422, 'MEETING_IN_FUTURE']);

    const objection = await t
      .as(member.token)
      .post(`/api/dividend-runs/${id}/objections`)
      .send({ reason: '我家新生儿未计入' });
    expect(objection.status).toBe(201);
    expect(objection.body).toMatchObject({ householdId: households[0].id, status: 'open', answer: null });
    const byCadre = await t.as(s.cadre.token).post(`/api/dividend-runs/${id}/objections`).send({ reason: 'x' });
    const byMember = await t
      .as(member.token)
      .post(`/api/plan-objections/${objection.body.id}/answer`)
      .send({ answer: 'x' });
    expect([byCadre.status, byMember.status]).toEqual([403, 403]);
    const open = await approve(meeting(businessDate(t)));
    expect([open.status, open.body.code]).toEqual([422, 'OBJECTIONS_OPEN']);
    const answered = await t
      .as(s.cadre.token)
      .post(`/api/plan-objections/${objection.body.id}/answer`)
      .send({ answer: '新生儿于基准日后出生，依章程不计入' });
    expect([answered.status, answered.body.status]).toEqual([200, 'answered']);
    const again = await t
      .as(s.cadre.token)
      .post(`/api/plan-objections/${objection.body.id}/answer`)
      .send({ answer: 'x' });
    expect([again.status, again.body.code]).toEqual([409, 'OBJECTION_ANSWERED']);
    const list = await t.as(member.token).get(`/api/dividend-runs/${id}/objections`);
    expect(list.body.items.map((o: { reason: string; status: string }) => [o.reason, o.status])).toEqual([
      ['我家新生儿未计入', 'answered'],
    ]);
    const approved = await approve(meeting(businessDate(t)));
    expect([approved.status, approved.body.status]).toEqual([200, 'approved']);
  });

  it('nothing is paid during the notice; a payment is reversed, then the run; a fully paid run is paid', async () => {
    const { s, v, households, draft } = await village();
    // Received in cash: the payments below are made in cash, and cash cannot go below zero.
    await f.income(v, s.accountant.token, '300.00', { via: 'cash' });
    const run = await draft();
    const id = run.body.id;
    travel(-5);
    expect((await adoptPlan(t, id, { publisher: s.cadre.token, approver: s.cadre2.token })).status).toBe(200);
    const posted = await t.as(s.cadre.token).post(`/api/dividend-runs/${id}/post`);
    expect(posted.status).toBe(200);
    const detail = await t.as(s.cadre.token).get(`/api/dividend-runs/${id}`);
    expect(detail.body.noticeUntil).toBe(businessDate(t, 4));
    const pay = (householdId: string, amount: string, receiptNo: string) =>
      t
        .as(s.accountant.token)
        .post(`/api/dividend-runs/${id}/payments`)
        .send({ householdId, amount, method: 'bank', date: businessDate(t), receiptNo });
    const during = await pay(households[0].id, '200.00', 'P-1');
    expect([during.status, during.body.code, during.body.noticeUntil]).toEqual([
      422,
      'NOTICE_PERIOD_OPEN',
      businessDate(t, 4),
    ]);
    // The bank's return file is refused during the notice too (all or nothing).
    const bankReturn = bankReturnCsv([
      { account: '6228480000000000001', amount: '200.00', status: '成功', serialNo: 'B-1' },
    ]);
    const byBank = await t
      .as(s.accountant.token)
      .post(`/api/dividend-runs/${id}/payments/batch-result`)
      .attach('file', bankReturn, 'return.csv');
    expect([byBank.status, byBank.body.code]).toEqual([422, 'NOTICE_PERIOD_OPEN']);
    travel(5);
    const first = await pay(households[0].id, '200.00', 'P-1');
    expect(first.status).toBe(201);
    const refused = await t.as(s.cadre.token).post(`/api/dividend-runs/${id}/reverse`).send({ reason: '重做' });
    expect([refused.status, refused.body.code]).toEqual([422, 'RUN_HAS_PAYMENTS']);
    expect((await pay(households[1].id, '100.00', 'P-2')).status).toBe(201);
    expect((await t.as(s.auditor.token).get(`/api/dividend-runs/${id}`)).body.status).toBe('paid');

    const payments = (await t.as(s.accountant.token).get(`/api/dividend-runs/${id}/payments`)).body.payments;
    for (const p of payments) {
      const undone = await t
        .as(s.accountant.token)
        .post(`/api/dividend-runs/${id}/payments/${p.id}/reverse`)
        .send({ reason: '公示期内有异议，重新分配' });
      expect([undone.status, undone.body.status]).toEqual([201, 'reversed']);
    }
    const twice = await t
      .as(s.accountant.token)
      .post(`/api/dividend-runs/${id}/payments/${payments[0].id}/reverse`)
      .send({ reason: 'x' });
    expect([twice.status, twice.body.code]).toEqual([409, 'PAYMENT_ALREADY_REVERSED']);
    const state = await t.as(s.accountant.token).get(`/api/dividend-runs/${id}/payments`);
    expect(state.body.items.map((r: { paid: string; status: string }) => [r.paid, r.status])).toEqual([
      ['0.00', 'unpaid'],
      ['0.00', 'unpaid'],
    ]);
    const reversed = await t.as(s.cadre.token).post(`/api/dividend-runs/${id}/reverse`).send({ reason: '重做' });
    expect([reversed.status, reversed.body.status]).toEqual([200, 'reversed']);
    expect((await t.as(s.auditor.token).get(`/api/villages/${v}/ledger/verify`)).body.ok).toBe(true);
  });

  it("the charter's minimum reserve binds and its default scheme applies when scoring is omitted", async () => {
    const { s, v, draft } = await village();
    await f.income(v, s.accountant.token, '1000.00');
    await t
      .as(await t.adminToken())
      .patch(`/api/villages/${v}/charter`)
      .send({ minReservePercent: '10', defaultScheme: 'split', defaultScoreShare: '0.3', planPublicityDays: 15 });
    const low = await draft({ reservePercent: '5' });
    expect([low.status, low.body.code]).toEqual([422, 'RESERVE_BELOW_CHARTER']);
    // The charter's split needs the year's scores: without a rule set, a 422 that says so (never a 500).
    const noRules = await draft({ scoring: undefined });
    expect([noRules.status, noRules.body.code]).toEqual([422, 'RULESET_MISSING']);
    await t
      .as(s.cadre.token)
      .post(`/api/villages/${v}/score-rulesets`)
      .send({ year: 2021, rules: [{ code: 'A', name: '卫生', category: '环境', minPoints: -5, maxPoints: 5 }] });
    const byCharter = await draft({ scoring: undefined });
    expect(byCharter.status).toBe(201);
    expect([byCharter.body.scoring, byCharter.body.reservePercent, byCharter.body.reserve]).toEqual([
      { mode: 'split', scoreShare: '0.3' },
      '10',
      '100.00',
    ]);
    const short = await t
      .as(await t.adminToken())
      .patch(`/api/villages/${v}/charter`)
      .send({ planPublicityDays: 9 });
    expect(short.status).toBe(400);
    const unset = await t
      .as(await t.adminToken())
      .patch(`/api/villages/${v}/charter`)
      .send({ minReservePercent: null });
    expect([unset.status, String(unset.body.message)]).toEqual([400, expect.stringContaining('minReservePercent')]);
    expect((await draft({ scoring: undefined })).body.reservePercent).toBe('10');
    const tokens = { publisher: s.cadre.token, approver: s.cadre2.token };
    const tenDays = await adoptPlan(t, byCharter.body.id, tokens);
    expect([tenDays.status, tenDays.body.code]).toEqual([422, 'PLAN_NOT_PUBLIC_LONG_ENOUGH']);
    const fresh = await draft({ scoring: undefined });
    expect((await adoptAndPost(t, fresh.body.id, tokens, { planDays: 15 })).status).toBe(200);
  });
});
