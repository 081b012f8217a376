import { afterEach, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { computeScorecards } from '../../src/scoring/score.js';
import type { Factory } from '../support/factories.js';
import { withTestApp } from '../support/with-test-app.js';
import { TEST_NOW, type TestApp } from '../support/test-app.js';

const RULES = [
  { code: 'WS', name: '庭院整洁', category: '环境卫生', minPoints: -10, maxPoints: 10 },
  { code: 'ZL', name: '孝老爱亲', category: '尊老爱幼', minPoints: 0, maxPoints: 20 },
  { code: 'LL', name: '邻里纠纷', category: '邻里和睦', minPoints: -30, maxPoints: 0, capPerYear: 40 },
];

describe('scoring (e2e)', () => {
  let t: TestApp;
  let f: Factory;
  withTestApp((app, factory) => ([t, f] = [app, factory]));
  afterEach(() => t.clock.set(new Date(TEST_NOW)));

  async function setup() {
    const s = await f.staffedVillage();
    const v = s.village.id;
    const rs = await t
      .as(s.cadre.token)
      .post(`/api/villages/${v}/score-rulesets`)
      .send({ year: 2022, baseScore: 100, rules: RULES });
    expect(rs.status).toBe(201);
    const h1 = await f.household(v, s.cadre.token, 2);
    const h2 = await f.household(v, s.cadre.token, 1);
    return { ...s, v, h1, h2 };
  }

  it('records pending events, approves by another person, and the scorecard equals base + approved', async () => {
    const s = await setup();
    const ev = (householdId: string, ruleCode: string, points: number) =>
      t
        .as(s.scorer.token)
        .post(`/api/villages/${s.v}/score-events`)
        .send({ householdId, ruleCode, points, date: '2022-05-01', evidence: '村民小组评议' });
    const e1 = await ev(s.h1.id, 'WS', 8);
    expect([e1.status, e1.body.status]).toEqual([201, 'pending']);
    const e2 = await ev(s.h1.id, 'ZL', 15);
    const e3 = await ev(s.h2.id, 'LL', -30);
    const e4 = await ev(s.h2.id, 'WS', 5);
    expect((await t.as(s.scorer.token).post(`/api/score-events/${e1.body.id}/approve`)).status).toBe(403);
    for (const e of [e1, e2, e3]) {
      expect((await t.as(s.scorer2.token).post(`/api/score-events/${e.body.id}/approve`)).status).toBe(200);
    }
    expect(
      (await t.as(s.cadre.token).post(`/api/score-events/${e4.body.id}/reject`).send({ reason: '证据不足' })).status,
    ).toBe(200);
    expect((await t.as(s.cadre.token).post(`/api/score-events/${e1.body.id}/approve`)).status).toBe(409);
    const cards = await t.as(s.auditor.token).get(`/api/villages/${s.v}/scorecards?year=2022`);
    expect(cards.status).toBe(200);
    expect(
      cards.body.map((c: { householdCode: string; score: number; breakdown: unknown; rank: number }) => [
        c.householdCode,
        c.score,
        c.breakdown,
        c.rank,
      ]),
    ).toEqual([
      [
        s.h1.code,
        123,
        [
          { ruleCode: 'WS', points: 8 },
          { ruleCode: 'ZL', points: 15 },
        ],
        1,
      ],
      [s.h2.code, 70, [{ ruleCode: 'LL', points: -30 }], 2],
    ]);
  });

  it('refuses out-of-range points, years without rules, unknown rules and households, other villages — changing nothing', async () => {
    const s = await setup();
    const other = await f.village();
    const otherCadre = await f.user('cadre', other.id);
    const base = { householdId: s.h1.id, ruleCode: 'WS', points: 5, date: '2022-05-01', evidence: '评议' };
    const cases: [Record<string, unknown>, number][] = [
      [{ ...base, points: 11 }, 422],
      [{ ...base, points: -11 }, 422],
      [{ ...base, date: '2021-12-31' }, 422],
      [{ ...base, ruleCode: 'NOPE' }, 422],
      [{ ...base, householdId: '00000000-0000-4000-8000-000000000000' }, 404],
      [{ ...base, points: 1.5 }, 400],
      [{ ...base, evidence: '' }, 400],
      [{ ...base, date: '2022-02-30' }, 400],
    ];
    for (const [body, status] of cases) {
      const res = await t.as(s.scorer.token).post(`/api/villages/${s.v}/score-events`).send(body);
      expect({ body, status: res.status }).toEqual({ body, status });
    }
    expect((await t.as(otherCadre.token).post(`/api/villages/${s.v}/score-events`).send(base)).status).toBe(404);
    const e = await t.as(s.scorer.token).post(`/api/villages/${s.v}/score-events`).send(base);
    expect((await t.as(otherCadre.token).post(`/api/score-events/${e.body.id}/approve`)).status).toBe(404);
    expect((await t.as(s.accountant.token).post(`/api/villages/${s.v}/score-events`).send(base)).status).toBe(403);
    const list = await t.as(s.auditor.token).get(`/api/villages/${s.v}/score-events?year=2022`);
    expect(list.body.total).toBe(1);
    // yearly cap: -30 then -20 passes the range but not the 40-point cap
    await t
      .as(s.scorer.token)
      .post(`/api/villages/${s.v}/score-events`)
      .send({ ...base, ruleCode: 'LL', points: -30 });
    expect(
      (
        await t
          .as(s.scorer.token)
          .post(`/api/villages/${s.v}/score-events`)
          .send({ ...base, ruleCode: 'LL', points: 0 })
      ).status,
    ).toBe(201);
  });

  it('bulk entry is all-or-nothing with errors by index', async () => {
    const s = await setup();
    const good = { householdId: s.h1.id, ruleCode: 'WS', points: 3, date: '2022-06-01', evidence: '评议会' };
    const refused = await t
      .as(s.scorer.token)
      .post(`/api/villages/${s.v}/score-events/bulk`)
      .send({ events: [good, { ...good, points: 99 }, { ...good, ruleCode: 'X' }] });
    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((e: { index: number; field: string }) => [e.index, e.field])).toEqual([
      [1, 'points'],
      [2, 'ruleCode'],
    ]);
    expect((await t.as(s.auditor.token).get(`/api/villages/${s.v}/score-events`)).body.total).toBe(0);
    const ok = await t
      .as(s.scorer.token)
      .post(`/api/villages/${s.v}/score-events/bulk`)
      .send({ events: [good, { ...good, householdId: s.h2.id }] });
    expect([ok.status, ok.body.created]).toEqual([201, 2]);
    const csv = `户编号,规则编号,分值,日期,依据\n${s.h1.code},ZL,10,2022-07-01,照顾老人\n${s.h2.code},ZL,50,2022-07-01,超范围\n`;
    const imported = await t
      .as(s.scorer.token)
      .post(`/api/villages/${s.v}/score-events/import`)
      .attach('file', Buffer.from(csv), 'scores.csv');
    expect(imported.status).toBe(422);
    expect(imported.body.errors).toEqual([{ row: 3, field: 'points', message: expect.any(String) }]);
  });

  it('objections only inside the publicity window; upheld voids by a counter-event', async () => {
    const s = await setup();
    const household = await f.user('household', undefined, { householdId: s.h1.id });
    const e = await t
      .as(s.scorer.token)
      .post(`/api/villages/${s.v}/score-events`)
      .send({ householdId: s.h1.id, ruleCode: 'WS', points: -10, date: '2022-05-01', evidence: '垃圾乱堆' });
    await t.as(s.scorer2.token).post(`/api/score-events/${e.body.id}/approve`);
    expect(
      (await t.as(household.token).post(`/api/score-events/${e.body.id}/objections`).send({ reason: '已清理' })).status,
    ).toBe(422);
    // a window opened on 2026-06-05 that ended on 06-11 (the clock is moved back for it), then a second round
    // that is open today, 2026-06-15
    t.clock.set(new Date('2026-06-05T08:00:00.000Z'));
    const first = await t
      .as(s.cadre.token)
      .post(`/api/villages/${s.v}/score-publicity`)
      .send({ year: 2022, startDate: '2026-06-05', endDate: '2026-06-11' });
    t.clock.set(new Date(TEST_NOW));
    expect(first.status).toBe(201);
    expect(
      (await t.as(household.token).post(`/api/score-events/${e.body.id}/objections`).send({ reason: '已清理' })).status,
    ).toBe(422);
    const window = await t
      .as(s.cadre.token)
      .post(`/api/villages/${s.v}/score-publicity`)
      .send({ year: 2022, startDate: '2026-06-15' });
    expect([window.body.round, window.body.endDate]).toEqual([2, '2026-06-19']);
    const objection = await t
      .as(household.token)
      .post(`/api/score-events/${e.body.id}/objections`)
      .send({ reason: '已清理' });
    expect(objection.status).toBe(201);
    const run = await t
      .as(s.cadre.token)
      .post(`/api/villages/${s.v}/dividend-runs`)
      .send({ year: 2022, distribute: { all: true }, basis: 'member', scoring: { mode: 'split', scoreShare: '0.2' } });
    expect(run.status).toBe(201);
    expect(run.body.warnings.map((w: { code: string }) => w.code)).toContain('SCORES_NOT_FINAL');
    expect(
      (await t.as(s.cadre.token).post(`/api/objections/${objection.body.id}/uphold`).send({ reason: '核实已整改' }))
        .status,
    ).toBe(200);
    const cards = await t.as(household.token).get(`/api/villages/${s.v}/scorecards?year=2022`);
    expect(cards.body).toHaveLength(1);
    expect(cards.body[0].score).toBe(100);
    expect((await t.as(household.token).get(`/api/villages/${s.v}/households/${s.h2.id}`)).status).toBe(404);
  });

  it('scorecards equal an independent recomputation for random event sequences', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200 }),
        fc.array(
          fc.record({
            h: fc.integer({ min: 0, max: 4 }),
            rule: fc.constantFrom('A', 'B', 'C'),
            points: fc.integer({ min: -50, max: 50 }),
          }),
          { maxLength: 60 },
        ),
        (base, events) => {
          const ids = ['h0', 'h1', 'h2', 'h3', 'h4'];
          const cards = computeScorecards(
            base,
            ids,
            events.map((e) => ({
              householdId: ids[e.h],
              ruleCode: e.rule,
              category: `cat-${e.rule}`,
              points: e.points,
            })),
          );
          for (const [i, id] of ids.entries()) {
            const mine = events.filter((e) => e.h === i);
            const total = mine.reduce((s, e) => s + e.points, 0);
            expect(cards.get(id)!.score).toBe(Math.max(0, base + total));
            for (const rule of ['A', 'B', 'C']) {
              const sum = mine.filter((e) => e.rule === rule).reduce((s, e) => s + e.points, 0);
              const found = cards.get(id)!.breakdown.find((b) => b.ruleCode === rule);
              expect(found?.points ?? 0).toBe(mine.some((e) => e.rule === rule) ? sum : 0);
            }
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
