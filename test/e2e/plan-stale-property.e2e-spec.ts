import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { Factory } from '../support/factories.js';
import { adoptPlan, businessDate, meeting } from '../support/run-builder.js';
import type { TestApp } from '../support/test-app.js';
import { withClockRestored, withTestApp } from '../support/with-test-app.js';

const DAY_MS = 86_400_000;
const RULES = [{ code: 'WS', name: '庭院整洁', category: '环境卫生', minPoints: -10, maxPoints: 10 }];
type Kind = 'income' | 'register' | 'scores' | 'shares';
type Stage = 'publish' | 'approve' | 'post';

/** One change to one row a plan depends on, made over HTTP as a village would: its kind in PLAN_STALE. */
const mutation = fc.oneof(
  fc.record({ row: fc.constant('income posted'), amount: fc.integer({ min: 1, max: 99_999 }) }),
  fc.record({ row: fc.constant('expense posted'), amount: fc.integer({ min: 1, max: 99_999 }) }),
  fc.record({ row: fc.constant('income reversed'), amount: fc.constant(0) }),
  fc.record({ row: fc.constant('member born'), amount: fc.constant(0) }),
  fc.record({ row: fc.constant('member deceased'), amount: fc.constant(0) }),
  fc.record({ row: fc.constant('household added'), amount: fc.constant(0) }),
  fc.record({ row: fc.constant('score approved'), amount: fc.integer({ min: -10, max: 10 }).filter((p) => p !== 0) }),
  fc.record({ row: fc.constant('holding issued'), amount: fc.integer({ min: 1, max: 9 }) }),
);
const KIND: Record<string, Kind> = {
  'income posted': 'income',
  'expense posted': 'income',
  'income reversed': 'income',
  'member born': 'register',
  'member deceased': 'register',
  'household added': 'register',
  'score approved': 'scores',
  'holding issued': 'shares',
};

/** CONTRACT "Dividend runs, round 2": any change between draft and post is caught at the next step. */
describe('a plan is stale after any change to what it depends on (property, over HTTP)', () => {
  let t: TestApp;
  let f: Factory;
  withTestApp((app, factory) => ([t, f] = [app, factory]));
  withClockRestored(() => t);

  async function village(sizes: number[]) {
    const s = await f.staffedVillage();
    const v = s.village.id;
    const households = [];
    for (const size of sizes) households.push(await f.household(v, s.cadre.token, size));
    const cadre = t.as(s.cadre.token);
    await cadre.post(`/api/villages/${v}/score-rulesets`).send({ year: 2021, baseScore: 100, rules: RULES });
    await cadre.post(`/api/villages/${v}/share-classes`).send({ code: 'RK', name: '人口股', kind: 'member' });
    for (const h of households) {
      await cadre.post(`/api/villages/${v}/holdings`).send({ householdId: h.id, shareClassCode: 'RK', quantity: '1' });
    }
    const income = await f.income(v, s.accountant.token, '50000.00');
    return { s, v, households, incomeEntryId: income.entryId };
  }

  async function mutate(
    ctx: Awaited<ReturnType<typeof village>>,
    m: { row: string; amount: number },
    target: number,
  ): Promise<void> {
    const { s, v } = ctx;
    const h = ctx.households[target % ctx.households.length];
    const yuan = `${m.amount}.00`;
    const res = await {
      'income posted': () => f.income(v, s.accountant.token, yuan).then(() => ({ status: 201 })),
      'expense posted': () => f.expense(v, s.accountant.token, yuan).then(() => ({ status: 201 })),
      'income reversed': () =>
        t
          .as(s.accountant.token)
          .post(`/api/villages/${v}/journal/${ctx.incomeEntryId}/reverse`)
          .send({ reason: '记错' }),
      'member born': () =>
        t
          .as(s.cadre.token)
          .post(`/api/villages/${v}/households/${h.id}/members`)
          .send({ name: '新生儿', relation: '子女', date: '2021-03-01', reason: 'birth' }),
      'member deceased': () =>
        t
          .as(s.cadre.token)
          .patch(`/api/villages/${v}/households/${h.id}/members/${h.members[0].id}`)
          .send({ status: 'deceased', date: '2021-05-01' }),
      'household added': () => f.household(v, s.cadre.token, 1).then(() => ({ status: 201 })),
      'score approved': async () => {
        const event = await t
          .as(s.scorer.token)
          .post(`/api/villages/${v}/score-events`)
          .send({ householdId: h.id, ruleCode: 'WS', points: m.amount, date: '2021-05-01', evidence: '评议' });
        return t.as(s.scorer2.token).post(`/api/score-events/${event.body.id}/approve`);
      },
      'holding issued': () =>
        t
          .as(s.cadre.token)
          .post(`/api/villages/${v}/holdings`)
          .send({ householdId: h.id, shareClassCode: 'RK', quantity: String(m.amount) }),
    }[m.row]!();
    expect([m.row, res.status < 300]).toEqual([m.row, true]);
  }

  /** Walks the course up to `stage`, changes one row, then takes that step: refused, nothing changed. */
  async function staleAt(stage: Stage, m: { row: string; amount: number }, sizes: number[], target: number) {
    const ctx = await village(sizes);
    const { s, v } = ctx;
    const run = await t
      .as(s.cadre.token)
      .post(`/api/villages/${v}/dividend-runs`)
      .send({ year: 2021, distribute: { all: true }, basis: 'member', scoring: { mode: 'none' } });
    expect(run.status).toBe(201);
    const id = run.body.id;
    const now = t.clock.now();
    if (stage === 'approve') {
      t.clock.set(new Date(now.getTime() - 10 * DAY_MS));
      expect((await t.as(s.cadre.token).post(`/api/dividend-runs/${id}/publish`)).status).toBe(200);
      t.clock.set(now);
    }
    if (stage === 'post') {
      expect((await adoptPlan(t, id, { publisher: s.cadre.token, approver: s.cadre2.token })).status).toBe(200);
    }
    const before = (await t.as(s.auditor.token).get(`/api/dividend-runs/${id}`)).body.status;
    await mutate(ctx, m, target);
    const head = (await t.as(s.auditor.token).get(`/api/villages/${v}/ledger/head`)).body;
    const step =
      stage === 'approve'
        ? t
            .as(s.cadre2.token)
            .post(`/api/dividend-runs/${id}/approve`)
            .send({ resolutionRef: 'R', meeting: meeting(businessDate(t)) })
        : t.as(s.cadre.token).post(`/api/dividend-runs/${id}/${stage}`);
    const res = await step;
    expect([stage, m.row, res.status, res.body.code]).toEqual([stage, m.row, 409, 'PLAN_STALE']);
    expect(res.body.changes.map((c: { kind: string }) => c.kind)).toContain(KIND[m.row]);
    expect((await t.as(s.auditor.token).get(`/api/dividend-runs/${id}`)).body.status).toBe(before);
    expect((await t.as(s.auditor.token).get(`/api/villages/${v}/ledger/head`)).body).toEqual(head);
  }

  it('any change to a posted-income, register, score or share row between draft and post is refused', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<Stage>('publish', 'approve', 'post'),
        mutation,
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }),
        fc.nat(),
        (stage, m, sizes, target) => staleAt(stage, m, sizes, target),
      ),
      { numRuns: 24 },
    );
  }, 300_000);
});
