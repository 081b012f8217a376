import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { spawnSync } from 'node:child_process';
import { loadConfig, ConfigError } from '../../src/config/env.js';
import { Factory, type Role } from '../support/factories.js';
import { postedFlatRun } from '../support/run-builder.js';
import { TEST_JWT_SECRET, createTestApp, type TestApp } from '../support/test-app.js';

type Ctx = { v: string; run: string; household: string; entry: string; event: string; draft: string };
interface RouteSpec {
  name: string;
  method: 'get' | 'post' | 'patch';
  path: (c: Ctx) => string;
  body?: (n: number, c: Ctx) => object;
  roles: Role[];
  /** Writes that would change the own village's state irreversibly are only tried against the other village. */
  otherOnly?: boolean;
}

const ALL: Role[] = ['admin', 'accountant', 'cadre', 'scorer', 'auditor', 'household'];
const STAFF: Role[] = ['admin', 'accountant', 'cadre', 'scorer', 'auditor'];
const REGISTER: Role[] = ['admin', 'accountant', 'cadre'];

/** The expected table: CONTRACT.md "Roles". */
const ROUTES: RouteSpec[] = [
  { name: 'village', method: 'get', path: (c) => `/api/villages/${c.v}`, roles: ALL },
  { name: 'households', method: 'get', path: (c) => `/api/villages/${c.v}/households`, roles: ALL },
  { name: 'household', method: 'get', path: (c) => `/api/villages/${c.v}/households/${c.household}`, roles: ALL },
  {
    name: 'create household',
    method: 'post',
    path: (c) => `/api/villages/${c.v}/households`,
    body: (n) => ({ code: `AM${n}`, headName: 'x', members: [{ name: 'x', relation: '户主' }] }),
    roles: REGISTER,
  },
  {
    name: 'share classes',
    method: 'post',
    path: (c) => `/api/villages/${c.v}/share-classes`,
    body: (n) => ({ code: `SC${n}`, name: 'x', kind: 'member' }),
    roles: REGISTER,
  },
  { name: 'holdings', method: 'get', path: (c) => `/api/villages/${c.v}/holdings`, roles: ALL },
  {
    name: 'income',
    method: 'post',
    path: (c) => `/api/villages/${c.v}/income`,
    body: (n) => ({ date: '2021-03-01', category: '经营收入', amount: '1.00', voucherNo: `AM-${n}` }),
    roles: ['accountant'],
  },
  {
    name: 'expenses',
    method: 'post',
    path: (c) => `/api/villages/${c.v}/expenses`,
    body: (n) => ({ date: '2021-03-01', category: '管理费用', amount: '1.00', voucherNo: `AMX-${n}` }),
    roles: ['accountant'],
  },
  {
    name: 'reverse entry',
    method: 'post',
    path: (c) => `/api/villages/${c.v}/journal/${c.entry}/reverse`,
    body: () => ({ reason: 'x' }),
    roles: ['accountant'],
    otherOnly: true,
  },
  { name: 'journal', method: 'get', path: (c) => `/api/villages/${c.v}/journal`, roles: ALL },
  { name: 'verify', method: 'get', path: (c) => `/api/villages/${c.v}/ledger/verify`, roles: ALL },
  { name: 'head', method: 'get', path: (c) => `/api/villages/${c.v}/ledger/head`, roles: ALL },
  { name: 'trial balance', method: 'get', path: (c) => `/api/villages/${c.v}/reports/trial-balance`, roles: STAFF },
  {
    name: 'trial balance of a year',
    method: 'get',
    path: (c) => `/api/villages/${c.v}/reports/trial-balance?year=2021`,
    roles: STAFF,
  },
  {
    name: 'opening balances',
    method: 'post',
    path: (c) => `/api/villages/${c.v}/opening-balances`,
    body: () => ({
      date: '2020-01-01',
      lines: [
        { accountCode: '102', debit: '1.00' },
        { accountCode: '32201', credit: '1.00' },
      ],
    }),
    roles: ['accountant'],
    otherOnly: true,
  },
  {
    name: 'general voucher',
    method: 'post',
    path: (c) => `/api/villages/${c.v}/journal`,
    body: (n) => ({
      date: '2021-03-01',
      voucherNo: `AMG-${n}`,
      memo: '提现',
      lines: [
        { accountCode: '101', debit: '1.00' },
        { accountCode: '102', credit: '1.00' },
      ],
    }),
    roles: ['accountant'],
  },
  {
    name: 'rename income source',
    method: 'patch',
    path: (c) => `/api/villages/${c.v}/income-sources/SRC`,
    body: (n) => ({ name: `来源${n}` }),
    roles: ['accountant'],
  },
  {
    name: 'household ledger',
    method: 'get',
    path: (c) => `/api/villages/${c.v}/households/${c.household}/ledger?year=2021`,
    roles: ALL,
  },
  {
    name: 'rule sets',
    method: 'post',
    path: (c) => `/api/villages/${c.v}/score-rulesets`,
    body: (n) => ({
      year: 2030 + (n % 60),
      rules: [{ code: 'A', name: 'a', category: 'c', minPoints: 0, maxPoints: 1 }],
    }),
    roles: ['admin', 'cadre'],
  },
  {
    name: 'publicity',
    method: 'post',
    path: (c) => `/api/villages/${c.v}/score-publicity`,
    body: () => ({ year: 2021, startDate: '2022-01-05' }),
    roles: ['admin', 'cadre'],
  },
  {
    name: 'score event',
    method: 'post',
    path: (c) => `/api/villages/${c.v}/score-events`,
    body: (_n, c) => ({ householdId: c.household, ruleCode: 'A', points: 1, date: '2022-04-01', evidence: 'e' }),
    roles: ['cadre', 'scorer'],
  },
  {
    name: 'approve event',
    method: 'post',
    path: (c) => `/api/score-events/${c.event}/approve`,
    body: () => ({}),
    roles: ['cadre', 'scorer'],
    otherOnly: true,
  },
  { name: 'publicity windows', method: 'get', path: (c) => `/api/villages/${c.v}/score-publicity`, roles: ALL },
  { name: 'scorecards', method: 'get', path: (c) => `/api/villages/${c.v}/scorecards?year=2022`, roles: ALL },
  {
    name: 'create run',
    method: 'post',
    path: (c) => `/api/villages/${c.v}/dividend-runs`,
    body: () => ({ year: 2021, distribute: { amount: '1.00' }, basis: 'member', scoring: { mode: 'none' } }),
    roles: ['cadre'],
  },
  { name: 'run', method: 'get', path: (c) => `/api/dividend-runs/${c.run}`, roles: ALL },
  { name: 'run payouts', method: 'get', path: (c) => `/api/dividend-runs/${c.run}/payouts?limit=10`, roles: ALL },
  {
    name: 'approve run',
    method: 'post',
    path: (c) => `/api/dividend-runs/${c.draft}/approve`,
    body: () => ({
      resolutionRef: 'x',
      meeting: { type: '成员大会', date: '2026-06-15', eligible: 3, present: 3, inFavour: 3 },
    }),
    roles: ['cadre'],
    otherOnly: true,
  },
  {
    name: 'post run',
    method: 'post',
    path: (c) => `/api/dividend-runs/${c.draft}/post`,
    roles: ['cadre'],
    otherOnly: true,
  },
  {
    name: 'reverse run',
    method: 'post',
    path: (c) => `/api/dividend-runs/${c.run}/reverse`,
    body: () => ({ reason: 'x' }),
    roles: ['cadre'],
    otherOnly: true,
  },
  {
    name: 'payments',
    method: 'post',
    path: (c) => `/api/dividend-runs/${c.run}/payments`,
    body: (_n, c) => ({ householdId: c.household, amount: '0.01', method: 'cash', date: '2026-01-01', receiptNo: 'x' }),
    roles: ['accountant'],
  },
  {
    name: 'bank batch',
    method: 'get',
    path: (c) => `/api/dividend-runs/${c.run}/payments/batch`,
    roles: ['accountant'],
  },
  {
    name: 'bank return',
    method: 'post',
    path: (c) => `/api/dividend-runs/${c.run}/payments/batch-result`,
    body: () => ({}),
    roles: ['accountant'],
  },
  { name: 'slip', method: 'get', path: (c) => `/api/dividend-runs/${c.run}/slips/${c.household}`, roles: ALL },
  { name: 'notice', method: 'get', path: (c) => `/api/dividend-runs/${c.run}/notice`, roles: STAFF },
  {
    name: 'close year',
    method: 'post',
    path: (c) => `/api/villages/${c.v}/years/2020/close`,
    roles: ['accountant', 'cadre'],
    otherOnly: true,
  },
];

describe('access matrix: every route × role × own/other village (and household)', () => {
  let t: TestApp;
  let own: Ctx;
  let other: Ctx;
  let otherHousehold: string;
  const tokens = new Map<Role, string>();

  async function fixture(f: Factory): Promise<{ ctx: Ctx; staff: Awaited<ReturnType<typeof postedFlatRun>> }> {
    const r = await postedFlatRun(f, [2, 1], '900.00');
    await t.as(r.accountant.token).post(`/api/villages/${r.v}/income-sources`).send({ code: 'SRC', name: '来源' });
    await t
      .as(r.cadre.token)
      .post(`/api/villages/${r.v}/score-rulesets`)
      .send({ year: 2022, rules: [{ code: 'A', name: 'a', category: 'c', minPoints: 0, maxPoints: 5 }] });
    const event = await t
      .as(r.scorer.token)
      .post(`/api/villages/${r.v}/score-events`)
      .send({ householdId: r.households[0].id, ruleCode: 'A', points: 1, date: '2022-04-01', evidence: 'e' });
    const draft = await t
      .as(r.cadre.token)
      .post(`/api/villages/${r.v}/dividend-runs`)
      .send({ year: 2021, distribute: { amount: '1.00' }, basis: 'member', scoring: { mode: 'none' } });
    const entry = (await t.as(r.accountant.token).get(`/api/villages/${r.v}/journal?kind=income`)).body.items[0].id;
    return {
      ctx: { v: r.v, run: r.runId, household: r.households[0].id, entry, event: event.body.id, draft: draft.body.id },
      staff: r,
    };
  }

  beforeAll(async () => {
    t = await createTestApp();
    const f = new Factory(t);
    const a = await fixture(f);
    const b = await fixture(f);
    own = a.ctx;
    other = b.ctx;
    otherHousehold = a.staff.households[1].id;
    for (const role of ['accountant', 'cadre', 'scorer', 'auditor'] as Role[]) {
      tokens.set(role, (await f.user(role, own.v)).token);
    }
    tokens.set('household', (await f.user('household', undefined, { householdId: own.household })).token);
    // admin sees every village: "other" for admin is a village that does not exist
    tokens.set('admin', await t.adminToken());
  });
  afterAll(() => t.close());

  it('matches the expected table', async () => {
    let n = 0;
    const rows: string[] = [];
    for (const route of ROUTES) {
      for (const role of ALL) {
        const allowed = route.roles.includes(role);
        for (const where of ['own', 'other'] as const) {
          if (where === 'own' && route.otherOnly && allowed) continue;
          const ctx =
            where === 'own'
              ? own
              : role === 'admin'
                ? {
                    ...other,
                    v: '00000000-0000-4000-8000-000000000000',
                    run: '00000000-0000-4000-8000-000000000001',
                    draft: '00000000-0000-4000-8000-000000000001',
                    event: '00000000-0000-4000-8000-000000000002',
                  }
                : other;
          const req = t.as(tokens.get(role)!)[route.method](route.path(ctx));
          const res = route.body ? await req.send(route.body(++n, ctx)) : await req;
          const expected = !allowed ? '403' : where === 'other' ? '404' : 'allowed';
          const actual =
            res.status === 403 || res.status === 404
              ? String(res.status)
              : res.status === 401 || res.status >= 500
                ? String(res.status)
                : 'allowed';
          rows.push(`${route.name} ${role} ${where}: ${actual}`);
          if (actual !== expected) {
            console.log(route.name, role, where, res.status, JSON.stringify(res.body).slice(0, 300));
          }
          expect({ route: route.name, role, where, result: actual }).toEqual({
            route: route.name,
            role,
            where,
            result: expected,
          });
        }
      }
    }
    console.log(`access matrix: ${rows.length} checks`);
  });

  it('a household sees only its own household', async () => {
    const token = tokens.get('household')!;
    expect((await t.as(token).get(`/api/villages/${own.v}/households/${own.household}`)).status).toBe(200);
    expect((await t.as(token).get(`/api/villages/${own.v}/households/${otherHousehold}`)).status).toBe(404);
    expect((await t.as(token).get(`/api/dividend-runs/${own.run}/slips/${otherHousehold}`)).status).toBe(404);
    expect(
      (await t.as(token).get(`/api/villages/${own.v}/households`)).body.items.map((h: { id: string }) => h.id),
    ).toEqual([own.household]);
    expect((await t.as(token).get('/api/audit')).status).toBe(403);
  });

  it('backups are for the admin only (CONTRACT "Operations")', async () => {
    for (const role of ALL) {
      const as = t.as(tokens.get(role)!);
      const statuses = [
        (await as.get('/api/admin/backups')).status,
        (await as.get('/api/admin/backups/ledger-2026-06-15_16-00-00.sqlite')).status,
        (await as.post('/api/admin/backups')).status,
      ];
      // admin: an empty list, no such file, and no file to copy (in-memory SQLite) or PostgreSQL: 422
      expect({ role, statuses }).toEqual({ role, statuses: role === 'admin' ? [200, 404, 422] : [403, 403, 403] });
    }
  });

  it('refuses expired, forged and foreign-secret tokens; production needs JWT_SECRET', async () => {
    const valid = tokens.get('auditor')!;
    const claims = new JwtService({}).decode<{ sub: string; jti: string }>(valid);
    const live = { sub: claims.sub, jti: claims.jti };
    const nowSeconds = Math.floor(t.clock.now().getTime() / 1000);
    const expired = await new JwtService({ secret: TEST_JWT_SECRET }).signAsync({ ...live, exp: nowSeconds - 10 });
    const foreign = await new JwtService({ secret: 'a-completely-different-secret' }).signAsync(live, {
      expiresIn: 60,
    });
    const forged = valid.slice(0, valid.lastIndexOf('.') + 1) + 'AAAA';
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ ...live, exp: nowSeconds + 60 })).toString('base64url')}.`;
    for (const token of [expired, foreign, forged, none]) {
      expect((await t.as(token).get('/api/villages')).status).toBe(401);
    }
    expect((await t.as(valid).get('/api/villages')).status).toBe(200);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'short' })).toThrow(ConfigError);
    const dataKey = Buffer.alloc(32, 7).toString('base64');
    expect(
      loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'a-long-enough-production-secret', DATA_KEY: dataKey })
        .production,
    ).toBe(true);
    const refused = spawnSync(process.execPath, ['dist/main.js'], {
      env: { ...process.env, NODE_ENV: 'production', JWT_SECRET: '', PORT: '0', DATABASE_PATH: ':memory:' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect([refused.status, refused.stderr]).toEqual([2, expect.stringContaining('JWT_SECRET is required')]);
  });

  it('public verification allows 60 a minute per client, then 429', async () => {
    const limited = await createTestApp({ env: { PUBLIC_RATE_LIMIT: '60' } });
    try {
      const statuses = [];
      for (let i = 0; i < 62; i++) statuses.push((await limited.http.get('/api/verify/0000-0000-0000-0000')).status);
      expect(statuses.slice(0, 60).every((s) => s === 404)).toBe(true);
      expect(statuses.slice(60)).toEqual([429, 429]);
    } finally {
      await limited.close();
    }
  });
});
