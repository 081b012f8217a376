import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Factory } from '../support/factories.js';
import { binary, createTestApp, type TestApp } from '../support/test-app.js';
import { adoptAndPost } from '../support/run-builder.js';

/**
 * DOMAIN "Personal information": a household sees its own data only. A household user walks every GET route
 * of the app in every format it offers; no other household's code, id, head or member name, verification
 * code or receipt number may appear in any body.
 */

type Format = 'json' | 'html' | 'pdf' | 'xlsx' | 'text';
interface Ctx {
  v: string;
  run: string;
  own: string;
  other: string;
  ownEntry: string;
  otherEntry: string;
  ownCode: string;
  ownHolding: string;
  otherHolding: string;
}
interface Walk {
  url: (c: Ctx) => string;
  format: Format;
  status: number;
  /** The own household's code or id must appear in the body. */
  showsOwn?: boolean;
}

const json = (url: Walk['url'], status = 200, showsOwn = false): Walk => ({ url, format: 'json', status, showsOwn });
const V = (c: Ctx) => `/api/villages/${c.v}`;
const R = (c: Ctx) => `/api/dividend-runs/${c.run}`;

/** Every GET route of the app (as the Nest router has it) with what a household user gets from it. */
const ROUTES: Record<string, Walk[]> = {
  '/': [{ url: () => '/', format: 'text', status: 302 }],
  '/web': [{ url: () => '/web', format: 'html', status: 200 }],
  '/web/assets/:file': ['print.js', 'verify.js'].map((file) => ({
    url: () => `/web/assets/${file}`,
    format: 'text' as const,
    status: 200,
  })),
  '/v/:code': [{ url: (c) => `/v/${c.ownCode}`, format: 'html', status: 200, showsOwn: true }],
  '/api/health': [json(() => '/api/health')],
  '/api/clock': [json(() => '/api/clock')],
  '/api/docs-json': [json(() => '/api/docs-json')],
  '/api/docs-yaml': [{ url: () => '/api/docs-yaml', format: 'text', status: 200 }],
  '/api/verify/:code': [json((c) => `/api/verify/${c.ownCode}`, 200, true)],
  '/api/auth/me': [json(() => '/api/auth/me', 200, true)],
  '/api/users': [json(() => '/api/users', 403)],
  '/api/audit': [json(() => '/api/audit', 403), json((c) => `/api/audit?villageId=${c.v}`, 403)],
  '/api/audit/verify': [json(() => '/api/audit/verify', 403)],
  '/api/admin/backups': [json(() => '/api/admin/backups', 403)],
  '/api/admin/backups/:name': [json(() => '/api/admin/backups/ledger-2026-06-15_16-00-00.sqlite', 403)],
  '/api/villages': [json(() => '/api/villages')],
  '/api/townships/:township/summary': [json(() => `/api/townships/${encodeURIComponent('巴彦浩特镇')}/summary`, 403)],
  '/api/villages/:villageId': [json(V)],
  '/api/villages/:villageId/households': [
    json((c) => `${V(c)}/households`, 200, true),
    json((c) => `${V(c)}/households?q=HU00`, 200, true),
    json((c) => `${V(c)}/households?q=HU001`),
  ],
  '/api/villages/:villageId/households/export.xlsx': [
    { url: (c) => `${V(c)}/households/export.xlsx`, format: 'xlsx', status: 403 },
  ],
  '/api/villages/:villageId/households/:householdId': [
    json((c) => `${V(c)}/households/${c.own}`, 200, true),
    json((c) => `${V(c)}/households/${c.other}`, 404),
  ],
  // The 股权证 of the own household only (its holding changes name only itself: no transfer touches it here).
  '/api/villages/:villageId/households/:householdId/certificate': ['html', 'pdf', 'json'].flatMap((format) => [
    {
      url: (c: Ctx) => `${V(c)}/households/${c.own}/certificate?format=${format}`,
      format: format as Format,
      status: 200,
      showsOwn: true,
    },
    {
      url: (c: Ctx) => `${V(c)}/households/${c.other}/certificate?format=${format}`,
      format: 'json' as const,
      status: 404,
    },
  ]),
  // 户分户账: 应付收益 and 应收款 of the own household only.
  '/api/villages/:villageId/households/:householdId/ledger': [
    json((c) => `${V(c)}/households/${c.own}/ledger`, 200, true),
    json((c) => `${V(c)}/households/${c.own}/ledger?year=2021`, 200, true),
    json((c) => `${V(c)}/households/${c.other}/ledger`, 404),
  ],
  '/api/villages/:villageId/share-classes': [json((c) => `${V(c)}/share-classes`)],
  '/api/villages/:villageId/holdings': [json((c) => `${V(c)}/holdings`, 200, true)],
  '/api/villages/:villageId/holdings/:holdingId/changes': [
    json((c) => `${V(c)}/holdings/${c.ownHolding}/changes`, 200, true),
    json((c) => `${V(c)}/holdings/${c.otherHolding}/changes`, 404),
  ],
  '/api/villages/:villageId/holding-changes': [
    json((c) => `${V(c)}/holding-changes`, 200, true),
    json((c) => `${V(c)}/holding-changes?householdId=${c.own}`, 200, true),
    json((c) => `${V(c)}/holding-changes?householdId=${c.other}`, 404),
  ],
  '/api/villages/:villageId/income-sources': [json((c) => `${V(c)}/income-sources`)],
  '/api/villages/:villageId/journal': [
    json((c) => `${V(c)}/journal`, 200, true),
    json((c) => `${V(c)}/journal?account=20201`, 200, true),
    json((c) => `${V(c)}/journal?kind=payment`, 200, true),
    json((c) => `${V(c)}/journal?kind=income`),
  ],
  '/api/villages/:villageId/journal/export.xlsx': [
    { url: (c) => `${V(c)}/journal/export.xlsx`, format: 'xlsx', status: 403 },
  ],
  '/api/villages/:villageId/journal/export.beancount': [
    { url: (c) => `${V(c)}/journal/export.beancount`, format: 'text', status: 403 },
  ],
  '/api/villages/:villageId/journal/:entryId/voucher': ['html', 'pdf'].flatMap((format) =>
    (['ownEntry', 'otherEntry'] as const).map((entry) => ({
      url: (c: Ctx) => `${V(c)}/journal/${c[entry]}/voucher?format=${format}`,
      format: format as Format,
      status: 403,
    })),
  ),
  '/api/villages/:villageId/books/:account': ['cash', 'bank', '20201'].flatMap((account) =>
    ['html', 'xlsx'].map((format) => ({
      url: (c: Ctx) => `${V(c)}/books/${account}?format=${format}`,
      format: format as Format,
      status: 403,
    })),
  ),
  '/api/villages/:villageId/ledger/verify': [json((c) => `${V(c)}/ledger/verify`)],
  '/api/villages/:villageId/ledger/head': [json((c) => `${V(c)}/ledger/head`)],
  '/api/villages/:villageId/reports/trial-balance': [
    json((c) => `${V(c)}/reports/trial-balance`, 403),
    json((c) => `${V(c)}/reports/trial-balance?year=2021`, 403),
    { url: (c) => `${V(c)}/reports/trial-balance?format=xlsx`, format: 'xlsx', status: 403 },
  ],
  '/api/villages/:villageId/reports/income/:year': [
    json((c) => `${V(c)}/reports/income/2021`, 403),
    { url: (c) => `${V(c)}/reports/income/2021?format=xlsx`, format: 'xlsx', status: 403 },
  ],
  '/api/villages/:villageId/score-rulesets': [json((c) => `${V(c)}/score-rulesets`)],
  '/api/villages/:villageId/score-rulesets/:year': [json((c) => `${V(c)}/score-rulesets/2021`)],
  '/api/villages/:villageId/score-events': [
    json((c) => `${V(c)}/score-events`, 200, true),
    json((c) => `${V(c)}/score-events?householdId=${c.other}`, 200, true),
    json((c) => `${V(c)}/score-events?status=approved&year=2021`, 200, true),
  ],
  '/api/villages/:villageId/objections': [
    json((c) => `${V(c)}/objections`, 200, true),
    json((c) => `${V(c)}/objections?year=2021`, 200, true),
  ],
  '/api/villages/:villageId/score-publicity': [
    json((c) => `${V(c)}/score-publicity`),
    json((c) => `${V(c)}/score-publicity?year=2021`),
  ],
  '/api/villages/:villageId/scorecards': [
    json((c) => `${V(c)}/scorecards?year=2021`, 200, true),
    json((c) => `${V(c)}/scorecards?year=2021&format=json`, 200, true),
    { url: (c) => `${V(c)}/scorecards?year=2021&format=html`, format: 'html', status: 200, showsOwn: true },
    { url: (c) => `${V(c)}/scorecards?year=2021&format=xlsx`, format: 'xlsx', status: 200, showsOwn: true },
  ],
  '/api/villages/:villageId/dividend-runs': [json((c) => `${V(c)}/dividend-runs`, 200, true)],
  '/api/dividend-runs/compare': [json((c) => `/api/dividend-runs/compare?ids=${c.run},${c.run}`, 403)],
  '/api/dividend-runs/:id': [json(R, 200, true), json((c) => `${R(c)}?limit=5&offset=0`, 200, true)],
  '/api/dividend-runs/:id/payouts': [
    json((c) => `${R(c)}/payouts`, 200, true),
    json((c) => `${R(c)}/payouts?q=HU&limit=50`, 200, true),
  ],
  '/api/dividend-runs/:id/replay': [json((c) => `${R(c)}/replay`, 403)],
  '/api/dividend-runs/:id/payments': [json((c) => `${R(c)}/payments`, 200, true)],
  // The bank batch holds every household's account number: the accountant's file only.
  '/api/dividend-runs/:id/payments/batch': [
    json((c) => `${R(c)}/payments/batch`, 403),
    json((c) => `${R(c)}/payments/batch?format=csv`, 403),
  ],
  '/api/dividend-runs/:id/objections': [json((c) => `${R(c)}/objections`, 200, false)],
  '/api/dividend-runs/:id/slips/:householdId': [
    { url: (c) => `${R(c)}/slips/${c.own}`, format: 'html', status: 200, showsOwn: true },
    { url: (c) => `${R(c)}/slips/${c.own}?format=html`, format: 'html', status: 200, showsOwn: true },
    { url: (c) => `${R(c)}/slips/${c.own}?format=pdf`, format: 'pdf', status: 200, showsOwn: true },
    { url: (c) => `${R(c)}/slips/${c.other}`, format: 'json', status: 404 },
    { url: (c) => `${R(c)}/slips/${c.other}?format=pdf`, format: 'json', status: 404 },
  ],
  '/api/dividend-runs/:id/slips': [
    { url: (c) => `${R(c)}/slips`, format: 'pdf', status: 403 },
    { url: (c) => `${R(c)}/slips?format=zip`, format: 'json', status: 403 },
  ],
  // The notice (公示表) lists every household's payout: the village board, printed by staff, not a household's API.
  '/api/dividend-runs/:id/notice': ['html', 'pdf', 'xlsx'].map((format) => ({
    url: (c: Ctx) => `${R(c)}/notice?format=${format}`,
    format: format as Format,
    status: 403,
  })),
};

/** GET routes as Fastify's router holds them (global prefix and its exclusions applied), from its printed tree. */
function registeredGetRoutes(t: TestApp): string[] {
  const fastify = t.app.getHttpAdapter().getInstance() as unknown as {
    printRoutes(options: { commonPrefix: boolean }): string;
  };
  const routes: string[] = [];
  const stack: string[] = [];
  for (const line of fastify.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ]*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1].length / 4;
    stack.length = depth;
    stack[depth] = (stack[depth - 1] ?? '') + m[2];
    if (m[3]?.split(', ').includes('GET')) routes.push(stack[depth]);
  }
  return routes;
}

function pdfToText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'scope-'));
  try {
    writeFileSync(join(dir, 'x.pdf'), pdf);
    return execFileSync('pdftotext', [join(dir, 'x.pdf'), '-']).toString();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function xlsxToText(buffer: Buffer): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as never);
  const out: string[] = [];
  workbook.eachSheet((sheet) => {
    out.push(sheet.name);
    sheet.eachRow((row) => row.eachCell((cell) => out.push(String(cell.text))));
  });
  return out.join('\n');
}

describe('a household sees only its own rows, on every read route (e2e)', () => {
  let t: TestApp;
  let f: Factory;
  let ctx: Ctx;
  let token: string;
  /** Strings of the other households (codes, ids, names, verification codes, receipts). */
  let forbidden: string[];
  let ownMarks: string[];
  let staffRun: {
    payouts: { householdCode: string; verificationCode?: string }[];
    warnings: { code: string; householdCodes?: string[] }[];
  };

  beforeAll(async () => {
    t = await createTestApp();
    f = new Factory(t);
    const s = await f.staffedVillage();
    const v = s.village.id;
    const cadre = t.as(s.cadre.token);
    const people: Record<string, { head: string; members: { name: string; relation: string; isMember?: boolean }[] }> =
      {
        HU001: { head: '赵大山', members: [{ name: '赵小河', relation: '子女', isMember: false }] },
        HU002: {
          head: '钱明月',
          members: [
            { name: '钱星辰', relation: '子女' },
            { name: '钱晓风', relation: '配偶' },
          ],
        },
        HU003: { head: '孙海棠', members: [{ name: '孙青松', relation: '子女' }] },
        HU004: { head: '李白桦', members: [] },
        HU005: { head: '周云杉', members: [{ name: '周雨霏', relation: '配偶' }] },
      };
    const households: Record<string, { id: string; code: string; members: { id: string; name: string }[] }> = {};
    for (const [code, p] of Object.entries(people)) {
      const res = await cadre.post(`/api/villages/${v}/households`).send({
        code,
        headName: p.head,
        members: [{ name: p.head, relation: '户主', isMember: code !== 'HU004' }, ...p.members],
      });
      expect(res.status).toBe(201);
      households[code] = res.body;
    }
    // members away (HU002, HU003) → MEMBERS_AWAY naming both
    for (const [code, name] of [
      ['HU002', '钱星辰'],
      ['HU003', '孙青松'],
    ]) {
      const member = households[code].members.find((m) => m.name === name)!;
      const res = await cadre
        .patch(`/api/villages/${v}/households/${households[code].id}/members/${member.id}`)
        .send({ status: 'away', date: '2021-03-01' });
      expect(res.status).toBe(200);
    }
    // shares: member shares for two households, capital with a guarantee for HU005 and an outside fund
    await cadre.post(`/api/villages/${v}/share-classes`).send({ code: 'RK', name: '人口股', kind: 'member' });
    await cadre
      .post(`/api/villages/${v}/share-classes`)
      .send({ code: 'ZJ', name: '资金股', kind: 'capital', guaranteedRate: '0.08' });
    const holdingOf: Record<string, string> = {};
    for (const [code, quantity] of [
      ['HU002', '3'],
      ['HU003', '2'],
    ]) {
      const res = await cadre
        .post(`/api/villages/${v}/holdings`)
        .send({ householdId: households[code].id, shareClassCode: 'RK', quantity });
      expect(res.status).toBe(201);
      holdingOf[code] = res.body.id;
    }
    // an inheritance between two other households: in the village's changes, never in the own household's
    expect(
      (
        await cadre
          .post(`/api/villages/${v}/holdings/${holdingOf.HU003}/transfer`)
          .send({ toHouseholdId: households.HU005.id, quantity: '0.5', date: '2021-04-01', kind: 'inherit' })
      ).status,
    ).toBe(201);
    expect(
      (
        await cadre
          .post(`/api/villages/${v}/holdings`)
          .send({ householdId: households.HU005.id, shareClassCode: 'ZJ', quantity: '1', capitalAmount: '1000.00' })
      ).status,
    ).toBe(201);
    expect(
      (
        await cadre
          .post(`/api/villages/${v}/holdings`)
          .send({ externalHolder: '旗扶贫资金', shareClassCode: 'ZJ', quantity: '1', capitalAmount: '10000.00' })
      ).status,
    ).toBe(201);
    // scores: events for four households, evidence naming the household
    expect(
      (
        await cadre.post(`/api/villages/${v}/score-rulesets`).send({
          year: 2021,
          baseScore: 100,
          rules: [{ code: 'WS', name: '卫生', category: '环境卫生', minPoints: -50, maxPoints: 50 }],
        })
      ).status,
    ).toBe(201);
    const events: Record<string, string> = {};
    for (const [code, points] of [
      ['HU001', 10],
      ['HU002', -30],
      ['HU003', -20],
      ['HU005', 20],
    ] as const) {
      const e = await t
        .as(s.scorer.token)
        .post(`/api/villages/${v}/score-events`)
        .send({
          householdId: households[code].id,
          ruleCode: 'WS',
          points,
          date: '2021-05-01',
          evidence: `${people[code].head}家 评议`,
        });
      expect(e.status).toBe(201);
      expect((await t.as(s.scorer2.token).post(`/api/score-events/${e.body.id}/approve`)).status).toBe(200);
      events[code] = e.body.id;
    }
    // objections by two households during an open publicity window (the clock is 2026-06-15)
    expect(
      (
        await cadre
          .post(`/api/villages/${v}/score-publicity`)
          .send({ year: 2021, startDate: '2026-06-15', endDate: '2026-06-30' })
      ).status,
    ).toBe(201);
    const mine = await f.user('household', undefined, { householdId: households.HU002.id });
    const theirs = await f.user('household', undefined, { householdId: households.HU003.id });
    for (const [user, code] of [
      [mine, 'HU002'],
      [theirs, 'HU003'],
    ] as const) {
      const o = await t
        .as(user.token)
        .post(`/api/score-events/${events[code]}/objections`)
        .send({ reason: `${people[code].head}家已整改` });
      expect(o.status).toBe(201);
    }
    // books: an income whose memo names another household, an expense
    await f.income(v, s.accountant.token, '20000.00', { memo: '孙海棠 HU003 交来承包费' });
    await f.expense(v, s.accountant.token, '1000.00', { memo: '赵大山 HU001 报销' });
    // a proportional run (warnings naming several households), approved and posted
    const created = await cadre.post(`/api/villages/${v}/dividend-runs`).send({
      year: 2021,
      reservePercent: '10',
      deductions: [{ name: '防贫保险', amount: '100.00' }],
      distribute: { amount: '10000.00' },
      basis: 'member',
      scoring: { mode: 'proportional' },
    });
    expect(created.status).toBe(201);
    const runId: string = created.body.id;
    await adoptAndPost(t, runId, { publisher: s.cadre.token, approver: s.cadre2.token });
    staffRun = (await t.as(s.auditor.token).get(`/api/dividend-runs/${runId}`)).body;
    // payments to the own household and two others
    const entries: Record<string, string> = {};
    for (const code of ['HU001', 'HU002', 'HU005']) {
      const payout = (staffRun.payouts as { householdCode: string; amount: string }[]).find(
        (p) => p.householdCode === code,
      )!;
      const paid = await t
        .as(s.accountant.token)
        .post(`/api/dividend-runs/${runId}/payments`)
        .send({
          householdId: households[code].id,
          amount: payout.amount,
          method: 'bank',
          date: '2026-06-15',
          receiptNo: `RCPT-${code}`,
        });
      expect(paid.status).toBe(201);
      entries[code] = paid.body.entryId;
    }
    const staffVerify = await t.as(s.auditor.token).get(`/api/villages/${v}/ledger/verify`);
    expect(staffVerify.body.ok).toBe(true);

    token = mine.token;
    const ownCode = staffRun.payouts.find((p) => p.householdCode === 'HU002')!.verificationCode!;
    ctx = {
      v,
      run: runId,
      own: households.HU002.id,
      other: households.HU003.id,
      ownEntry: entries.HU002,
      otherEntry: entries.HU001,
      ownCode,
      ownHolding: holdingOf.HU002,
      otherHolding: holdingOf.HU003,
    };
    ownMarks = ['HU002', households.HU002.id, events.HU002];
    forbidden = Object.entries(households)
      .filter(([code]) => code !== 'HU002')
      .flatMap(([code, h]) => [
        code,
        h.id,
        people[code].head,
        ...people[code].members.map((m) => m.name),
        ...h.members.map((m) => m.id),
        `RCPT-${code}`,
        ...(events[code] ? [events[code]] : []),
        ...staffRun.payouts
          .filter((p) => p.householdCode === code && p.verificationCode)
          .map((p) => p.verificationCode!),
      ]);
  });
  afterAll(() => t?.close());

  it('the staff view of the run names several households in its warnings (the data is there to leak)', () => {
    expect(staffRun.warnings.map((w) => [w.code, w.householdCodes ?? null])).toEqual([
      ['SCORE_CUTS_SHARE_DIVIDEND', ['HU002', 'HU003']],
      ['SCORES_NOT_FINAL', null],
      ['NON_MEMBERS_EXCLUDED', ['HU001', 'HU004']],
      ['MEMBERS_AWAY', ['HU002', 'HU003']],
      ['ZERO_UNITS', ['HU004']],
    ]);
  });

  it('the table lists exactly the GET routes the app registers', async () => {
    const registered = registeredGetRoutes(t).sort();
    expect(registered).toEqual(Object.keys(ROUTES).sort());
    // and the OpenAPI document names no GET route the router lacks
    const docs = await t.http.get('/api/docs-json');
    const documented = Object.entries(docs.body.paths as Record<string, Record<string, unknown>>)
      .filter(([, methods]) => 'get' in methods)
      .map(([path]) => path.replace(/\{(\w+)\}/g, ':$1'));
    expect(documented.filter((p) => !registered.includes(p))).toEqual([]);
  });

  it('walks every route in every format and finds no other household', async () => {
    const walked: { route: string; format: Format; status: number }[] = [];
    const problems: object[] = [];
    for (const [route, walks] of Object.entries(ROUTES)) {
      for (const w of walks) {
        const url = w.url(ctx);
        const res = await t.as(token).get(url).buffer(true).parse(binary);
        const body = res.body as Buffer;
        const text =
          res.status === 200 && w.format === 'pdf'
            ? pdfToText(body)
            : res.status === 200 && w.format === 'xlsx'
              ? await xlsxToText(body)
              : body.toString('utf8');
        const leaked = forbidden.filter((s) => text.includes(s));
        const ownMissing = w.showsOwn === true && !ownMarks.some((s) => text.includes(s));
        if (res.status !== w.status || leaked.length || ownMissing) {
          problems.push({ route, url, status: res.status, expected: w.status, leaked, ownMissing });
        }
        walked.push({ route, format: w.format, status: res.status });
      }
    }
    expect(problems).toEqual([]);
    const formats = new Set(walked.map((w) => `${w.route} ${w.format}`));
    console.log(
      `household scope: ${Object.keys(ROUTES).length} GET routes, ${walked.length} requests, ` +
        `${formats.size} route×format pairs, ${walked.filter((w) => w.status === 200).length} answered 200`,
    );
  });

  it('the run as the household reads it: its own payout, village totals, warnings naming only itself', async () => {
    const run = await t.as(token).get(`/api/dividend-runs/${ctx.run}`);
    expect(run.body.payouts.map((p: { householdCode: string }) => p.householdCode)).toEqual(['HU002']);
    expect(run.body.guaranteed).toEqual([{ holder: '旗扶贫资金', amount: '800.00' }]);
    expect(run.body.pool).toBe('10000.00');
    // staff: SCORE_CUTS [HU002, HU003], SCORES_NOT_FINAL, NON_MEMBERS [HU001, HU004], MEMBERS_AWAY [HU002, HU003], ZERO_UNITS [HU004]
    expect(
      run.body.warnings.map((w: { code: string; householdCodes?: string[] }) => [w.code, w.householdCodes ?? null]),
    ).toEqual([
      ['SCORE_CUTS_SHARE_DIVIDEND', ['HU002']],
      ['SCORES_NOT_FINAL', null],
      ['MEMBERS_AWAY', ['HU002']],
    ]);
  });

  it('the journal as the household reads it is its sub-ledger: its dividend and its payment, its lines only', async () => {
    const journal = await t.as(token).get(`/api/villages/${ctx.v}/journal`);
    expect(journal.body.total).toBe(2);
    expect(
      journal.body.items.map((e: { kind: string; lines: { accountCode: string; householdId: string }[] }) => [
        e.kind,
        e.lines.map((l) => [l.accountCode, l.householdId]),
      ]),
    ).toEqual([
      ['dividend', [['20201', ctx.own]]],
      ['payment', [['20201', ctx.own]]],
    ]);
  });
});
