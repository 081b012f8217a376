import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { FixedClock } from '../../src/common/clock.js';
import { DEMO_PASSWORD, type DemoResult, loadDemo } from '../../src/demo/demo-loader.js';
import { ADMIN_PASSWORD, createTestApp, type TestApp } from '../support/test-app.js';
import { ARTIFACTS, confirmBox, launch, login, pick, promptBox, text, toast } from './browser-support.js';

const yuanFen = (s: string) => BigInt(s.replace(/[¥,\s]/g, '').replace('.', ''));
const grouped = (s: string) => {
  const [w, f = ''] = s.split('.');
  return `${w.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${(f + '00').slice(0, 2)}`;
};

/** Every role's tasks done through the Vue client on the demo village, numbers checked on screen. */
describe('web client in Chromium (demo village)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let demo: DemoResult;
  const errors: string[] = [];
  const loginTimes: number[] = [];

  beforeAll(async () => {
    t = await createTestApp({ clock: new FixedClock(new Date()) });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const present = t.clock.now();
    demo = await loadDemo(base, ADMIN_PASSWORD, undefined, (beijing) =>
      t.clock.set(beijing === null ? present : new Date(`${beijing}:00+08:00`)),
    );
    browser = await launch();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function as(username: string, width = 1280): Promise<Page> {
    const password = username === 'admin' ? ADMIN_PASSWORD : DEMO_PASSWORD;
    const s = await login(browser, base, username, password, errors, width);
    loginTimes.push(s.loginMs);
    return s.page;
  }
  const api = async (username: string) => t.as(await t.login(username, DEMO_PASSWORD));

  it('accountant: an income typed as "¥12,345.6" is saved, shown in the journal and adds to the 合计; then reversed', async () => {
    const page = await as('kuaiji');
    await page.goto(`${base}/web#/ledger`);
    await page.waitForSelector('[data-testid=total-debit]');
    const before = yuanFen(await text(page, '[data-testid=total-debit]'));
    const form = page.locator('[data-testid=income-form]');
    // what people type is refused with a Chinese message naming the field, and nothing is sent
    await form.locator('input[name=amount]').fill('15%');
    await form.locator('input[name=voucherNo]').click();
    expect(await text(page, '[data-error-for=amount]')).toBe('金额请填写金额（元），不是百分比');
    expect(await form.locator('input[name=amount]').getAttribute('inputmode')).toBe('decimal');
    await form.locator('input[name=amount]').fill('¥12,345.6');
    await form.locator('input[name=voucherNo]').fill('WEB-001');
    expect(await form.locator('input[name=amount]').inputValue()).toBe('12345.60');
    await form.getByRole('button', { name: '保存收入' }).click();
    expect(await toast(page, 'success')).toMatch(/^已记账：第 \d+ 号凭证$/);
    const row = page.locator('[data-testid=journal] tr', { hasText: 'WEB-001' }).first();
    await row.waitFor();
    expect(await row.locator('[data-testid=debit]').textContent()).toBe('12,345.60');
    expect(await row.locator('[data-testid=credit]').textContent()).toBe('12,345.60');
    // the trial balance of this year refreshed after the save: its 合计 grew by exactly the amount
    await page.waitForFunction(
      (b) => document.querySelector('[data-testid=total-debit]')?.textContent?.replace(/[,.]/g, '') !== b,
      before.toString(),
    );
    expect(yuanFen(await text(page, '[data-testid=total-debit]')) - before).toBe(1234560n);
    expect(await text(page, '[data-testid=total-credit]')).toBe(await text(page, '[data-testid=total-debit]'));
    await page.screenshot({ path: `${ARTIFACTS}/ledger-1280.png`, fullPage: true });

    // a duplicate voucher number: the server's Chinese message only
    await form.locator('input[name=amount]').fill('1');
    await form.locator('input[name=voucherNo]').fill('WEB-001');
    await form.getByRole('button', { name: '保存收入' }).click();
    const refused = await toast(page, 'error');
    expect(refused).toMatch(/凭证号/);
    expect(refused).not.toMatch(/ \/ |[A-Za-z]{4,}/);

    // 冲销 asks for a reason and a confirmation; the entry is then marked and offers no 冲销
    await row.getByRole('button', { name: '冲销' }).click();
    await promptBox(page, '金额录错');
    await confirmBox(page, '不能撤回');
    const done = await toast(page, 'success');
    const reversalSeq = /^已冲销，冲销凭证第 (\d+) 号$/.exec(done)?.[1];
    expect(reversalSeq).toBeDefined();
    // the original (now on the same page as its reversal) is marked with the reversal's number, without 冲销
    const original = page.locator('[data-testid=journal] tr', {
      hasText: 'WEB-001',
      has: page.locator('[data-testid=reversed-mark]'),
    });
    await original.waitFor();
    expect(await original.locator('[data-testid=reversed-mark]').textContent()).toBe(`已冲销（第 ${reversalSeq} 号）`);
    expect(await original.getByRole('button', { name: '冲销' }).count()).toBe(0);
    await page.waitForFunction(
      (b) => document.querySelector('[data-testid=total-debit]')?.textContent?.replace(/[,.]/g, '') !== b,
      (before + 1234560n).toString(),
    );
    expect(yuanFen(await text(page, '[data-testid=total-debit]')) - before).toBe(2469120n);
  }, 120_000);

  it('accountant: an expired session logs in again over the page, keeps the typed form and saves it', async () => {
    const page = await as('kuaiji');
    await page.goto(`${base}/web#/ledger`);
    await page.getByRole('tab', { name: '录入支出' }).click();
    const form = page.locator('[data-testid=expense-form]');
    await form.locator('input[name=amount]').fill('３，０００');
    await form.locator('input[name=voucherNo]').fill('WEB-EXP-1');
    await form.locator('input[name=memo]').fill('办公用品');
    // the server ends the session (as after 8 hours): the next save meets a 401
    await page.evaluate(() =>
      fetch('/api/auth/logout', {
        method: 'POST',
        headers: { authorization: `Bearer ${sessionStorage.getItem('token')}` },
      }),
    );
    await form.getByRole('button', { name: '保存支出' }).click();
    const dialog = page.locator('.el-dialog', { hasText: '登录已过期' });
    await dialog.waitFor();
    expect(await form.locator('input[name=voucherNo]').inputValue()).toBe('WEB-EXP-1');
    await dialog.locator('input[name=relogin-password]').fill(DEMO_PASSWORD);
    await page.screenshot({ path: `${ARTIFACTS}/relogin-1280.png` });
    await dialog.getByRole('button', { name: '登录并继续' }).click();
    expect(await toast(page, 'success')).toMatch(/^已记账：第 \d+ 号凭证$/);
    const row = page.locator('[data-testid=journal] tr', { hasText: 'WEB-EXP-1' }).first();
    await row.waitFor();
    expect(await row.locator('[data-testid=debit]').textContent()).toBe('3,000.00');
    expect(page.url()).toMatch(/#\/ledger$/);
  });

  it('scorers: one records a meeting, another approves, and the ranking shows the new score', async () => {
    const scorer = await as('pingyi1');
    await scorer.goto(`${base}/web#/scoring`);
    await scorer.waitForSelector('[data-testid=meeting] input[name=p-BYHD001]');
    expect(await text(scorer, '[data-testid=year-select]')).toBe('2022 年'); // latest with rules
    const cards = await (await api('pingyi1')).get(`/api/villages/${demo.villageId}/scorecards?year=2022`);
    const old = (cards.body as Array<{ householdCode: string; score: number }>).find(
      (c) => c.householdCode === 'BYHD001',
    );
    await scorer.fill('input[name=p-BYHD001]', '4');
    await scorer.fill('input[name=evidence]', '第四季度评议会');
    await scorer.getByRole('button', { name: '提交评议结果' }).click();
    expect(await toast(scorer, 'success')).toBe('已记录 1 条，待另一人审核');
    await scorer.locator('[data-testid=pending] tr', { hasText: '本人记录，须他人审核' }).first().waitFor();

    const approver = await as('pingyi2');
    await approver.goto(`${base}/web#/scoring`);
    await approver.locator('[data-testid=pending]').getByRole('button', { name: '通过' }).first().click();
    await approver.waitForSelector('text=没有待审核的积分');
    const rank = approver.locator('[data-testid=ranking] tr', { hasText: 'BYHD001' }).first();
    await approver
      .locator('[data-testid=ranking]')
      .locator('xpath=ancestor::div[contains(@class,"el-card")]')
      .locator('input')
      .fill('BYHD001');
    await rank.waitFor();
    expect(await rank.locator('td').nth(3).textContent()).toBe(String((old?.score ?? 0) + 4));
    await approver.screenshot({ path: `${ARTIFACTS}/scoring-1280.png`, fullPage: true });
  });

  it('cadres: a 2022 draft from typed figures, published, refused to its creator, approved with the meeting, posted', async () => {
    const creator = await as('shuji');
    const present = t.clock.now();
    t.clock.set(new Date(present.getTime() - 10 * 86_400_000)); // published ten days before the meeting
    let runUrl: string | undefined;
    try {
      await creator.goto(`${base}/web#/dividends`);
      const form = creator.locator('[data-testid=create-run]');
      await form.waitFor();
      await pick(creator, '[data-testid=create-run] .el-select', '2022 年');
      await form.locator('input[name=reservePercent]').fill('15%');
      await form.getByRole('button', { name: '添加提取项目' }).click();
      await form.getByRole('button', { name: '添加提取项目' }).click();
      await form.locator('input[name=deduction-name-0]').fill('养老保险');
      await form.locator('input[name=deduction-amount-0]').fill('60,400');
      await form.locator('input[name=deduction-name-1]').fill('合作医疗');
      await form.locator('input[name=deduction-amount-1]').fill('１１２８６０.００');
      await form.getByRole('button', { name: '计算草稿' }).click();
      await creator.waitForSelector('h1:has-text("2022 年度分配方案（草稿）")');
      runUrl = creator.url();
      expect(await creator.locator('h2', { hasText: '分户明细' }).textContent()).toContain('185 户'); // 184 and a split
      const summary = creator.locator('[data-testid=summary]');
      expect(await summary.locator('tr', { hasText: '养老保险' }).locator('td').nth(1).textContent()).toBe('60,400.00');
      expect(await summary.locator('tr', { hasText: '合作医疗' }).locator('td').nth(1).textContent()).toBe(
        '112,860.00',
      );
      await creator.screenshot({ path: `${ARTIFACTS}/dividend-draft-1280.png`, fullPage: true });
      await creator.getByRole('button', { name: '公示方案' }).click();
      await confirmBox(creator, '确定公示');
      await creator.waitForSelector('h1:has-text("公示中")');
    } finally {
      t.clock.set(present);
    }
    const run = await (await api('shuji')).get(`/api/dividend-runs/${runUrl!.split('/').pop()}`);
    const fill = async (page: Page) => {
      const f = page.locator('[data-testid=approve]');
      await f.locator('input[name=resolutionRef]').fill('巴嘎成决〔2023〕1号');
      await f.locator('input[name=eligible]').fill('36');
      await f.locator('input[name=present]').fill('33');
      await f.locator('input[name=inFavour]').fill('31');
      await f.getByRole('button', { name: '审批通过' }).click();
      await confirmBox(page, '应到 36 人，实到 33 人，赞成 31 人');
    };
    await creator.reload();
    await fill(creator);
    const refused = await toast(creator, 'error');
    expect(refused).not.toContain(' / ');
    expect(refused).toMatch(/[\u4e00-\u9fa5]/);

    const approver = await as('zhuren');
    await approver.goto(runUrl!);
    await fill(approver);
    await approver.waitForSelector('h1:has-text("已审批")');
    await approver.getByRole('button', { name: '过账（写入总账）' }).click();
    await confirmBox(approver, `分红 ${grouped(run.body.pool)} 元`);
    await approver.waitForSelector('h1:has-text("已过账")');
    expect(await text(approver, '[data-testid=head]')).toMatch(/#\d+：[0-9a-f]{64}$/);
    await approver.screenshot({ path: `${ARTIFACTS}/dividend-posted-1280.png` });
    const notice = approver.waitForEvent('popup');
    await approver.getByRole('button', { name: '公示表', exact: true }).click();
    const popup = await notice;
    await popup.waitForLoadState();
    expect(await popup.locator('h1').textContent()).toContain('收益分配公示表');
  }, 180_000);

  it('household at 375 px: 我家 shows its latest dividend, its scores and its slip; not another household', async () => {
    const page = await as('hu001', 375);
    await page.waitForSelector('[data-testid=latest-amount]');
    const runs = (await (await api('shenji')).get(`/api/villages/${demo.villageId}/dividend-runs`)).body
      .items as Array<{
      id: string;
      year: number;
      status: string;
    }>;
    const latest = runs.filter((r) => r.status === 'posted').sort((a, b) => b.year - a.year)[0];
    const full = await (await api('shenji')).get(`/api/dividend-runs/${latest.id}`);
    const mine = (full.body.payouts as Array<{ householdCode: string; amount: string }>).find(
      (p) => p.householdCode === 'BYHD001',
    );
    expect(await text(page, '[data-testid=latest-amount]')).toBe(`¥${grouped(mine!.amount)}`);
    await page.waitForSelector('[data-testid=score]');
    expect(await text(page, '[data-testid=score]')).toMatch(/^2022 年：\d+ 分/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: `${ARTIFACTS}/mine-375.png`, fullPage: true });
    const slip = page.waitForEvent('popup');
    await page.locator('[data-testid=latest-dividend]').getByRole('button', { name: '明细单', exact: true }).click();
    const popup = await slip;
    await popup.waitForLoadState();
    expect(await popup.locator('[data-testid=capital]').textContent()).toMatch(/^人民币.+元/);
    await popup.screenshot({ path: `${ARTIFACTS}/slip-375.png`, fullPage: true });
    await popup.emulateMedia({ media: 'print' });
    expect(await popup.locator('.noprint').first().isVisible()).toBe(false);

    const other = await (await api('kuaiji')).get(`/api/villages/${demo.villageId}/households?limit=5`);
    await page.goto(`${base}/web#/household/${other.body.items[3].id}`);
    expect(await text(page, '[data-testid=error]')).toContain('无权查看');
  });

  it('the verify page checks the proof in the browser with WebCrypto', async () => {
    const run = await (await api('shenji')).get(`/api/dividend-runs/${demo.run2021Id}`);
    const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(`verify: ${e.message}`));
    await page.goto(`${base}/v/${run.body.payouts[5].verificationCode}`);
    await page.waitForSelector('#offline-result[data-result=ok]');
    await page.screenshot({ path: `${ARTIFACTS}/verify-375.png`, fullPage: true });
  });

  it('admin ties a new household user to a household found by code; that user sees it', async () => {
    const page = await as('admin');
    await page.goto(`${base}/web#/admin`);
    await page.fill('input[name=new-username]', 'hu002-web');
    await page.fill('input[name=new-password]', 'caoyuan-2026-web');
    await pick(page, '.el-form-item:has-text("角色") .el-select', '农牧户');
    await page.locator('[data-testid=household-pick]').click();
    await page.keyboard.type('BYHD002');
    await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: 'BYHD002' }).first().click();
    await page.getByRole('button', { name: '创建用户' }).click();
    expect(await toast(page, 'success')).toBe('已创建用户 hu002-web');
    const s = await login(browser, base, 'hu002-web', 'caoyuan-2026-web', errors, 375);
    await s.page.waitForSelector('[data-testid=household-title]');
    expect(await text(s.page, '[data-testid=household-title]')).toMatch(/^BYHD002 /);
  });

  /** The auditor ticks the two newest plans and compares them: the figures are the compare route's, formatted. */
  async function auditorComparesPlans(page: Page) {
    await page.goto(`${base}/web#/dividends`);
    const rows = page.locator('[data-testid=runs] tbody tr');
    await rows.nth(1).waitFor();
    expect(await page.locator('[data-testid=create-run]').count()).toBe(0);
    const auditor = await api('shenji');
    const listed = (await auditor.get(`/api/villages/${demo.villageId}/dividend-runs`)).body.items as { id: string }[];
    const ids = [listed[0].id, listed[1].id].join(',');
    const expected = (await auditor.get(`/api/dividend-runs/compare?ids=${ids}`)).body as {
      runs: { pool: string; min: string; max: string }[];
      households: { amounts: string[] }[];
    };
    await rows.nth(0).locator('.el-checkbox').click();
    await rows.nth(1).locator('.el-checkbox').click();
    await page.getByRole('button', { name: '比较所选方案' }).click();
    const compared = page.locator('[data-testid=compare] .el-table').first().locator('tbody tr');
    await compared.nth(1).waitFor();
    for (const [i, r] of expected.runs.entries()) {
      const cells = compared.nth(i).locator('td');
      expect([
        await cells.nth(1).textContent(),
        await cells.nth(2).textContent(),
        await cells.nth(4).textContent(),
      ]).toEqual([grouped(r.pool), grouped(r.min), grouped(r.max)]);
    }
    const differing = expected.households.filter((h) => new Set(h.amounts).size > 1).length;
    expect(await text(page, '[data-testid=compare] p')).toBe(`金额不同的户：${differing} 户`);
    await page.screenshot({ path: `${ARTIFACTS}/compare-1280.png`, fullPage: true });
  }

  it('auditor: verifies the chain, reads the log, searches the roster by a member’s name, sees the books without a write button, compares two plans; no page logged an error', async () => {
    const page = await as('shenji');
    await page.goto(`${base}/web#/health`);
    await page.getByRole('button', { name: '核验哈希链' }).click();
    expect(await text(page, '[data-testid=verify-ok]')).toMatch(/^✔ 账本完整：共 \d+ 条凭证/);
    expect(await page.locator('[data-testid=audit] tbody tr').count()).toBeGreaterThan(10);
    await page.goto(`${base}/web#/households`);
    await page.waitForSelector('[data-testid=total]:has-text("共 185 户")');
    const first = (await (await api('shenji')).get(`/api/villages/${demo.villageId}/households?limit=1`)).body.items[0];
    const member = (first.members as Array<{ name: string }>).find((m) => m.name !== first.headName)!;
    await page.fill('input[data-testid=search]', member.name);
    await page.waitForSelector('[data-testid=total]:not(:has-text("共 185 户"))');
    expect(await page.locator('[data-testid=roster] tr', { hasText: first.code }).count()).toBe(1);
    await page.screenshot({ path: `${ARTIFACTS}/roster-search-1280.png` });
    await page.setViewportSize({ width: 375, height: 800 });
    await page.screenshot({ path: `${ARTIFACTS}/roster-search-375.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    // read-only: the roster offers no import, the books no entry form, 冲销, 建账 or 结账
    expect(await page.getByRole('button', { name: '导入', exact: true }).count()).toBe(0);
    await page.goto(`${base}/web#/ledger`);
    await page.locator('[data-testid=journal] tbody tr').first().waitFor();
    await page.locator('[data-testid=total-debit]').waitFor();
    expect(await page.locator('[data-testid=income-form]').count()).toBe(0);
    expect(await page.getByRole('tab', { name: '结账' }).count()).toBe(0);
    expect(await page.getByRole('tab', { name: '建账' }).count()).toBe(0);
    expect(await page.locator('[data-testid=journal]').getByRole('button', { name: '冲销' }).count()).toBe(0);
    await auditorComparesPlans(page);
    expect(errors).toEqual([]);
    // first load of the client with the login, per session (README: measured on this machine)
    writeFileSync(`${ARTIFACTS}/login-times.json`, JSON.stringify(loginTimes));
  });
});
