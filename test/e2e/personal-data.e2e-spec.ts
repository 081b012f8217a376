import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PersonalDataService } from '../../src/households/personal-data.service.js';
import { Factory } from '../support/factories.js';
import { postedFlatRun } from '../support/run-builder.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { withTestApp } from '../support/with-test-app.js';

const ACCOUNT = '6222021234561234';
const ACCOUNT_MASKED = '6222********1234';
const ID_NUMBER = '15210119900101123X';
const ID_MASKED = '1521**********123X';

describe('personal information: sealed at rest, masked but for accountant and admin, every full read audited (e2e)', () => {
  let t: TestApp;
  let f: Factory;
  withTestApp((app, factory) => ([t, f] = [app, factory]));

  async function setUp() {
    const r = await postedFlatRun(f, [2, 1], '1500.00');
    const [h1, h2] = r.households;
    const base = `/api/villages/${r.v}/households`;
    const household = await f.user('household', r.v, { householdId: h1.id });
    const admin = await t.adminToken();
    return { ...r, h1, h2, base, household, admin };
  }

  const personalReads = async (token: string, villageId: string) =>
    (await t.as(token).get(`/api/audit?villageId=${villageId}&limit=100`)).body.items.filter(
      (i: { action: string }) => i.action === 'personal.read',
    );

  it('bank account and ID number: stored sealed, shown masked to cadre, auditor, scorer and the household', async () => {
    const s = await setUp();
    const patched = await t
      .as(s.cadre.token)
      .patch(`${s.base}/${s.h1.id}`)
      .send({ bankName: '中国农业银行阿拉善左旗支行', bankAccount: '6222 0212 3456 1234' });
    expect([patched.status, patched.body.bankName, patched.body.bankAccount]).toEqual([
      200,
      '中国农业银行阿拉善左旗支行',
      ACCOUNT_MASKED,
    ]);
    const member = await t
      .as(s.cadre.token)
      .post(`${s.base}/${s.h1.id}/members`)
      .send({ name: '新成员', relation: '子女', date: '2026-01-02', reason: 'birth', idNumber: '15210119900101123x' });
    expect([member.status, member.body.idNumber]).toEqual([201, ID_MASKED]);
    const [stored] = await t.dataSource.query(
      `SELECT bank_account_sealed AS a FROM households WHERE id = '${s.h1.id}'`,
    );
    expect(stored.a).toMatch(/^pd1:[0-9a-f]{8}:/);
    expect(stored.a).not.toContain('1234');
    const [storedId] = await t.dataSource.query(
      `SELECT id_number_sealed AS n FROM members WHERE id = '${member.body.id}'`,
    );
    expect(storedId.n).toMatch(/^pd1:/);
    for (const token of [s.cadre.token, s.auditor.token, s.scorer.token, s.household.token]) {
      const seen = await t.as(token).get(`${s.base}/${s.h1.id}`);
      expect(seen.status).toBe(200);
      expect(seen.body.bankAccount).toBe(ACCOUNT_MASKED);
      expect(seen.body.members.map((m: { idNumber: string | null }) => m.idNumber)).toEqual([null, null, ID_MASKED]);
    }
    // History keeps the masked form only.
    const history = JSON.stringify((await t.as(s.auditor.token).get(`${s.base}/${s.h1.id}`)).body.history);
    expect(history).toContain(ACCOUNT_MASKED);
    expect(history).toContain(ID_MASKED);
    expect(history).not.toContain(ACCOUNT);
    expect(await personalReads(s.auditor.token, s.v)).toEqual([]);
  });

  it('accountant and admin see full values; each such read writes personal.read naming fields and households', async () => {
    const s = await setUp();
    await t.as(s.cadre.token).patch(`${s.base}/${s.h1.id}`).send({ bankName: '农行', bankAccount: ACCOUNT });
    const added = await t
      .as(s.accountant.token)
      .post(`${s.base}/${s.h2.id}/members`)
      .send({ name: '新成员', relation: '配偶', date: '2026-01-02', reason: 'marriage_in', idNumber: ID_NUMBER });
    expect(added.body.idNumber).toBe(ID_NUMBER);
    const one = await t.as(s.accountant.token).get(`${s.base}/${s.h1.id}`);
    expect(one.body.bankAccount).toBe(ACCOUNT);
    const list = await t.as(s.admin).get(s.base);
    expect(list.body.items.map((h: { bankAccount: string | null }) => h.bankAccount)).toEqual([ACCOUNT, null]);
    expect(list.body.items[1].members.map((m: { idNumber: string | null }) => m.idNumber)).toEqual([null, ID_NUMBER]);
    const reads = await personalReads(s.auditor.token, s.v);
    expect(reads.map((r: { role: string; summary: unknown }) => [r.role, r.summary])).toEqual([
      [
        'admin',
        {
          purpose: 'household.list',
          fields: ['bankAccount', 'idNumber'],
          householdCount: 2,
          households: [s.h1.id, s.h2.id],
        },
      ],
      ['accountant', { purpose: 'household.get', fields: ['bankAccount'], householdCount: 1, households: [s.h1.id] }],
      ['accountant', { purpose: 'member.write', fields: ['idNumber'], householdCount: 1, households: [s.h2.id] }],
    ]);
    // A read with nothing personal to show is not audited.
    await t.as(s.accountant.token).get(`${s.base}?q=${s.h2.code}`);
    await t.as(s.accountant.token).get(`${s.base}?q=nothing-matches`);
    expect(await personalReads(s.auditor.token, s.v)).toHaveLength(4);
    // The audit log itself never holds the values.
    const audit = JSON.stringify((await t.as(s.admin).get(`/api/audit?villageId=${s.v}&limit=1000`)).body);
    expect(audit).not.toContain(ACCOUNT);
    expect(audit).not.toContain(ID_NUMBER);
  });

  it('corrections: a member’s ID number is changed or cleared; bad numbers are refused with 400 naming the field', async () => {
    const s = await setUp();
    const memberId = s.h1.members[1].id;
    const url = `${s.base}/${s.h1.id}/members/${memberId}`;
    const set = await t.as(s.accountant.token).patch(url).send({ idNumber: ID_NUMBER });
    expect([set.status, set.body.idNumber]).toEqual([200, ID_NUMBER]);
    const bad = await t.as(s.accountant.token).patch(url).send({ idNumber: '1521' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.message)).toContain('idNumber');
    const badAccount = await t.as(s.accountant.token).patch(`${s.base}/${s.h1.id}`).send({ bankAccount: '6222-abc' });
    expect(badAccount.status).toBe(400);
    expect(JSON.stringify(badAccount.body.message)).toContain('bankAccount');
    const numeric = await t
      .as(s.accountant.token)
      .patch(`${s.base}/${s.h1.id}`)
      .send({ bankAccount: 6222021234561234 });
    expect(numeric.status).toBe(400);
    const cleared = await t.as(s.accountant.token).patch(url).send({ idNumber: null });
    expect([cleared.status, cleared.body.idNumber]).toEqual([200, null]);
    await t.as(s.accountant.token).patch(`${s.base}/${s.h1.id}`).send({ bankAccount: ACCOUNT, bankName: '农行' });
    const noAccount = await t.as(s.accountant.token).patch(`${s.base}/${s.h1.id}`).send({ bankAccount: null });
    expect([noAccount.status, noAccount.body.bankAccount, noAccount.body.bankName]).toEqual([200, null, '农行']);
  });

  it('never on the public notice or the slip', async () => {
    const s = await setUp();
    await t.as(s.accountant.token).patch(`${s.base}/${s.h1.id}`).send({ bankName: '农行', bankAccount: ACCOUNT });
    await t
      .as(s.accountant.token)
      .patch(`${s.base}/${s.h1.id}/members/${s.h1.members[0].id}`)
      .send({ idNumber: ID_NUMBER });
    const notice = await t.as(s.accountant.token).get(`/api/dividend-runs/${s.runId}/notice?format=html`);
    const slip = await t.as(s.accountant.token).get(`/api/dividend-runs/${s.runId}/slips/${s.h1.id}`);
    for (const page of [notice, slip]) {
      expect(page.status).toBe(200);
      for (const text of [ACCOUNT, ACCOUNT_MASKED, ID_NUMBER, ID_MASKED, '6222', '1521']) {
        expect(page.text).not.toContain(text);
      }
    }
  });

  it('rotate-data-key: values sealed under the old key are re-sealed under the new one', async () => {
    const keyA = Buffer.alloc(32, 0x0a).toString('base64');
    const keyB = Buffer.alloc(32, 0x0b).toString('base64');
    const dir = mkdtempSync(join(tmpdir(), 'rotate-test-'));
    const first = await createTestApp({ databasePath: join(dir, 'rotate-test.sqlite'), env: { DATA_KEY: keyA } });
    const apps: TestApp[] = [first];
    try {
      const factory = new Factory(first);
      const s = await factory.staffedVillage();
      const h = await factory.household(s.village.id, s.cadre.token, 1);
      const url = `/api/villages/${s.village.id}/households/${h.id}`;
      await first.as(s.accountant.token).patch(url).send({ bankAccount: ACCOUNT });
      const during = await createTestApp({ sameDatabaseAs: first, env: { DATA_KEY: keyB, DATA_KEY_PREVIOUS: keyA } });
      apps.push(during);
      expect((await during.as(s.accountant.token).get(url)).body.bankAccount).toBe(ACCOUNT);
      const result = await during.app.get(PersonalDataService).rotate();
      expect(result).toMatchObject({ households: 1, members: 0 });
      const after = await createTestApp({ sameDatabaseAs: first, env: { DATA_KEY: keyB } });
      apps.push(after);
      expect((await after.as(s.accountant.token).get(url)).body.bankAccount).toBe(ACCOUNT);
      // The old key alone no longer opens it (and the response says so without failing).
      expect((await first.as(s.accountant.token).get(url)).body.bankAccount).toBe('********');
      expect((await during.app.get(PersonalDataService).rotate()).households).toBe(0);
    } finally {
      for (const app of apps.reverse()) await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
