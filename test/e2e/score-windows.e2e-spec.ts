import { beforeEach, describe, expect, it } from '@jest/globals';
import type { Factory } from '../support/factories.js';
import { TEST_NOW, type TestApp } from '../support/test-app.js';
import { withTestApp } from '../support/with-test-app.js';

const RULES = [{ code: 'WS', name: '庭院整洁', category: '环境卫生', minPoints: -10, maxPoints: 10 }];
/** Noon in Beijing (04:00 UTC) of a business date. */
const day = (date: string) => new Date(`${date}T04:00:00.000Z`);

describe('score publicity windows (e2e): not shortened, backdated or replaced; scores final after the close', () => {
  let t: TestApp;
  let f: Factory;
  // sessions outlive the weeks the clock moves through (tokens expire on the product's clock)
  withTestApp((app, factory) => ([t, f] = [app, factory]), { env: { JWT_EXPIRES_IN_SECONDS: String(30 * 86_400) } });
  // the clock is 2026-06-15 at the start of every test
  beforeEach(() => t.clock.set(new Date(TEST_NOW)));

  async function setup() {
    const village = await f.village({ charter: { publicityDays: 7 } });
    const v = village.id;
    const [accountant, cadre, cadre2, scorer, scorer2, auditor] = await Promise.all([
      f.user('accountant', v),
      f.user('cadre', v),
      f.user('cadre', v),
      f.user('scorer', v),
      f.user('scorer', v),
      f.user('auditor', v),
    ]);
    for (const year of [2025, 2026]) {
      const rs = await t
        .as(cadre.token)
        .post(`/api/villages/${v}/score-rulesets`)
        .send({ year, baseScore: 100, rules: RULES });
      expect(rs.status).toBe(201);
    }
    const h1 = await f.household(v, cadre.token, 2);
    const h2 = await f.household(v, cadre.token, 1);
    const household = await f.user('household', undefined, { householdId: h1.id });
    const open = (body: Record<string, unknown>, token = cadre.token) =>
      t.as(token).post(`/api/villages/${v}/score-publicity`).send(body);
    const record = (body: Record<string, unknown>) =>
      t
        .as(scorer.token)
        .post(`/api/villages/${v}/score-events`)
        .send({ householdId: h1.id, ruleCode: 'WS', points: 5, date: '2025-05-01', evidence: '评议', ...body });
    const windows = async () =>
      (await t.as(auditor.token).get(`/api/villages/${v}/score-publicity`)).body.items.map(
        (w: { year: number; round: number; startDate: string; endDate: string; state: string }) => [
          w.year,
          w.round,
          w.startDate,
          w.endDate,
          w.state,
        ],
      );
    const eventCount = async () => (await t.as(auditor.token).get(`/api/villages/${v}/score-events`)).body.total;
    return {
      v,
      accountant,
      cadre,
      cadre2,
      scorer,
      scorer2,
      auditor,
      h1,
      h2,
      household,
      open,
      record,
      windows,
      eventCount,
    };
  }

  it('opens a window of at least the charter days from today; refuses short, backdated and early windows', async () => {
    const s = await setup();
    const refusals: [Record<string, unknown>, number, string][] = [
      // the tester's 3-day window (charter: 7), and one day short
      [{ year: 2025, startDate: '2026-06-15', endDate: '2026-06-17' }, 422, 'PUBLICITY_TOO_SHORT'],
      [{ year: 2025, startDate: '2026-06-15', endDate: '2026-06-20' }, 422, 'PUBLICITY_TOO_SHORT'],
      // backdated to November, and to yesterday
      [{ year: 2025, startDate: '2025-11-01', endDate: '2025-11-30' }, 422, 'PUBLICITY_BACKDATED'],
      [{ year: 2025, startDate: '2026-06-14', endDate: '2026-06-30' }, 422, 'PUBLICITY_BACKDATED'],
      [{ year: 2025, startDate: '2026-06-14' }, 422, 'PUBLICITY_BACKDATED'],
      // the 2027 scores cannot be published in 2026
      [{ year: 2027, startDate: '2026-06-15' }, 422, 'PUBLICITY_BEFORE_YEAR'],
      [{ year: 2025, startDate: '2026-06-20', endDate: '2026-06-19' }, 400, 'BAD_WINDOW'],
      [{ year: 2025, startDate: '9999-12-31' }, 400, 'BAD_WINDOW'],
    ];
    for (const [body, status, code] of refusals) {
      const res = await s.open(body);
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status, code });
      expect(res.body.message).toMatch(/[\u4e00-\u9fff].* \/ [A-Za-z]/);
    }
    const short = await s.open({ year: 2025, startDate: '2026-06-15', endDate: '2026-06-17' });
    expect(short.body).toMatchObject({ days: 3, publicityDays: 7, earliestEndDate: '2026-06-21' });
    expect((await s.open({ year: 2025, startDate: '2026-02-01', endDate: '2026-02-02' })).body.code).toBe(
      'PUBLICITY_TOO_SHORT',
    );
    expect((await s.open({ year: 2025, startDate: '2026-07-01' }, s.scorer.token)).status).toBe(403);
    expect((await s.open({ year: 2025, startDate: '2026-07-01' }, s.accountant.token)).status).toBe(403);
    expect(await s.windows()).toEqual([]);

    // exactly 7 days, both ends counted
    const ok = await s.open({ year: 2025, startDate: '2026-06-15', endDate: '2026-06-21' });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({
      year: 2025,
      round: 1,
      startDate: '2026-06-15',
      endDate: '2026-06-21',
      days: 7,
      state: 'open',
    });
    // both dates omitted: from today for the charter's days
    const defaults = await s.open({ year: 2024 });
    expect([defaults.status, defaults.body.startDate, defaults.body.endDate, defaults.body.days]).toEqual([
      201,
      '2026-06-15',
      '2026-06-21',
      7,
    ]);
    // endDate omitted: startDate + 7 − 1; a window may start later (scheduled)
    const later = await s.open({ year: 2023, startDate: '2026-07-01' });
    expect([later.status, later.body.endDate, later.body.state]).toEqual([201, '2026-07-07', 'scheduled']);
    // a longer window than the charter's is fine
    expect((await s.open({ year: 2022, startDate: '2026-06-15', endDate: '2026-07-14' })).body.days).toBe(30);
    expect(await s.windows()).toEqual([
      [2022, 1, '2026-06-15', '2026-07-14', 'open'],
      [2023, 1, '2026-07-01', '2026-07-07', 'scheduled'],
      [2024, 1, '2026-06-15', '2026-06-21', 'open'],
      [2025, 1, '2026-06-15', '2026-06-21', 'open'],
    ]);
  });

  it('an open or scheduled window cannot be replaced, shortened or moved; a new round only after it closes', async () => {
    const s = await setup();
    expect((await s.open({ year: 2025, startDate: '2026-06-15', endDate: '2026-06-21' })).status).toBe(201);
    expect((await s.open({ year: 2026, startDate: '2026-07-01' })).status).toBe(201);
    const before = await s.windows();
    expect(before).toEqual([
      [2025, 1, '2026-06-15', '2026-06-21', 'open'],
      [2026, 1, '2026-07-01', '2026-07-07', 'scheduled'],
    ]);
    const attempts: [Record<string, unknown>, number, string][] = [
      [{ year: 2025, startDate: '2026-06-16', endDate: '2026-06-30' }, 409, 'PUBLICITY_NOT_CLOSED'],
      [{ year: 2025 }, 409, 'PUBLICITY_NOT_CLOSED'],
      [{ year: 2025, startDate: '2026-06-15', endDate: '2026-06-17' }, 422, 'PUBLICITY_TOO_SHORT'],
      [{ year: 2025, startDate: '2025-11-01', endDate: '2025-11-30' }, 422, 'PUBLICITY_BACKDATED'],
      // a scheduled window is not replaced either
      [{ year: 2026, startDate: '2026-06-15' }, 409, 'PUBLICITY_NOT_CLOSED'],
      [{ year: 2026, startDate: '2026-08-01', endDate: '2026-08-31' }, 409, 'PUBLICITY_NOT_CLOSED'],
    ];
    for (const [body, status, code] of attempts) {
      const res = await s.open(body);
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status, code });
    }
    const replaced = await s.open({ year: 2025, startDate: '2026-06-16', endDate: '2026-06-30' });
    expect(replaced.body.window).toEqual({ startDate: '2026-06-15', endDate: '2026-06-21' });
    expect(replaced.body.message).toContain('2026-06-15 至 2026-06-21');
    // the last day is still inside the window
    t.clock.set(day('2026-06-21'));
    expect((await s.open({ year: 2025 })).body.code).toBe('PUBLICITY_NOT_CLOSED');
    expect(await s.windows()).toEqual(before);
    // the day after, a second round (e.g. for late corrections)
    t.clock.set(day('2026-06-22'));
    const second = await s.open({ year: 2025 });
    expect([second.status, second.body.round, second.body.startDate, second.body.endDate]).toEqual([
      201,
      2,
      '2026-06-22',
      '2026-06-28',
    ]);
    expect((await s.open({ year: 2025 })).body.code).toBe('PUBLICITY_NOT_CLOSED');
    expect(await s.windows()).toEqual([
      [2025, 1, '2026-06-15', '2026-06-21', 'closed'],
      [2025, 2, '2026-06-22', '2026-06-28', 'open'],
      [2026, 1, '2026-07-01', '2026-07-07', 'scheduled'],
    ]);
    expect((await t.as(s.auditor.token).get(`/api/villages/${s.v}/score-publicity?year=2026`)).body.total).toBe(1);
    const audit = await t.as(await t.adminToken()).get(`/api/audit?villageId=${s.v}&limit=200`);
    expect(audit.body.items.filter((a: { action: string }) => a.action === 'publicity.open')).toHaveLength(3);
  });

  it('after the window closes, recording, approving, bulk entry and import of that year are refused: SCORES_FINAL', async () => {
    const s = await setup();
    const pending = await s.record({ points: -10, evidence: '垃圾乱堆' });
    const approved = await s.record({ points: 8 });
    expect((await t.as(s.scorer2.token).post(`/api/score-events/${approved.body.id}/approve`)).status).toBe(200);
    expect((await s.open({ year: 2025, startDate: '2026-06-15', endDate: '2026-06-21' })).status).toBe(201);
    // inside the window events are still recorded
    const during = await s.record({ points: 2, householdId: s.h2.id });
    expect(during.status).toBe(201);

    t.clock.set(day('2026-06-22'));
    const count = await s.eventCount();
    const one = await s.record({ points: 3 });
    expect([one.status, one.body.code, one.body.years]).toEqual([422, 'SCORES_FINAL', [2025]]);
    expect(one.body.message).toContain('2026-06-21');
    // the −10 still pending after the close is not approved
    const late = await t.as(s.scorer2.token).post(`/api/score-events/${pending.body.id}/approve`);
    expect([late.status, late.body.code]).toEqual([422, 'SCORES_FINAL']);
    // rejecting changes no score, so it stays possible
    expect(
      (await t.as(s.scorer2.token).post(`/api/score-events/${during.body.id}/reject`).send({ reason: '重复' })).status,
    ).toBe(200);
    // bulk and import: all or nothing, the final year's rows named
    const good2026 = { householdId: s.h2.id, ruleCode: 'WS', points: 1, date: '2026-06-01', evidence: '评议会' };
    const bulk = await t
      .as(s.scorer.token)
      .post(`/api/villages/${s.v}/score-events/bulk`)
      .send({ events: [good2026, { ...good2026, date: '2025-12-01' }, good2026] });
    expect([bulk.status, bulk.body.code, bulk.body.years]).toEqual([422, 'SCORES_FINAL', [2025]]);
    expect(bulk.body.errors.map((e: { index: number; field: string }) => [e.index, e.field])).toEqual([[1, 'date']]);
    const csv = `户编号,规则编号,分值,日期,依据\n${s.h1.code},WS,2,2026-06-01,评议\n${s.h2.code},WS,-10,2025-12-20,补录\n`;
    const imported = await t
      .as(s.scorer.token)
      .post(`/api/villages/${s.v}/score-events/import`)
      .attach('file', Buffer.from(csv), 'scores.csv');
    expect([imported.status, imported.body.code]).toEqual([422, 'SCORES_FINAL']);
    expect(imported.body.errors).toEqual([{ row: 3, field: 'date', message: expect.stringContaining('2025') }]);
    expect(await s.eventCount()).toBe(count);
    const events = (await t.as(s.auditor.token).get(`/api/villages/${s.v}/score-events?year=2025`)).body.items;
    const byPoints = events
      .map((e: { points: number; status: string }) => [e.points, e.status])
      .sort((a: [number], b: [number]) => a[0] - b[0]);
    expect(byPoints).toEqual([
      [-10, 'pending'],
      [2, 'rejected'],
      [8, 'approved'],
    ]);
    const cards = await t.as(s.auditor.token).get(`/api/villages/${s.v}/scorecards?year=2025`);
    expect(cards.body.map((c: { score: number }) => c.score)).toEqual([108, 100]);
    // other years are not final
    expect(
      (
        await t
          .as(s.scorer.token)
          .post(`/api/villages/${s.v}/score-events/bulk`)
          .send({ events: [good2026] })
      ).status,
    ).toBe(201);
    // objections keep their rule: only inside the window
    const objection = await t
      .as(s.household.token)
      .post(`/api/score-events/${approved.body.id}/objections`)
      .send({ reason: '分数有误' });
    expect([objection.status, objection.body.code]).toEqual([422, 'OUTSIDE_PUBLICITY']);
  });

  it('a new round reopens the year until it closes; the latest window decides SCORES_NOT_FINAL', async () => {
    const s = await setup();
    await f.income(s.v, s.accountant.token, '10000.00', { date: '2025-06-30' });
    const pending = await s.record({ points: -10, evidence: '垃圾乱堆' });
    const draft = () =>
      t
        .as(s.cadre.token)
        .post(`/api/villages/${s.v}/dividend-runs`)
        .send({ year: 2025, distribute: { all: true }, basis: 'member', scoring: { mode: 'proportional' } });
    const codes = (res: { body: { warnings: { code: string }[] } }) => res.body.warnings.map((w) => w.code);

    // no window yet, then open: not final
    expect(codes(await draft())).toContain('SCORES_NOT_FINAL');
    expect((await s.open({ year: 2025 })).status).toBe(201);
    expect(codes(await draft())).toContain('SCORES_NOT_FINAL');
    // closed: final, no warning
    t.clock.set(day('2026-06-22'));
    const finalRun = await draft();
    expect(finalRun.status).toBe(201);
    expect(codes(finalRun)).not.toContain('SCORES_NOT_FINAL');
    expect((await t.as(s.scorer2.token).post(`/api/score-events/${pending.body.id}/approve`)).body.code).toBe(
      'SCORES_FINAL',
    );

    // a second round scheduled for later already reopens the year (its events become final when it closes)
    const second = await s.open({ year: 2025, startDate: '2026-06-25' });
    expect([second.status, second.body.round, second.body.endDate, second.body.state]).toEqual([
      201,
      2,
      '2026-07-01',
      'scheduled',
    ]);
    expect(codes(await draft())).toContain('SCORES_NOT_FINAL');
    expect((await t.as(s.scorer2.token).post(`/api/score-events/${pending.body.id}/approve`)).status).toBe(200);
    const correction = await s.record({ points: 4, date: '2025-12-31', evidence: '补录' });
    expect(correction.status).toBe(201);
    expect((await t.as(s.scorer2.token).post(`/api/score-events/${correction.body.id}/approve`)).status).toBe(200);

    // inside the second round the household objects; the objection may be decided after the close
    t.clock.set(day('2026-07-01'));
    const objection = await t
      .as(s.household.token)
      .post(`/api/score-events/${pending.body.id}/objections`)
      .send({ reason: '已清理' });
    expect(objection.status).toBe(201);
    const html = await t.as(s.auditor.token).get(`/api/villages/${s.v}/scorecards?year=2025&format=html`);
    expect(html.text).toContain('2026-06-25 至 2026-07-01');

    t.clock.set(day('2026-07-02'));
    const closed = await s.record({ points: 1 });
    expect([closed.status, closed.body.code]).toEqual([422, 'SCORES_FINAL']);
    expect(closed.body.message).toContain('2026-07-01');
    // publicity closed, but an objection is open: still not final for the run
    expect(codes(await draft())).toContain('SCORES_NOT_FINAL');
    expect(
      (await t.as(s.cadre.token).post(`/api/objections/${objection.body.id}/dismiss`).send({ reason: '核实属实' }))
        .status,
    ).toBe(200);
    const last = await draft();
    expect(codes(last)).not.toContain('SCORES_NOT_FINAL');
    const cards = await t.as(s.auditor.token).get(`/api/villages/${s.v}/scorecards?year=2025`);
    expect(cards.body.map((c: { householdCode: string; score: number }) => [c.householdCode, c.score])).toEqual([
      [s.h1.code, 94],
      [s.h2.code, 100],
    ]);
  });
});
