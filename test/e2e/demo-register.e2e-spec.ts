import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import { FixedClock } from '../../src/common/clock.js';
import { DEMO_PASSWORD, type DemoResult, loadDemo } from '../../src/demo/demo-loader.js';
import { ADMIN_PASSWORD, createTestApp, type TestApp } from '../support/test-app.js';

type Payout = { householdCode: string; units: string; amount: string };
type Member = { name: string; since: string | null; sinceReason: string | null; until: string | null };
type Household = { code: string; headName: string; units: number; members: Member[] };

/**
 * The demo village lives 2021–2026 (issue 14): its register changes and the two 2025 drafts, as of the
 * record date and pro-rated by days, with the figures the resolution note quotes.
 */
describe('the demo village over time (e2e)', () => {
  let t: TestApp;
  let demo: DemoResult;

  beforeAll(async () => {
    const present = new Date('2026-11-30T02:00:00.000Z');
    t = await createTestApp({ clock: new FixedClock(present) });
    await t.app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    demo = await loadDemo(base, ADMIN_PASSWORD, undefined, (beijing) =>
      t.clock.set(beijing === null ? present : new Date(`${beijing}:00+08:00`)),
    );
  }, 180_000);

  afterAll(async () => {
    await t?.close();
  });

  const shuji = async () => t.as(await t.login('shuji', DEMO_PASSWORD));

  it('births, two deaths (one a head), a marriage out and in, a split; counted as of dates', async () => {
    const api = await shuji();
    const register = async (asOf: string) => {
      const res = await api.get(`/api/villages/${demo.villageId}/households?asOf=${asOf}`);
      return res.body as { units: number; items: Household[] };
    };
    const now = await register('2026-11-30');
    const dated = now.items
      .map((h) => [h.code, h.headName, h.members.filter((m) => m.since || m.until).map((m) => m.name)] as const)
      .filter(([, , names]) => names.length > 0);
    expect(dated).toEqual([
      ['BYHD002', '高帆', ['高军']], // married out 2024-02-14
      ['BYHD005', '布和', ['小其其格']], // born 2023-03-12
      ['BYHD006', '白额尔敦', ['满都拉', '乌云娜']], // 乌云娜 married in 2024-05-01; both left in the split
      ['BYHD006-1', '满都拉', ['满都拉', '乌云娜']], // the split household, from 2024-10-08
      ['BYHD007', '吴志刚', ['小格日乐']], // born 2026-02-03
      ['BYHD018', '郭帆', ['郭强']], // died 2023-09-20
      ['BYHD026', '乌云', ['那仁']], // the head, died 2025-04-18; 乌云 head from 2025-04-20
      ['BYHD034', '阿古拉', ['小巴特尔']], // born 2025-07-01
    ]);
    const units = async (asOf: string, codes: string[]) => {
      const r = await register(asOf);
      return [r.units, ...codes.map((c) => r.items.find((h) => h.code === c)!.units)];
    };
    const codes = ['BYHD006', 'BYHD006-1', 'BYHD026', 'BYHD034'];
    expect(await units('2024-10-07', codes)).toEqual([367, 4, 0, 2, 2]);
    expect(await units('2024-10-08', codes)).toEqual([367, 2, 2, 2, 2]);
    expect(await units('2025-12-31', codes)).toEqual([367, 2, 2, 1, 3]);
    expect(await units('2026-11-30', codes)).toEqual([368, 2, 2, 1, 3]);
  });

  it('2025 as of the record date and by days: one pool, two households differ by members', async () => {
    const api = await shuji();
    const asOf = (await api.get(`/api/dividend-runs/${demo.run2025Ids.recordDate}`)).body;
    const byDays = (await api.get(`/api/dividend-runs/${demo.run2025Ids.byDays}`)).body;
    const totals = (r: { payouts: Payout[] } & Record<string, unknown>) => [
      r.proRate,
      r.recordDate,
      r.distributable,
      r.reserve,
      r.guaranteed,
      r.pool,
      r.totalWeight,
      r.payouts.filter((p) => p.amount !== '0.00').length,
      r.payouts.reduce((sum, p) => sum + BigInt(p.amount.replace('.', '')), 0n),
    ];
    const fund = [{ holder: '旗财政扶贫资金', amount: '100000.00' }]; // paid in 2022-07-01: all of 2025 either way
    expect(totals(asOf)).toEqual([
      'none',
      '2025-12-31',
      '460000.00',
      '69000.00',
      fund,
      '291000.00',
      '367',
      185,
      29100000n,
    ]);
    expect(totals(byDays)).toEqual([
      'days',
      '2025-12-31',
      '460000.00',
      '69000.00',
      fund,
      '291000.00',
      '366.7973',
      185,
      29100000n,
    ]);
    const days = new Map<string, Payout>(byDays.payouts.map((p: Payout) => [p.householdCode, p]));
    const differ = (asOf.payouts as Payout[])
      .filter((p) => p.units !== days.get(p.householdCode)!.units)
      .map((p) => [
        p.householdCode,
        p.units,
        p.amount,
        days.get(p.householdCode)!.units,
        days.get(p.householdCode)!.amount,
      ]);
    expect(differ).toEqual([
      ['BYHD026', '1', '792.92', '1.2932', '1025.96'], // 那仁 counted 107 of 365 days (died 2025-04-18)
      ['BYHD034', '3', '2378.75', '2.5041', '1986.63'], // 小巴特尔 counted 184 of 365 days (born 2025-07-01)
    ]);
    // Every other household moves by its units × (291,000.00 / 366.7973 − 291,000.00 / 367): 0.43–1.31.
    const one = (asOf.payouts as Payout[]).find((p) => p.householdCode === 'BYHD001')!;
    expect([one.units, one.amount, days.get('BYHD001')!.amount]).toEqual(['2', '1585.83', '1586.71']);
  });
});
