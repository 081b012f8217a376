import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { binary, createTestApp, type TestApp } from '../support/test-app.js';
import { adoptPlan, businessDate, meeting } from '../support/run-builder.js';

/**
 * Villages, households, incomes, rules and runs named from a hostile alphabet, then every export of each
 * village downloaded and opened again: no 5xx, every XLSX reopens and names the village, every beancount
 * file passes bean-check, every PDF is whole, every file name header is plain ASCII.
 */

const CASES = Number(process.env.EXPORT_FUZZ_CASES ?? 12);
const SEED = 20261202;
const BEAN_CHECK = '/usr/bin/bean-check';

/** Characters the API may refuse with 400 (ill-formed Unicode, NUL and other controls); never with a 5xx. */
const REFUSABLE = ['\u0000', '\u0007', '\u001B', '\u007F', '\uD800', '\uDBFF', '\uDFFF'];
const PIECES = [
  ...['\\', '/', ':', '?', '*', '[', ']', "'", '"', ';', '%', '<', '&', '=', '+', '-', '@'],
  ...['\n', '\t', '\r', '\r\n', '\u2028'],
  ...['\u202E', '\u2066', '\u2069', '\u200B', '\uFEFF', '\u3000'],
  ...['𠀀', '👨‍👩‍👧', 'e\u0301', '\uFFFE'],
  ...['村', '嘎查', '巴彦', '花名册', 'a', 'Z', '1', ' '],
  ...REFUSABLE,
];
/** UTF-16 lengths around Excel's 31-unit sheet names and the 64-character name fields. */
const BOUNDARIES = [1, 2, 30, 31, 32, 33, 62, 63, 64];

/** mulberry32: the same cases on every run and every database. */
function random(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)],
  };
}
type Rng = ReturnType<typeof random>;

/** A hostile text of exactly `units` UTF-16 units (or one more, when an astral character straddles the end). */
function hostile(rng: Rng, units: number): string {
  const fill = (n: number) => {
    let s = '';
    while (s.length < n) {
      const piece = rng.pick(PIECES);
      s += s.length + piece.length <= n ? piece : 'a'.repeat(n - s.length);
    }
    return s;
  };
  switch (rng.int(7)) {
    case 0:
      return `${'a'.repeat(Math.max(units - 1, 0))}𠀀`;
    case 1:
      return `${'村'.repeat(Math.max(units - 8, 0))}👨‍👩‍👧`;
    case 2:
      return units < 3 ? "'" : `'${fill(units - 2)}'`;
    case 3:
      return `${fill(Math.max(units - 1, 0))}\\`;
    case 4:
      return `=${fill(Math.max(units - 1, 0))}`;
    case 5:
      return `${rng.pick(['A/B村', 'a:b', '[x]', 'x*?', '\\\\'])}${fill(Math.max(units - 5, 0))}`;
    default:
      return fill(units);
  }
}

/** What the API surely accepts: lone surrogates, controls (tab and line breaks too) and noncharacters removed. */
function acceptable(text: string): string {
  const s = text
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    // eslint-disable-next-line no-control-regex -- removing controls is the point
    .replace(/[\u0000-\u001F\u007F-\u009F\uFFFE\uFFFF]/g, '');
  return s.trim() === '' ? '空' : s;
}

function deepMap(value: unknown, f: (s: string) => string): unknown {
  if (typeof value === 'string') return f(value);
  if (Array.isArray(value)) return value.map((v) => deepMap(v, f));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deepMap(v, f)]));
  }
  return value;
}

/** The village name as the XLSX properties hold it: one line of visible text (the product's own reading). */
function asTitle(text: string): string {
  return (
    text
      .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
      .replace(/[\u061C\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g, '')
      // eslint-disable-next-line no-control-regex -- controls become spaces
      .replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029\uFFFE\uFFFF]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** The village name as an XLSX cell holds it: what XML 1.0 can carry, line breaks read back as LF. */
function asCell(text: string): string {
  return (
    text
      .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
      // eslint-disable-next-line no-control-regex -- what XML refuses
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/\r\n?/g, '\n')
  );
}

/** The village name in the print HTML: escaped, sent as UTF-8 (a lone surrogate arrives as U+FFFD). */
function asHtml(text: string): string {
  return text
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const DISPOSITION = /^(attachment|inline); filename="[\x20\x21\x23-\x7E]+"; filename\*=UTF-8''([A-Za-z0-9%._!~-]+)$/;

describe('exports with hostile names and memos', () => {
  let t: TestApp;
  let admin: string;
  const users: Record<'accountant' | 'cadre' | 'cadre2' | 'scorer' | 'auditor', { id: string; token: string }> =
    {} as never;
  const statuses: Record<string, number> = {};
  let exportsChecked = 0;
  let xlsxChecked = 0;
  let beancountChecked = 0;
  let refusedThenCleaned = 0;
  let dir: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.adminToken();
    dir = mkdtempSync(join(tmpdir(), 'export-fuzz-'));
    const base = await t.as(admin).post('/api/villages').send({ code: 'FZBASE', name: '基准村' });
    for (const [name, role] of [
      ['accountant', 'accountant'],
      ['cadre', 'cadre'],
      ['cadre2', 'cadre'],
      ['scorer', 'scorer'],
      ['auditor', 'auditor'],
    ] as const) {
      const username = `fz-${name}`;
      const created = await t
        .as(admin)
        .post('/api/users')
        .send({ username, password: 'export-fuzz-1', role, villageId: base.body.id });
      expect(created.status).toBe(201);
      users[name] = { id: created.body.id, token: await t.login(username, 'export-fuzz-1') };
    }
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  const count = (status: number) => (statuses[status] = (statuses[status] ?? 0) + 1);

  /** POST the hostile body; on a 400, once more with only acceptable text (that one must succeed). */
  async function create(token: string, path: string, body: Record<string, unknown>, expected = 201) {
    let res = await t.as(token).post(path).send(body);
    count(res.status);
    expect({ path, body, status: res.status < 500 }).toEqual({ path, body, status: true });
    if (res.status === 400) {
      refusedThenCleaned++;
      const clean = deepMap(body, acceptable) as Record<string, unknown>;
      res = await t.as(token).post(path).send(clean);
      count(res.status);
      expect({ path, clean, status: res.status, error: res.status === expected ? null : res.body }).toEqual({
        path,
        clean,
        status: expected,
        error: null,
      });
      return { res, body: clean };
    }
    expect({ path, body, status: res.status, error: res.status === expected ? null : res.body }).toEqual({
      path,
      body,
      status: expected,
      error: null,
    });
    return { res, body };
  }

  async function download(url: string, what: string) {
    const res = await t.as(users.auditor.token).get(url).buffer(true).parse(binary);
    count(res.status);
    exportsChecked++;
    expect({ what, url, status: res.status }).toEqual({ what, url, status: 200 });
    // Every file download is named; print HTML opens in the browser.
    const disposition = res.headers['content-disposition'] as string | undefined;
    if (!String(res.headers['content-type']).startsWith('text/html')) {
      const match = DISPOSITION.exec(disposition ?? '');
      expect({ what, disposition, ok: !!match }).toEqual({ what, disposition, ok: true });
      expect(decodeURIComponent(match![2])).not.toMatch(/["\\/\n\r]/);
    }
    return res.body as Buffer;
  }

  async function checkXlsx(buffer: Buffer, what: string, villageName: string, titleRow: boolean) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    xlsxChecked++;
    const sheet = workbook.worksheets[0];
    expect({ what, sheets: workbook.worksheets.length }).toEqual({ what, sheets: 1 });
    expect(sheet.name.length).toBeLessThanOrEqual(31);
    expect(sheet.name).not.toMatch(/[\\/:?*[\]]|^'|'$|^$/);
    expect({ what, title: workbook.title.includes(asTitle(villageName)) }).toEqual({ what, title: true });
    if (titleRow) {
      const a1 = String(sheet.getCell('A1').value ?? '');
      expect({ what, a1, has: a1.includes(asCell(villageName)) }).toEqual({ what, a1, has: true });
    }
  }

  function checkPdf(buffer: Buffer, what: string) {
    expect({ what, head: buffer.subarray(0, 5).toString('latin1') }).toEqual({ what, head: '%PDF-' });
    expect({ what, tail: buffer.subarray(-6).toString('latin1').includes('%%EOF') }).toEqual({ what, tail: true });
  }

  async function beanCheck(text: string, what: string) {
    const path = join(dir, `${beancountChecked}.beancount`);
    writeFileSync(path, text);
    beancountChecked++;
    try {
      await promisify(execFile)(BEAN_CHECK, [path]);
    } catch (error) {
      const { stdout, stderr } = error as { stdout: string; stderr: string };
      expect({ what, errors: `${stdout}${stderr}`, file: text.slice(0, 2000) }).toEqual({ what, errors: '' });
    }
  }

  it(`downloads every export of ${CASES} hostile villages: no 5xx, files reopen`, async () => {
    const rng = random(SEED);
    const hasBeanCheck = existsSync(BEAN_CHECK);
    if (!hasBeanCheck) console.warn(`bean-check not found at ${BEAN_CHECK}: beancount files NOT checked`);
    for (let i = 0; i < CASES; i++) {
      const nameUnits = BOUNDARIES[i % BOUNDARIES.length];
      const created = await create(admin, '/api/villages', { code: `FZ${i}`, name: hostile(rng, nameUnits) });
      const village = created.res.body as { id: string; name: string };
      const v = village.id;
      for (const u of Object.values(users)) {
        expect((await t.as(admin).post(`/api/users/${u.id}/villages`).send({ villageId: v })).status).toBe(201);
      }
      const households: { id: string }[] = [];
      for (let h = 0; h < 2; h++) {
        const made = await create(users.cadre.token, `/api/villages/${v}/households`, {
          code: `H${h}`,
          headName: hostile(rng, rng.pick(BOUNDARIES)),
          members: [
            { name: hostile(rng, rng.pick(BOUNDARIES)), relation: hostile(rng, rng.pick([1, 2, 31, 32])) },
            { name: hostile(rng, rng.pick(BOUNDARIES)), relation: '子女' },
          ],
          tags: [hostile(rng, rng.pick([1, 2, 30, 31, 32]))],
        });
        households.push(made.res.body);
      }
      const income = (voucherNo: string, memo: string) =>
        create(users.accountant.token, `/api/villages/${v}/income`, {
          date: '2021-06-30',
          category: '经营收入',
          amount: '10000.00',
          voucherNo,
          memo,
        });
      await income(`IN-${i}`, hostile(rng, rng.pick([...BOUNDARIES, 200, 1000])));
      await income(hostile(rng, rng.pick(BOUNDARIES)), `${hostile(rng, rng.pick(BOUNDARIES))}\\`);
      const ruleSet = await create(users.cadre.token, `/api/villages/${v}/score-rulesets`, {
        year: 2021,
        rules: [
          {
            code: 'R1',
            name: hostile(rng, rng.pick(BOUNDARIES)),
            category: hostile(rng, rng.pick([1, 2, 30, 31, 32])),
            minPoints: -5,
            maxPoints: 5,
          },
        ],
      });
      expect(ruleSet.res.status).toBe(201);
      const event = await create(users.scorer.token, `/api/villages/${v}/score-events`, {
        householdId: households[0].id,
        ruleCode: 'R1',
        points: 3,
        date: '2021-05-01',
        evidence: hostile(rng, rng.pick([...BOUNDARIES, 300])),
      });
      const approved = await t.as(users.cadre.token).post(`/api/score-events/${event.res.body.id}/approve`);
      expect(approved.status).toBe(200);
      const run = await create(users.cadre.token, `/api/villages/${v}/dividend-runs`, {
        year: 2021,
        deductions: [{ name: hostile(rng, rng.pick(BOUNDARIES)), amount: '1.00' }],
        distribute: { amount: '3000.00' },
        basis: 'member',
        scoring: { mode: 'none' },
      });
      const runId = run.res.body.id as string;
      const tokens = { publisher: users.cadre.token, approver: users.cadre2.token };
      const approve = await adoptPlan(t, runId, tokens, { resolutionRef: hostile(rng, rng.pick(BOUNDARIES)) });
      count(approve.status);
      expect(approve.status).toBeLessThan(500);
      if (approve.status === 400) {
        const retry = await t
          .as(users.cadre2.token)
          .post(`/api/dividend-runs/${runId}/approve`)
          .send({ resolutionRef: `决〔${i}〕`, meeting: meeting(businessDate(t)) });
        expect(retry.status).toBe(200);
      } else {
        expect(approve.status).toBe(200);
      }
      const posted = await t.as(users.cadre.token).post(`/api/dividend-runs/${runId}/post`);
      expect(posted.status).toBe(200);

      const name = village.name;
      const V = `/api/villages/${v}`;
      await checkXlsx(await download(`${V}/households/export.xlsx`, 'roster'), 'roster', name, false);
      await checkXlsx(await download(`${V}/journal/export.xlsx`, 'journal'), 'journal', name, false);
      await checkXlsx(
        await download(`${V}/reports/trial-balance?format=xlsx`, 'trial balance'),
        'trial balance',
        name,
        false,
      );
      await checkXlsx(await download(`${V}/reports/income/2021?format=xlsx`, 'income'), 'income', name, false);
      await checkXlsx(await download(`${V}/scorecards?year=2021&format=xlsx`, 'scores'), 'scores', name, true);
      await download(`${V}/scorecards?year=2021&format=html`, 'scores html');
      await checkXlsx(await download(`${V}/books/bank?format=xlsx`, 'bank book'), 'bank book', name, true);
      await download(`${V}/books/bank`, 'bank book html');
      await checkXlsx(await download(`${V}/books/20201?format=xlsx`, '20201'), '20201', name, true);
      const R = `/api/dividend-runs/${runId}`;
      await checkXlsx(await download(`${R}/notice?format=xlsx`, 'notice'), 'notice', name, true);
      checkPdf(await download(`${R}/notice?format=pdf`, 'notice pdf'), 'notice pdf');
      const html = (await download(`${R}/notice?format=html`, 'notice html')).toString('utf8');
      expect({ has: html.includes(asHtml(name)) }).toEqual({ has: true });
      checkPdf(await download(`${R}/slips?format=pdf`, 'slips pdf'), 'slips pdf');
      const zip = await JSZip.loadAsync(await download(`${R}/slips?format=zip`, 'slips zip'));
      for (const file of Object.values(zip.files)) checkPdf(await file.async('nodebuffer'), `zip ${file.name}`);
      for (const h of households) {
        await download(`${R}/slips/${h.id}`, 'slip html');
        checkPdf(await download(`${R}/slips/${h.id}?format=pdf`, 'slip pdf'), 'slip pdf');
        const certificate = (await download(`${V}/households/${h.id}/certificate`, 'certificate html')).toString();
        expect({ has: certificate.includes(asHtml(name)) }).toEqual({ has: true });
        checkPdf(
          await download(`${V}/households/${h.id}/certificate?format=pdf`, 'certificate pdf'),
          'certificate pdf',
        );
      }
      const journal = await t.as(users.auditor.token).get(`${V}/journal`);
      expect(journal.status).toBe(200);
      for (const e of journal.body.items as { id: string }[]) {
        await download(`${V}/journal/${e.id}/voucher`, 'voucher html');
        checkPdf(await download(`${V}/journal/${e.id}/voucher?format=pdf`, 'voucher pdf'), 'voucher pdf');
      }
      const bean = (await download(`${V}/journal/export.beancount`, 'beancount')).toString('utf8');
      expect(bean.match(/^\d{4}-\d{2}-\d{2} \* /gm)?.length).toBe(journal.body.total);
      if (hasBeanCheck) await beanCheck(bean, `beancount of village ${i}`);
      const verify = await t.as(users.auditor.token).get(`${V}/ledger/verify`);
      expect({ i, verify: verify.body.ok }).toEqual({ i, verify: true });
    }
    console.log(
      `export fuzz: ${CASES} hostile villages, ${exportsChecked} exports downloaded (${xlsxChecked} XLSX reopened, ` +
        `${beancountChecked} beancount files bean-checked${hasBeanCheck ? '' : ' — bean-check absent'}), ` +
        `${refusedThenCleaned} hostile bodies refused with 400 and sent again cleaned; statuses ${JSON.stringify(statuses)}`,
    );
    expect(Object.keys(statuses).filter((s) => Number(s) >= 500)).toEqual([]);
  }, 600_000);
});
