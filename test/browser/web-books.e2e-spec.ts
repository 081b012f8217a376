import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { Factory, USER_PASSWORD } from '../support/factories.js';
import { bankReturnCsv, cardNumber, cashInTill, giveBankAccounts, receivable, xlsxRows } from '../support/payments.js';
import { adoptAndPost } from '../support/run-builder.js';
import { ADMIN_PASSWORD, createTestApp, type TestApp } from '../support/test-app.js';
import { ARTIFACTS, confirmBox, launch, login, pick, promptBox, text, toast } from './browser-support.js';

const TOWNSHIP = '书房镇';

/** The accountant's books and payments and the admin's backups and summary, done through the Vue client. */
describe('web client in Chromium: books, payments, township, backups', () => {
  const dir = mkdtempSync(join(tmpdir(), 'web-books-'));
  let t: TestApp;
  let f: Factory;
  let base: string;
  let browser: Browser;
  const errors: string[] = [];
  let books: { villageId: string; accountant: string; householdCode: string };
  let paying: { runId: string; accountant: string };

  beforeAll(async () => {
    // a SQLite file (backups copy it), whatever database the suite runs on
    t = await createTestApp({
      env: { DATABASE_URL: '', DATABASE_PATH: join(dir, 'books-test.sqlite'), BACKUP_DIR: join(dir, 'backups') },
    });
    f = new Factory(t);
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    // A: new books (nothing posted yet); B: 2021 books with a posted plan, payable now; C: 2021 income only
    const newBooks = async () => {
      const a = await f.village({ code: 'WBA', name: '书房甲嘎查', township: TOWNSHIP });
      const accountant = await f.user('accountant', a.id);
      await f.household(a.id, accountant.token, 1, { code: 'A001' });
      books = { villageId: a.id, accountant: accountant.username, householdCode: 'A001' };
    };
    const incomeOnly = async () => {
      const c = await f.village({ code: 'WBC', name: '书房丙嘎查', township: TOWNSHIP });
      await f.income(c.id, (await f.user('accountant', c.id)).token, '7000.00');
    };
    [browser] = await Promise.all([launch(), postedPlan(), newBooks(), incomeOnly()]);
  }, 60_000);

  /**
   * Village B: 2021 books, a plan of 3,000.00 posted with its notice period over, cash in the till, bank accounts,
   * and B002's receivable of 500.00 (an advance) to offset.
   */
  async function postedPlan() {
    const b = await f.village({ code: 'WBB', name: '书房乙嘎查', township: TOWNSHIP });
    const [accountantB, cadre, cadre2] = await Promise.all([
      f.user('accountant', b.id),
      f.user('cadre', b.id),
      f.user('cadre', b.id),
    ]);
    const households = [
      await f.household(b.id, cadre.token, 1, { code: 'B001' }),
      await f.household(b.id, cadre.token, 2, { code: 'B002' }),
    ];
    await f.income(b.id, accountantB.token, '10000.00');
    await f.expense(b.id, accountantB.token, '250.00');
    await cashInTill(f, b.id, accountantB.token, '5000.00');
    const run = await t
      .as(cadre.token)
      .post(`/api/villages/${b.id}/dividend-runs`)
      .send({ year: 2021, distribute: { amount: '3000.00' }, basis: 'member', scoring: { mode: 'none' } });
    expect(run.status).toBe(201);
    await adoptAndPost(t, run.body.id, { publisher: cadre.token, approver: cadre2.token });
    await giveBankAccounts(
      t,
      households.map((h, i) => ({ householdId: h.id, bankName: '农商银行', account: cardNumber(i + 1) })),
    );
    await receivable(t, b.id, households[1].id, '500.00');
    paying = { runId: run.body.id, accountant: accountantB.username };
  }

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const as = async (username: string, width = 1280): Promise<Page> =>
    (await login(browser, base, username, username === 'admin' ? ADMIN_PASSWORD : USER_PASSWORD, errors, width)).page;
  /** Screenshots of the page as it is at 1280 and at 375 px wide (then back to 1280). */
  async function shots(page: Page, name: string) {
    await page.screenshot({ path: `${ARTIFACTS}/${name}-1280.png`, fullPage: true });
    await page.setViewportSize({ width: 375, height: 800 });
    await page.screenshot({ path: `${ARTIFACTS}/${name}-375.png`, fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.setViewportSize({ width: 1280, height: 900 });
  }
  /** Fills line `i` of the voucher lines: the account, a household on 112 lines, and the amount on one side. */
  async function line(page: Page, i: number, account: string, side: 'debit' | 'credit', amount: string) {
    await pick(page, `[data-testid=account-${i}]`, account);
    if (account.startsWith('112 ')) {
      await page.locator(`[data-testid=household-${i}]`).click();
      await page.keyboard.type(books.householdCode);
      await page
        .locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: books.householdCode })
        .first()
        .click();
    }
    await page.fill(`input[name=${side}-${i}]`, amount);
  }

  it('accountant: opens the books, enters a general voucher; the journal, the trial balance with 合计 and the 明细账 follow', async () => {
    const page = await as(books.accountant);
    await page.goto(`${base}/web#/ledger`);
    await page.getByRole('tab', { name: '建账' }).click();
    const opening = page.locator('[data-testid=opening-voucher]');
    await opening.waitFor();
    await line(page, 0, '102 银行存款', 'debit', '50,000');
    await line(page, 1, '32201 收益分配—未分配收益', 'credit', '５２０００');
    await opening.getByRole('button', { name: '添加一行' }).click();
    await line(page, 2, '101 库存现金', 'debit', '¥2,000.00');
    await page.locator('input[name=credit-0]').click();
    await opening.locator('[data-testid=lines-balance]', { hasText: '借贷平衡' }).waitFor();
    await opening.getByRole('button', { name: '建账', exact: true }).click();
    await confirmBox(page, '借贷方各 52,000.00 元');
    expect(await toast(page, 'success')).toMatch(/^已建账：第 1 号凭证$/);
    await page.locator('[data-testid=opening]').waitFor();
    expect(await page.locator('[data-testid=opening] tbody tr').count()).toBe(3);
    await shots(page, 'books-opening');

    await page.getByRole('tab', { name: '转账凭证' }).click();
    const general = page.locator('[data-testid=general-voucher]');
    await general.locator('input[name=general-voucherNo]').fill('转-001');
    await general.locator('input[name=general-memo]').fill('预支牧户草料款');
    await line(page, 0, '112 应收款', 'debit', '800');
    await line(page, 1, '102 银行存款', 'credit', '700');
    await general.getByRole('button', { name: '保存转账凭证' }).click();
    // unbalanced: the message says by how much, nothing is sent
    expect(await text(page, '[data-testid=voucher-problem]')).toBe(
      '借贷不平衡：借方合计 800.00，贷方合计 700.00，请核对',
    );
    await page.fill('input[name=credit-1]', '800');
    await general.getByRole('button', { name: '保存转账凭证' }).click();
    await confirmBox(page, '保存转账凭证 转-001（借贷方各 800.00 元）');
    expect(await toast(page, 'success')).toBe('已保存转账凭证：第 2 号凭证');
    const row = page.locator('[data-testid=journal] tr', { hasText: '转-001' }).first();
    await row.waitFor();
    expect(await row.locator('[data-testid=debit]').textContent()).toBe('800.00');
    expect(await row.textContent()).toContain('借：应收款　贷：银行存款');
    // the trial balance of 2026 refreshed: the voucher in the period, the opening in 期初
    await page.waitForFunction(() => document.querySelector('[data-testid=total-debit]')?.textContent === '800.00');
    expect(await text(page, '[data-testid=total-credit]')).toBe('800.00');
    const total = page.locator('[data-testid=trial-balance] tr.total-row td');
    expect(await total.nth(1).textContent()).toBe('合计');
    expect(await total.nth(2).textContent()).toBe('52,000.00');
    expect(await total.nth(3).textContent()).toBe('52,000.00');
    expect(await text(page, '[data-testid=balanced]')).toBe('借贷平衡：本期借贷方合计均为 800.00 元');
    await shots(page, 'books-general');

    // 明细账 of 应收款 from its row of the trial balance: the voucher on the household's line
    const popup = page.waitForEvent('popup');
    await page
      .locator('[data-testid=trial-balance] tr', { hasText: '应收款' })
      .first()
      .getByRole('button', { name: '明细账' })
      .click();
    const book = await popup;
    await book.waitForLoadState();
    const bookText = ((await book.locator('body').textContent()) ?? '').replace(/\s+/g, ' ');
    expect(bookText).toContain('单位：书房甲嘎查科目：112 应收款');
    expect(bookText).toContain('转-001预支牧户草料款800.00借800.00');
    expect(bookText).toContain('本期合计 / 期末余额800.000.00借800.00');
    await book.close();

    // 收入来源: added, then retired (停用)
    await page.getByRole('tab', { name: '收入来源' }).click();
    await page.fill('input[name=source-code]', 'LVHUA');
    await page.fill('input[name=source-name]', '绿化养护');
    await page.getByRole('button', { name: '添加来源' }).click();
    expect(await toast(page, 'success')).toBe('已添加收入来源 绿化养护');
    const source = page.locator('[data-testid=income-sources] tr', { hasText: 'LVHUA' });
    await source.getByRole('button', { name: '停用' }).click();
    await source.getByRole('button', { name: '启用' }).waitFor();
    expect(await source.locator('td').nth(2).textContent()).toBe('已停用');
  }, 60_000);

  it('accountant: pays a household in cash and reverses it; the bank batch and its return; 抵扣 and 实物; 结账 of the year', async () => {
    const page = await as(paying.accountant);
    await page.goto(`${base}/web#/run/${paying.runId}`);
    await page.getByRole('button', { name: '兑付', exact: true }).click();
    await page.waitForSelector('[data-testid=payments-title]:has-text("2021 年度分红兑付")');
    expect(await text(page, '[data-testid=unpaid-summary]')).toBe('尚未兑清 2 户，合计 3,000.00 元');
    await pick(page, '[data-testid=payee]', 'B001');
    await page.locator('[data-testid=pay-method]').getByText('现金', { exact: true }).click();
    await page.fill('input[name=pay-amount]', '1,000');
    await page.fill('input[name=receiptNo]', 'SJ-001');
    await page.getByRole('button', { name: '登记兑付' }).click();
    await confirmBox(page, '向 B001 户主B001 以现金兑付 1,000.00 元，收据号 SJ-001');
    expect(await toast(page, 'success')).toBe('已登记兑付 1,000.00 元（B001 户主B001）');
    const owed = page.locator('[data-testid=owed] tr', { hasText: 'B001' });
    await page.waitForSelector('[data-testid=unpaid-summary]:has-text("合计 2,000.00 元")');
    expect(await owed.locator('[data-testid=paid]').textContent()).toBe('1,000.00');
    expect(await owed.locator('[data-testid=owes]').textContent()).toBe('0.00');

    const payment = page.locator('[data-testid=payments] tr', { hasText: 'SJ-001' });
    await payment.getByRole('button', { name: '冲销' }).click();
    await promptBox(page, '错付给了 B001');
    await confirmBox(page, '冲销 B001 的兑付 1,000.00 元（收据 SJ-001）');
    expect(await toast(page, 'success')).toBe('已冲销兑付 1,000.00 元');
    await payment.locator('[data-testid=payment-reversed]').waitFor();
    expect(await payment.getByRole('button', { name: '冲销' }).count()).toBe(0);
    expect(await text(page, '[data-testid=unpaid-summary]')).toBe('尚未兑清 2 户，合计 3,000.00 元');
    expect(await owed.locator('[data-testid=owes]').textContent()).toBe('1,000.00');

    const download = page.waitForEvent('download');
    await page.locator('[data-testid=batch-xlsx]').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('代发-2021年度分红.xlsx');
    const rows = await xlsxRows(readFileSync((await file.path())!));
    const amounts = rows.filter((r) => /^B00\d$/.test(r[1] ?? '')).map((r) => [r[1], r[5]]);
    expect(amounts).toEqual([
      ['B001', '1000.00'],
      ['B002', '2000.00'],
    ]);

    // the bank's return: B001 paid, B002 refused by the bank (listed with its reason, still owed)
    await page.setInputFiles('[data-testid=batch-result]', {
      name: '回盘.csv',
      mimeType: 'text/csv',
      buffer: bankReturnCsv([
        { account: cardNumber(1), amount: '1000.00', status: '成功', serialNo: 'NS2026120200001' },
        { account: cardNumber(2), amount: '2000.00', status: '失败', serialNo: '', reason: '户名与账号不符' },
      ]),
    });
    expect(await toast(page, 'success')).toBe('银行回盘已导入：成功 1 户，失败 1 户');
    expect(await text(page, '[data-testid=batch-outcome] p')).toBe('回盘结果：成功 1 户（1,000.00 元），失败 1 户。');
    expect(await text(page, '[data-testid=batch-outcome] tbody tr')).toContain('户名与账号不符');
    await page.waitForSelector('[data-testid=unpaid-summary]:has-text("尚未兑清 1 户，合计 2,000.00 元")');
    expect(await owed.locator('[data-testid=owes]').textContent()).toBe('0.00');

    // 抵扣: B002's advance of 500.00 offset against its dividend
    await pick(page, '[data-testid=payee]', 'B002');
    await page.locator('[data-testid=pay-method]').getByText('抵扣', { exact: true }).click();
    await page.fill('input[name=pay-amount]', '500');
    await page.fill('input[name=receiptNo]', 'DK-001');
    await pick(page, '[data-testid=receivable]', '500.00 元');
    await page.getByRole('button', { name: '登记兑付' }).click();
    await confirmBox(page, '向 B002 户主B002 以抵扣兑付 500.00 元，收据号 DK-001');
    expect(await toast(page, 'success')).toBe('已登记兑付 500.00 元（B002 户主B002）');
    await page.waitForSelector('[data-testid=unpaid-summary]:has-text("尚未兑清 1 户，合计 1,500.00 元")');

    // in kind: the goods' value must equal the amount before anything is sent
    await pick(page, '[data-testid=payee]', 'B002');
    await page.locator('[data-testid=pay-method]').getByText('实物', { exact: true }).click();
    await page.fill('input[name=goods-name-0]', '大米');
    await page.fill('input[name=goods-quantity-0]', '300');
    await page.fill('input[name=goods-unit-0]', '斤');
    await page.fill('input[name=goods-price-0]', '4.8');
    await page.fill('input[name=receiptNo]', 'SJ-002');
    await page.getByRole('button', { name: '登记兑付' }).click();
    expect(await toast(page, 'error')).toBe(
      '实物价值合计 1,440.00 元，与兑付金额 1,500.00 元不符，请核对数量、单价或金额',
    );
    await page.fill('input[name=goods-price-0]', '5');
    expect(await text(page, '[data-testid=goods-total]')).toBe('实物价值合计 1,500.00 元');
    await page.getByRole('button', { name: '登记兑付' }).click();
    await confirmBox(page, '以实物兑付 1,500.00 元');
    expect(await toast(page, 'success')).toBe('已登记兑付 1,500.00 元（B002 户主B002）');
    await page.waitForSelector('[data-testid=unpaid-summary]:has-text("尚未兑清 0 户，合计 0.00 元")');
    await shots(page, 'payments');

    // 结账 of 2021 (confirmed): the year's income less its expenses carried into 本年收益
    await page.goto(`${base}/web#/ledger`);
    await page.getByRole('tab', { name: '结账' }).click();
    await pick(page, '[data-testid=year-close] [data-testid=year-select]', '2021 年');
    await page.locator('[data-testid=year-close]').getByRole('button', { name: '结账' }).click();
    await confirmBox(page, '结转 2021 年度的收入和支出');
    expect(await toast(page, 'success')).toBe('2021 年已结账，本年收益 9,750.00 元');
  }, 90_000);

  it('admin: creates a backup; the township summary shows each village and the totals', async () => {
    const page = await as('admin');
    await page.goto(`${base}/web#/backups`);
    await page.getByRole('button', { name: '立即备份' }).click();
    await confirmBox(page, '现在备份整个数据库');
    expect(await toast(page, 'success')).toMatch(/^已备份 .+，已核验 3 个嘎查\/村的账本$/);
    expect(await page.locator('[data-testid=backups] tbody tr').count()).toBe(1);
    expect(await text(page, '[data-testid=backups] tbody tr')).toContain('WBA #2');
    await shots(page, 'backups');

    await page.goto(`${base}/web#/township`);
    await pick(page, '[data-testid=year-select]', '2021 年');
    await page.waitForSelector('[data-testid=total-income]:has-text("17,000.00")');
    const figures = async (key: string) => text(page, `[data-testid=total-${key}]`);
    expect(await figures('expenses')).toBe('250.00');
    expect(await figures('distributable')).toBe('16,750.00');
    expect(await figures('pool')).toBe('3,000.00');
    expect(await figures('paid')).toBe('3,000.00');
    expect(await figures('unpaid')).toBe('0.00');
    expect(await page.locator('[data-testid=township] tbody tr').count()).toBe(4); // three villages and 合计
    expect(await text(page, '[data-testid=township] tr.total-row')).toContain('合计（3 个）');
    await shots(page, 'township');

    await page.goto(`${base}/web#/admin`);
    const user = page
      .locator('[data-testid=users] tr')
      .filter({ has: page.getByRole('cell', { name: books.accountant, exact: true }) });
    await user.getByRole('button', { name: '村与角色' }).click();
    await pick(page, '[data-testid=grant-village]', '书房乙嘎查');
    await pick(page, '[data-testid=grant-role]', '审计');
    await page.getByRole('button', { name: '授予' }).click();
    expect(await toast(page, 'success')).toBe(`已授予 ${books.accountant} 在 书房乙嘎查 的「审计」角色`);
    const granted = page.locator('[data-testid=user-villages] tr', { hasText: '书房乙嘎查' });
    await granted.waitFor();
    expect(await granted.locator('td').nth(1).textContent()).toBe('审计');
    await page.screenshot({ path: `${ARTIFACTS}/admin-roles-1280.png` });
    expect(errors).toEqual([]);
  }, 60_000);
});
