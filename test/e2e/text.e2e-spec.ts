import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JournalEntry } from '../../src/ledger/ledger.entity.js';
import type { Factory } from '../support/factories.js';
import { binary, type TestApp } from '../support/test-app.js';
import { withTestApp } from '../support/with-test-app.js';

/** Text at the edge (CONTRACT "Time, text and the clock"): refused with 400 naming the field, or stored and hashed exactly. */
describe('text: nothing a user can type breaks a chain', () => {
  let t: TestApp;
  let f: Factory;
  withTestApp((app, factory) => ([t, f] = [app, factory]));

  async function auditCount(): Promise<number> {
    return Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM audit_log'))[0].n);
  }

  async function chainsVerify(villageId: string, token: string) {
    const ledger = await t.as(token).get(`/api/villages/${villageId}/ledger/verify`);
    const audit = await t.as(await t.adminToken()).get('/api/audit/verify');
    expect({ ledger: ledger.body.ok, audit: audit.body.ok }).toEqual({ ledger: true, audit: true });
  }

  it('a login with a lone surrogate is a 400 naming username and audits nothing', async () => {
    const before = await auditCount();
    const res = await t.http.post('/api/auth/login').send({ username: 'x\udfffy', password: 'p' });
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual([
      'username: 含有不完整的 Unicode 字符（孤立的代理项） / username is not well-formed Unicode (a lone surrogate)',
    ]);
    const nul = await t.http.post('/api/auth/login').send({ username: 'admin', password: 'a\u0000b' });
    expect(nul.status).toBe(400);
    expect(nul.body.message).toEqual(['password: 不能含有空字符（NUL） / password must not contain a NUL character']);
    expect(await auditCount()).toBe(before);
  });

  it('a NUL in a login name or a household field is a 400 naming it (PostgreSQL once answered 500)', async () => {
    const login = await t.http.post('/api/auth/login').send({ username: 'ad\u0000min', password: 'p' });
    expect([login.status, login.body.message]).toEqual([
      400,
      ['username: 不能含有空字符（NUL） / username must not contain a NUL character'],
    ]);
    const v = (await f.village()).id;
    const cadre = await f.user('cadre', v);
    const household = await t
      .as(cadre.token)
      .post(`/api/villages/${v}/households`)
      .send({ code: 'N01', headName: '张\u0000三', members: [{ name: '张三', relation: '户主' }] });
    expect([household.status, household.body.message]).toEqual([
      400,
      ['headName: 不能含有空字符（NUL） / headName must not contain a NUL character'],
    ]);
    expect((await t.as(cadre.token).get(`/api/villages/${v}/households`)).body.total).toBe(0);
  });

  it('a 63-letter username followed by an emoji fails to log in without breaking the audit chain', async () => {
    const res = await t.http
      .post('/api/auth/login')
      .send({ username: 'a'.repeat(63) + '😀', password: 'wrong-password' });
    expect(res.status).toBe(401);
    const verify = await t.as(await t.adminToken()).get('/api/audit/verify');
    expect(verify.body.ok).toBe(true);
  });

  it('an income memo with a lone surrogate or a voucher number with a line break is refused; a memo may span lines', async () => {
    const v = (await f.village()).id;
    const accountant = await f.user('accountant', v);
    const body = { date: '2021-03-01', category: '经营收入', amount: '10.00', voucherNo: 'T-1' };
    const lone = await t
      .as(accountant.token)
      .post(`/api/villages/${v}/income`)
      .send({ ...body, memo: '\udfff' });
    expect(lone.status).toBe(400);
    expect(lone.body.message).toEqual([
      'memo: 含有不完整的 Unicode 字符（孤立的代理项） / memo is not well-formed Unicode (a lone surrogate)',
    ]);
    const broken = await t
      .as(accountant.token)
      .post(`/api/villages/${v}/income`)
      .send({ ...body, voucherNo: 'T\n1' });
    expect(broken.status).toBe(400);
    expect(broken.body.message).toEqual([
      'voucherNo: 不能含有控制字符（包括换行和制表符） / voucherNo must not contain control characters (line breaks and tabs included)',
    ]);
    const prose = await t
      .as(accountant.token)
      .post(`/api/villages/${v}/income`)
      .send({ ...body, memo: '第一行\r\n第二行\t👨‍👩‍👧 \u202e𠀀' });
    expect(prose.status).toBe(201);
    const journal = await t.as(accountant.token).get(`/api/villages/${v}/journal`);
    expect(journal.body.items.map((e: { memo: string }) => e.memo)).toEqual(['第一行\r\n第二行\t👨‍👩‍👧 \u202e𠀀']);
    await chainsVerify(v, accountant.token);
  });

  it('query strings and path parameters with NUL or broken UTF-8 are a 400 naming them', async () => {
    const v = (await f.village()).id;
    const cadre = await f.user('cadre', v);
    const nul = await t.as(cadre.token).get(`/api/villages/${v}/households?q=%00`);
    expect(nul.status).toBe(400);
    expect(nul.body.message).toEqual(['q: 不能含有空字符（NUL） / q must not contain a NUL character']);
    const path = await t.as(cadre.token).get(`/api/villages/${v}%00/households`);
    expect(path.status).toBe(400);
    expect(path.body.message).toEqual([
      'path villageId: 不能含有空字符（NUL） / villageId must not contain a NUL character',
    ]);
    const surrogate = await t.as(cadre.token).get(`/api/villages/${v}/households?q=%ED%A0%80`);
    expect(surrogate.status).toBeLessThan(500);
  });

  it('an uploaded roster with a NUL or a control character names the row and column and imports nothing', async () => {
    const v = (await f.village()).id;
    const cadre = await f.user('cadre', v);
    const csv = '户编号,户主,姓名,与户主关系\nA01,张三,张三,户主\nA02,李\u0000四,李四,户主\nA03,王五,王\u0007五,户主\n';
    const res = await t
      .as(cadre.token)
      .post(`/api/villages/${v}/households/import`)
      .attach('file', Buffer.from(csv), 'roster.csv');
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([
      { row: 3, field: '户主', message: '户主: 不能含有空字符（NUL） / 户主 must not contain a NUL character' },
      {
        row: 4,
        field: '姓名',
        message:
          '姓名: 不能含有控制字符（包括换行和制表符） / 姓名 must not contain control characters (line breaks and tabs included)',
      },
    ]);
    expect((await t.as(cadre.token).get(`/api/villages/${v}/households`)).body.total).toBe(0);
  });

  it('arbitrary text in every hashed field: each request is a 201 or a 400, and both chains still verify', async () => {
    const v = (await f.village()).id;
    const accountant = await f.user('accountant', v);
    const cadre = await f.user('cadre', v);
    const boundary = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 70 }),
      fc.constantFrom(
        'x'.repeat(63) + '😀',
        'x'.repeat(31) + '𠀀',
        '\ud800',
        'a\udc00b',
        '\u0000',
        '\u202e\u2066\u200b\ufeff',
        'end\\',
        '"',
      ),
    );
    const statuses = new Map<number, number>();
    let n = 0;
    let exact = 0;
    await fc.assert(
      fc.asyncProperty(boundary, boundary, boundary, async (memo, voucher, name) => {
        n++;
        const income = await t
          .as(accountant.token)
          .post(`/api/villages/${v}/income`)
          .send({ date: '2021-03-01', category: '经营收入', amount: '1.00', voucherNo: voucher.slice(0, 64), memo });
        const household = await t
          .as(cadre.token)
          .post(`/api/villages/${v}/households`)
          .send({
            code: `F${n}`,
            headName: name.slice(0, 64) || '户主',
            members: [{ name: name || '成员', relation: '户主' }],
          });
        if (household.status === 201) {
          expect([household.body.headName, household.body.members[0].name]).toEqual([
            name.slice(0, 64) || '户主',
            name || '成员',
          ]);
        }
        const login = await t.http.post('/api/auth/login').send({ username: name || 'x', password: memo || 'x' });
        for (const res of [income, household, login]) {
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          expect(res.status).toBeLessThan(500);
        }
        if (income.status === 201) {
          // stored exactly as sent: what the chain hashed is what a reader gets back
          const stored = await t.dataSource.getRepository(JournalEntry).findOneByOrFail({ id: income.body.entryId });
          expect([stored.memo, stored.voucherNo]).toEqual([memo, voucher.slice(0, 64)]);
          exact++;
          const reverse = await t
            .as(accountant.token)
            .post(`/api/villages/${v}/journal/${income.body.entryId}/reverse`)
            .send({ reason: memo || '冲销' });
          expect(reverse.status).toBeLessThan(500);
        }
      }),
      { numRuns: 120, seed: 20261202 },
    );
    expect(statuses.get(201)).toBeGreaterThan(0);
    expect(statuses.get(400)).toBeGreaterThan(0);
    expect(exact).toBeGreaterThan(10);
    await chainsVerify(v, accountant.token);
  });

  it('a village named A/B村 (or with \\ : ? * [ ] and quotes at its ends) exports its roster; beancount stays valid', async () => {
    await t.dataSource.query('DELETE FROM login_throttle'); // the fuzz above failed 120 logins from this address
    const admin = await t.adminToken();
    const newline = await t.as(admin).post('/api/villages').send({ code: 'NL1', name: '新\n2026-01-01 open X' });
    expect(newline.status).toBe(400); // a name holds one line: nothing to inject into a beancount header
    for (const name of ['A/B村', "'a\\b:c?d*[e]'", '村'.repeat(31) + '𠀀']) {
      const v = await f.village({ name });
      const cadre = await f.user('cadre', v.id);
      await f.household(v.id, cadre.token, 1);
      const res = await t
        .as(cadre.token)
        .get(`/api/villages/${v.id}/households/export.xlsx`)
        .buffer(true)
        .parse(binary);
      expect([name, res.status]).toEqual([name, 200]);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(res.body);
      expect(workbook.worksheets[0].name).not.toMatch(/[\\/:?*[\]]|^'|'$/);
      expect(workbook.worksheets[0].name.length).toBeLessThanOrEqual(31);
    }
    const v = (await f.village({ name: 'A/B村' })).id;
    const accountant = await f.user('accountant', v);
    for (const memo of ['第一行\n2026-01-01 open Assets:Evil CNY', '结尾反斜杠\\', '引号 " 与 ; 分号']) {
      await f.income(v, accountant.token, '10.00', { memo });
    }
    const bean = await t.as(accountant.token).get(`/api/villages/${v}/journal/export.beancount`);
    expect(bean.status).toBe(200);
    expect(bean.text.match(/^\d{4}-\d{2}-\d{2} \* .*$/gm)).toEqual([
      '2021-06-30 * "第一行 2026-01-01 open Assets:Evil CNY"',
      '2021-06-30 * "结尾反斜杠\\\\"',
      '2021-06-30 * "引号 \\" 与 ; 分号"',
    ]);
    expect(bean.text).not.toMatch(/^2026-01-01 open Assets:Evil/m);
    if (existsSync('/usr/bin/bean-check')) {
      const dir = mkdtempSync(join(tmpdir(), 'bean-'));
      try {
        writeFileSync(join(dir, 'x.beancount'), bean.text);
        execFileSync('/usr/bin/bean-check', [join(dir, 'x.beancount')], { stdio: 'pipe' });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });
});
