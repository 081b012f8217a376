import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { type Browser, type Page, chromium } from 'playwright-core';
import { FixedClock } from '../../src/common/clock.js';
import { DEMO_PASSWORD, type DemoResult, loadDemo } from '../../src/demo/demo-loader.js';
import { ADMIN_PASSWORD, createTestApp, type TestApp } from '../support/test-app.js';

const ARTIFACTS = 'test/artifacts';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('web interface in Chromium', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let demo: DemoResult;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await createTestApp({ clock: new FixedClock(new Date()) });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const present = t.clock.now();
    demo = await loadDemo(base, ADMIN_PASSWORD, undefined, (beijing) =>
      t.clock.set(beijing === null ? present : new Date(`${beijing}:00+08:00`)),
    );
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function session(username: string, width = 1100): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    // Refused API calls (403/404/409 the test provokes) are shown to the user, not errors of the page.
    page.on(
      'console',
      (m) =>
        m.type() === 'error' && !/status of 4\d\d/.test(m.text()) && consoleErrors.push(`${username}: ${m.text()}`),
    );
    page.on('pageerror', (e) => consoleErrors.push(`${username}: ${e.message}`));
    await page.goto(`${base}/web#/login`);
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', username === 'admin' ? ADMIN_PASSWORD : DEMO_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('#who a');
    return page;
  }

  it('the accountant records an income and sees it in the journal', async () => {
    const page = await session('kuaiji');
    await page.goto(`${base}/web#/ledger`);
    const income = page.locator('form').first();
    await income.locator('input[name=amount]').fill('12345.6');
    await income.locator('input[name=voucherNo]').fill('WEB-001');
    await income.locator('select[name=sourceCode]').selectOption('LVHUA');
    await income.locator('button[type=submit]').click();
    await page.waitForSelector('.msg.ok');
    expect(await income.locator('.msg.ok').textContent()).toMatch(/已记账：第 \d+ 号凭证/);
    await page.waitForSelector('tr:has-text("WEB-001")');
    // a bad amount shows the browser's check; a duplicate voucher shows the server's message
    await income.locator('input[name=amount]').fill('1.00');
    await income.locator('input[name=voucherNo]').fill('WEB-001');
    await income.locator('button[type=submit]').click();
    await page.waitForSelector('.msg.bad');
    expect(await income.locator('.msg.bad').textContent()).toContain('409');
    await page.screenshot({ path: `${ARTIFACTS}/ledger-accountant.png`, fullPage: false });
  });

  it('scorers enter points at a scoring meeting and a second scorer approves them', async () => {
    const page = await session('pingyi1');
    await page.evaluate(() => sessionStorage.setItem('scoreYear', '2022'));
    await page.goto(`${base}/web#/scoring`);
    await page.waitForSelector('input[name^=p-]');
    await page.locator('input[name^=p-]').first().fill('4');
    await page.locator('input[name=evidence]').fill('第四季度评议会');
    await page.click('button:has-text("提交评议结果")');
    await page.waitForSelector('.msg.ok');
    expect(await page.locator('.msg.ok').textContent()).toContain('已记录 1 条');
    await page.screenshot({ path: `${ARTIFACTS}/scoring-meeting.png` });
    const approver = await session('pingyi2');
    await approver.evaluate(() => sessionStorage.setItem('scoreYear', '2022'));
    await approver.goto(`${base}/web#/scoring`);
    await approver.waitForSelector('button:has-text("通过")');
    await approver.click('button:has-text("通过")');
    await approver.waitForSelector('text=没有待审核的积分');
    await approver.screenshot({ path: `${ARTIFACTS}/scoring-ranking.png`, fullPage: true });
  });

  it('two cadres create, publish, approve and post a run; the notice opens', async () => {
    const creator = await session('shuji');
    // The plan is computed and published ten days ago (the law's publicity), adopted today.
    const present = t.clock.now();
    const today = new Date(present.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    t.clock.set(new Date(present.getTime() - 10 * 86_400_000));
    let runUrl: string;
    try {
      await creator.goto(`${base}/web#/dividends`);
      const create = creator.locator('form').first();
      await create.locator('input[name=year]').fill('2022');
      await create.locator('select[name=scheme]').selectOption('split');
      await create.locator('input[name=reservePercent]').fill('15');
      await create.locator('textarea[name=deductions]').fill('养老保险=60400.00\n合作医疗=112860.00');
      await create.locator('button[type=submit]').click();
      await creator.waitForSelector('h1:has-text("分配方案（草稿）")');
      runUrl = creator.url();
      expect(await creator.locator('tr[data-household]').count()).toBe(185); // 184 and one split off in 2024
      await creator.screenshot({ path: `${ARTIFACTS}/dividend-draft.png` });
      await creator.click('button:has-text("公示方案")');
      await creator.waitForSelector('h1:has-text("公示中")');
    } finally {
      t.clock.set(present);
    }
    const fillMeeting = async (page: Page) => {
      await page.locator('input[name=resolutionRef]').fill('巴嘎成决〔2023〕1号');
      await page.locator('select[name=type]').selectOption('成员代表大会');
      await page.locator('input[name=date]').fill(today);
      await page.locator('input[name=eligible]').fill('36');
      await page.locator('input[name=present]').fill('33');
      await page.locator('input[name=inFavour]').fill('31');
    };
    // the creator cannot approve: the server says 403
    await creator.reload();
    await fillMeeting(creator);
    await creator.click('button:has-text("审批通过")');
    await creator.waitForSelector('.msg.bad');
    expect(await creator.locator('.msg.bad').textContent()).toContain('403');

    const approver = await session('zhuren');
    await approver.goto(runUrl);
    await fillMeeting(approver);
    await approver.click('button:has-text("审批通过")');
    await approver.waitForSelector('h1:has-text("已审批")');
    await approver.click('button:has-text("过账")');
    await approver.waitForSelector('h1:has-text("已过账")');
    expect(await approver.locator('p.hash').first().textContent()).toMatch(/[0-9a-f]{64}/);
    await approver.screenshot({ path: `${ARTIFACTS}/dividend-posted.png` });

    const notice = approver.waitForEvent('popup');
    await approver.click('button:has-text("公示表")');
    const popup = await notice;
    await popup.waitForLoadState();
    expect(await popup.locator('h1').textContent()).toContain('收益分配公示表');
    await popup.screenshot({ path: `${ARTIFACTS}/notice.png`, fullPage: true });
  });

  it('a household sees its own slip, at phone width, and not another household', async () => {
    const page = await session('hu001', 375);
    await page.waitForSelector('h1:has-text("BYHD001")');
    await page.screenshot({ path: `${ARTIFACTS}/household-mine-375.png`, fullPage: true });
    const slip = page.waitForEvent('popup');
    await page.locator('button:has-text("明细单")').first().click();
    const popup = await slip;
    await popup.waitForLoadState();
    expect(await popup.locator('[data-testid=capital]').textContent()).toMatch(/^人民币.+元/);
    expect(await popup.locator('[data-testid=code]').textContent()).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    await popup.screenshot({ path: `${ARTIFACTS}/slip-375.png`, fullPage: true });
    await popup.emulateMedia({ media: 'print' });
    expect(await popup.locator('.noprint').first().isVisible()).toBe(false);

    // …and its 股权证 from the same page
    const opened = page.waitForEvent('popup');
    await page.locator('button:has-text("股权证")').first().click();
    const certificate = await opened;
    await certificate.waitForLoadState();
    expect(await certificate.locator('h1').textContent()).toContain('股权证');
    expect(await certificate.locator('[data-testid=fingerprint]').textContent()).toMatch(
      /^[0-9a-f]{4}( [0-9a-f]{4}){3}$/,
    );
    await certificate.screenshot({ path: `${ARTIFACTS}/certificate-375.png`, fullPage: true });

    const households = await t
      .as(await t.login('kuaiji', DEMO_PASSWORD))
      .get(`/api/villages/${demo.villageId}/households?limit=5`);
    await page.goto(`${base}/web#/household/${households.body.items[3].id}`);
    await page.waitForSelector('.msg.bad');
    expect(await page.locator('.msg.bad').textContent()).toContain('无权查看');
  });

  it('the verify page checks the proof in the browser with WebCrypto', async () => {
    const run = await t.as(await t.login('shenji', DEMO_PASSWORD)).get(`/api/dividend-runs/${demo.run2021Id}`);
    const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    page.on('pageerror', (e) => consoleErrors.push(`verify: ${e.message}`));
    await page.goto(`${base}/v/${run.body.payouts[5].verificationCode}`);
    await page.waitForSelector('#offline-result[data-result=ok]');
    await page.screenshot({ path: `${ARTIFACTS}/verify-page-375.png`, fullPage: true });
  });

  it('the auditor verifies the chain from a button and reads the audit log; no page logged an error', async () => {
    const page = await session('shenji');
    await page.goto(`${base}/web#/health`);
    await page.click('button:has-text("核验哈希链")');
    await page.waitForSelector('.msg.ok');
    expect(await page.locator('.msg.ok').textContent()).toContain('账本完整');
    expect(await page.locator('tbody tr').count()).toBeGreaterThan(10);
    await page.screenshot({ path: `${ARTIFACTS}/ledger-health.png` });
    await page.goto(`${base}/web#/households`);
    await page.waitForSelector('text=共 185 户');
    await page.screenshot({ path: `${ARTIFACTS}/roster.png` });
    expect(consoleErrors).toEqual([]);
  });
});
