import { beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson } from '../../src/common/canonical-json.js';
import { sha256Hex } from '../../src/common/hash.js';
import type { Factory } from '../support/factories.js';
import { TEST_NOW, binary, type TestApp } from '../support/test-app.js';
import { withTestApp } from '../support/with-test-app.js';

/** CONTRACT "Register over time": holdings and their changes, the 股权证, the import of member changes. */

function pdf(buffer: Buffer): { text: string; pages: number } {
  const dir = mkdtempSync(join(tmpdir(), 'cert-'));
  try {
    const file = join(dir, 'x.pdf');
    writeFileSync(file, buffer);
    const info = execFileSync('pdfinfo', [file]).toString();
    return {
      text: execFileSync('pdftotext', ['-layout', file, '-']).toString(),
      pages: Number(/Pages:\s+(\d+)/.exec(info)![1]),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const at = (minutes: number) => new Date(Date.parse(TEST_NOW) + minutes * 60_000).toISOString();

describe('holdings, their changes and the share certificate (e2e)', () => {
  let t: TestApp;
  let f: Factory;
  withTestApp((app, factory) => ([t, f] = [app, factory]));

  let v: string;
  let village: { code: string; name: string };
  let cadre: ReturnType<TestApp['as']>;
  let cadreName: string;
  let a: { id: string; members: { id: string }[] };
  let b: { id: string };
  let c: { id: string };
  let ids: { aRK: string; bRK: string; aZJ: string; fund: string; inherited: string; sold: string };
  let own: string;
  let otherStaff: string;

  beforeAll(async () => {
    const s = await f.staffedVillage();
    v = s.village.id;
    village = s.village;
    cadre = t.as(s.cadre.token);
    cadreName = s.cadre.username;
    t.clock.set(new Date(at(0)));
    a = await f.household(v, s.cadre.token, 3, { code: 'H01' });
    b = await f.household(v, s.cadre.token, 1, { code: 'H02' });
    c = await f.household(v, s.cadre.token, 1, { code: 'H03' });
    // The register of H01: the head dies, a son heads, a grandchild is born, the other son serves in the army.
    t.clock.set(new Date(at(1)));
    const [head, son, second] = a.members;
    const member = (id: string) => `/api/villages/${v}/households/${a.id}/members/${id}`;
    expect((await cadre.patch(member(head.id)).send({ status: 'deceased', date: '2025-06-10' })).status).toBe(200);
    t.clock.set(new Date(at(2)));
    const headChange = await cadre
      .post(`/api/villages/${v}/households/${a.id}/head`)
      .send({ memberId: son.id, date: '2025-06-20' });
    expect(headChange.status).toBe(200);
    t.clock.set(new Date(at(3)));
    const born = await cadre
      .post(`/api/villages/${v}/households/${a.id}/members`)
      .send({ name: '张小宝', relation: '孙子', date: '2025-07-01', reason: 'birth' });
    expect(born.status).toBe(201);
    t.clock.set(new Date(at(4)));
    const army = await cadre.patch(member(second.id)).send({ status: 'away', date: '2025-09-01', reason: 'army' });
    expect(army.status).toBe(200);

    t.clock.set(new Date(at(10)));
    await cadre.post(`/api/villages/${v}/share-classes`).send({ code: 'RK', name: '人口股', kind: 'member' });
    await cadre
      .post(`/api/villages/${v}/share-classes`)
      .send({ code: 'ZJ', name: '资金股', kind: 'capital', guaranteedRate: '0.08' });
    const hold = async (body: Record<string, unknown>) => {
      const res = await cadre.post(`/api/villages/${v}/holdings`).send(body);
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const aRK = await hold({ householdId: a.id, shareClassCode: 'RK', quantity: '3', date: '2021-01-01' });
    const bRK = await hold({ householdId: b.id, shareClassCode: 'RK', quantity: '2' });
    const aZJ = await hold({
      householdId: a.id,
      shareClassCode: 'ZJ',
      quantity: '1',
      capitalAmount: '12500.00',
      date: '2022-07-01',
    });
    const fund = await hold({
      externalHolder: '帮扶资金',
      shareClassCode: 'ZJ',
      quantity: '1',
      capitalAmount: '100000.00',
      date: '2022-01-01',
    });
    const inherited = await cadre
      .post(`/api/villages/${v}/holdings/${bRK}/transfer`)
      .send({ toHouseholdId: a.id, quantity: '1', date: '2025-06-20', kind: 'inherit' });
    expect(inherited.status).toBe(201);
    const sold = await cadre
      .post(`/api/villages/${v}/holdings/${aRK}/transfer`)
      .send({ toHouseholdId: c.id, quantity: '0.5', date: '2025-08-01', kind: 'transfer' });
    expect(sold.status).toBe(201);
    ids = { aRK, bRK, aZJ, fund, inherited: inherited.body.id, sold: sold.body.id };
    own = (await f.user('household', v, { householdId: a.id })).token;
    const elsewhere = await f.staffedVillage();
    otherStaff = elsewhere.cadre.token;
  });

  const change = (over: Record<string, unknown>) => ({
    id: expect.any(String),
    toHoldingId: null,
    fromHouseholdId: null,
    fromHouseholdCode: null,
    toHouseholdId: null,
    toHouseholdCode: null,
    externalHolder: null,
    by: cadreName,
    at: at(10),
    ...over,
  });
  const issueRK = () =>
    change({
      holdingId: ids.aRK,
      shareClassCode: 'RK',
      shareClassName: '人口股',
      kind: 'issue',
      date: '2021-01-01',
      toHouseholdId: a.id,
      toHouseholdCode: 'H01',
      quantity: '3',
    });
  const issueZJ = () =>
    change({
      holdingId: ids.aZJ,
      shareClassCode: 'ZJ',
      shareClassName: '资金股',
      kind: 'issue',
      date: '2022-07-01',
      toHouseholdId: a.id,
      toHouseholdCode: 'H01',
      quantity: '1',
    });
  const inherit = () =>
    change({
      holdingId: ids.bRK,
      toHoldingId: ids.inherited,
      shareClassCode: 'RK',
      shareClassName: '人口股',
      kind: 'inherit',
      date: '2025-06-20',
      fromHouseholdId: b.id,
      fromHouseholdCode: 'H02',
      toHouseholdId: a.id,
      toHouseholdCode: 'H01',
      quantity: '1',
    });
  const sale = () =>
    change({
      holdingId: ids.aRK,
      toHoldingId: ids.sold,
      shareClassCode: 'RK',
      shareClassName: '人口股',
      kind: 'transfer',
      date: '2025-08-01',
      fromHouseholdId: a.id,
      fromHouseholdCode: 'H01',
      toHouseholdId: c.id,
      toHouseholdCode: 'H03',
      quantity: '0.5',
    });

  it("a holding's changes: its issue and what left it; a holding made by a transfer starts with that transfer", async () => {
    const source = await cadre.get(`/api/villages/${v}/holdings/${ids.aRK}/changes`);
    expect(source.status).toBe(200);
    expect(source.body).toEqual({ items: [issueRK(), sale()], total: 2 });
    const made = await cadre.get(`/api/villages/${v}/holdings/${ids.inherited}/changes`);
    expect(made.body).toEqual({ items: [inherit()], total: 1 });
    // the new column kept the table, and with it the append-only triggers
    await expect(t.dataSource.query(`UPDATE holding_changes SET quantity = '9'`)).rejects.toThrow(/append-only/);
  });

  it("a household's changes, and the village's, oldest first; an outside holder is named", async () => {
    const mine = await cadre.get(`/api/villages/${v}/holding-changes?householdId=${a.id}`);
    expect(mine.body).toEqual({ items: [issueRK(), issueZJ(), inherit(), sale()], total: 4 });
    const elsewhere = await t.as(otherStaff).get(`/api/villages/${v}/holding-changes`);
    expect(elsewhere.status).toBe(404);
    const all = await cadre.get(`/api/villages/${v}/holding-changes`);
    expect(all.body.items).toEqual([
      issueRK(),
      change({
        holdingId: ids.fund,
        shareClassCode: 'ZJ',
        shareClassName: '资金股',
        kind: 'issue',
        date: '2022-01-01',
        externalHolder: '帮扶资金',
        quantity: '1',
      }),
      issueZJ(),
      inherit(),
      sale(),
      change({
        holdingId: ids.bRK,
        shareClassCode: 'RK',
        shareClassName: '人口股',
        kind: 'issue',
        date: '2026-06-15',
        toHouseholdId: b.id,
        toHouseholdCode: 'H02',
        quantity: '2',
      }),
    ]);
  });

  it('a household reads only changes touching itself; other holdings and households are 404', async () => {
    const house = t.as(own);
    expect((await house.get(`/api/villages/${v}/holding-changes`)).body).toEqual({
      items: [issueRK(), issueZJ(), inherit(), sale()],
      total: 4,
    });
    expect((await house.get(`/api/villages/${v}/holding-changes?householdId=${a.id}`)).body.total).toBe(4);
    expect((await house.get(`/api/villages/${v}/holdings/${ids.aRK}/changes`)).body.total).toBe(2);
    for (const url of [
      `/api/villages/${v}/holding-changes?householdId=${b.id}`,
      `/api/villages/${v}/holdings/${ids.bRK}/changes`,
      `/api/villages/${v}/holdings/${ids.fund}/changes`,
    ]) {
      const res = await house.get(url);
      expect([url, res.status, res.body.code]).toEqual([url, 404, 'NOT_FOUND']);
    }
  });

  it('refuses a malformed id (400), an unknown holding or household, another village (404)', async () => {
    const bad = await cadre.get(`/api/villages/${v}/holding-changes?householdId=x`);
    expect([bad.status, bad.body.code]).toEqual([400, 'BAD_HOUSEHOLD_ID']);
    expect((await cadre.get(`/api/villages/${v}/holdings/x/changes`)).status).toBe(400);
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await cadre.get(`/api/villages/${v}/holdings/${unknown}/changes`)).status).toBe(404);
    expect((await cadre.get(`/api/villages/${v}/holding-changes?householdId=${unknown}`)).status).toBe(404);
    expect((await t.as(otherStaff).get(`/api/villages/${v}/holdings/${ids.aRK}/changes`)).status).toBe(404);
  });

  const registerLines = () => [
    { date: '2026-06-15', text: '建户：户主 户主H01，3 人' },
    { date: '2025-06-10', text: '成员H01-0：死亡' },
    { date: '2025-06-20', text: '户主变更：户主H01 → 成员H01-1' },
    { date: '2025-07-01', text: '张小宝（孙子）入户：出生' },
    { date: '2025-09-01', text: '成员H01-2：外出（服兵役）' },
  ];

  it('the certificate as JSON: who counts today, shares by class, their changes, the register; its SHA-256', async () => {
    const res = await cadre.get(`/api/villages/${v}/households/${a.id}/certificate?format=json`);
    expect(res.status).toBe(200);
    expect(res.body.content).toEqual({
      villageCode: village.code,
      villageName: village.name,
      householdCode: 'H01',
      headName: '成员H01-1',
      members: [
        { name: '成员H01-1', relation: '子女', since: null, status: 'active' },
        { name: '成员H01-2', relation: '子女', since: null, status: 'away' },
        { name: '张小宝', relation: '孙子', since: '2025-07-01', status: 'active' },
      ],
      holdings: [
        {
          shareClassCode: 'RK',
          shareClassName: '人口股',
          kind: 'member',
          quantity: '2.5',
          capitalAmount: '0.00',
          since: '2021-01-01',
        },
        {
          shareClassCode: 'RK',
          shareClassName: '人口股',
          kind: 'member',
          quantity: '1',
          capitalAmount: '0.00',
          since: '2025-06-20',
        },
        {
          shareClassCode: 'ZJ',
          shareClassName: '资金股',
          kind: 'capital',
          quantity: '1',
          capitalAmount: '12500.00',
          since: '2022-07-01',
        },
      ],
      changes: [
        { date: '2021-01-01', kind: 'issue', shareClassCode: 'RK', quantity: '3', from: null, to: 'H01' },
        { date: '2022-07-01', kind: 'issue', shareClassCode: 'ZJ', quantity: '1', from: null, to: 'H01' },
        { date: '2025-06-20', kind: 'inherit', shareClassCode: 'RK', quantity: '1', from: 'H02', to: 'H01' },
        { date: '2025-08-01', kind: 'transfer', shareClassCode: 'RK', quantity: '0.5', from: 'H01', to: 'H03' },
      ],
      register: registerLines(),
    });
    expect(res.body.printedOn).toBe('2026-06-15');
    // Anyone can recompute it: SHA-256 over the canonical JSON of `content` (README "Canonical JSON").
    expect(res.body.sha256).toBe(sha256Hex(canonicalJson(res.body.content)));
  });

  it('the certificate in HTML: the same figures, the fingerprint, no inline script; the household reads its own', async () => {
    const json = await cadre.get(`/api/villages/${v}/households/${a.id}/certificate?format=json`);
    const res = await cadre.get(`/api/villages/${v}/households/${a.id}/certificate`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const sha: string = json.body.sha256;
    for (const text of [
      `${village.name} 股份经济合作社 股权证`,
      '户编号：<b>H01</b>',
      '户主：<b>成员H01-1</b>',
      '计入成员：3 人',
      '<td>人口股（RK）</td><td>成员股</td><td class="num">2.5</td><td class="num">—</td><td>2021-01-01</td>',
      '<td>资金股（ZJ）</td><td>资金股</td><td class="num">1</td><td class="num">12,500.00</td><td>2022-07-01</td>',
      '<td>2025-06-20</td><td>继承</td><td>RK</td><td class="num">1</td><td>H02</td><td>H01</td>',
      '<td>2021-01-01</td><td>配股</td><td>RK</td><td class="num">3</td><td>本集体</td><td>H01</td>',
      `${sha.slice(0, 4)} ${sha.slice(4, 8)} ${sha.slice(8, 12)} ${sha.slice(12, 16)}`,
      `SHA-256：${sha}`,
      '<td>2025-09-01</td><td>成员H01-2：外出（服兵役）</td>',
      '<button type="button" data-action="print">打印</button>',
    ]) {
      expect(res.text).toContain(text);
    }
    expect(res.text).not.toMatch(/<script>|\son[a-z]+=/i);
    expect(res.text).not.toContain('成员H01-0</td><td>户主'); // the deceased head no longer counts
    const mine = await t.as(own).get(`/api/villages/${v}/households/${a.id}/certificate`);
    expect(mine.status).toBe(200);
    expect(mine.text).toContain(`SHA-256：${sha}`);
  });

  it('the certificate as PDF: one A4 page with the embedded Chinese font, the same figures', async () => {
    const res = await cadre
      .get(`/api/villages/${v}/households/${a.id}/certificate?format=pdf`)
      .buffer(true)
      .parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(
      `inline; filename="certificate-H01.pdf"; filename*=UTF-8''${encodeURIComponent(`${village.name}股权证-H01.pdf`)}`,
    );
    if (process.env.DUMP_CERT) writeFileSync(process.env.DUMP_CERT, res.body as Buffer);
    const { text, pages } = pdf(res.body as Buffer);
    expect(pages).toBe(1);
    const sha: string = (await cadre.get(`/api/villages/${v}/households/${a.id}/certificate?format=json`)).body.sha256;
    const squeezed = text.replace(/[ \t]+/g, ' ');
    for (const line of [
      `${village.name} 股份经济合作社 股权证`,
      '户编号：H01 户主：成员H01-1',
      '计入成员：3 人',
      '张小宝 孙子 2025-07-01 在册',
      '成员H01-2 子女 建册时 外出',
      '人口股（RK） 成员股 2.5 — 2021-01-01',
      '资金股（ZJ） 资金股 1 12,500.00 2022-07-01',
      '2025-06-20 继承 RK 1 H02 H01',
      '2025-08-01 转让 RK 0.5 H01 H03',
      `内容指纹：${sha.slice(0, 4)} ${sha.slice(4, 8)} ${sha.slice(8, 12)} ${sha.slice(12, 16)}`,
      '打印日期：2026-06-15',
      '户籍变更记录',
      '2025-06-20 户主变更：户主H01 → 成员H01-1',
    ]) {
      expect(squeezed).toContain(line);
    }
  });

  it('the fingerprint stays while nothing is recorded and changes with the register', async () => {
    const url = `/api/villages/${v}/households/${b.id}/certificate?format=json`;
    const first = (await cadre.get(url)).body.sha256;
    t.clock.set(new Date(at(60)));
    expect((await cadre.get(url)).body.sha256).toBe(first);
    const wed = await cadre
      .post(`/api/villages/${v}/households/${b.id}/members`)
      .send({ name: '王芳', relation: '儿媳', date: '2026-05-01', reason: 'marriage_in' });
    expect(wed.status).toBe(201);
    const second = (await cadre.get(url)).body;
    expect(second.sha256).not.toBe(first);
    expect(second.content.register.at(-1)).toEqual({ date: '2026-05-01', text: '王芳（儿媳）入户：婚入' });
  });

  it('refuses another household (404), a bad format (400), an unknown household or village (404)', async () => {
    const other = await t.as(own).get(`/api/villages/${v}/households/${b.id}/certificate?format=pdf`);
    expect([other.status, other.body.code]).toEqual([404, 'NOT_FOUND']);
    const format = await cadre.get(`/api/villages/${v}/households/${a.id}/certificate?format=xlsx`);
    expect([format.status, format.body.code]).toEqual([400, 'BAD_FORMAT']);
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await cadre.get(`/api/villages/${v}/households/${unknown}/certificate`)).status).toBe(404);
    expect((await t.as(otherStaff).get(`/api/villages/${v}/households/${a.id}/certificate`)).status).toBe(404);
    expect((await cadre.get(`/api/villages/${v}/households/x/certificate`)).status).toBe(400);
  });
});

describe('import of member changes (e2e)', () => {
  let t: TestApp;
  let f: Factory;
  withTestApp((app, factory) => ([t, f] = [app, factory]));

  const sheet = (rows: string[][]) => Buffer.from('\uFEFF' + rows.map((r) => r.join(',')).join('\n') + '\n');
  const ZH = ['户编号', '姓名', '变动', '日期', '原因', '与户主关系', '备注'];

  type Member = { name: string; status: string; statusDate: string | null; statusReason: string | null };

  async function village() {
    const s = await f.staffedVillage();
    const v = s.village.id;
    const cadre = t.as(s.cadre.token);
    const m1 = await f.household(v, s.cadre.token, 3, { code: 'M01' });
    const m2 = await f.household(v, s.cadre.token, 2, { code: 'M02' });
    const m3 = await cadre.post(`/api/villages/${v}/households`).send({
      code: 'M03',
      headName: '张伟',
      members: [
        { name: '张伟', relation: '户主' },
        { name: '张伟', relation: '子女' },
      ],
    });
    expect(m3.status).toBe(201);
    const upload = (file: Buffer, name = 'changes.csv', token = s.cadre.token) =>
      t.as(token).post(`/api/villages/${v}/households/member-changes/import`).attach('file', file, name);
    const state = async () => {
      const list = await cadre.get(`/api/villages/${v}/households`);
      const histories = await Promise.all(
        list.body.items.map(
          async (h: { id: string }) => (await cadre.get(`/api/villages/${v}/households/${h.id}`)).body,
        ),
      );
      const audit = await t.as(await t.adminToken()).get(`/api/audit?villageId=${v}&limit=1000`);
      return { list: list.body, histories, audit: audit.body.items.length };
    };
    return { s, v, cadre, m1, m2, m3: m3.body as { id: string }, upload, state };
  }

  it('applies a sheet of births, marriages, deaths and moves in order (CSV, Chinese headers, BOM)', async () => {
    const { v, cadre, m1, m2, upload } = await village();
    const res = await upload(
      sheet([
        ZH,
        ['M01', '李小红', '出生', '2025-03-01', '', '孙女', ''],
        ['M01', '成员M01-0', '死亡', '2025/6/10', '', '', '病故'],
        ['M02', '成员M02-1', '迁出', '2025-09-09', '婚出', '', ''],
        ['M01', '成员M01-2', '外出', '2025-10-01', '务工', '', ''],
        ['M02', '王芳', '婚入', '2025-05-01', '', '儿媳', ''],
        ['M02', '王芳', '外出', '2025-11-01', '上学', '', ''],
      ]),
    );
    expect([res.status, res.body]).toEqual([201, { applied: 6 }]);
    const one = (await cadre.get(`/api/villages/${v}/households/${m1.id}?asOf=2025-12-31`)).body;
    const view = (m: Member & { since: string | null; counts: boolean }) => [
      m.name,
      m.status,
      m.statusDate,
      m.statusReason,
      m.since,
      m.counts,
    ];
    expect(one.members.map(view)).toEqual([
      ['成员M01-0', 'deceased', '2025-06-10', null, null, false],
      ['成员M01-1', 'active', null, null, null, true],
      ['成员M01-2', 'away', '2025-10-01', 'work', null, true],
      ['李小红', 'active', null, null, '2025-03-01', true],
    ]);
    expect(one.units).toBe(3);
    expect(one.history.map((h: { action: string }) => h.action)).toEqual([
      'create',
      'member-add',
      'member-status',
      'member-status',
    ]);
    const two = (await cadre.get(`/api/villages/${v}/households/${m2.id}?asOf=2025-12-31`)).body;
    expect(two.members.map(view)).toEqual([
      ['成员M02-0', 'active', null, null, null, true],
      ['成员M02-1', 'moved_out', '2025-09-09', 'marriage_out', null, false],
      ['王芳', 'away', '2025-11-01', 'study', '2025-05-01', true],
    ]);
  });

  it('reads XLSX with English headers; the relation tells apart two members of one name', async () => {
    const { v, cadre, m3, upload } = await village();
    const workbook = new ExcelJS.Workbook();
    const ws = workbook.addWorksheet('changes');
    ws.addRow(['householdCode', 'memberName', 'change', 'date', 'reason', 'relation']);
    ws.addRow(['M03', '张伟', 'moved_out', '2025-04-01', 'settled_elsewhere', '子女']);
    ws.addRow(['M03', '张伟', 'adoption', '2025-05-01', '', '孙子']);
    const res = await upload(Buffer.from(await workbook.xlsx.writeBuffer()), 'changes.xlsx');
    expect([res.status, res.body]).toEqual([201, { applied: 2 }]);
    const h = (await cadre.get(`/api/villages/${v}/households/${m3.id}`)).body;
    expect(h.members.map((m: Member & { relation: string }) => [m.relation, m.status, m.statusReason])).toEqual([
      ['户主', 'active', null],
      ['子女', 'moved_out', 'settled_elsewhere'],
      ['孙子', 'active', null],
    ]);
  });

  it('any bad row refuses the whole sheet with every row and field named, and nothing changes', async () => {
    const { upload, state } = await village();
    expect((await upload(sheet([ZH, ['M01', '李小红', '出生', '2025-03-01', '', '孙女', '']]))).body).toEqual({
      applied: 1,
    });
    const before = await state();
    const res = await upload(
      sheet([
        ZH,
        ['M02', '成员M02-0', '外出', '2025-10-01', '务工', '', ''], // fine alone
        ['M99', '某人', '死亡', '2025-01-01', '', '', ''],
        ['M01', '不存在', '死亡', '2025-01-01', '', '', ''],
        ['M03', '张伟', '死亡', '2025-01-01', '', '', ''],
        ['M01', '李小红', '死亡', '2025-02-01', '', '', ''],
        ['M01', '成员M01-0', '死亡', '2025-08-01', '', '', ''], // fine: the first death …
        ['M01', '成员M01-0', '死亡', '2025-09-01', '', '', ''], // … and a second one in the same sheet
        ['M01', '成员M01-1', '死亡', '2026-06-16', '', '', ''],
        ['M01', '成员M01-1', '外出', '2025-10-01', '婚出', '', ''],
        ['M01', '成员M01-1', '迁出', '2025-10-01', '落户他处', '', ''], // fine: ends 成员M01-1 …
        ['M01', '成员M01-1', '死亡', '2025-11-01', '', '', ''], // … so a death after it is a second end
        ['M03', '张伟', '死亡', '2025-05-01', '', '子女', ''], // fine: the relation tells them apart
      ]),
    );
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('IMPORT_INVALID');
    expect(res.body.errors).toEqual([
      { row: 3, field: 'householdCode', message: '户编号「M99」不存在 / household M99 not found' },
      {
        row: 4,
        field: 'memberName',
        message: '户「M01」没有名为「不存在」的成员 / household M01 has no member named 不存在',
      },
      {
        row: 5,
        field: 'memberName',
        message:
          '户「M03」有 2 名成员名为「张伟」，请填写与户主关系以区分 / household M03 has 2 members named 张伟: give relation to tell them apart',
      },
      {
        row: 6,
        field: 'date',
        message: "date: 日期早于该成员入户日期 2025-03-01 / date is before the member's start date 2025-03-01",
      },
      {
        row: 8,
        field: 'change',
        message:
          "该成员已于 2025-08-01 登记死亡，不能再次登记；如登记有误，请先改回 active / the member's membership already ended on 2025-08-01; set status active first to correct it",
      },
      { row: 9, field: 'date', message: 'date: 日期不能晚于今天 / date must not be in the future' },
      {
        row: 10,
        field: 'reason',
        message:
          'reason: 状态「away」的原因须为 study/army/work/prison/other / reason for away must be one of study, army, work, prison, other',
      },
      {
        row: 12,
        field: 'change',
        message:
          "该成员已于 2025-10-01 登记迁出，不能再次登记；如登记有误，请先改回 active / the member's membership already ended on 2025-10-01; set status active first to correct it",
      },
    ]);
    expect(await state()).toEqual(before);
  });

  it('refuses a sheet that misses a column or has a word it does not know, before looking at the register', async () => {
    const { upload, state } = await village();
    const before = await state();
    const missing = await upload(
      sheet([
        ['户编号', '姓名', '日期'],
        ['M01', '成员M01-0', '2025-01-01'],
      ]),
    );
    expect([missing.status, missing.body.errors]).toEqual([
      422,
      [{ row: 1, field: 'change', message: '缺少列 change / missing column change' }],
    ]);
    const word = await upload(sheet([ZH, ['M01', '成员M01-0', '去世了', '2025-01-01', '', '', '']]));
    expect([word.status, word.body.errors.map((e: { row: number; field: string }) => [e.row, e.field])]).toEqual([
      422,
      [[2, 'change']],
    ]);
    const junk = await upload(Buffer.from([0x50, 0x4b, 3, 4, 1, 2, 3]), 'x.xlsx');
    expect([junk.status, junk.body.errors[0].field]).toEqual([422, 'file']);
    expect(await state()).toEqual(before);
  });

  it('only register writers import (403), and only as a multipart file (400)', async () => {
    const { s, v, m1, upload } = await village();
    const file = sheet([ZH, ['M01', '成员M01-0', '死亡', '2025-01-01', '', '', '']]);
    const household = await f.user('household', v, { householdId: m1.id });
    expect((await upload(file, 'c.csv', household.token)).status).toBe(403);
    expect((await upload(file, 'c.csv', s.auditor.token)).status).toBe(403);
    expect((await upload(file, 'c.csv', s.scorer.token)).status).toBe(403);
    const json = await t
      .as(s.cadre.token)
      .post(`/api/villages/${v}/households/member-changes/import`)
      .send({ file: 'x' });
    expect([json.status, json.body.code]).toEqual([400, 'FILE_REQUIRED']);
    expect((await upload(file, 'c.csv', s.accountant.token)).body).toEqual({ applied: 1 });
  });
});
