import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { FixedClock } from '../../src/common/clock.js';
import { Factory } from '../support/factories.js';
import { postedFlatRun } from '../support/run-builder.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const ARTIFACTS = 'test/artifacts';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HOST = 'village.lan';

/**
 * A village office opens the server by a LAN name over plain http (not localhost, so not a "potentially
 * trustworthy" origin): the UI, the public verify page and a slip's 打印 button must work under the CSP.
 */
describe('web interface over plain http under a LAN host name (Chromium)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let r: Awaited<ReturnType<typeof postedFlatRun>>;
  /** Every console message and CSP violation of every page, popups included. */
  const log: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await createTestApp({ clock: new FixedClock(new Date()) });
    await t.app.listen(0, '127.0.0.1');
    base = `http://${HOST}:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    r = await postedFlatRun(new Factory(t), [2, 1], '900.00');
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
        '--no-proxy-server',
        `--host-resolver-rules=MAP ${HOST} 127.0.0.1`,
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function context(): Promise<BrowserContext> {
    const c = await browser.newContext({ viewport: { width: 1000, height: 900 }, locale: 'zh-CN' });
    // Runs in every document of the context, popups and blob: documents included.
    await c.addInitScript(() => {
      const w = window as unknown as { printCalls: number };
      w.printCalls = 0;
      window.print = () => {
        w.printCalls++;
      };
      window.addEventListener('securitypolicyviolation', (e) =>
        console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI} in ${e.documentURI}`),
      );
    });
    c.on('console', (m) => log.push(`${m.type()}: ${m.text()} (${m.page()?.url() ?? ''})`));
    c.on('weberror', (e) => log.push(`pageerror: ${e.error().message}`));
    return c;
  }

  it('the web UI loads and logs in by http://village.lan', async () => {
    const c = await context();
    const slash = await c.newPage();
    await slash.goto(`${base}/web/#/login`); // typed with a slash: redirected, the route kept
    expect(slash.url()).toBe(`${base}/web#/login`);
    await slash.waitForSelector('input[name=username]');
    const page = await c.newPage();
    const response = await page.goto(`${base}/web#/login`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).not.toContain('upgrade-insecure-requests');
    await page.fill('input[name=username]', r.cadre.username);
    await page.fill('input[name=password]', 'password-123');
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=user]');
    expect(await page.locator('[data-testid=user]').textContent()).toContain(r.cadre.username);
    expect(page.url()).toMatch(new RegExp(`^http://${HOST}:\\d+/web#/home$`));
    await page.screenshot({ path: `${ARTIFACTS}/lan-home.png` });
  });

  it("a slip opened from the run page prints with its 打印 button, and so does the slip's own URL", async () => {
    const c = await context();
    const page = await c.newPage();
    await page.goto(`${base}/web#/login`);
    await page.fill('input[name=username]', r.cadre.username);
    await page.fill('input[name=password]', 'password-123');
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=user]');
    await page.goto(`${base}/web#/run/${r.runId}`);
    const opened = page.waitForEvent('popup');
    await page.locator('[data-testid=payouts] button:has-text("明细单")').first().click();
    const slip = await opened;
    await slip.waitForLoadState();
    // the slip is a blob: document of this origin, under the CSP of /web
    expect(slip.url()).toMatch(new RegExp(`^blob:http://${HOST}:\\d+/`));
    await slip.getByRole('button', { name: '打印' }).click();
    await slip.waitForFunction(() => (window as unknown as { printCalls: number }).printCalls === 1);
    await slip.screenshot({ path: `${ARTIFACTS}/lan-slip.png`, fullPage: true });

    // the same slip served directly (its script loaded by a relative URL)
    const direct = await c.newPage();
    await direct.setExtraHTTPHeaders({ authorization: `Bearer ${r.cadre.token}` });
    const response = await direct.goto(`${base}/api/dividend-runs/${r.runId}/slips/${r.households[1].id}`);
    expect(response?.status()).toBe(200);
    await direct.getByRole('button', { name: '打印' }).click();
    await direct.getByRole('button', { name: '打印' }).click();
    await direct.waitForFunction(() => (window as unknown as { printCalls: number }).printCalls === 2);
  });

  it('the public verify page finishes its in-browser Merkle check', async () => {
    const page = await (await context()).newPage();
    const code = r.run.payouts[0].verificationCode as string;
    const response = await page.goto(`${base}/v/${code}`);
    expect(response?.status()).toBe(200);
    await page.waitForSelector('#offline-result[data-result=ok]');
    expect(await page.locator('#offline-result').textContent()).toContain('浏览器本地验算通过');
    await page.screenshot({ path: `${ARTIFACTS}/lan-verify.png`, fullPage: true });
  });

  it('no page reported a CSP violation or an error', () => {
    expect(log.filter((line) => /^(error|warning|pageerror)|Content Security Policy|CSP/i.test(line))).toEqual([]);
  });
});
