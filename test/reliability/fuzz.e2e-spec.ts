import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { Factory } from '../support/factories.js';
import { postedFlatRun } from '../support/run-builder.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const HOSTILE: unknown[] = [
  null,
  true,
  -1,
  0,
  1.5,
  1e21,
  Number.MAX_SAFE_INTEGER + 2,
  '',
  ' ',
  'x'.repeat(70_000),
  '0.00000000000000001',
  '1.005',
  '-0.01',
  'NaN',
  'Infinity',
  '1e309',
  '١٢٣',
  "'; DROP TABLE journal_entries; --",
  '" OR 1=1 --',
  '${7*7}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '=cmd|" /C calc"!A0',
  '@SUM(1)',
  '\u0000',
  '\uD800',
  '👨‍👩‍👧',
  [],
  [1, 2],
  {},
  { a: { b: { c: {} } } },
  '2021-02-29',
  '2021-13-01',
  '9999-12-31',
  '00000000-0000-0000-0000-000000000000',
  // Text that once broke a chain or a driver: lone surrogates, NUL and other controls, bidi and zero-width,
  // astral characters at the length limits (32, 64, 1,000 UTF-16 units).
  '\uDFFF',
  'x\uDFFFy',
  '\uDC00\uD800',
  'a\u0000b',
  '\u0007\u001b[31m\u007f',
  'line\r\nbreak\ttab',
  '\u202e\u2066\u200f',
  '\u200b\u200d\ufeff',
  'x'.repeat(63) + '😀',
  'x'.repeat(31) + '𠀀',
  '𠀀'.repeat(32),
  'x'.repeat(999) + '👨‍👩‍👧',
  'end\\',
];
const hostile = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 70 }),
  fc.integer(),
  fc.double(),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Raw JSON bodies that JS objects cannot express. */
const RAW = [
  '{"__proto__": {"admin": true}}',
  '{"constructor": {"prototype": {"x": 1}}}',
  '{"amount": 1e309}',
  '{"amount": NaN}',
  '['.repeat(3000) + ']'.repeat(3000),
  '{"a":'.repeat(2000) + '1' + '}'.repeat(2000),
  '{"date": "2021-01-01",}',
  '\u0000{}',
];

const ROSTER_HEADER = ['户编号', '户主', '姓名', '与户主关系'];

function hostileCsv(header: string[], row: string[]): Buffer {
  const line = (cells: string[]) => cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(',');
  return Buffer.from(`${line(header)}\n${line(row)}\n`, 'utf8'); // a lone surrogate becomes U+FFFD bytes
}

/**
 * An XLSX whose cells hold exactly `row`: exceljs writes placeholders, replaced in the XML by the text with
 * controls and lone surrogates in OOXML's `_xHHHH_` escape (as Excel writes them; readers decode it), the one
 * way such text reaches a cell — XML itself cannot carry it.
 */
async function hostileXlsx(header: string[], row: string[]): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const { default: JSZip } = await import('jszip');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('roster');
  sheet.addRow(header);
  sheet.addRow(row.map((_, i) => `@@CELL${i}@@`));
  const zip = await JSZip.loadAsync(await workbook.xlsx.writeBuffer());
  const xmlText = (text: string) =>
    [...text]
      .map((c) => {
        const code = c.codePointAt(0)!;
        if (c === '&') return '&amp;';
        if (c === '<') return '&lt;';
        if (c === '>') return '&gt;';
        const escape = code < 0x20 || code === 0x7f || (code >= 0xd800 && code <= 0xdfff);
        return escape ? `_x${code.toString(16).toUpperCase().padStart(4, '0')}_` : c;
      })
      .join('');
  for (const name of Object.keys(zip.files).filter((n) => n.endsWith('.xml'))) {
    const xml = await zip.file(name)!.async('string');
    if (!xml.includes('@@CELL')) continue;
    zip.file(
      name,
      xml.replace(/@@CELL(\d+)@@/g, (_, i: string) => xmlText(row[Number(i)])),
    );
  }
  return zip.generateAsync({ type: 'nodebuffer' });
}

describe('hostile input: no 5xx, nothing changed after a 4xx', () => {
  let t: TestApp;
  let r: Awaited<ReturnType<typeof postedFlatRun>>;
  let routes: {
    name: string;
    method: 'post' | 'patch' | 'delete';
    path: string;
    token: string;
    template: Record<string, unknown>;
  }[];
  const counts: Record<string, number> = {};
  let fiveXX = 0;

  beforeAll(async () => {
    t = await createTestApp();
    const f = new Factory(t);
    r = await postedFlatRun(f, [2, 1], '1000.00');
    const v = r.v;
    const h = r.households[0];
    await t
      .as(r.cadre.token)
      .post(`/api/villages/${v}/score-rulesets`)
      .send({ year: 2021, rules: [{ code: 'A', name: 'a', category: 'c', minPoints: -5, maxPoints: 5 }] });
    const event = await t
      .as(r.scorer.token)
      .post(`/api/villages/${v}/score-events`)
      .send({ householdId: h.id, ruleCode: 'A', points: 1, date: '2021-03-01', evidence: 'e' });
    const draft = await t
      .as(r.cadre.token)
      .post(`/api/villages/${v}/dividend-runs`)
      .send({ year: 2021, distribute: { amount: '1.00' }, basis: 'member', scoring: { mode: 'none' } });
    const admin = await t.adminToken();
    const entry = (await t.as(r.accountant.token).get(`/api/villages/${v}/journal?kind=income`)).body.items[0];
    routes = [
      {
        name: 'login',
        method: 'post',
        path: '/api/auth/login',
        token: '',
        template: { username: 'nobody', password: 'x' },
      },
      {
        name: 'users',
        method: 'post',
        path: '/api/users',
        token: admin,
        template: { username: 'fuzzuser', password: 'password-1', role: 'auditor' },
      },
      { name: 'villages', method: 'post', path: '/api/villages', token: admin, template: { code: 'FZ', name: 'x' } },
      {
        name: 'charter',
        method: 'patch',
        path: `/api/villages/${v}/charter`,
        token: admin,
        template: { minReservePercent: '5' },
      },
      {
        name: 'households',
        method: 'post',
        path: `/api/villages/${v}/households`,
        token: r.cadre.token,
        template: { code: 'FZ1', headName: 'x', members: [{ name: 'x', relation: 'y' }] },
      },
      {
        name: 'member status',
        method: 'patch',
        path: `/api/villages/${v}/households/${h.id}/members/${h.members[0].id}`,
        token: r.cadre.token,
        template: { status: 'away' },
      },
      {
        name: 'share classes',
        method: 'post',
        path: `/api/villages/${v}/share-classes`,
        token: r.cadre.token,
        template: { code: 'S1', name: 'x', kind: 'member' },
      },
      {
        name: 'holdings',
        method: 'post',
        path: `/api/villages/${v}/holdings`,
        token: r.cadre.token,
        template: { householdId: h.id, shareClassCode: 'NONE', quantity: '1' },
      },
      {
        name: 'income',
        method: 'post',
        path: `/api/villages/${v}/income`,
        token: r.accountant.token,
        template: { date: '2021-01-01', category: '经营收入', amount: '1.00', voucherNo: 'FZ' },
      },
      {
        name: 'expenses',
        method: 'post',
        path: `/api/villages/${v}/expenses`,
        token: r.accountant.token,
        template: { date: '2021-01-01', category: '管理费用', amount: '1.00', voucherNo: 'FZE' },
      },
      {
        name: 'income sources',
        method: 'post',
        path: `/api/villages/${v}/income-sources`,
        token: r.accountant.token,
        template: { code: 'SRC', name: 'x' },
      },
      {
        name: 'rename income source',
        method: 'patch',
        path: `/api/villages/${v}/income-sources/SRC`,
        token: r.accountant.token,
        template: { name: 'x', active: true },
      },
      {
        name: 'opening balances',
        method: 'post',
        path: `/api/villages/${v}/opening-balances`,
        token: r.accountant.token,
        template: {
          date: '2020-01-01',
          lines: [
            { accountCode: '112', householdId: h.id, debit: '1.00' },
            { accountCode: '32201', credit: '1.00' },
          ],
        },
      },
      {
        name: 'general voucher',
        method: 'post',
        path: `/api/villages/${v}/journal`,
        token: r.accountant.token,
        template: {
          date: '2021-01-01',
          voucherNo: 'FZG',
          memo: 'x',
          lines: [
            { accountCode: '101', debit: '1.00' },
            { accountCode: '102', credit: '1.00', memo: 'y' },
          ],
        },
      },
      {
        name: 'reverse entry',
        method: 'post',
        path: `/api/villages/${v}/journal/${entry.id}/reverse`,
        token: r.accountant.token,
        template: { reason: 'x' },
      },
      {
        name: 'rule sets',
        method: 'post',
        path: `/api/villages/${v}/score-rulesets`,
        token: r.cadre.token,
        template: { year: 2023, rules: [{ code: 'A', name: 'a', category: 'c', minPoints: 0, maxPoints: 1 }] },
      },
      {
        name: 'score events',
        method: 'post',
        path: `/api/villages/${v}/score-events`,
        token: r.scorer.token,
        template: { householdId: h.id, ruleCode: 'A', points: 9, date: '2021-03-01', evidence: 'e' },
      },
      {
        name: 'bulk events',
        method: 'post',
        path: `/api/villages/${v}/score-events/bulk`,
        token: r.scorer.token,
        template: { events: [{ householdId: h.id, ruleCode: 'A', points: 9, date: '2021-03-01', evidence: 'e' }] },
      },
      {
        name: 'reject event',
        method: 'post',
        path: `/api/score-events/${event.body.id}/reject`,
        token: r.scorer.token,
        template: { reason: 'x' },
      },
      {
        name: 'objection',
        method: 'post',
        path: `/api/score-events/${event.body.id}/objections`,
        token: r.cadre.token,
        template: { reason: 'x' },
      },
      {
        name: 'publicity',
        method: 'post',
        path: `/api/villages/${v}/score-publicity`,
        token: r.cadre.token,
        template: { year: 2021, startDate: '2021-02-30' },
      },
      {
        name: 'dividend runs',
        method: 'post',
        path: `/api/villages/${v}/dividend-runs`,
        token: r.cadre.token,
        template: { year: 2021, distribute: { amount: '999999999.00' }, basis: 'member', scoring: { mode: 'none' } },
      },
      {
        name: 'approve run',
        method: 'post',
        path: `/api/dividend-runs/${draft.body.id}/approve`,
        token: r.cadre.token,
        template: { resolutionRef: 'x' },
      },
      {
        name: 'reverse run',
        method: 'post',
        path: `/api/dividend-runs/${r.runId}/reverse`,
        token: r.cadre.token,
        template: { reason: '' },
      },
      {
        name: 'payments',
        method: 'post',
        path: `/api/dividend-runs/${r.runId}/payments`,
        token: r.accountant.token,
        template: { householdId: h.id, amount: '99999.00', method: 'cash', date: '2026-01-01', receiptNo: 'x' },
      },
    ];
  });
  afterAll(() => t.close());

  async function rowCount(): Promise<number> {
    const tables = [
      'villages',
      'users',
      'households',
      'members',
      'share_classes',
      'holdings',
      'journal_entries',
      'journal_lines',
      'income_sources',
      'score_rulesets',
      'score_rules',
      'score_events',
      'score_objections',
      'score_publicity',
      'dividend_runs',
      'payouts',
      'payments',
    ];
    let total = 0;
    for (const table of tables) total += Number((await t.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
    return total;
  }

  function send(route: (typeof routes)[number], body: string) {
    const req = t.http[route.method](route.path).set('content-type', 'application/json');
    if (route.token) req.set('authorization', `Bearer ${route.token}`);
    return req.send(body);
  }

  it('fuzzes every write route with hostile fields and raw bodies', async () => {
    for (const route of routes) {
      let cases = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc
              .record({ field: fc.constantFrom(...Object.keys(route.template), '__extra__'), value: hostile })
              .map(({ field, value }) => JSON.stringify({ ...route.template, [field]: value })),
            fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
            fc.constantFrom(...RAW),
          ),
          async (body) => {
            const before = await rowCount();
            const res = await send(route, body);
            cases++;
            if (res.status >= 500) fiveXX++;
            expect({
              route: route.name,
              body: body.slice(0, 200),
              status: res.status >= 500 ? res.status : 'ok',
            }).toEqual({ route: route.name, body: body.slice(0, 200), status: 'ok' });
            if (res.status >= 400) expect(await rowCount()).toBe(before);
          },
        ),
        { numRuns: 100 },
      );
      counts[route.name] = cases;
    }
    const ledger = await t.as(r.accountant.token).get(`/api/villages/${r.v}/ledger/verify`);
    const audit = await t.as(await t.adminToken()).get('/api/audit/verify');
    expect({ ledger: ledger.body.ok, audit: audit.body.ok }).toEqual({ ledger: true, audit: true });
    console.log(
      `fuzz (${t.dataSource.options.type}): ${Object.values(counts).reduce((a, b) => a + b, 0)} cases over ${routes.length} write routes (${JSON.stringify(counts)}); 5xx seen: ${fiveXX}; chains verified (ledger, audit): ok`,
    );
  }, 180_000);

  it('refuses a 10 MB body with 413 and odd paths and queries with 4xx', async () => {
    const big = await t.http
      .post(`/api/villages/${r.v}/income`)
      .set('authorization', `Bearer ${r.accountant.token}`)
      .set('content-type', 'application/json')
      .send(JSON.stringify({ memo: 'x'.repeat(10 * 1024 * 1024) }));
    expect(big.status).toBe(413);
    const paths = fc.sample(
      fc.oneof(
        fc.string(),
        fc.constantFrom('%00', '..%2F..%2Fetc%2Fpasswd', "1' OR '1'='1", '%E0%A4%A', '😀', 'null', '-1', '1e309'),
      ),
      120,
    );
    let requests = 0;
    for (const p of paths) {
      const encoded = encodeURIComponent(p);
      for (const url of [
        `/api/villages/${encoded}/households`,
        `/api/dividend-runs/${encoded}`,
        `/api/verify/${encoded}`,
        `/v/${encoded}`,
        `/api/villages/${r.v}/journal?from=${encoded}&limit=${encoded}`,
        `/api/villages/${r.v}/scorecards?year=${encoded}`,
        `/api/villages/${r.v}/reports/trial-balance?year=${encoded}`,
        `/api/villages/${r.v}/reports/trial-balance?from=${encoded}&to=${encoded}`,
        `/api/villages/${r.v}/households/${encoded}/ledger?year=${encoded}`,
        `/api/audit?villageId=${encoded}&limit=${encoded}`,
      ]) {
        const res = await t.http.get(url).set('authorization', `Bearer ${r.auditor.token}`);
        requests++;
        expect({ url, status: res.status < 500 }).toEqual({ url, status: true });
      }
    }
    console.log(`fuzz (${t.dataSource.options.type}): ${requests} GETs with odd paths and queries, 0 × 5xx`);
  });

  it('uploads: hostile cells in CSV and XLSX rosters are a 201 or a 4xx, never a 5xx; chains verify', async () => {
    const cell = fc.oneof(
      fc.constantFrom(...HOSTILE.filter((x): x is string => typeof x === 'string' && x.length < 2000)),
      fc.string({ unit: 'binary', maxLength: 70 }),
      fc.string({ maxLength: 20 }),
    );
    const statuses: Record<number, number> = {};
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(cell, { minLength: 4, maxLength: 4 }), fc.boolean(), async (cells, xlsx) => {
        cases++;
        const row = [cases % 3 ? `U${cases}` : cells[0], ...cells.slice(1)];
        const file = xlsx ? await hostileXlsx(ROSTER_HEADER, row) : hostileCsv(ROSTER_HEADER, row);
        const before = await rowCount();
        const res = await t
          .as(r.accountant.token)
          .post(`/api/villages/${r.v}/households/import`)
          .attach('file', file, xlsx ? 'roster.xlsx' : 'roster.csv');
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        expect({ row, xlsx, status: res.status < 500 }).toEqual({ row, xlsx, status: true });
        if (res.status >= 400) expect(await rowCount()).toBe(before);
      }),
      { numRuns: 150, seed: 20261202 },
    );
    const ledger = await t.as(r.accountant.token).get(`/api/villages/${r.v}/ledger/verify`);
    const audit = await t.as(await t.adminToken()).get('/api/audit/verify');
    expect({ ledger: ledger.body.ok, audit: audit.body.ok }).toEqual({ ledger: true, audit: true });
    expect(statuses[201]).toBeGreaterThan(0);
    console.log(
      `fuzz (${t.dataSource.options.type}): ${cases} roster uploads with hostile cells, statuses ${JSON.stringify(statuses)}`,
    );
  });

  it('uploads: wrong type, malformed files, formula-looking cells are escaped on export', async () => {
    const up = (buf: Buffer, name: string) =>
      t.as(r.accountant.token).post(`/api/villages/${r.v}/households/import`).attach('file', buf, name);
    expect((await up(Buffer.from('%PDF-1.4 not a roster'), 'x.pdf')).status).toBe(422);
    expect((await up(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0]), 'x.xlsx')).status).toBe(422);
    expect((await up(Buffer.from('"unterminated,quote\n'), 'x.csv')).status).toBe(422);
    expect((await up(Buffer.from([0xff, 0xfe, 0x00, 0x41]), 'x.csv')).status).toBe(422);
    expect(
      (await t.as(r.accountant.token).post(`/api/villages/${r.v}/households/import`).send({ file: 'x' })).status,
    ).toBe(400);
    const formula = await up(
      Buffer.from('户编号,户主,姓名,与户主关系\nF01,"=HYPERLINK(""http://x"")",@SUM(A1),+1\n'),
      'f.csv',
    );
    expect(formula.status).toBe(201);
    const { default: ExcelJS } = await import('exceljs');
    const exported = await t
      .as(r.accountant.token)
      .get(`/api/villages/${r.v}/households/export.xlsx`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported.body);
    const values = wb.worksheets[0]
      .getSheetValues()
      .flat()
      .filter((x) => typeof x === 'string') as string[];
    expect(values).toEqual(expect.arrayContaining(['\'=HYPERLINK("http://x")', "'@SUM(A1)", "'+1"]));
    expect(values.some((x) => /^[=+@]/.test(x))).toBe(false);
  });
});
