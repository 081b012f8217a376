import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DividendsRepository } from '../../src/dividends/dividends.repository.js';
import { Factory } from '../support/factories.js';
import { rosterCsv } from '../support/roster.js';
import { adoptPlan } from '../support/run-builder.js';
import { type TestApp, createTestApp } from '../support/test-app.js';

const DIR = 'data/tmp/post-while-serving';
const HOUSEHOLDS = 4000;

/**
 * Issue 17: posting a run does not hold other requests. On a SQLite file the posting runs on a second
 * connection and pauses between chunks of rows: a GET is answered while it runs, and sees the last commit
 * (the run approved, the ledger head before the posting), never the half-written posting.
 */
describe('a posting does not block other requests (e2e, SQLite file)', () => {
  let t: TestApp;
  let tokens: { cadre: string; cadre2: string; accountant: string };
  let villageId = '';
  let firstRunId = '';

  beforeAll(async () => {
    mkdirSync(DIR, { recursive: true });
    const path = join(DIR, 'serving-test.sqlite');
    for (const suffix of ['', '-wal', '-shm']) if (existsSync(path + suffix)) rmSync(path + suffix);
    t = await createTestApp({ databasePath: path });
    const s = await new Factory(t).staffedVillage();
    villageId = s.village.id;
    tokens = { cadre: s.cadre.token, cadre2: s.cadre2.token, accountant: s.accountant.token };
    const { csv } = rosterCsv(HOUSEHOLDS, [1, 2, 3, 4]);
    const imported = await t
      .as(s.accountant.token)
      .post(`/api/villages/${villageId}/households/import`)
      .attach('file', Buffer.from(csv), 'r.csv');
    expect(imported.status).toBe(201);
    await new Factory(t).income(villageId, s.accountant.token, '9000000.00');
  }, 120_000);

  afterAll(async () => {
    await t.close();
    rmSync(DIR, { recursive: true, force: true });
  });

  async function approvedRun(): Promise<string> {
    const run = await t
      .as(tokens.cadre)
      .post(`/api/villages/${villageId}/dividend-runs`)
      .send({
        year: 2021,
        reservePercent: '10',
        distribute: { all: true },
        basis: 'member',
        scoring: { mode: 'none' },
      });
    expect(run.status).toBe(201);
    const approved = await adoptPlan(t, run.body.id, { publisher: tokens.cadre, approver: tokens.cadre2 });
    expect(approved.status).toBe(200);
    return run.body.id;
  }

  /**
   * What another request sees: the ledger head's seq, then the run's status and root. The posting writes its
   * journal entry first and the run's status last, so a half-written posting would read as a new head with the
   * run still approved; the commit falling between the two reads gives the old head with the run posted.
   */
  async function seen(runId: string) {
    const head = await t.as(tokens.accountant).get(`/api/villages/${villageId}/ledger/head`);
    const run = await t.as(tokens.accountant).get(`/api/dividend-runs/${runId}?limit=1`);
    return { headSeq: head.body.seq, status: run.body.status, merkleRoot: run.body.merkleRoot ?? null };
  }

  it('answers GETs while a 4,000-household run posts; they see the last commit until the posting commits', async () => {
    const runId = (firstRunId = await approvedRun());
    const before = await seen(runId);
    expect(before).toEqual({ headSeq: 1, status: 'approved', merkleRoot: null });
    // The posting's transaction has begun once it reads the payouts (after the checks of the run).
    const runs = t.app.get(DividendsRepository);
    const positivePayouts = runs.positivePayouts.bind(runs);
    let inside = false;
    const spy = jest.spyOn(runs, 'positivePayouts').mockImplementation((...args) => {
      inside = true;
      return positivePayouts(...args);
    });
    let posted = false;
    const posting = t
      .as(tokens.cadre)
      .post(`/api/dividend-runs/${runId}/post`)
      .then((res) => ((posted = true), res));
    const during: Awaited<ReturnType<typeof seen>>[] = [];
    const answered: Awaited<ReturnType<typeof seen>>[] = [];
    try {
      while (!posted) {
        const startedInside = inside;
        const health = await t.http.get('/api/health');
        expect(health.status).toBe(200);
        const view = await seen(runId);
        answered.push(view);
        if (startedInside && !posted) during.push(view);
      }
    } finally {
      spy.mockRestore();
    }
    const res = await posting;
    expect([res.status, res.body.payouts]).toEqual([200, HOUSEHOLDS]);
    // Requests that began while the posting's transaction was open were answered before it finished ...
    expect(during.length).toBeGreaterThan(0);
    expect(during[0]).toEqual(before);
    // ... and each saw the run as it was or as committed (the commit between its two reads): never half of it.
    const after = { headSeq: 2, status: 'posted', merkleRoot: res.body.merkleRoot };
    for (const view of answered) expect([before, after, { ...after, headSeq: 1 }]).toContainEqual(view);
    expect(await seen(runId)).toEqual(after);
  }, 120_000);

  it('a GET served halfway (journal entry written, payouts not yet) sees the run approved and the old head', async () => {
    const undo = await t.as(tokens.cadre).post(`/api/dividend-runs/${firstRunId}/reverse`).send({ reason: '重新过账' });
    expect(undo.status).toBe(200);
    const runId = await approvedRun();
    const headBefore = (await seen(runId)).headSeq;
    const runs = t.app.get(DividendsRepository);
    const insertPayouts = runs.insertPayouts.bind(runs);
    const halfway: Awaited<ReturnType<typeof seen>>[] = [];
    const spy = jest.spyOn(runs, 'insertPayouts').mockImplementation(async (...args) => {
      halfway.push(await seen(runId)); // the posting's journal entry is written, uncommitted, on its connection
      return insertPayouts(...args);
    });
    try {
      const res = await t.as(tokens.cadre).post(`/api/dividend-runs/${runId}/post`);
      expect([res.status, res.body.headSeq]).toEqual([200, headBefore + 1]);
      expect(halfway).toEqual([{ status: 'approved', merkleRoot: null, headSeq: headBefore }]);
      expect(await seen(runId)).toEqual({ status: 'posted', merkleRoot: res.body.merkleRoot, headSeq: headBefore + 1 });
    } finally {
      spy.mockRestore();
    }
  }, 120_000);
});
