import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Factory } from '../support/factories.js';
import { postedFlatRun } from '../support/run-builder.js';
import { binary, createTestApp, type TestApp } from '../support/test-app.js';

function pdfText(pdf: Buffer): { text: string; fonts: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pdf-'));
  const file = join(dir, 'x.pdf');
  writeFileSync(file, pdf);
  return {
    text: execFileSync('pdftotext', ['-layout', file, '-']).toString(),
    fonts: execFileSync('pdffonts', [file]).toString(),
  };
}

describe('printouts: slips, notice, verification (e2e)', () => {
  let t: TestApp;
  let f: Factory;
  let r: Awaited<ReturnType<typeof postedFlatRun>>;
  beforeAll(async () => {
    t = await createTestApp();
    f = new Factory(t);
    // 3 households of 3, 1 and 2 members: 1,500.00 + 500.00 + 1,000.00
    r = await postedFlatRun(f, [3, 1, 2], '3000.00');
  });
  afterAll(() => t.close());

  it('slip HTML explains the amount: formula, figures, 大写, code and head', async () => {
    const h = r.households[0];
    const res = await t.as(r.cadre.token).get(`/api/dividend-runs/${r.runId}/slips/${h.id}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    const payout = r.run.payouts.find((p: { householdId: string }) => p.householdId === h.id);
    expect(res.text).toContain('3,000.00 × 3人 ÷ 6人 = 1,500.00');
    expect(res.text).toContain('¥1,500.00');
    expect(res.text).toContain('人民币壹仟伍佰元整');
    expect(res.text).toContain(payout.verificationCode);
    expect(res.text).toContain(r.head);
    expect(res.text).toMatch(/户主签字[\s\S]*经办人[\s\S]*审核人/);
  });

  it('slip PDF embeds the Chinese font and carries the same text', async () => {
    const h = r.households[1];
    const res = await t
      .as(r.cadre.token)
      .get(`/api/dividend-runs/${r.runId}/slips/${h.id}?format=pdf`)
      .buffer(true)
      .parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const { text, fonts } = pdfText(res.body);
    expect(fonts).toMatch(/NotoSansSC/);
    expect(fonts).toMatch(/yes\s+yes/); // embedded, subset
    expect(text).toContain('人民币伍佰元整');
    expect(text).toContain('¥500.00');
    expect(text).toContain('分红明细单');
    const all = await t.as(r.cadre.token).get(`/api/dividend-runs/${r.runId}/slips`).buffer(true).parse(binary);
    expect(pdfText(all.body).text.match(/分红明细单/g)).toHaveLength(3);
  });

  it('every Chinese character of a slip has a glyph in the embedded font', async () => {
    const { create } = (await import('fontkit')) as unknown as {
      create(buf: Buffer): { hasGlyphForCodePoint(cp: number): boolean };
    };
    const { FONT_REGULAR, FONT_BOLD } = await import('../../src/printouts/pdf.js');
    const fonts = [create(readFileSync(FONT_REGULAR)), create(readFileSync(FONT_BOLD))];
    const html = (await t.as(r.cadre.token).get(`/api/dividend-runs/${r.runId}/slips/${r.households[0].id}`)).text;
    const chinese = [
      ...new Set(html.replace(/<[^>]+>/g, '').match(/[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/g) ?? []),
    ];
    expect(chinese.length).toBeGreaterThan(50);
    const missing = chinese.filter((c) => !fonts.every((font) => font.hasGlyphForCodePoint(c.codePointAt(0)!)));
    expect(missing).toEqual([]);
  });

  it('notice in HTML, PDF and XLSX reconciles with the run', async () => {
    const html = await t.as(r.auditor.token).get(`/api/dividend-runs/${r.runId}/notice?format=html`);
    expect(html.text).toContain('data-testid="total">3,000.00');
    expect(html.text).toContain('data-testid="pool">3,000.00');
    const pdf = await t
      .as(r.auditor.token)
      .get(`/api/dividend-runs/${r.runId}/notice?format=pdf`)
      .buffer(true)
      .parse(binary);
    const { text } = pdfText(pdf.body);
    expect(text).toContain('合计：3,000.00 元（叁仟元整）');
    expect(text).toMatch(/第\s*1\s*页\s*\/\s*共\s*1\s*页/);
    const xlsx = await t
      .as(r.auditor.token)
      .get(`/api/dividend-runs/${r.runId}/notice?format=xlsx`)
      .buffer(true)
      .parse(binary);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const amounts = [4, 5, 6].map((row) => sheet.getRow(row).getCell(6).value);
    expect(amounts).toEqual([1500, 500, 1000]);
    expect(sheet.getRow(4).getCell(6).numFmt).toBe('#,##0.00');
    expect((sheet.getRow(7).getCell(6).value as { result: number }).result).toBe(3000);
    expect((await t.as(r.auditor.token).get(`/api/dividend-runs/${r.runId}/notice?format=doc`)).status).toBe(400);
  });

  it('a household sees only its own slip', async () => {
    const mine = await f.user('household', undefined, { householdId: r.households[0].id });
    expect((await t.as(mine.token).get(`/api/dividend-runs/${r.runId}/slips/${r.households[0].id}`)).status).toBe(200);
    expect((await t.as(mine.token).get(`/api/dividend-runs/${r.runId}/slips/${r.households[1].id}`)).status).toBe(404);
    const run = await t.as(mine.token).get(`/api/dividend-runs/${r.runId}`);
    expect(run.body.payouts.map((p: { householdId: string }) => p.householdId)).toEqual([r.households[0].id]);
    expect((await t.as(mine.token).get(`/api/dividend-runs/${r.runId}/notice`)).status).toBe(403);
  });
});

describe('public verification page (e2e)', () => {
  let t: TestApp;
  let r: Awaited<ReturnType<typeof postedFlatRun>>;
  beforeAll(async () => {
    t = await createTestApp();
    r = await postedFlatRun(new Factory(t), [2, 1], '900.00');
  });
  afterAll(() => t.close());

  it('shows the payout with the head masked, and says so for unknown codes', async () => {
    const payout = r.run.payouts[0];
    const res = await t.http.get(`/v/${payout.verificationCode.toLowerCase()}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('核验码有效');
    expect(res.text).toContain('¥600.00');
    expect(res.text).toContain('/web/assets/verify.js');
    expect(res.text).not.toContain(`户主${payout.householdCode}<`);
    const unknown = await t.http.get('/v/0000-0000-0000-0000');
    expect([unknown.status, unknown.text.includes('核验码无效')]).toEqual([404, true]);
    const js = await t.http.get('/web/assets/verify.js');
    expect([js.status, js.headers['content-type']]).toEqual([200, 'text/javascript; charset=utf-8']);
    expect((await t.http.get('/web/assets/..%2Fweb.controller.ts')).status).toBe(404);
  });
});

describe('scripts/verify-slip (offline proof)', () => {
  let t: TestApp;
  let r: Awaited<ReturnType<typeof postedFlatRun>>;
  let other: Awaited<ReturnType<typeof postedFlatRun>>;
  beforeAll(async () => {
    t = await createTestApp();
    const f = new Factory(t);
    r = await postedFlatRun(f, [2, 1, 3, 1, 1], '800.00');
    other = await postedFlatRun(f, [2, 1, 3, 1, 1], '800.00');
  });
  afterAll(() => t.close());

  function run(proof: unknown): number {
    const dir = mkdtempSync(join(tmpdir(), 'proof-'));
    writeFileSync(join(dir, 'p.json'), JSON.stringify(proof));
    try {
      execFileSync(process.execPath, ['scripts/verify-slip.mjs', join(dir, 'p.json')], { stdio: 'pipe' });
      return 0;
    } catch (e) {
      return (e as { status: number }).status;
    }
  }

  it('accepts the real proof and rejects a changed amount, another household’s path, another run’s root', async () => {
    const proofs = [];
    for (const p of r.run.payouts) proofs.push((await t.http.get(`/api/verify/${p.verificationCode}`)).body);
    const otherProof = (await t.http.get(`/api/verify/${other.run.payouts[0].verificationCode}`)).body;
    expect(proofs.map(run)).toEqual([0, 0, 0, 0, 0]);
    expect(run({ ...proofs[0], amount: '100.01' })).toBe(1);
    expect(run({ ...proofs[0], auditPath: proofs[1].auditPath })).toBe(1);
    expect(run({ ...proofs[0], merkleRoot: otherProof.merkleRoot })).toBe(1);
    expect(run({ ...proofs[0], leafIndex: 1 })).toBe(1);
  });
});
