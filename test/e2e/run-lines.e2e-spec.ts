import { describe, expect, it } from '@jest/globals';
import type { Factory } from '../support/factories.js';
import { rosterCsv } from '../support/roster.js';
import { adoptAndPost } from '../support/run-builder.js';
import type { TestApp } from '../support/test-app.js';
import { withTestApp } from '../support/with-test-app.js';

interface PayoutRow {
  householdId: string;
  householdCode: string;
  amount: string;
  verificationCode?: string;
}

/** A run's payouts as rows (issue 17): the whole list, a page of it, a household code prefix, a household's own. */
describe('dividend run payouts by page (e2e)', () => {
  let t: TestApp;
  let f: Factory;
  withTestApp((app, factory) => ([t, f] = [app, factory]));

  /** 24 households of 1, 2, 3 members (48 members), 4,800.00 distributed: 100.00 a member. */
  async function postedRun() {
    const s = await f.staffedVillage();
    const v = s.village.id;
    const { csv, members } = rosterCsv(24);
    expect(members).toBe(48);
    const imported = await t
      .as(s.accountant.token)
      .post(`/api/villages/${v}/households/import`)
      .attach('file', Buffer.from(csv), 'roster.csv');
    expect(imported.status).toBe(201);
    await f.income(v, s.accountant.token, '8000.00');
    const created = await t
      .as(s.cadre.token)
      .post(`/api/villages/${v}/dividend-runs`)
      .send({ year: 2021, distribute: { amount: '4800.00' }, basis: 'member', scoring: { mode: 'none' } });
    expect(created.status).toBe(201);
    await adoptAndPost(t, created.body.id, { publisher: s.cadre.token, approver: s.cadre2.token });
    return { s, v, id: created.body.id as string };
  }

  it('lists every payout without paging, a page with payoutsTotal, and pages by code prefix', async () => {
    const { s, id } = await postedRun();
    const whole = await t.as(s.auditor.token).get(`/api/dividend-runs/${id}`);
    expect(whole.status).toBe(200);
    expect(whole.body.payoutsTotal).toBeUndefined();
    const all: PayoutRow[] = whole.body.payouts;
    expect(all).toHaveLength(24);
    expect(all.slice(0, 3).map((p) => [p.householdCode, p.amount])).toEqual([
      ['H0001', '100.00'],
      ['H0002', '200.00'],
      ['H0003', '300.00'],
    ]);
    expect(all.every((p) => typeof p.verificationCode === 'string')).toBe(true);

    const page = await t.as(s.auditor.token).get(`/api/dividend-runs/${id}?limit=10&offset=20`);
    expect(page.status).toBe(200);
    expect(page.body.payoutsTotal).toBe(24);
    expect(page.body.pool).toBe('4800.00');
    expect(page.body.payouts).toEqual(all.slice(20));

    const payouts = await t.as(s.auditor.token).get(`/api/dividend-runs/${id}/payouts?limit=5&offset=5`);
    expect(payouts.status).toBe(200);
    expect(payouts.body).toEqual({ items: all.slice(5, 10), total: 24 });

    const prefixed = await t.as(s.auditor.token).get(`/api/dividend-runs/${id}/payouts?q=H001`);
    expect(prefixed.body.total).toBe(10);
    expect(prefixed.body.items.map((p: PayoutRow) => p.householdCode)).toEqual(
      Array.from({ length: 10 }, (_, i) => `H00${10 + i}`),
    );
    const none = await t.as(s.auditor.token).get(`/api/dividend-runs/${id}/payouts?q=X`);
    expect(none.body).toEqual({ items: [], total: 0 });
  });

  it('shows a household its own payout only, and refuses bad paging with 400', async () => {
    const { s, id } = await postedRun();
    const all: PayoutRow[] = (await t.as(s.auditor.token).get(`/api/dividend-runs/${id}`)).body.payouts;
    const own = all[6];
    const household = await f.user('household', undefined, { householdId: own.householdId });
    const mine = await t.as(household.token).get(`/api/dividend-runs/${id}/payouts`);
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual({ items: [own], total: 1 });
    const paged = await t.as(household.token).get(`/api/dividend-runs/${id}?limit=10`);
    expect([paged.body.payouts, paged.body.payoutsTotal]).toEqual([[own], 1]);
    const whole = await t.as(household.token).get(`/api/dividend-runs/${id}`);
    expect(whole.body.payouts).toEqual([own]);

    for (const query of ['limit=0', 'limit=x', 'offset=-1']) {
      const bad = await t.as(s.auditor.token).get(`/api/dividend-runs/${id}/payouts?${query}`);
      expect([query, bad.status]).toEqual([query, 400]);
    }
    const unknown = await t.as(s.auditor.token).get(`/api/dividend-runs/${crypto.randomUUID()}/payouts`);
    expect(unknown.status).toBe(404);
  });
});
