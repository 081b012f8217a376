import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays } from '../../src/common/dates.js';
import { type BuiltServer, SERVER_ENV, callServer, startBuiltServer } from '../support/built-server.js';
import { ADMIN_PASSWORD, TEST_DATABASE_URL } from '../support/test-app.js';

type Reply = Awaited<ReturnType<typeof callServer>>;
const PASSWORD = 'password-123';
const STAFF = ['cadre1', 'cadre2', 'kuaiji', 'pingyi1', 'pingyi2', 'hu1'] as const;
type Who = (typeof STAFF)[number] | 'admin';

/**
 * DOMAIN "The plan's lawful course" walked on the built server with `CLOCK` restarts over one database file:
 * publish on day 0, the meeting on day 10, post, the 7-day notice, payment, reversals. Every refusal of the
 * course is met on its day. With PLAN_COURSE_TRANSCRIPT=<file> the dates and refusals are written there.
 */
(TEST_DATABASE_URL ? describe.skip : describe)("the plan's lawful course with CLOCK restarts (dist/main.js)", () => {
  const dir = mkdtempSync(join(tmpdir(), 'plan-course-'));
  const db = join(dir, 'ledger.sqlite');
  let server: BuiltServer | undefined;
  let today = '';
  const tokens = new Map<Who, string>();
  const ids: Record<string, string> = {};
  const steps: { date: string; step: string; status: number; result?: unknown }[] = [];
  const refusals: { date: string; step: string; status: number; code: unknown; message: string }[] = [];
  afterAll(async () => {
    await server?.stop();
    if (process.env.PLAN_COURSE_TRANSCRIPT) {
      writeFileSync(process.env.PLAN_COURSE_TRANSCRIPT, JSON.stringify({ steps, refusals }, null, 2));
    }
    rmSync(dir, { recursive: true, force: true });
  });

  /** (Re)starts the server with its clock at `clock` (Beijing) and logs everyone in again. */
  async function at(clock: string) {
    await server?.stop();
    server = await startBuiltServer({ CLOCK: clock, DATABASE_PATH: db });
    today = String((await callServer(server.base, 'GET', '/api/clock')).body.today);
    await loginAll();
  }
  async function loginAll() {
    for (const who of ['admin', ...STAFF] as Who[]) {
      const password = who === 'admin' ? ADMIN_PASSWORD : PASSWORD;
      const login = await callServer(server!.base, 'POST', '/api/auth/login', { username: who, password });
      if (login.status === 200) tokens.set(who, String(login.body.accessToken));
    }
  }
  const call = (who: Who, method: string, path: string, body?: unknown) =>
    callServer(server!.base, method, `/api${path}`, body, tokens.get(who));
  function step(name: string, res: Reply, status: number, result?: unknown) {
    expect([name, res.status, res.status < 400 || res.body]).toEqual([name, status, true]);
    steps.push({ date: today, step: name, status, ...(result === undefined ? {} : { result }) });
    return res.body;
  }
  /** A refusal: its status and code (validation errors have none), nothing else asserted here. */
  function refused(name: string, res: Reply, status: number, code: string | undefined) {
    expect([name, res.status, res.body.code]).toEqual([name, status, code]);
    const message = [res.body.message].flat().join('; ');
    refusals.push({ date: today, step: name, status, code: code ?? res.body.error, message });
    return res.body;
  }
  const meeting = (date: string, figures: Partial<Record<'eligible' | 'present' | 'inFavour', number>> = {}) => ({
    type: '成员大会',
    date,
    eligible: 30,
    present: 25,
    inFavour: 21,
    ...figures,
  });

  async function setUp() {
    const v = step('village', await call('admin', 'POST', '/villages', { code: 'KC', name: '课程嘎查' }), 201).id;
    ids.v = v;
    const roles = { cadre1: 'cadre', cadre2: 'cadre', kuaiji: 'accountant', pingyi1: 'scorer', pingyi2: 'scorer' };
    for (const [username, role] of Object.entries(roles)) {
      expect((await call('admin', 'POST', '/users', { username, password: PASSWORD, role, villageId: v })).status).toBe(
        201,
      );
    }
    await loginAll();
    for (const [code, size] of [
      ['H001', 3],
      ['H002', 2],
    ] as const) {
      const members = Array.from({ length: size }, (_, i) => ({
        name: `${code}成员${i}`,
        relation: i ? '子女' : '户主',
      }));
      ids[code] = (
        await call('cadre1', 'POST', `/villages/${v}/households`, { code, headName: code, members })
      ).body.id;
    }
    const hu1 = { username: 'hu1', password: PASSWORD, role: 'household', householdId: ids.H001 };
    expect((await call('admin', 'POST', '/users', hu1)).status).toBe(201);
    await loginAll();
    const income = (voucherNo: string, amount: string) =>
      call('kuaiji', 'POST', `/villages/${v}/income`, {
        date: '2025-06-30',
        category: '经营收入',
        amount,
        voucherNo,
        via: 'bank',
      });
    step('income IN-A 70000.00', await income('IN-A', '70000.00'), 201);
    ids.inB = step('income IN-B 30000.01', await income('IN-B', '30000.01'), 201).entryId;
  }

  async function scoreWindow() {
    const v = ids.v;
    const rules = [{ code: 'WS', name: '庭院整洁', category: '环境卫生', minPoints: -10, maxPoints: 10 }];
    expect(
      (await call('cadre1', 'POST', `/villages/${v}/score-rulesets`, { year: 2025, baseScore: 100, rules })).status,
    ).toBe(201);
    const event = { householdId: ids.H002, ruleCode: 'WS', points: -10, date: '2025-11-20', evidence: '垃圾乱堆' };
    ids.event = step(
      'score event −10 recorded (pending)',
      await call('pingyi1', 'POST', `/villages/${v}/score-events`, event),
      201,
    ).id;
    const open = (body: Record<string, unknown>) => call('cadre1', 'POST', `/villages/${v}/score-publicity`, body);
    refused(
      'score window of 3 days',
      await open({ year: 2025, startDate: today, endDate: addDays(today, 2) }),
      422,
      'PUBLICITY_TOO_SHORT',
    );
    refused(
      'score window backdated to November',
      await open({ year: 2025, startDate: '2025-11-01', endDate: '2025-11-30' }),
      422,
      'PUBLICITY_BACKDATED',
    );
    const window = step('score window opened', await open({ year: 2025 }), 201);
    steps[steps.length - 1].result = { startDate: window.startDate, endDate: window.endDate };
    refused(
      'score window replaced',
      await open({ year: 2025, startDate: addDays(today, 1) }),
      409,
      'PUBLICITY_NOT_CLOSED',
    );
  }

  /** The reproduction: a draft of 100,000.01, then 30,000.01 of its income reversed. */
  async function staleDraft() {
    const v = ids.v;
    const a = { year: 2025, basis: 'member', distribute: { amount: '100000.01' } };
    const stale = step('draft A of 100000.01', await call('cadre1', 'POST', `/villages/${v}/dividend-runs`, a), 201);
    const reverse = await call('kuaiji', 'POST', `/villages/${v}/journal/${ids.inB}/reverse`, { reason: '收入记错' });
    step('income IN-B reversed', reverse, 201);
    const publish = await call('cadre1', 'POST', `/dividend-runs/${stale.id}/publish`);
    refused('publish draft A after IN-B reversed', publish, 409, 'PLAN_STALE');
    expect(publish.body.changes.map((c: { kind: string }) => c.kind)).toEqual(['income']);
    const replay = (await call('kuaiji', 'GET', `/dividend-runs/${stale.id}/replay`)).body;
    expect([replay.identical, replay.stale]).toEqual([false, true]);
    const charter = { minReservePercent: '10', publicityDays: 7 };
    step('charter: reserve ≥ 10%, notice 7 days', await call('admin', 'PATCH', `/villages/${v}/charter`, charter), 200);
  }

  async function planB() {
    const draft = (body: Record<string, unknown>) =>
      call('cadre1', 'POST', `/villages/${ids.v}/dividend-runs`, { year: 2025, basis: 'member', ...body });
    const low = await draft({ distribute: { all: true }, reservePercent: '5' });
    refused('draft with reserve 5% (charter 10%)', low, 422, 'RESERVE_BELOW_CHARTER');
    const big = await draft({ distribute: { amount: '100000.01' } });
    refused('draft of 100000.01 against 70000.00', big, 422, 'POOL_ABOVE_AVAILABLE');
    const plan = step('draft B (scoring omitted: charter default)', await draft({ distribute: { all: true } }), 201);
    steps[steps.length - 1].result = { scoring: plan.scoring, reserve: plan.reserve, pool: plan.pool };
    expect([plan.scoring, plan.reservePercent, plan.reserve, plan.pool]).toEqual([
      { mode: 'none' },
      '10',
      '7000.00',
      '63000.00',
    ]);
    ids.run = plan.id;
  }

  async function publishAndObject() {
    const run = ids.run;
    const early = await call('hu1', 'POST', `/dividend-runs/${run}/objections`, { reason: '太早' });
    refused('objection before publication', early, 422, 'PLAN_NOT_PUBLISHED');
    const notYet = await call('cadre2', 'POST', `/dividend-runs/${run}/approve`, {
      resolutionRef: 'R1',
      meeting: meeting(today),
    });
    refused('approve a draft never published', notYet, 422, 'PLAN_NOT_PUBLIC_LONG_ENOUGH');
    const published = step('publish (公示)', await call('cadre1', 'POST', `/dividend-runs/${run}/publish`), 200);
    steps[steps.length - 1].result = { publishedOn: published.publishedOn, objectionsUntil: published.objectionsUntil };
    expect([published.publishedOn, published.objectionsUntil]).toEqual([today, addDays(today, 9)]);
    const objection = await call('hu1', 'POST', `/dividend-runs/${run}/objections`, { reason: '我家新生儿未计入' });
    ids.objection = step('objection by household H001', objection, 201).id;
  }

  async function meetingDay() {
    const run = ids.run;
    const approve = (who: Who, body: Record<string, unknown>) =>
      call(who, 'POST', `/dividend-runs/${run}/approve`, body);
    refused('approve without meeting figures', await approve('cadre2', { resolutionRef: 'R1' }), 400, undefined);
    refused(
      'meeting dated 2027-01-15',
      await approve('cadre2', { resolutionRef: 'R1', meeting: meeting('2027-01-15') }),
      422,
      'MEETING_IN_FUTURE',
    );
    refused(
      'approve with an unanswered objection',
      await approve('cadre2', { resolutionRef: 'R1', meeting: meeting(today) }),
      422,
      'OBJECTIONS_OPEN',
    );
    const answer = { answer: '新生儿于基准日后出生，依章程不计入' };
    step(
      'objection answered by cadre',
      await call('cadre1', 'POST', `/plan-objections/${ids.objection}/answer`, answer),
      200,
    );
    refused(
      "approve by the plan's creator",
      await approve('cadre1', { resolutionRef: 'R1', meeting: meeting(today) }),
      403,
      'FOUR_EYES',
    );
    refused(
      '19 of 30 present',
      await approve('cadre2', { resolutionRef: 'R1', meeting: meeting(today, { present: 19, inFavour: 19 }) }),
      422,
      'QUORUM_NOT_MET',
    );
    refused(
      '19 of 30 in favour',
      await approve('cadre2', { resolutionRef: 'R1', meeting: meeting(today, { inFavour: 19 }) }),
      422,
      'VOTE_FAILED',
    );
    const approved = await approve('cadre2', { resolutionRef: '课程嘎查决〔2026〕1号', meeting: meeting(today) });
    step('approve (meeting 25 of 30 present, 21 in favour)', approved, 200, { meetingDate: today });
    const posted = step('post', await call('cadre1', 'POST', `/dividend-runs/${run}/post`), 200);
    expect(posted.status).toBe('posted');
    refused('post again', await call('cadre1', 'POST', `/dividend-runs/${run}/post`), 409, 'RUN_ALREADY_POSTED');
    const noticeUntil = (await call('kuaiji', 'GET', `/dividend-runs/${run}`)).body.noticeUntil;
    expect(noticeUntil).toBe(addDays(today, 6));
    steps[steps.length - 1].result = { noticeUntil };
    refused('payment during the notice', await pay(), 422, 'NOTICE_PERIOD_OPEN');
  }
  const pay = () =>
    call('kuaiji', 'POST', `/dividend-runs/${ids.run}/payments`, {
      householdId: ids.H001,
      amount: '37800.00',
      method: 'bank',
      date: today,
      receiptNo: 'FK-001',
    });

  async function paidAndReversed() {
    const run = ids.run;
    ids.payment = step('payment H001 37800.00 by bank', await pay(), 201).id;
    refused(
      'reverse the run with a payment standing',
      await call('cadre1', 'POST', `/dividend-runs/${run}/reverse`, { reason: '重做' }),
      422,
      'RUN_HAS_PAYMENTS',
    );
  }

  async function reversals() {
    const run = ids.run;
    const income = await call('kuaiji', 'POST', `/villages/${ids.v}/income`, {
      date: today,
      category: '其他收入',
      amount: '1.00',
      voucherNo: 'IN-0100',
    });
    step('income dated today at 01:00 Beijing time', income, 201, { entryDate: income.body.date ?? today });
    const reason = { reason: '公示期内有异议，重新分配' };
    step(
      'payment reversed',
      await call('kuaiji', 'POST', `/dividend-runs/${run}/payments/${ids.payment}/reverse`, reason),
      201,
    );
    step('run reversed', await call('cadre1', 'POST', `/dividend-runs/${run}/reverse`, reason), 200);
    expect((await call('kuaiji', 'GET', `/villages/${ids.v}/ledger/verify`)).body.ok).toBe(true);
  }

  it('publish on day 0, meeting on day 10, post, notice of 7 days, pay; each refusal on its day', async () => {
    await at('2026-03-02T09:00');
    await setUp();
    await staleDraft();
    await scoreWindow();
    await planB();
    await publishAndObject();
    await at('2026-03-11T09:00');
    refused(
      'meeting on day 9',
      await call('cadre2', 'POST', `/dividend-runs/${ids.run}/approve`, {
        resolutionRef: 'R1',
        meeting: meeting(today),
      }),
      422,
      'PLAN_NOT_PUBLIC_LONG_ENOUGH',
    );
    refused(
      '−10 approved after the score window closed',
      await call('pingyi2', 'POST', `/score-events/${ids.event}/approve`),
      422,
      'SCORES_FINAL',
    );
    await at('2026-03-12T10:00');
    await meetingDay();
    await at('2026-03-18T16:00');
    refused("payment on the notice's last day", await pay(), 422, 'NOTICE_PERIOD_OPEN');
    await at('2026-03-19T09:00');
    await paidAndReversed();
    await at('2026-03-20T01:00');
    await reversals();
  }, 240_000);

  it('CLOCK is refused in production (exit 2)', () => {
    const env = {
      ...SERVER_ENV,
      NODE_ENV: 'production',
      CLOCK: '2026-03-02T09:00',
      DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
      ADMIN_PASSWORD: 'a-long-admin-pass-2026',
    };
    const res = spawnSync(process.execPath, ['dist/main.js'], { env, encoding: 'utf8', timeout: 20_000 });
    const line = res.stderr.trim().split('\n').pop()!;
    expect([res.status, line]).toEqual([2, expect.stringContaining('CLOCK is refused when NODE_ENV=production')]);
    refusals.push({
      date: '(start)',
      step: 'CLOCK with NODE_ENV=production',
      status: res.status!,
      code: 'exit 2',
      message: line,
    });
  });
});
