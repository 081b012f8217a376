import { expect } from '@jest/globals';
import type { Factory } from './factories.js';
import type { TestApp } from './test-app.js';

const DAY_MS = 86_400_000;

/** The business date (Beijing) of the test clock. */
export function businessDate(t: TestApp, offsetDays = 0): string {
  return new Date(t.clock.now().getTime() + 8 * 3600_000 + offsetDays * DAY_MS).toISOString().slice(0, 10);
}

/** A meeting that adopts a plan: 成员大会 of 30, 25 present, 21 in favour (both 2/3 rules met). */
export function meeting(date: string, overrides: Record<string, unknown> = {}) {
  return { type: '成员大会', date, eligible: 30, present: 25, inFavour: 21, ...overrides };
}

/**
 * The lawful course up to approval: the draft is published `planDays` days ago (the clock is moved back for
 * it, then restored), and a second cadre records the assembly of today. Returns the approve response.
 */
export async function adoptPlan(
  t: TestApp,
  runId: string,
  tokens: { publisher: string; approver: string },
  options: { planDays?: number; resolutionRef?: string; meeting?: Record<string, unknown> } = {},
) {
  const now = t.clock.now();
  t.clock.set(new Date(now.getTime() - (options.planDays ?? 10) * DAY_MS));
  const published = await t.as(tokens.publisher).post(`/api/dividend-runs/${runId}/publish`);
  t.clock.set(now);
  expect([published.status, published.body.code]).toEqual([200, undefined]);
  return t
    .as(tokens.approver)
    .post(`/api/dividend-runs/${runId}/approve`)
    .send({
      resolutionRef: options.resolutionRef ?? '嘎查决〔2021〕1号',
      meeting: meeting(businessDate(t), options.meeting),
    });
}

/**
 * Publish, adopt and post, with the notice period (`noticeDays`, the charter's publicityDays) already over
 * today: the course is run `noticeDays` days in the past, so payments can be recorded now.
 */
export async function adoptAndPost(
  t: TestApp,
  runId: string,
  tokens: { publisher: string; approver: string },
  options: { noticeDays?: number; planDays?: number; resolutionRef?: string } = {},
) {
  const now = t.clock.now();
  t.clock.set(new Date(now.getTime() - (options.noticeDays ?? 5) * DAY_MS));
  try {
    const approved = await adoptPlan(t, runId, tokens, options);
    expect([approved.status, approved.body.code]).toEqual([200, undefined]);
    const posted = await t.as(tokens.publisher).post(`/api/dividend-runs/${runId}/post`);
    expect([posted.status, posted.body.code]).toEqual([200, undefined]);
    return posted;
  } finally {
    t.clock.set(now);
  }
}

/**
 * A staffed village with households (member counts as given), 2021 income, and a posted run of
 * `pool` yuan by members. Returns everything a test needs to look at it.
 */
export async function postedFlatRun(f: Factory, sizes: number[], pool: string, income = '100000.00') {
  const s = await f.staffedVillage();
  const v = s.village.id;
  const households = [];
  for (const size of sizes) households.push(await f.household(v, s.cadre.token, size));
  await f.income(v, s.accountant.token, income);
  const t = f.t;
  const run = await t
    .as(s.cadre.token)
    .post(`/api/villages/${v}/dividend-runs`)
    .send({ year: 2021, distribute: { amount: pool }, basis: 'member', scoring: { mode: 'none' } });
  expect(run.status).toBe(201);
  const posted = await adoptAndPost(t, run.body.id, { publisher: s.cadre.token, approver: s.cadre2.token });
  const detail = await t.as(s.cadre.token).get(`/api/dividend-runs/${run.body.id}`);
  return { ...s, v, households, runId: run.body.id as string, head: posted.body.head as string, run: detail.body };
}
