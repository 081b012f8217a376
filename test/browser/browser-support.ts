// Shared set-up of the browser tests: Debian's Chromium through playwright-core, a session per user, console
// errors collected (refused API calls the tests provoke are 4xx answers shown to the user, not page errors).
import { mkdirSync } from 'node:fs';
import { type Browser, type Page, chromium } from 'playwright-core';

export const ARTIFACTS = 'test/artifacts/browser';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launch(extraArgs: string[] = []): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...extraArgs,
    ],
  });
}

export interface Session {
  page: Page;
  /** milliseconds from opening /web to the logged-in page */
  loginMs: number;
}

export async function login(
  browser: Browser,
  base: string,
  username: string,
  password: string,
  errors: string[],
  width = 1280,
): Promise<Session> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(`${username}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`${username}: ${e.message}`));
  const started = Date.now();
  await page.goto(`${base}/web#/login`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=user]');
  return { page, loginMs: Date.now() - started };
}

/** Text of an element, whitespace collapsed. */
export async function text(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** Clicks 确定 in Element Plus's confirmation box (after checking what it asks). */
export async function confirmBox(page: Page, contains: string): Promise<void> {
  const box = page.locator('.el-message-box', { hasText: contains });
  await box.waitFor();
  await markToastsRead(page);
  await box.getByRole('button', { name: '确定' }).click();
  await box.waitFor({ state: 'hidden' });
}

/** Answers Element Plus's prompt (a reason) and confirms. */
export async function promptBox(page: Page, answer: string): Promise<void> {
  // the prompt's message is "请填写…"; the confirmation that may follow says something else
  const box = page.locator('.el-message-box', { hasText: '请填写' });
  await box.waitFor();
  await box.locator('input').fill(answer);
  await markToastsRead(page);
  await box.getByRole('button', { name: '确定' }).click();
  await box.waitFor({ state: 'hidden' });
}

/**
 * The newest success or error toast not read before. A toast stays on screen for seconds, so the one of an
 * earlier action (e.g. "已记账") could be read in place of the one that is still coming: each toast read is
 * marked, and only unmarked ones count.
 */
export async function toast(page: Page, kind: 'success' | 'error'): Promise<string> {
  const el = page.locator(`.el-message--${kind}:not([data-read])`).last();
  await el.waitFor();
  const message = ((await el.textContent()) ?? '').trim();
  await markToastsRead(page);
  return message;
}

/** Marks the toasts on screen as old: called before an action whose own toast a test will read. */
export async function markToastsRead(page: Page): Promise<void> {
  await page.evaluate(() => document.querySelectorAll('.el-message').forEach((m) => m.setAttribute('data-read', '')));
}

/** Picks an option of an Element Plus select (the dropdown is appended to the body). */
export async function pick(page: Page, select: string, option: string): Promise<void> {
  const field = page.locator(select).first();
  const item = page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: option }).first();
  // A long list (the chart's leaf accounts) may still be animating or scroll the option away: a filterable
  // select is narrowed to the option first, and a dropdown that closed under the click is opened again.
  for (let attempt = 1; ; attempt++) {
    await field.click();
    const filter = field.locator('input:not([readonly])');
    if ((await filter.count()) > 0) await filter.first().fill(option);
    try {
      await item.click({ timeout: 10_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
      await page.keyboard.press('Escape');
    }
  }
}

/**
 * A user's page opened with a token the test already holds (no login form: the password hash costs seconds
 * on a shared machine); console errors are collected as in `login`.
 */
export async function withToken(
  browser: Browser,
  base: string,
  token: string,
  name: string,
  errors: string[],
  width = 1280,
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'zh-CN' });
  await context.addInitScript((t) => sessionStorage.setItem('token', t), token);
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(`${name}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`${name}: ${e.message}`));
  await page.goto(`${base}/web#/home`);
  await page.waitForSelector('[data-testid=user]');
  return page;
}
