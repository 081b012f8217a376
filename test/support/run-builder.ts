import { expect } from '@jest/globals';
import type { Factory } from './factories.js';

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
  expect(
    (
      await t
        .as(s.cadre2.token)
        .post(`/api/dividend-runs/${run.body.id}/approve`)
        .send({ resolutionRef: '嘎查决〔2021〕1号' })
    ).status,
  ).toBe(200);
  const posted = await t.as(s.cadre.token).post(`/api/dividend-runs/${run.body.id}/post`);
  expect(posted.status).toBe(200);
  const detail = await t.as(s.cadre.token).get(`/api/dividend-runs/${run.body.id}`);
  return { ...s, v, households, runId: run.body.id as string, head: posted.body.head as string, run: detail.body };
}
