import { afterEach, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { FixedClock } from '../../src/common/clock.js';
import { type Factory, USER_PASSWORD } from '../support/factories.js';
import { type BuiltServer, SERVER_ENV, callServer, startBuiltServer } from '../support/built-server.js';
import { ADMIN_PASSWORD, TEST_DATABASE_URL, type TestApp } from '../support/test-app.js';
import { withTestApp } from '../support/with-test-app.js';

const isSqlite = !TEST_DATABASE_URL;
/** 2026-03-01 01:00 Beijing time. */
const BEIJING_0301_0100 = '2026-02-28T17:00:00.000Z';

async function entryCount(t: TestApp, villageId: string): Promise<number> {
  const rows = await t.dataSource.query(
    `SELECT COUNT(*) AS n FROM journal_entries WHERE village_id = ${isSqlite ? '?' : '$1'}`,
    [villageId],
  );
  return Number(rows[0].n);
}

function record(t: TestApp, token: string, villageId: string, kind: 'income' | 'expenses', date: string, no: string) {
  return t
    .as(token)
    .post(`/api/villages/${villageId}/${kind}`)
    .send({ date, category: kind === 'income' ? '经营收入' : '管理费用', amount: '100.00', voucherNo: no });
}

describe('business dates are Beijing dates (CONTRACT "Time, text and the clock")', () => {
  let t: TestApp;
  let f: Factory;
  withTestApp((app, factory) => ([t, f] = [app, factory]), { clock: new FixedClock(new Date(BEIJING_0301_0100)) });

  const FUTURE = {
    statusCode: 400,
    error: 'Bad Request',
    code: 'FUTURE_DATE',
    message: 'date: 日期不能晚于今天 / date must not be in the future',
    field: 'date',
  };

  it("at 01:00 Beijing time (17:00 UTC the day before) today's income is accepted and tomorrow's refused", async () => {
    t.clock.set(new Date(BEIJING_0301_0100));
    const s = await f.staffedVillage();
    const v = s.village.id;
    expect((await t.http.get('/api/clock')).body).toEqual({
      now: BEIJING_0301_0100,
      today: '2026-03-01',
      timeZone: 'Asia/Shanghai',
    });
    const today = await record(t, s.accountant.token, v, 'income', '2026-03-01', 'T-1');
    expect(today.status).toBe(201);
    const tomorrow = await record(t, s.accountant.token, v, 'income', '2026-03-02', 'T-2');
    expect([tomorrow.status, tomorrow.body]).toEqual([400, FUTURE]);
    expect((await record(t, s.accountant.token, v, 'expenses', '2026-03-01', 'X-1')).status).toBe(201);
    expect((await record(t, s.accountant.token, v, 'expenses', '2026-03-02', 'X-2')).body).toEqual(FUTURE);
    expect(await entryCount(t, v)).toBe(2);
    const journal = await t.as(s.auditor.token).get(`/api/villages/${v}/journal`);
    expect(journal.body.items.map((e: { date: string; voucherNo: string }) => [e.date, e.voucherNo])).toEqual(
      expect.arrayContaining([
        ['2026-03-01', 'T-1'],
        ['2026-03-01', 'X-1'],
      ]),
    );
  });
});

describe('the business day turns at 16:00 UTC', () => {
  let t: TestApp;
  let f: Factory;
  // Its own app: the clock only moves forward here (login throttling counts attempts on it).
  withTestApp((app, factory) => ([t, f] = [app, factory]), { clock: new FixedClock(new Date('2026-02-28T15:00:00Z')) });

  it('also at the end of a year and on a leap day', async () => {
    const s = await f.staffedVillage();
    const v = s.village.id;
    const cases: [instant: string, date: string, status: number][] = [
      ['2026-02-28T15:59:59.999Z', '2026-03-01', 400],
      ['2026-02-28T16:00:00.000Z', '2026-03-01', 201],
      ['2026-12-31T15:59:59.999Z', '2027-01-01', 400],
      ['2026-12-31T16:00:00.000Z', '2027-01-01', 201],
      ['2028-02-28T16:00:00.000Z', '2028-02-29', 201],
      ['2028-02-28T16:00:00.000Z', '2028-03-01', 400],
    ];
    const statuses = [];
    for (const [i, [instant, date]] of cases.entries()) {
      t.clock.set(new Date(instant));
      // Tokens expire on the product's clock: log in again after each jump.
      const token = await t.login(s.accountant.username, USER_PASSWORD);
      statuses.push((await record(t, token, v, 'income', date, `B-${i}`)).status);
    }
    expect(statuses).toEqual(cases.map((c) => c[2]));
    expect(await entryCount(t, v)).toBe(3);
    expect((await t.http.get('/api/clock')).body).toEqual({
      now: '2028-02-28T16:00:00.000Z',
      today: '2028-02-29',
      timeZone: 'Asia/Shanghai',
    });
  });
});

describe('CLOCK and TZ_BUSINESS at start (the built server, dist/main.js)', () => {
  let server: BuiltServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  async function start(env: Record<string, string>): Promise<string> {
    server = await startBuiltServer(env);
    return server.base;
  }

  const call = callServer;

  it('CLOCK=2026-03-01T01:00 starts the clock there and lets it run on: income of 03-01 accepted, 03-02 refused', async () => {
    const base = await start({ CLOCK: '2026-03-01T01:00' });
    const clock = (await call(base, 'GET', '/api/clock')).body;
    expect(clock).toMatchObject({ today: '2026-03-01', timeZone: 'Asia/Shanghai' });
    const elapsed = Date.parse(String(clock.now)) - Date.parse(BEIJING_0301_0100);
    expect(elapsed).toBeGreaterThanOrEqual(0);
    expect(elapsed).toBeLessThan(60_000);
    const admin = String(
      (await call(base, 'POST', '/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD })).body.accessToken,
    );
    const village = (await call(base, 'POST', '/api/villages', { code: 'CLK', name: '时钟嘎查' }, admin)).body;
    const password = 'clock-accountant-2026';
    expect(
      (
        await call(
          base,
          'POST',
          '/api/users',
          { username: 'kuaiji', password, role: 'accountant', villageId: village.id },
          admin,
        )
      ).status,
    ).toBe(201);
    const accountant = String(
      (await call(base, 'POST', '/api/auth/login', { username: 'kuaiji', password })).body.accessToken,
    );
    const income = (date: string, voucherNo: string) =>
      call(
        base,
        'POST',
        `/api/villages/${String(village.id)}/income`,
        { date, category: '经营收入', amount: '1.00', voucherNo },
        accountant,
      );
    expect((await income('2026-03-01', 'C-1')).status).toBe(201);
    expect(await income('2026-03-02', 'C-2')).toEqual({
      status: 400,
      body: expect.objectContaining({ code: 'FUTURE_DATE' }),
    });
    const ledger = await call(base, 'GET', `/api/villages/${String(village.id)}/ledger/head`, undefined, admin);
    expect(ledger.body).toMatchObject({ seq: 1 });
  }, 60_000);

  it('TZ_BUSINESS moves the day: the same CLOCK instant is still 02-28 in UTC', async () => {
    const base = await start({ CLOCK: '2026-03-01T01:00', TZ_BUSINESS: 'UTC' });
    expect((await call(base, 'GET', '/api/clock')).body).toMatchObject({ today: '2026-02-28', timeZone: 'UTC' });
  }, 60_000);

  it('refuses to start (exit 2) listing every problem: CLOCK in production, NaN-prone numbers, a schema with ;', () => {
    const refused = spawnSync(process.execPath, ['dist/main.js'], {
      env: {
        ...SERVER_ENV,
        NODE_ENV: 'production',
        CLOCK: '2026-03-01T01:00',
        JWT_EXPIRES_IN_SECONDS: '8h',
        PUBLIC_RATE_LIMIT: 'lots',
        DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
        DATABASE_SCHEMA: 'public; DROP TABLE users',
        ADMIN_PASSWORD: 'admin12345',
      },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(refused.status).toBe(2);
    expect(refused.stderr.trim().split('\n')).toEqual([
      'Configuration error (配置错误): 6 problems (6 处配置错误):',
      expect.stringMatching(/^ {2}- DATABASE_SCHEMA: .*\(got "public; DROP TABLE users"\)$/),
      '  - ADMIN_PASSWORD: 密码太常见，容易被猜中，请换一个 / ADMIN_PASSWORD is a common password: choose another',
      expect.stringMatching(/^ {2}- JWT_EXPIRES_IN_SECONDS: .*\(got "8h"\)$/),
      expect.stringMatching(/^ {2}- PUBLIC_RATE_LIMIT: .*\(got "lots"\)$/),
      expect.stringMatching(/^ {2}- DATA_KEY is required when NODE_ENV=production/),
      expect.stringMatching(/^ {2}- CLOCK is refused when NODE_ENV=production/),
    ]);
  });

  it('the CLI and the TypeORM data source refuse a bad environment the same way (exit 2, one line a problem)', () => {
    const env = { ...SERVER_ENV, JWT_EXPIRES_IN_SECONDS: '8h', TZ_BUSINESS: 'Beijing' };
    for (const args of [['dist/cli/cli.main.js', 'audit:verify'], ['dist/database/cli-data-source.js']]) {
      const refused = spawnSync(process.execPath, args, { env, encoding: 'utf8', timeout: 20_000 });
      expect([refused.status, refused.stderr.trim().split('\n')]).toEqual([
        2,
        [
          'Configuration error (配置错误): 2 problems (2 处配置错误):',
          expect.stringMatching(/^ {2}- JWT_EXPIRES_IN_SECONDS: .*\(got "8h"\)$/),
          expect.stringMatching(/^ {2}- TZ_BUSINESS: .*IANA.*\(got "Beijing"\)$/),
        ],
      ]);
    }
  });
});
