import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { FixedClock } from '../../src/common/clock.js';
import { type Factory, USER_PASSWORD } from '../support/factories.js';
import {
  ADMIN_PASSWORD,
  TEST_DATABASE_URL,
  TEST_JWT_SECRET,
  TEST_NOW,
  createTestApp,
  type TestApp,
} from '../support/test-app.js';
import { postedFlatRun } from '../support/run-builder.js';
import { withTestApp } from '../support/with-test-app.js';

const me = (t: TestApp, token: string) => t.as(token).get('/api/auth/me');
const login = (t: TestApp, username: string, password: string) =>
  t.http.post('/api/auth/login').send({ username, password });

describe('accounts and sessions (e2e)', () => {
  let t: TestApp;
  let f: Factory;
  withTestApp((app, factory) => ([t, f] = [app, factory]));

  it('logout ends exactly that token; the same user’s other session lives on', async () => {
    const user = await f.user('accountant');
    const second = await t.login(user.username, USER_PASSWORD);
    expect((await t.as(user.token).post('/api/auth/logout')).status).toBe(204);
    expect((await me(t, user.token)).status).toBe(401);
    expect((await t.as(user.token).post('/api/auth/logout')).status).toBe(401);
    expect((await me(t, second)).body.username).toBe(user.username);
    const audit = await t.as(await t.adminToken()).get('/api/audit?limit=5');
    expect(audit.body.items.find((i: { action: string }) => i.action === 'auth.logout')).toMatchObject({
      actor: user.username,
      target: user.id,
    });
  });

  it('a password change keeps the caller’s session and ends every other one', async () => {
    const user = await f.user('cadre');
    const other = await t.login(user.username, USER_PASSWORD);
    const change = (token: string, body: object) => t.as(token).post('/api/auth/password').send(body);
    const wrong = await change(user.token, { old: 'not-my-password', new: 'grassland-sheep-300' });
    expect([wrong.status, wrong.body.code, wrong.body.message]).toEqual([
      400,
      'WRONG_PASSWORD',
      ['old: 原密码不正确 / old is not the current password'],
    ]);
    const weak = await change(user.token, { old: USER_PASSWORD, new: 'password' });
    expect([weak.status, weak.body.code, weak.body.message[0]]).toEqual([
      400,
      'WEAK_PASSWORD',
      expect.stringMatching(/^new: /),
    ]);
    expect((await change(user.token, { old: USER_PASSWORD, new: USER_PASSWORD })).body.message).toEqual([
      'new: 新密码须与原密码不同 / new must differ from old',
    ]);
    expect((await me(t, other)).status).toBe(200); // refused changes end nothing
    expect((await change(user.token, { old: USER_PASSWORD, new: 'grassland-sheep-300' })).status).toBe(204);
    expect((await me(t, user.token)).status).toBe(200);
    expect((await me(t, other)).status).toBe(401);
    expect((await login(t, user.username, USER_PASSWORD)).status).toBe(401);
    expect((await login(t, user.username, 'grassland-sheep-300')).status).toBe(200);
    expect((await change(user.token, { old: 'x', new: 'another-pass-2026', extra: 1 })).status).toBe(400);
  });

  it('disabling a user ends its live token at once and refuses its login; enabling lets it in again', async () => {
    const admin = await t.adminToken();
    const user = await f.user('scorer');
    expect((await me(t, user.token)).status).toBe(200);
    const disabled = await t.as(admin).patch(`/api/users/${user.id}`).send({ disabled: true });
    expect([disabled.status, disabled.body]).toEqual([
      200,
      { id: user.id, username: user.username, role: 'scorer', disabled: true, householdId: null, villageIds: [] },
    ]);
    expect((await me(t, user.token)).status).toBe(401);
    const refused = await login(t, user.username, USER_PASSWORD);
    expect([refused.status, refused.body.code]).toEqual([401, 'ACCOUNT_DISABLED']);
    expect((await login(t, user.username, 'wrong-password')).body.code).toBe('LOGIN_FAILED'); // no hint without the password
    expect((await t.as(admin).patch(`/api/users/${user.id}`).send({ disabled: false })).body.disabled).toBe(false);
    expect((await me(t, await t.login(user.username, USER_PASSWORD))).body.role).toBe('scorer');
    const users = await t.as(admin).get('/api/users');
    expect(users.body.items.find((u: { id: string }) => u.id === user.id).disabled).toBe(false);
  });

  it('a role change ends the user’s sessions; the next login carries the new role', async () => {
    const admin = await t.adminToken();
    const user = await f.user('scorer');
    const changed = await t.as(admin).patch(`/api/users/${user.id}`).send({ role: 'auditor' });
    expect([changed.status, changed.body.role]).toEqual([200, 'auditor']);
    expect((await me(t, user.token)).status).toBe(401);
    expect((await me(t, await t.login(user.username, USER_PASSWORD))).body.role).toBe('auditor');
    const audit = await t.as(admin).get('/api/audit?limit=10');
    expect(audit.body.items.find((i: { action: string }) => i.action === 'user.update').summary).toEqual({
      username: user.username,
      role: { from: 'scorer', to: 'auditor' },
    });
  });

  it('refuses what PATCH /users cannot do: not admin 403, unknown 404, bad fields 400, household ⇄ staff 422', async () => {
    const admin = await t.adminToken();
    const village = await f.village();
    const cadre = await f.user('cadre', village.id);
    const household = await f.household(village.id, cadre.token);
    const hhUser = await f.user('household', undefined, { householdId: household.id });
    expect((await t.as(cadre.token).patch(`/api/users/${cadre.id}`).send({ role: 'admin' })).status).toBe(403);
    expect(
      (await t.as(admin).patch('/api/users/00000000-0000-4000-8000-000000000000').send({ disabled: true })).status,
    ).toBe(404);
    const bad = await t.as(admin).patch(`/api/users/${cadre.id}`).send({ disabled: 'yes', role: 'boss', x: 1 });
    expect(bad.status).toBe(400);
    for (const field of ['disabled', 'role', 'x']) expect(bad.body.message.join(' ')).toContain(`${field}: `);
    const toStaff = await t.as(admin).patch(`/api/users/${hhUser.id}`).send({ role: 'cadre' });
    expect([toStaff.status, toStaff.body.code]).toEqual([422, 'ROLE_CHANGE_HOUSEHOLD']);
    expect((await t.as(admin).patch(`/api/users/${cadre.id}`).send({ role: 'household' })).status).toBe(422);
    expect((await me(t, cadre.token)).status).toBe(200); // refused: nothing ended
  });

  it('refuses tokens without exp, without a session id, or past exp on the product clock', async () => {
    const user = await f.user('auditor');
    const claims = new JwtService({}).decode<{ sub: string; jti: string; exp: number; iat: number }>(user.token);
    expect(claims.exp - claims.iat).toBe(8 * 3600);
    const sign = (payload: object) => new JwtService({ secret: TEST_JWT_SECRET }).signAsync(payload);
    const noExp = await sign({ sub: claims.sub, jti: claims.jti });
    const noJti = await sign({ sub: claims.sub, exp: claims.exp });
    const otherSession = await sign({ sub: claims.sub, jti: '7d0c1f64-0000-4000-8000-000000000000', exp: claims.exp });
    for (const token of [noExp, noJti, otherSession]) expect((await me(t, token)).status).toBe(401);
    expect((await me(t, user.token)).status).toBe(200);
    const start = t.clock.now();
    try {
      t.clock.set(new Date(claims.exp * 1000 - 1000));
      expect((await me(t, user.token)).status).toBe(200);
      t.clock.set(new Date(claims.exp * 1000));
      expect((await me(t, user.token)).status).toBe(401);
    } finally {
      t.clock.set(start);
    }
  });

  it('refuses weak passwords on user creation with 400 naming password', async () => {
    const admin = await t.adminToken();
    for (const password of [
      ' '.repeat(8),
      ' '.repeat(12),
      'password',
      'password123',
      'wulan2026x',
      'abcdefgh9',
      '1234567890',
    ]) {
      const res = await t.as(admin).post('/api/users').send({ username: 'wulan2026x', password, role: 'auditor' });
      expect([password, res.status, res.body.code, res.body.message[0]]).toEqual([
        password,
        400,
        'WEAK_PASSWORD',
        expect.stringMatching(/^password: /),
      ]);
    }
    expect(
      (await t.as(admin).get('/api/users')).body.items.some((u: { username: string }) => u.username === 'wulan2026x'),
    ).toBe(false);
    const ok = await t
      .as(admin)
      .post('/api/users')
      .send({ username: 'wulan2026x', password: 'ten-chars!', role: 'auditor' });
    expect(ok.status).toBe(201);
  });

  it('keeps the last enabled admin: it cannot disable or demote itself; a second admin makes it possible', async () => {
    const admin = await t.adminToken();
    const self = (await me(t, admin)).body.id;
    for (const body of [{ disabled: true }, { role: 'auditor' }]) {
      const res = await t.as(admin).patch(`/api/users/${self}`).send(body);
      expect([res.status, res.body.code]).toEqual([422, 'LAST_ADMIN']);
    }
    expect((await t.as(admin).patch(`/api/users/${self}`).send({ disabled: false, role: 'admin' })).status).toBe(200);
    const second = await f.user('admin');
    expect((await t.as(second.token).patch(`/api/users/${self}`).send({ disabled: true })).status).toBe(200);
    expect((await me(t, admin)).status).toBe(401);
    const last = await t.as(second.token).patch(`/api/users/${second.id}`).send({ role: 'cadre' });
    expect(last.status).toBe(422);
    expect((await t.as(second.token).patch(`/api/users/${self}`).send({ disabled: false })).status).toBe(200);
    await t.login('admin', ADMIN_PASSWORD); // its earlier session ended when it was disabled
  });

  it('audits a failed login under a short hash of an unknown name, never the typed text, and the chain stays valid', async () => {
    const typed = 'MySecretPassw0rd!';
    const emoji = 'a'.repeat(63) + '😀';
    expect((await login(t, typed, 'x')).status).toBe(401);
    expect((await login(t, emoji, 'x')).status).toBe(401);
    const user = await f.user('auditor');
    expect((await login(t, user.username, 'wrong-password')).status).toBe(401);
    const admin = await t.as(await t.adminToken()).get('/api/audit?limit=20');
    const failed = admin.body.items.filter((i: { action: string }) => i.action === 'auth.login-failed').slice(0, 3);
    const hash12 = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 12);
    expect(failed.map((i: { actor: string; target: string | null }) => [i.actor, i.target])).toEqual([
      [user.username, user.id],
      [`unknown:${hash12(emoji)}`, null],
      [`unknown:${hash12(typed)}`, null],
    ]);
    expect(JSON.stringify(admin.body)).not.toContain(typed);
    expect((await t.as(await t.adminToken()).get('/api/audit/verify')).body.ok).toBe(true);
  });
});

describe('login throttle (e2e, test clock)', () => {
  let t: TestApp;
  let f: Factory;
  withTestApp((app, factory) => ([t, f] = [app, factory]));
  const advance = (seconds: number) => t.clock.set(new Date(t.clock.now().getTime() + seconds * 1000));
  // Every test here fails from the same address: start each from clean counters.
  beforeEach(() => t.dataSource.query('DELETE FROM login_throttle'));

  it('slows a username down 1, 2, 4 … 60 s after 3 free failures, and never locks the right password out', async () => {
    const user = await f.user('accountant');
    for (let i = 0; i < 3; i++) expect((await login(t, user.username, 'wrong-password')).status).toBe(401);
    const delays: number[] = [];
    for (let k = 0; k < 9; k++) {
      expect((await login(t, user.username, 'wrong-password')).status).toBe(401);
      const next = await login(t, user.username, USER_PASSWORD);
      expect(next.body).toEqual({
        statusCode: 429,
        error: 'Too Many Requests',
        code: 'LOGIN_THROTTLED',
        message: `失败次数过多，请 ${next.body.retryAfter} 秒后再试 / too many failed attempts: try again in ${next.body.retryAfter} s`,
        retryAfter: next.body.retryAfter,
      });
      expect(next.headers['retry-after']).toBe(String(next.body.retryAfter));
      delays.push(next.body.retryAfter);
      advance(next.body.retryAfter - 1);
      expect((await login(t, user.username, USER_PASSWORD)).body.retryAfter).toBe(1); // waiting is not counted
      advance(1);
    }
    expect(delays).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
    expect((await login(t, user.username, USER_PASSWORD)).status).toBe(200); // the delay passed: it works
  });

  it('a success clears the name: its next failures are free again', async () => {
    const user = await f.user('scorer');
    for (let i = 0; i < 4; i++) expect((await login(t, user.username, 'wrong-password')).status).toBe(401);
    advance(1);
    expect((await login(t, user.username, USER_PASSWORD)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await login(t, user.username, 'wrong-password')).status).toBe(401);
    expect((await login(t, user.username, USER_PASSWORD)).status).toBe(200);
  });

  it('counts a parallel burst before checking passwords: 4 of 20 guesses are checked, 16 get 429', async () => {
    const user = await f.user('auditor');
    const statuses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => login(t, user.username, `guess-${i}-wrong`).then((r) => r.status)),
    );
    expect([statuses.filter((s) => s === 401).length, statuses.filter((s) => s === 429).length]).toEqual([4, 16]);
    advance(1);
    expect((await login(t, user.username, USER_PASSWORD)).status).toBe(200);
  });

  it('forgets a name’s failures 15 minutes after the last one, and prunes old rows', async () => {
    const user = await f.user('cadre');
    for (let i = 0; i < 4; i++) expect((await login(t, user.username, 'wrong-password')).status).toBe(401);
    expect((await login(t, user.username, 'wrong-password')).status).toBe(429);
    advance(15 * 60);
    for (let i = 0; i < 4; i++) expect((await login(t, user.username, 'wrong-password')).status).toBe(401);
    advance(15 * 60 + 60);
    await login(t, 'someone-else', 'wrong-password');
    const rows: { n: number | string }[] = await t.dataSource.query('SELECT COUNT(*) AS n FROM login_throttle');
    expect(Number(rows[0].n)).toBe(2); // only the last attempt's name and address are left
  });

  it('throttles a wrong old password on POST /auth/password like a login', async () => {
    const user = await f.user('auditor');
    for (let i = 0; i < 4; i++) {
      const res = await t
        .as(user.token)
        .post('/api/auth/password')
        .send({ old: `nope-${i}-nope`, new: 'brand-new-pass-26' });
      expect(res.status).toBe(400);
    }
    const slowed = await t
      .as(user.token)
      .post('/api/auth/password')
      .send({ old: USER_PASSWORD, new: 'brand-new-pass-26' });
    expect([slowed.status, slowed.body.retryAfter]).toEqual([429, 1]);
    advance(1);
    expect(
      (await t.as(user.token).post('/api/auth/password').send({ old: USER_PASSWORD, new: 'brand-new-pass-26' })).status,
    ).toBe(204);
  });
});

describe('login throttle per client address, public rate limit (e2e)', () => {
  let t: TestApp;
  withTestApp((app) => (t = app), { env: { PUBLIC_RATE_LIMIT: '60' } });

  it('limits /api/verify to PUBLIC_RATE_LIMIT a minute per client (@fastify/rate-limit), 429 with retryAfter', async () => {
    for (let i = 0; i < 60; i++) expect((await t.http.get('/api/verify/0000-0000-0000-0000')).status).toBe(404);
    const limited = await t.http.get('/api/verify/0000-0000-0000-0000');
    expect([limited.status, limited.body.code, limited.headers['retry-after']]).toEqual([
      429,
      'RATE_LIMITED',
      String(limited.body.retryAfter),
    ]);
    expect(limited.body.retryAfter).toBeGreaterThanOrEqual(55); // the rest of the minute
    expect(limited.body.retryAfter).toBeLessThanOrEqual(60);
    expect(limited.headers['x-ratelimit-limit']).toBe('60');
    expect((await t.http.get('/v/0000-0000-0000-0000')).status).toBe(404); // the page counts on its own
  });

  it('slows one address spraying many usernames after 10 failures; the right password works once the delay passed', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `spray${i}`);
    const statuses: number[] = [];
    for (const name of names) statuses.push((await login(t, name, 'Spring2026!!')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 429]);
    const admin = await login(t, 'admin', ADMIN_PASSWORD);
    expect([admin.status, admin.body.retryAfter]).toEqual([429, 1]);
    const advance = (seconds: number) => t.clock.set(new Date(t.clock.now().getTime() + seconds * 1000));
    advance(1);
    expect((await login(t, 'admin', ADMIN_PASSWORD)).status).toBe(200);
    // The address stays held to its pace (one attempt a second), but the success did not count against it.
    expect((await login(t, 'spray11', 'Spring2026!!')).status).toBe(429);
    advance(1);
    expect((await login(t, 'spray11', 'Spring2026!!')).status).toBe(401); // the 12th failure: 2 s now
    expect((await login(t, 'admin', ADMIN_PASSWORD)).body.retryAfter).toBe(2);
    for (let i = 0; i < 3; i++) {
      advance(2);
      expect((await login(t, 'admin', ADMIN_PASSWORD)).status).toBe(200);
    }
  });
});

describe('two server processes on one database (e2e)', () => {
  const dir = join('data', 'tmp');
  const file = join(dir, `accounts-test-${process.pid}.sqlite`);
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    rmSync(file, { force: true });
    const clock = new FixedClock(new Date(TEST_NOW));
    a = await createTestApp({ clock, ...(TEST_DATABASE_URL ? {} : { databasePath: file }) });
    b = await createTestApp({ clock, sameDatabaseAs: a });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  });

  it('a logout, a disabled account and the login throttle on A hold on B', async () => {
    const admin = await a.adminToken();
    const created = await a
      .as(admin)
      .post('/api/users')
      .send({ username: 'liangchu', password: USER_PASSWORD, role: 'accountant' });
    expect(created.status).toBe(201);
    const first = await a.login('liangchu', USER_PASSWORD);
    const second = await b.login('liangchu', USER_PASSWORD);
    expect((await me(b, first)).status).toBe(200);
    expect((await a.as(first).post('/api/auth/logout')).status).toBe(204);
    expect((await me(b, first)).status).toBe(401);
    expect((await me(a, second)).status).toBe(200);
    expect(
      (
        await b
          .as(await b.adminToken())
          .patch(`/api/users/${created.body.id}`)
          .send({ disabled: true })
      ).status,
    ).toBe(200);
    expect((await me(a, second)).status).toBe(401);
    expect(
      (
        await b
          .as(await b.adminToken())
          .patch(`/api/users/${created.body.id}`)
          .send({ disabled: false })
      ).status,
    ).toBe(200);

    for (const app of [a, b, a, b]) expect((await login(app, 'liangchu', 'wrong-password')).status).toBe(401);
    const slowed = await login(a, 'liangchu', USER_PASSWORD);
    expect([slowed.status, slowed.body.retryAfter]).toEqual([429, 1]);
    expect((await login(b, 'liangchu', USER_PASSWORD)).status).toBe(429);
    a.clock.set(new Date(a.clock.now().getTime() + 1000));
    expect((await login(b, 'liangchu', USER_PASSWORD)).status).toBe(200);
  });

  it('parallel guesses split over both processes still get 4 checks (PostgreSQL row locks)', async () => {
    // Two SQLite connections in one thread would wait on each other's busy handler; real processes do not.
    if (!TEST_DATABASE_URL) return;
    const statuses = await Promise.all(
      Array.from({ length: 16 }, (_, i) => login(i % 2 ? a : b, 'admin', `guess-${i}-wrong`).then((r) => r.status)),
    );
    expect([statuses.filter((s) => s === 401).length, statuses.filter((s) => s === 429).length]).toEqual([4, 12]);
  });
});

describe('a cached verification answer (served before the Nest chain) (e2e)', () => {
  let t: TestApp;
  let f: Factory;
  withTestApp((app, factory) => ([t, f] = [app, factory]), { env: { PUBLIC_RATE_LIMIT: '20' } });

  it('answers as the controller did, with the security headers, and counts against the same public limit', async () => {
    const { run } = await postedFlatRun(f, [2, 3], '500.00');
    const path = `/api/verify/${run.payouts[0].verificationCode}`;
    const first = await t.http.get(path); // a miss: the controller's query fills the cache
    const cached = await t.http.get(path.toLowerCase());
    expect([first.status, cached.status]).toEqual([200, 200]);
    expect(cached.text).toBe(first.text);
    // every header the same but the ones that differ by request (the date, the id, the count)
    const steady = (headers: Record<string, string>) => {
      const { date, 'x-request-id': id, 'x-ratelimit-remaining': remaining, ...rest } = headers;
      expect([typeof date, typeof id, typeof remaining]).toEqual(['string', 'string', 'string']);
      return rest;
    };
    expect(steady(cached.headers)).toEqual(steady(first.headers));
    expect(Object.keys(steady(first.headers)).sort()).toEqual([
      'connection',
      'content-length',
      'content-security-policy',
      'content-type',
      'cross-origin-resource-policy',
      'referrer-policy',
      'x-content-type-options',
      'x-dns-prefetch-control',
      'x-download-options',
      'x-frame-options',
      'x-permitted-cross-domain-policies',
      'x-ratelimit-limit',
      'x-xss-protection',
    ]);
    expect(cached.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
    expect([first.headers['x-ratelimit-remaining'], cached.headers['x-ratelimit-remaining']]).toEqual(['19', '18']);
    for (let i = 0; i < 18; i++) expect((await t.http.get(path)).status).toBe(200);
    const limited = await t.http.get(path);
    expect([limited.status, limited.body.code, limited.headers['retry-after']]).toEqual([
      429,
      'RATE_LIMITED',
      String(limited.body.retryAfter),
    ]);
  });
});
