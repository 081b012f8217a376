import { beforeAll, describe, expect, it } from '@jest/globals';
import type request from 'supertest';
import type { Factory } from '../support/factories.js';
import type { TestApp } from '../support/test-app.js';
import { withTestApp } from '../support/with-test-app.js';

interface Operation {
  responses: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
  parameters?: { name: string; in: string; required?: boolean; schema?: Record<string, unknown> }[];
  security?: unknown[];
}
type Document = { paths: Record<string, Record<string, Operation>> };

const METHODS = ['get', 'post', 'patch', 'put', 'delete'];
const ZERO = '00000000-0000-4000-8000-000000000000';

function operations(doc: Document): { method: string; path: string; op: Operation }[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]) => ({ method, path, op })),
  );
}

/** The path template a concrete URL hits; literal segments beat parameters (/dividend-runs/compare before /{id}). */
function templateOf(doc: Document, method: string, url: string): string {
  const path = url.split('?')[0];
  const matches = Object.keys(doc.paths).filter((template) => {
    if (!doc.paths[template][method]) return false;
    const pattern = template.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+');
    return new RegExp(`^${pattern}$`).test(path);
  });
  const literals = (t: string) => t.split('/').filter((s) => !s.startsWith('{')).length;
  matches.sort((a, b) => literals(b) - literals(a));
  if (!matches.length) throw new Error(`no documented operation for ${method.toUpperCase()} ${path}`);
  return matches[0];
}

interface Schema {
  type?: string;
  nullable?: boolean;
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
}

/** Enough of JSON Schema to catch a documented body that drifted from the real one. */
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
      const wrong = Object.entries(schema.properties ?? {})
        .filter(([k]) => k in record)
        .flatMap(([k, s]) => problemsOf(s, record[k], `${at}.${k}`));
      return [...missing, ...wrong];
    }
    default:
      return [];
  }
}

describe('OpenAPI document (GET /api/docs-json)', () => {
  let t: TestApp;
  let f: Factory;
  withTestApp((app, factory) => ([t, f] = [app, factory]));
  let doc: Document;

  beforeAll(async () => {
    const res = await t.http.get('/api/docs-json');
    expect(res.status).toBe(200);
    doc = res.body as Document;
  });

  it('documents a success status with a description on every operation, and 401/403 on every logged-in one', () => {
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThanOrEqual(80);
    const problems: string[] = [];
    for (const { method, path, op } of ops) {
      const statuses = Object.keys(op.responses ?? {});
      const success = statuses.filter((s) => /^2\d\d$/.test(s));
      if (success.length !== 1) problems.push(`${method} ${path}: success statuses ${success.join(',') || 'none'}`);
      for (const s of success) {
        if (!op.responses[s].description) problems.push(`${method} ${path}: ${s} without a description`);
      }
      const isPublic = !op.security?.length;
      if (!isPublic && !(statuses.includes('401') && statuses.includes('403'))) {
        problems.push(`${method} ${path}: 401/403 not documented`);
      }
      const hasInput = (op.parameters ?? []).some((p) => p.in !== 'header') || method !== 'get';
      if (hasInput && !statuses.includes('400')) problems.push(`${method} ${path}: takes input but no 400`);
      for (const s of statuses.filter((x) => /^4\d\d$/.test(x))) {
        const schema = op.responses[s].content?.['application/json']?.schema as { properties?: object } | undefined;
        if (!schema?.properties || !('statusCode' in schema.properties)) {
          problems.push(`${method} ${path}: ${s} without the error body`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('marks Idempotency-Key optional, and documents it on every logged-in write; query parameters are optional', () => {
    const problems: string[] = [];
    for (const { method, path, op } of operations(doc)) {
      const key = (op.parameters ?? []).filter((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key');
      if (key.some((p) => p.required)) problems.push(`${method} ${path}: Idempotency-Key required`);
      if (method !== 'get' && op.security?.length && key.length !== 1) {
        problems.push(`${method} ${path}: Idempotency-Key documented ${key.length} times`);
      }
      for (const p of (op.parameters ?? []).filter((x) => x.in === 'query')) {
        if (p.required) problems.push(`${method} ${path}: query ${p.name} required`);
      }
    }
    expect(problems).toEqual([]);
    const households = doc.paths['/api/villages/{villageId}/households'].get.parameters ?? [];
    expect(
      households
        .filter((p) => p.in === 'query')
        .map((p) => p.name)
        .sort(),
    ).toEqual(['asOf', 'limit', 'offset', 'q', 'status']);
    expect(households.find((p) => p.name === 'status')?.schema).toEqual({
      type: 'string',
      enum: ['active', 'moved_out', 'deceased', 'away'],
    });
    const notice = doc.paths['/api/dividend-runs/{id}/notice'].get.parameters ?? [];
    expect(notice.find((p) => p.name === 'format')?.schema).toEqual({ type: 'string', enum: ['html', 'pdf', 'xlsx'] });
  });

  it('every status a sample of real requests gets is documented for its operation', async () => {
    const { village, accountant, cadre, scorer, auditor } = await f.staffedVillage();
    const admin = await t.adminToken();
    const v = `/api/villages/${village.id}`;
    const household = await f.household(village.id, cadre.token, 2);
    const income = await f.income(village.id, accountant.token, '1000.00');
    const seen: string[] = [];
    const undocumented: string[] = [];
    const unexpected: string[] = [];
    const bodies: string[] = [];
    let checkedBodies = 0;
    const check = async (method: string, url: string, send: request.Test, expected: number) => {
      const res = await send;
      const template = templateOf(doc, method, url);
      seen.push(`${method} ${template} ${res.status}`);
      if (!doc.paths[template][method].responses[String(res.status)]) {
        undocumented.push(`${method.toUpperCase()} ${template} → ${res.status}`);
      }
      const documented = doc.paths[template][method].responses[String(res.status)];
      const schema = documented?.content?.['application/json']?.schema as Schema | undefined;
      if (schema?.type) checkedBodies++;
      if (schema?.type) bodies.push(...problemsOf(schema, res.body, `${method} ${template} ${res.status}`));
      if (res.status !== expected) unexpected.push(`${method.toUpperCase()} ${url} → ${res.status}, not ${expected}`);
    };
    const as = (token: string) => t.as(token);
    const get = (token: string | null, url: string, expected: number) =>
      check('get', url, token ? as(token).get(url) : t.http.get(url), expected);
    const post = (token: string | null, url: string, body: object | undefined, expected: number) =>
      check('post', url, (token ? as(token).post(url) : t.http.post(url)).send(body), expected);
    const patch = (token: string, url: string, body: object, expected: number) =>
      check('patch', url, as(token).patch(url).send(body), expected);

    // health, auth, users
    await get(null, '/api/health', 200);
    await post(null, '/api/auth/login', { username: 'admin' }, 400);
    await post(null, '/api/auth/login', { username: 'admin', password: 'wrong-password-1' }, 401);
    await get(null, '/api/auth/me', 401);
    await get(auditor.token, '/api/auth/me', 200);
    await get(cadre.token, '/api/users', 403);
    await patch(admin, `/api/users/${ZERO}`, { role: 'cadre' }, 404);
    // villages
    await get(cadre.token, '/api/villages', 200);
    await get(cadre.token, `/api/villages/${ZERO}`, 404);
    await get(cadre.token, '/api/villages/not-a-uuid', 400);
    await patch(auditor.token, `${v}/charter`, {}, 403);
    await post(admin, '/api/villages', { code: '' }, 400);
    // households
    await get(auditor.token, `${v}/households?status=gone`, 400);
    await get(auditor.token, `${v}/households?asOf=2026-02-30`, 400);
    await get(auditor.token, `${v}/households?asOf=2026-06-01&limit=10`, 200);
    await get(auditor.token, `${v}/households/${ZERO}`, 404);
    await get(auditor.token, `${v}/households/${household.id}`, 200);
    await get(auditor.token, `${v}/households`, 200);
    const member = { name: '新户主', relation: '户主' };
    await post(cadre.token, `${v}/households`, { code: 'H8888', headName: '新户主', members: [member] }, 201);
    await post(scorer.token, `${v}/households`, { code: 'H9999' }, 403);
    await post(cadre.token, `${v}/households`, { code: 'H9999' }, 400);
    await post(
      cadre.token,
      `${v}/households`,
      { code: household.code, headName: '重复', members: [{ name: '甲', relation: '户主' }] },
      409,
    );
    await check(
      'post',
      `${v}/households`,
      as(cadre.token).post(`${v}/households`).set('content-type', 'text/plain').send('x'),
      415,
    );
    // income and the ledger
    const incomeBody = { date: '2021-06-30', category: '经营收入', amount: '5.00', voucherNo: 'OA-1' };
    await post(cadre.token, `${v}/income`, incomeBody, 403);
    await post(accountant.token, `${v}/income`, { ...incomeBody, amount: '-1' }, 400);
    await check(
      'post',
      `${v}/income`,
      as(accountant.token).post(`${v}/income`).set('idempotency-key', 'oa-1').send(incomeBody),
      201,
    );
    await check(
      'post',
      `${v}/income`,
      as(accountant.token)
        .post(`${v}/income`)
        .set('idempotency-key', 'oa-1')
        .send({ ...incomeBody, voucherNo: 'OA-2' }),
      409,
    );
    await get(auditor.token, `${v}/income-sources`, 200);
    await post(accountant.token, `${v}/expenses`, { ...incomeBody, category: '管理费用', voucherNo: 'OA-3' }, 201);
    await get(auditor.token, `${v}/journal?from=2021-13-01`, 400);
    await get(auditor.token, `${v}/journal?limit=5`, 200);
    await get(auditor.token, `${v}/ledger/verify`, 200);
    await get(auditor.token, `${v}/ledger/head`, 200);
    await get(auditor.token, `${v}/reports/trial-balance?format=csv`, 400);
    await post(accountant.token, `${v}/journal/${ZERO}/reverse`, { reason: '冲错账' }, 404);
    await post(auditor.token, `${v}/journal/${income.entryId}/reverse`, { reason: '冲错账' }, 403);
    await post(accountant.token, `${v}/years/1999/close`, undefined, 400);
    await post(accountant.token, `/api/villages/${ZERO}/years/2021/close`, undefined, 404);
    // shares
    await get(auditor.token, `${v}/share-classes`, 200);
    await get(auditor.token, `${v}/holdings/${ZERO}/changes`, 404);
    await post(cadre.token, `${v}/holdings`, { householdId: 'x' }, 400);
    // scoring
    await get(auditor.token, `${v}/score-events?status=done`, 400);
    await get(auditor.token, `${v}/score-events?year=2021`, 200);
    await post(scorer.token, `${v}/score-events`, {}, 400);
    await post(scorer.token, `/api/score-events/${ZERO}/approve`, {}, 404);
    await post(auditor.token, `/api/objections/${ZERO}/uphold`, { reason: '理由' }, 403);
    await get(auditor.token, `${v}/scorecards?format=doc`, 400);
    // dividends and plans
    const runBody = { year: 2021, distribute: { amount: '300.00' }, basis: 'member', scoring: { mode: 'none' } };
    await post(cadre.token, `${v}/dividend-runs`, runBody, 201);
    const runs = await as(auditor.token).get(`${v}/dividend-runs`);
    await get(auditor.token, `${v}/dividend-runs`, 200);
    await get(auditor.token, `/api/dividend-runs/${(runs.body as { items: { id: string }[] }).items[0].id}`, 200);
    await get(auditor.token, `/api/dividend-runs/${ZERO}`, 404);
    await get(auditor.token, '/api/dividend-runs/compare?ids=a,b', 400);
    await post(scorer.token, `${v}/dividend-runs`, {}, 403);
    await post(cadre.token, `${v}/dividend-runs`, { year: 'last' }, 400);
    await post(cadre.token, `/api/dividend-runs/${ZERO}/publish`, undefined, 404);
    await get(auditor.token, `/api/dividend-runs/${ZERO}/objections`, 404);
    // public verification, printouts, books, audit
    await get(null, '/api/verify/NOSUCHCODE', 404);
    await get(auditor.token, `/api/dividend-runs/${ZERO}/notice`, 404);
    await get(auditor.token, `/api/dividend-runs/${ZERO}/slips?format=doc`, 400);
    await get(auditor.token, `${v}/households/${household.id}/certificate?format=doc`, 400);
    await get(auditor.token, `${v}/journal/${income.entryId}/voucher?format=doc`, 400);
    await get(auditor.token, `${v}/books/1001?format=doc`, 400);
    await get(cadre.token, '/api/audit', 403);
    await get(admin, `/api/audit?villageId=${village.id}&limit=5`, 200);

    expect(undocumented).toEqual([]);
    expect(unexpected).toEqual([]);
    expect(bodies).toEqual([]);
    expect(checkedBodies).toBeGreaterThanOrEqual(8);
    expect(new Set(seen.map((s) => s.split(' ').slice(0, 2).join(' '))).size).toBeGreaterThanOrEqual(40);
  });
});
