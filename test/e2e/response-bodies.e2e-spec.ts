import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import type { Factory } from '../support/factories.js';
import { TEST_NOW, type TestApp } from '../support/test-app.js';
import { withTestApp } from '../support/with-test-app.js';

interface Schema {
  type?: string;
  nullable?: boolean;
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
}
type Document = {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema?: Schema }> }> }>
  >;
};

/** Where a body differs from its documented schema: missing or extra fields, wrong types, nulls, enums. */
function problemsOf(schema: Schema, value: unknown, at: string): string[] {
  if (value === null) return schema.nullable ? [] : [`${at}: null`];
  if (schema.enum && !schema.enum.includes(value)) return [`${at}: ${String(value)} not in the enum`];
  switch (schema.type) {
    case 'string':
    case 'boolean':
    case 'number':
      return typeof value === schema.type ? [] : [`${at}: not a ${schema.type}`];
    case 'integer':
      return Number.isInteger(value) ? [] : [`${at}: not an integer`];
    case 'array':
      if (!Array.isArray(value)) return [`${at}: not an array`];
      return schema.items ? value.flatMap((v, i) => problemsOf(schema.items!, v, `${at}[${i}]`)) : [];
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return [`${at}: not an object`];
      const record = value as Record<string, unknown>;
      const missing = (schema.required ?? []).filter((k) => !(k in record)).map((k) => `${at}.${k}: missing`);
      const extra = schema.properties
        ? Object.keys(record)
            .filter((k) => !(k in schema.properties!))
            .map((k) => `${at}.${k}: not documented`)
        : [];
      const wrong = Object.entries(schema.properties ?? {})
        .filter(([k]) => k in record)
        .flatMap(([k, s]) => problemsOf(s, record[k], `${at}.${k}`));
      return [...missing, ...extra, ...wrong];
    }
    default:
      return [];
  }
}

const RULES = [
  { code: 'WS', name: '庭院整洁', category: '环境卫生', minPoints: -10, maxPoints: 10 },
  { code: 'LL', name: '邻里纠纷', category: '邻里和睦', minPoints: -30, maxPoints: 0, capPerYear: 40 },
];

describe('documented response bodies of villages, shares, scoring and audit match real ones', () => {
  let t: TestApp;
  let f: Factory;
  withTestApp((app, factory) => ([t, f] = [app, factory]));
  let doc: Document;

  beforeAll(async () => {
    doc = (await t.http.get('/api/docs-json')).body as Document;
  });

  it('every body of a sampled course of requests fits its schema, without undocumented fields', async () => {
    const s = await f.staffedVillage();
    const admin = await t.adminToken();
    const v = `/api/villages/${s.village.id}`;
    const h1 = await f.household(s.village.id, s.cadre.token, 2);
    const h2 = await f.household(s.village.id, s.cadre.token, 1);
    const household = await f.user('household', undefined, { householdId: h1.id });
    const problems: string[] = [];
    let checked = 0;
    const check = (method: string, template: string, res: Response): Response => {
      const schema =
        doc.paths[`/api${template}`]?.[method]?.responses[String(res.status)]?.content?.['application/json']?.schema;
      if (res.status >= 300) problems.push(`${method} ${template}: ${res.status} ${JSON.stringify(res.body)}`);
      if (!schema?.type) problems.push(`${method} ${template} ${res.status}: no documented body`);
      else {
        checked++;
        problems.push(...problemsOf(schema, res.body, `${method} ${template} ${res.status}`));
      }
      return res;
    };
    const V = '/villages/{villageId}';
    // villages
    check('post', '/villages', await t.as(admin).post('/api/villages').send({ code: 'RB1', name: '响应村' }));
    check('get', '/villages', await t.as(s.cadre.token).get('/api/villages'));
    check('get', V, await t.as(s.cadre.token).get(v));
    check('patch', `${V}/charter`, await t.as(admin).patch(`${v}/charter`).send({ holdingCapPercent: '50' }));
    // shares
    check(
      'post',
      `${V}/share-classes`,
      await t.as(s.cadre.token).post(`${v}/share-classes`).send({ code: 'M', name: '成员股', kind: 'member' }),
    );
    check('get', `${V}/share-classes`, await t.as(s.auditor.token).get(`${v}/share-classes`));
    const holding = check(
      'post',
      `${V}/holdings`,
      await t.as(s.cadre.token).post(`${v}/holdings`).send({ shareClassCode: 'M', householdId: h1.id, quantity: '2' }),
    );
    check(
      'post',
      `${V}/holdings/{holdingId}/transfer`,
      await t
        .as(s.cadre.token)
        .post(`${v}/holdings/${holding.body.id}/transfer`)
        .send({ toHouseholdId: h2.id, quantity: '1', kind: 'transfer', date: TEST_NOW.slice(0, 10) }),
    );
    check('get', `${V}/holdings`, await t.as(s.auditor.token).get(`${v}/holdings`));
    check(
      'get',
      `${V}/holdings/{holdingId}/changes`,
      await t.as(s.auditor.token).get(`${v}/holdings/${holding.body.id}/changes`),
    );
    check('get', `${V}/holding-changes`, await t.as(s.auditor.token).get(`${v}/holding-changes`));
    // scoring
    check(
      'post',
      `${V}/score-rulesets`,
      await t.as(s.cadre.token).post(`${v}/score-rulesets`).send({ year: 2022, rules: RULES }),
    );
    check(
      'post',
      `${V}/score-rulesets/copy`,
      await t.as(s.cadre.token).post(`${v}/score-rulesets/copy`).send({ fromYear: 2022, toYear: 2023 }),
    );
    check('get', `${V}/score-rulesets`, await t.as(s.auditor.token).get(`${v}/score-rulesets`));
    check('get', `${V}/score-rulesets/{year}`, await t.as(s.auditor.token).get(`${v}/score-rulesets/2022`));
    const event = { householdId: h1.id, ruleCode: 'WS', points: -5, date: '2022-05-01', evidence: '评议' };
    const e1 = check('post', `${V}/score-events`, await t.as(s.scorer.token).post(`${v}/score-events`).send(event));
    const bulk = check(
      'post',
      `${V}/score-events/bulk`,
      await t
        .as(s.scorer.token)
        .post(`${v}/score-events/bulk`)
        .send({ events: [event, { ...event, householdId: h2.id }] }),
    );
    check(
      'post',
      '/score-events/{id}/approve',
      await t.as(s.scorer2.token).post(`/api/score-events/${e1.body.id}/approve`),
    );
    check(
      'post',
      '/score-events/{id}/reject',
      await t.as(s.cadre.token).post(`/api/score-events/${bulk.body.ids[0]}/reject`).send({ reason: '证据不足' }),
    );
    check('get', `${V}/score-events`, await t.as(s.auditor.token).get(`${v}/score-events?year=2022`));
    check('post', `${V}/score-publicity`, await t.as(s.cadre.token).post(`${v}/score-publicity`).send({ year: 2022 }));
    check('get', `${V}/score-publicity`, await t.as(s.auditor.token).get(`${v}/score-publicity`));
    const objection = check(
      'post',
      '/score-events/{id}/objections',
      await t.as(household.token).post(`/api/score-events/${e1.body.id}/objections`).send({ reason: '已清理' }),
    );
    check('get', `${V}/objections`, await t.as(s.auditor.token).get(`${v}/objections`));
    check(
      'post',
      '/objections/{id}/uphold',
      await t.as(s.cadre.token).post(`/api/objections/${objection.body.id}/uphold`).send({ reason: '核实已整改' }),
    );
    // audit
    check('get', '/audit', await t.as(admin).get('/api/audit?limit=50'));
    check('get', '/audit/verify', await t.as(admin).get('/api/audit/verify'));
    expect(problems).toEqual([]);
    expect(checked).toBe(27);
  });
});
