import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import pg from 'pg';
import { ADMIN_PASSWORD, TEST_DATABASE_URL, TEST_JWT_SECRET } from '../support/test-app.js';

/**
 * CONTRACT "Township": several server processes on one PostgreSQL database. Two real processes
 * (dist/main.js) on a fresh schema take 200 concurrent incomes for one village and 200 spread over five,
 * split between them: every valid write is a 201, every chain stays gapless and verifies, and an
 * Idempotency-Key sent to both processes at once gives one entry and the same answer from each.
 * PostgreSQL only (TEST_DATABASE_URL); needs `npx nest build`.
 */
const run = TEST_DATABASE_URL ? describe : describe.skip;
const WRITES = 200;
const DATE = '2025-06-30';

interface Server {
  child: ChildProcess;
  base: string;
  log: string[];
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function startServer(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const log: string[] = [];
  const child = spawn(process.execPath, ['dist/main.js'], {
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port), NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => log.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => log.push(d.toString()));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}: ${log.join('')}`);
    const ok = await fetch(`${base}/api/health`)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) return { child, base, log };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not start: ${log.join('')}`);
}

async function stop(server: Server | undefined): Promise<void> {
  if (!server || server.child.exitCode !== null) return;
  const exited = new Promise((r) => server.child.once('exit', r));
  server.child.kill('SIGTERM');
  await exited;
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

async function call(
  server: Server,
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const res = await fetch(`${server.base}${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {} };
}

const tally = (answers: Answer[]) =>
  answers.reduce<Record<number, number>>((acc, a) => ({ ...acc, [a.status]: (acc[a.status] ?? 0) + 1 }), {});

run('two server processes on one PostgreSQL database (reliability)', () => {
  const schema = `t_mi_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  let one: Server;
  let two: Server;
  let admin: string;
  let accountant: string;
  const villages: string[] = [];

  beforeAll(async () => {
    if (!existsSync('dist/main.js')) throw new Error('dist/main.js is missing: run `npx nest build` first');
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.end();
    const env = {
      DATABASE_URL: TEST_DATABASE_URL!,
      DATABASE_SCHEMA: schema,
      JWT_SECRET: TEST_JWT_SECRET,
      ADMIN_PASSWORD,
    };
    one = await startServer(env); // runs the migrations
    two = await startServer(env);
    admin = String(
      (await call(one, 'POST', '/api/auth/login', null, { username: 'admin', password: ADMIN_PASSWORD })).body
        .accessToken,
    );
    for (let i = 1; i <= 5; i++) {
      const v = await call(one, 'POST', '/api/villages', admin, {
        code: `MI${i}`,
        name: `多实例嘎查${i}`,
        township: '多实例镇',
      });
      expect(v.status).toBe(201);
      villages.push(String(v.body.id));
    }
    const user = await call(two, 'POST', '/api/users', admin, {
      username: 'township-accountant',
      password: 'password-123',
      role: 'accountant',
      villageId: villages[0],
    });
    for (const v of villages.slice(1)) {
      expect((await call(one, 'POST', `/api/users/${user.body.id}/villages`, admin, { villageId: v })).status).toBe(
        201,
      );
    }
    const login = await call(two, 'POST', '/api/auth/login', null, {
      username: 'township-accountant',
      password: 'password-123',
    });
    accountant = String(login.body.accessToken);
  }, 120_000);

  afterAll(async () => {
    await stop(one);
    await stop(two);
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });

  /** Transactions run again after a transient conflict, so far, in both processes' logs. */
  const retried = () => [one, two].map((s) => s.log.join('').split('transient conflict').length - 1).join(' + ');

  const income = (i: number, villageId: string, voucherNo: string, headers: Record<string, string> = {}) =>
    call(
      i % 2 === 0 ? one : two,
      'POST',
      `/api/villages/${villageId}/income`,
      accountant,
      { date: DATE, category: '经营收入', amount: `${(i % 97) + 1}.${String(i % 100).padStart(2, '0')}`, voucherNo },
      headers,
    );

  async function verified(villageId: string, entries: number) {
    const verify = await call(two, 'GET', `/api/villages/${villageId}/ledger/verify`, accountant);
    expect([verify.status, verify.body.ok, verify.body.entries]).toEqual([200, true, entries]);
  }

  it('takes 200 concurrent incomes for ONE village across both processes: all 201, seqs 1…200 gapless', async () => {
    const startedMs = Date.now();
    const answers = await Promise.all(Array.from({ length: WRITES }, (_, i) => income(i, villages[0], `ONE-${i}`)));
    const elapsedMs = Date.now() - startedMs;
    console.log(`one village: ${JSON.stringify(tally(answers))} in ${elapsedMs} ms; retried: ${retried()}`);
    expect(tally(answers)).toEqual({ 201: WRITES });
    const seqs = answers.map((a) => Number(a.body.seq)).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: WRITES }, (_, i) => i + 1));
    await verified(villages[0], WRITES);
  }, 120_000);

  it('takes 200 concurrent incomes spread over five villages: all 201, every chain gapless', async () => {
    const startedMs = Date.now();
    const answers = await Promise.all(
      Array.from({ length: WRITES }, (_, i) => income(i, villages[i % 5], `MANY-${i}`)),
    );
    console.log(
      `five villages: ${JSON.stringify(tally(answers))} in ${Date.now() - startedMs} ms; retried: ${retried()}`,
    );
    expect(tally(answers)).toEqual({ 201: WRITES });
    for (let k = 0; k < 5; k++) {
      const seqs = answers
        .filter((_, i) => i % 5 === k)
        .map((a) => Number(a.body.seq))
        .sort((x, y) => x - y);
      const first = k === 0 ? WRITES : 0;
      expect(seqs).toEqual(Array.from({ length: WRITES / 5 }, (_, i) => first + i + 1));
      await verified(villages[k], first + WRITES / 5);
    }
  }, 120_000);

  it('replays an Idempotency-Key sent to both processes at once: one entry, the same answer from each', async () => {
    const keys = Array.from({ length: 20 }, (_, i) => `mi-key-${i}`);
    const answers = await Promise.all(
      keys.flatMap((key, k) =>
        [0, 1].map((side) => income(k * 2 + side, villages[1], `IDEM-${k}`, { 'idempotency-key': key })),
      ),
    );
    // Each pair went to both processes with one key but different amounts: one 201, one 409 (key reused).
    const pairs = keys.map((_, k) => [answers[k * 2], answers[k * 2 + 1]]);
    expect(pairs.every(([x, y]) => [x.status, y.status].sort().join() === '201,409')).toBe(true);
    const same = await Promise.all(
      keys.flatMap((key) =>
        [one, two].map((server) =>
          call(
            server,
            'POST',
            `/api/villages/${villages[2]}/income`,
            accountant,
            { date: DATE, category: '经营收入', amount: '8.00', voucherNo: `SAME-${key}` },
            { 'idempotency-key': `same-${key}` },
          ),
        ),
      ),
    );
    console.log(`idempotent pairs: ${JSON.stringify(tally(same))}`);
    expect(tally(same)).toEqual({ 201: 40 });
    for (let k = 0; k < keys.length; k++) expect(same[k * 2 + 1].body).toEqual(same[k * 2].body);
    await verified(villages[2], WRITES / 5 + keys.length);
    // A route whose handler runs its own transactions (the interceptor's claim row): a household.
    const household = { code: 'MIH1', headName: '户主', members: [{ name: '成员', relation: '户主' }] };
    const both = await Promise.all(
      [one, two, one, two].map((server) =>
        call(server, 'POST', `/api/villages/${villages[3]}/households`, accountant, household, {
          'idempotency-key': 'hh-1',
        }),
      ),
    );
    expect(both.map((a) => a.status)).toEqual([201, 201, 201, 201]);
    expect(new Set(both.map((a) => a.body.id)).size).toBe(1);
    const list = await call(one, 'GET', `/api/villages/${villages[3]}/households`, accountant);
    expect(list.body.total).toBe(1);
  }, 120_000);

  it('keeps the audit chain gapless and verified under both processes', async () => {
    const audit = await call(one, 'GET', '/api/audit/verify', admin);
    expect([audit.status, audit.body.ok]).toEqual([200, true]);
    console.log(`audit chain: ${audit.body.entries} records verified`);
    for (const server of [one, two]) {
      expect(server.log.join('')).not.toMatch(/ERROR/);
    }
  });
});
