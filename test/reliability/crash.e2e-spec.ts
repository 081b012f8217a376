import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Factory } from '../support/factories.js';
import { verifyFile } from '../support/raw-ledger.js';
import { rosterCsv } from '../support/roster.js';
import { createTestApp } from '../support/test-app.js';
import { adoptPlan } from '../support/run-builder.js';

const DIR = 'data/tmp/crash-test';
const BASE = join(DIR, 'base-test.sqlite');
const HOUSEHOLDS = 3000;

function copyDb(from: string, to: string) {
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(to + suffix)) rmSync(to + suffix);
    if (existsSync(from + suffix)) copyFileSync(from + suffix, to + suffix);
  }
}

/** Runs the child; kills it `killAfterMs` after it says "ready" (or lets it finish). */
function runChild(
  args: string[],
  killAfterMs?: number,
): Promise<{ output: string; killed: boolean; code: number | null; ms: number }> {
  return new Promise((resolve) => {
    const child: ChildProcess = spawn(process.execPath, ['test/support/crash-child.mjs', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let readyAt = 0;
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      if (!readyAt && output.includes('ready')) {
        readyAt = Date.now();
        if (killAfterMs !== undefined) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code, signal) =>
      resolve({ output, killed: signal === 'SIGKILL', code, ms: Date.now() - readyAt }),
    );
  });
}

describe('crash atomicity: SIGKILL mid-write leaves all or nothing', () => {
  let ids: { villageId: string; runId: string; cadreId: string; scorerId: string; households: string[] };
  let postMs = 0;

  beforeAll(async () => {
    mkdirSync(DIR, { recursive: true });
    for (const suffix of ['', '-wal', '-shm']) if (existsSync(BASE + suffix)) rmSync(BASE + suffix);
    const t = await createTestApp({ databasePath: BASE, clock: undefined });
    const f = new Factory(t);
    const s = await f.staffedVillage();
    const v = s.village.id;
    const { csv } = rosterCsv(HOUSEHOLDS, [1, 2, 3, 4]);
    expect(
      (
        await t
          .as(s.accountant.token)
          .post(`/api/villages/${v}/households/import`)
          .attach('file', Buffer.from(csv), 'r.csv')
      ).status,
    ).toBe(201);
    await f.income(v, s.accountant.token, '9000000.00');
    await t
      .as(s.cadre.token)
      .post(`/api/villages/${v}/score-rulesets`)
      .send({ year: 2021, rules: [{ code: 'A', name: '卫生', category: '环境卫生', minPoints: -10, maxPoints: 10 }] });
    const run = await t
      .as(s.cadre.token)
      .post(`/api/villages/${v}/dividend-runs`)
      .send({
        year: 2021,
        reservePercent: '10',
        distribute: { all: true },
        basis: 'member',
        scoring: { mode: 'none' },
      });
    await adoptPlan(t, run.body.id, { publisher: s.cadre.token, approver: s.cadre2.token }, { resolutionRef: 'R' });
    const households = (
      await t.as(s.cadre.token).get(`/api/villages/${v}/households?limit=${HOUSEHOLDS}`)
    ).body.items.map((h: { id: string }) => h.id);
    ids = { villageId: v, runId: run.body.id, cadreId: s.cadre.id, scorerId: s.scorer.id, households };
    await t.close();
  }, 120_000);

  afterAll(() => rmSync(DIR, { recursive: true, force: true }));

  function state(path: string) {
    const db = new Database(path, { readonly: true });
    try {
      const integrity = db.pragma('integrity_check', { simple: true });
      const run = db.prepare('SELECT status FROM dividend_runs WHERE id = ?').get(ids.runId) as { status: string };
      const payouts = (db.prepare('SELECT COUNT(*) AS n FROM payouts WHERE run_id = ?').get(ids.runId) as { n: number })
        .n;
      const entries = (
        db
          .prepare("SELECT COUNT(*) AS n FROM journal_entries WHERE run_id = ? AND kind = 'dividend'")
          .get(ids.runId) as { n: number }
      ).n;
      const households = (db.prepare('SELECT COUNT(*) AS n FROM households').get() as { n: number }).n;
      const events = (db.prepare('SELECT COUNT(*) AS n FROM score_events').get() as { n: number }).n;
      return {
        integrity,
        status: run.status,
        payouts,
        entries,
        households,
        events,
        chain: verifyFile(db, ids.villageId),
      };
    } finally {
      db.close();
    }
  }

  it('posting a 3,000-household run: 30 kills, each leaves it fully posted or untouched, and posting again works', async () => {
    const full = join(DIR, 'full-test.sqlite');
    copyDb(BASE, full);
    const clean = await runChild(['post', full, ids.runId, ids.cadreId]);
    expect(clean.output).toContain('done');
    postMs = clean.ms;
    expect(state(full)).toMatchObject({
      integrity: 'ok',
      status: 'posted',
      payouts: HOUSEHOLDS,
      entries: 1,
      chain: { ok: true, entries: 2 },
    });

    const outcomes = { posted: 0, untouched: 0 };
    let repostChecks = 0;
    for (let i = 0; i < 30; i++) {
      const file = join(DIR, `kill-${i}-test.sqlite`);
      copyDb(BASE, file);
      const killed = await runChild(['post', file, ids.runId, ids.cadreId], Math.floor(Math.random() * postMs * 1.3));
      const s = state(file);
      expect(s.integrity).toBe('ok');
      expect(s.chain.ok).toBe(true);
      if (s.status === 'posted') {
        expect([s.payouts, s.entries, s.chain.entries]).toEqual([HOUSEHOLDS, 1, 2]);
        outcomes.posted++;
      } else {
        expect([s.status, s.payouts, s.entries, s.chain.entries]).toEqual(['approved', 0, 0, 1]);
        outcomes.untouched++;
        if (repostChecks++ < 3) {
          expect((await runChild(['post', file, ids.runId, ids.cadreId])).output).toContain('done');
          expect(state(file)).toMatchObject({ status: 'posted', payouts: HOUSEHOLDS, chain: { ok: true, entries: 2 } });
        }
      }
      expect(killed.killed || killed.output.includes('done')).toBe(true);
      rmSync(file, { force: true });
    }
    const again = await runChild(['post', full, ids.runId, ids.cadreId]);
    expect(again.output).toMatch(/RUN_ALREADY_POSTED/);
    console.log(
      `crash test: posting ${HOUSEHOLDS} payouts took ${postMs} ms; 30 kills → ${outcomes.posted} fully posted, ${outcomes.untouched} untouched`,
    );
  }, 480_000);

  it('a roster import and a bulk scoring entry: 10 kills each, all or nothing', async () => {
    const { csv } = rosterCsv(2000, [2]);
    const roster = join(DIR, 'roster.csv');
    writeFileSync(roster, csv.replace(/H(\d{4})/g, 'N$1'));
    const events = join(DIR, 'events.json');
    writeFileSync(
      events,
      JSON.stringify(
        ids.households.map((householdId) => ({
          householdId,
          ruleCode: 'A',
          points: 3,
          date: '2021-05-01',
          evidence: '评议',
        })),
      ),
    );
    for (const [action, arg, count, expected] of [
      ['import', roster, 'households', HOUSEHOLDS + 2000],
      ['bulk', events, 'events', HOUSEHOLDS],
    ] as const) {
      for (let i = 0; i < 10; i++) {
        const file = join(DIR, `${action}-${i}-test.sqlite`);
        copyDb(BASE, file);
        await runChild([action, file, arg, ids.scorerId, ids.villageId], Math.floor(Math.random() * 400));
        const s = state(file);
        expect(s.integrity).toBe('ok');
        expect([HOUSEHOLDS, expected].concat(count === 'events' ? [0] : [])).toContain(s[count]);
        rmSync(file, { force: true });
      }
    }
  }, 480_000);
});
