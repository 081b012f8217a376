import { describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import ExcelJS from 'exceljs';
import { type Factory, USER_PASSWORD } from '../support/factories.js';
import { withTestApp } from '../support/with-test-app.js';
import { ADMIN_PASSWORD, binary, type TestApp } from '../support/test-app.js';

describe('foundation: auth, users, villages, households, shares (e2e)', () => {
  let t: TestApp;
  let f: Factory;
  withTestApp((app, factory) => ([t, f] = [app, factory]));

  it('serves health and the OpenAPI document', async () => {
    expect((await t.http.get('/api/health')).body).toEqual({ status: 'ok' });
    const docs = await t.http.get('/api/docs-json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining(['/api/villages/{villageId}/dividend-runs', '/api/verify/{code}']),
    );
  });

  it('logs in, returns the user, refuses bad passwords with 401 and slows the name down after 3 failures (429)', async () => {
    const ok = await t.http.post('/api/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD });
    expect(ok.status).toBe(200);
    expect(ok.body.user).toMatchObject({ username: 'admin', role: 'admin' });
    expect(ok.headers['x-content-type-options']).toBe('nosniff');
    const user = await f.user('auditor');
    for (let i = 0; i < 4; i++) {
      expect(
        (await t.http.post('/api/auth/login').send({ username: user.username, password: 'wrong-password' })).status,
      ).toBe(401);
    }
    const slowed = await t.http.post('/api/auth/login').send({ username: user.username, password: USER_PASSWORD });
    expect([slowed.status, slowed.body.code, slowed.body.retryAfter, slowed.headers['retry-after']]).toEqual([
      429,
      'LOGIN_THROTTLED',
      1,
      '1',
    ]);
    expect((await t.http.post('/api/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD })).status).toBe(
      200,
    );
    const audit = await t.as(ok.body.accessToken).get('/api/audit?limit=20');
    expect(audit.body.items.filter((i: { action: string }) => i.action === 'auth.login-failed').length).toBe(4);
  });

  it('refuses missing, forged and foreign-secret tokens with 401', async () => {
    expect((await t.http.get('/api/villages')).status).toBe(401);
    expect((await t.as('not-a-token').get('/api/villages')).status).toBe(401);
    const forged = await new JwtService({ secret: 'another-secret-0123456789' }).signAsync({ sub: 'x' });
    expect((await t.as(forged).get('/api/villages')).status).toBe(401);
  });

  it('only admin creates users and villages; validation names the field', async () => {
    const admin = await t.adminToken();
    const accountant = await f.user('accountant');
    expect((await t.as(accountant.token).post('/api/villages').send({ code: 'X1', name: '某村' })).status).toBe(403);
    const bad = await t.as(admin).post('/api/villages').send({ code: 'bad code!', name: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.message.join(' ')).toMatch(/code/);
    expect(bad.body.message.join(' ')).toMatch(/name/);
    const village = await f.village({ code: 'DUP1' });
    expect((await t.as(admin).post('/api/villages').send({ code: 'DUP1', name: '重复' })).status).toBe(409);
    expect(
      (await t.as(admin).post('/api/users').send({ username: 'x1', password: 'short', role: 'boss' })).status,
    ).toBe(400);
    expect(
      (await t.as(admin).post('/api/users').send({ username: 'hh1', password: USER_PASSWORD, role: 'household' }))
        .status,
    ).toBe(400);
    expect(village.code).toBe('DUP1');
  });

  it('isolates villages: a user of village A gets 404 on village B', async () => {
    const a = await f.village();
    const b = await f.village();
    const accA = await f.user('accountant', a.id);
    const accB = await f.user('accountant', b.id);
    const hB = await f.household(b.id, accB.token, 2);
    expect((await t.as(accA.token).get(`/api/villages/${b.id}/households`)).status).toBe(404);
    expect((await t.as(accA.token).get(`/api/villages/${b.id}/households/${hB.id}`)).status).toBe(404);
    expect(
      (
        await t
          .as(accA.token)
          .post(`/api/villages/${b.id}/households`)
          .send({ code: 'Z1', headName: 'x', members: [{ name: 'x', relation: '户主' }] })
      ).status,
    ).toBe(404);
    expect(
      (
        await t
          .as(accA.token)
          .post(`/api/villages/${b.id}/income`)
          .send({ date: '2021-01-01', category: '经营收入', amount: '1', voucherNo: '1' })
      ).status,
    ).toBe(404);
    const list = await t.as(accA.token).get('/api/villages');
    expect(list.body.items.map((v: { id: string }) => v.id)).toEqual([a.id]);
    // A township agency accountant keeps the books of both once granted.
    await t
      .as(await t.adminToken())
      .post(`/api/users/${accA.id}/villages`)
      .send({ villageId: b.id });
    const again = await t.login(accA.username, USER_PASSWORD);
    expect((await t.as(again).get(`/api/villages/${b.id}/households`)).body.total).toBe(1);
  });

  it('creates households with members (isMember defaults to true) and keeps change history', async () => {
    const s = await f.staffedVillage();
    const created = await t
      .as(s.cadre.token)
      .post(`/api/villages/${s.village.id}/households`)
      .send({
        code: 'H001',
        headName: '孟和',
        tags: ['脱贫户'],
        members: [
          { name: '孟和', relation: '户主' },
          { name: '其其格', relation: '妻子', isMember: false },
        ],
      });
    expect(created.status).toBe(201);
    expect(created.body.members.map((m: { isMember: boolean }) => m.isMember)).toEqual([true, false]);
    expect(
      (
        await t
          .as(s.cadre.token)
          .post(`/api/villages/${s.village.id}/households`)
          .send({ code: 'H001', headName: 'x', members: [{ name: 'x', relation: '户主' }] })
      ).status,
    ).toBe(409);
    const invalid = await t
      .as(s.cadre.token)
      .post(`/api/villages/${s.village.id}/households`)
      .send({ code: 'H002', headName: 'x', members: [{ name: 'x', relation: '户主', isMember: 'yes' }], extra: true });
    expect(invalid.status).toBe(400);
    expect(invalid.body.message).toEqual(
      expect.arrayContaining([expect.stringMatching(/^extra/), expect.stringMatching(/^members\.0\.isMember/)]),
    );
    expect(
      (
        await t
          .as(s.scorer.token)
          .post(`/api/villages/${s.village.id}/households`)
          .send({ code: 'H3', headName: 'x', members: [{ name: 'x', relation: '户主' }] })
      ).status,
    ).toBe(403);
    const member = created.body.members[1];
    const changed = await t
      .as(s.cadre.token)
      .patch(`/api/villages/${s.village.id}/households/${created.body.id}/members/${member.id}`)
      .send({ status: 'deceased', date: '2022-03-01' });
    expect(changed.status).toBe(200);
    const detail = await t.as(s.auditor.token).get(`/api/villages/${s.village.id}/households/${created.body.id}`);
    expect(detail.body.history.map((h: { action: string }) => h.action)).toEqual(['create', 'member-status']);
    expect(detail.body.members[1]).toMatchObject({ status: 'deceased', statusDate: '2022-03-01' });
  });

  it('imports a roster CSV with BOM and Chinese headers, or XLSX; any bad row imports nothing', async () => {
    const s = await f.staffedVillage();
    const v = s.village.id;
    const csv =
      '\uFEFF户编号,户主,姓名,与户主关系,是否成员\nA01,巴特尔,巴特尔,户主,是\nA01,巴特尔,乌云,妻子,\nA02,王芳,王芳,户主,否\n';
    const ok = await t
      .as(s.accountant.token)
      .post(`/api/villages/${v}/households/import`)
      .attach('file', Buffer.from(csv), 'roster.csv');
    expect([ok.status, ok.body]).toEqual([201, { households: 2, members: 3 }]);
    const bad =
      'householdCode,headName,memberName,relation,isMember\nB01,甲,甲,户主,是\nB02,,乙,户主,是\nA01,巴特尔,丙,子女,也许\n';
    const refused = await t
      .as(s.accountant.token)
      .post(`/api/villages/${v}/households/import`)
      .attach('file', Buffer.from(bad), 'roster.csv');
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([
      { row: 3, field: 'headName', message: expect.any(String) },
      { row: 4, field: 'isMember', message: expect.any(String) },
    ]);
    const dup = await t
      .as(s.accountant.token)
      .post(`/api/villages/${v}/households/import`)
      .attach('file', Buffer.from('户编号,户主,姓名,与户主关系\nC01,丁,丁,户主\nA02,王芳,王芳,户主\n'), 'r.csv');
    expect(dup.status).toBe(422);
    expect(dup.body.errors).toEqual([{ row: 3, field: 'householdCode', message: expect.any(String) }]);
    expect((await t.as(s.auditor.token).get(`/api/villages/${v}/households`)).body.total).toBe(2);

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('花名册');
    sheet.addRow(['householdCode', 'headName', 'memberName', 'relation', 'isMember']);
    sheet.addRow(['X01', '张三', '张三', '户主', 'true']);
    sheet.addRow(['X01', '张三', '李四', '妻子', 'false']);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const fromXlsx = await t
      .as(s.accountant.token)
      .post(`/api/villages/${v}/households/import`)
      .attach('file', xlsx, 'roster.xlsx');
    expect([fromXlsx.status, fromXlsx.body]).toEqual([201, { households: 1, members: 2 }]);
    const junk = await t
      .as(s.accountant.token)
      .post(`/api/villages/${v}/households/import`)
      .attach('file', Buffer.from([0x50, 0x4b, 3, 4, 1, 2, 3]), 'x.xlsx');
    expect(junk.status).toBe(422);
    const exported = await t
      .as(s.accountant.token)
      .get(`/api/villages/${v}/households/export.xlsx`)
      .buffer(true)
      .parse(binary);
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(exported.body);
    expect(back.worksheets[0].rowCount).toBe(1 + 5);
  });

  it('registers share classes and holdings by household or external holder', async () => {
    const s = await f.staffedVillage();
    const v = s.village.id;
    const h = await f.household(v, s.cadre.token, 2);
    expect(
      (
        await t
          .as(s.cadre.token)
          .post(`/api/villages/${v}/share-classes`)
          .send({ code: 'RK', name: '人口股', kind: 'member' })
      ).status,
    ).toBe(201);
    expect(
      (
        await t
          .as(s.cadre.token)
          .post(`/api/villages/${v}/share-classes`)
          .send({ code: 'ZJ', name: '资金股', kind: 'capital', guaranteedRate: '0.08' })
      ).status,
    ).toBe(201);
    expect(
      (
        await t
          .as(s.cadre.token)
          .post(`/api/villages/${v}/share-classes`)
          .send({ code: 'RK', name: '人口股', kind: 'member' })
      ).status,
    ).toBe(409);
    expect(
      (
        await t
          .as(s.cadre.token)
          .post(`/api/villages/${v}/share-classes`)
          .send({ code: 'X', name: 'x', kind: 'member', guaranteedRate: 0.08 })
      ).status,
    ).toBe(400);
    const holding = await t
      .as(s.cadre.token)
      .post(`/api/villages/${v}/holdings`)
      .send({ householdId: h.id, shareClassCode: 'RK', quantity: '2.5' });
    expect([holding.status, holding.body.quantity]).toEqual([201, '2.5']);
    const external = await t
      .as(s.cadre.token)
      .post(`/api/villages/${v}/holdings`)
      .send({ externalHolder: '旗扶贫资金', shareClassCode: 'ZJ', quantity: '1', capitalAmount: '1250000.00' });
    expect([external.status, external.body.capitalAmount]).toEqual([201, '1250000.00']);
    expect(
      (
        await t
          .as(s.cadre.token)
          .post(`/api/villages/${v}/holdings`)
          .send({ householdId: h.id, externalHolder: 'x', shareClassCode: 'RK', quantity: '1' })
      ).status,
    ).toBe(400);
    expect(
      (
        await t
          .as(s.cadre.token)
          .post(`/api/villages/${v}/holdings`)
          .send({ householdId: h.id, shareClassCode: 'NONE', quantity: '1' })
      ).status,
    ).toBe(404);
    expect(
      (
        await t
          .as(s.cadre.token)
          .post(`/api/villages/${v}/holdings`)
          .send({ householdId: h.id, shareClassCode: 'RK', quantity: '1.00001' })
      ).status,
    ).toBe(400);
  });

  it('honours Idempotency-Key on every write route: a retry returns the first answer, another body is 409', async () => {
    const s = await f.staffedVillage();
    const v = s.village.id;
    const body = { code: 'IK1', headName: '巴特尔', members: [{ name: '巴特尔', relation: '户主' }] };
    const send = (b: object, key = 'retry-1') =>
      t.as(s.cadre.token).post(`/api/villages/${v}/households`).set('Idempotency-Key', key).send(b);
    const [first, again] = await Promise.all([send(body), send(body)]);
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body.id).toBe(first.body.id);
    expect((await send({ ...body, headName: '别人' })).status).toBe(409);
    expect((await t.as(s.auditor.token).get(`/api/villages/${v}/households`)).body.total).toBe(1);
    await f.income(v, s.accountant.token, '100.00');
    const run = { year: 2021, distribute: { all: true }, basis: 'member', scoring: { mode: 'none' } };
    const r1 = await t
      .as(s.cadre.token)
      .post(`/api/villages/${v}/dividend-runs`)
      .set('Idempotency-Key', 'run-1')
      .send(run);
    const r2 = await t
      .as(s.cadre.token)
      .post(`/api/villages/${v}/dividend-runs`)
      .set('Idempotency-Key', 'run-1')
      .send(run);
    expect([r1.status, r2.status, r2.body.id]).toEqual([201, 201, r1.body.id]);
    expect((await t.as(s.cadre.token).get(`/api/villages/${v}/dividend-runs`)).body.total).toBe(1);
    expect(
      (
        await t
          .as(s.cadre.token)
          .post(`/api/villages/${v}/dividend-runs`)
          .set('Idempotency-Key', 'bad key with spaces')
          .send(run)
      ).status,
    ).toBe(400);
  });

  it('answers malformed requests with 4xx, never 5xx', async () => {
    const s = await f.staffedVillage();
    const token = s.accountant.token;
    const v = s.village.id;
    const cases = [
      t.as(token).get('/api/villages/not-a-uuid/households'),
      t.as(token).post(`/api/villages/${v}/income`).set('content-type', 'application/json').send('{"broken json'),
      t
        .as(token)
        .post(`/api/villages/${v}/income`)
        .set('content-type', 'application/json')
        .send('{"__proto__": {"x": 1}, "date": "2021-01-01"}'),
      t.as(token).post(`/api/villages/${v}/income`).set('content-type', 'text/plain').send('hello'),
      t
        .as(token)
        .post(`/api/villages/${v}/income`)
        .send({ date: '2021-02-30', category: '经营收入', amount: '1', voucherNo: 'v' }),
      t
        .as(token)
        .post(`/api/villages/${v}/income`)
        .send({ date: '2021-01-01', category: '经营收入', amount: '1e309', voucherNo: 'v' }),
      t.as(token).post(`/api/villages/${v}/income`).send([1, 2, 3]),
      t
        .as(token)
        .post(`/api/villages/${v}/income`)
        .set('content-type', 'application/json')
        .send(JSON.stringify({ a: 'x'.repeat(1_100_000) })),
      t.as(token).get(`/api/villages/${v}/households?limit=-1`),
      t.as(token).get(`/api/villages/${v}/journal?from=yesterday`),
    ];
    const statuses = (await Promise.all(cases)).map((r) => r.status);
    expect(statuses).toEqual([400, 400, 400, 415, 400, 400, 400, 413, 400, 400]);
  });
});
