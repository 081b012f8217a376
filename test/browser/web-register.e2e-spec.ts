import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { FixedClock } from '../../src/common/clock.js';
import { Factory } from '../support/factories.js';
import { rosterCsv } from '../support/roster.js';
import { businessDate } from '../support/run-builder.js';
import { createTestApp, TEST_NOW, type TestApp } from '../support/test-app.js';
import { ARTIFACTS, confirmBox, launch, text, toast, withToken } from './browser-support.js';

const DAY_MS = 86_400_000;
const grouped = (yuan: string) => yuan.replace(/\B(?=(\d{3})+(?!\d))(?=\d*\.)/g, ',');

/** The register, shares, charter, scoring and plan screens driven through the UI of a small village. */
describe('web client: register, scoring windows and the plan course (Chromium)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let s: Awaited<ReturnType<Factory['staffedVillage']>>;
  let family: { id: string; code: string };
  let neighbour: { id: string; code: string };
  let householdToken: string;
  const errors: string[] = [];

  beforeAll(async () => {
    t = await createTestApp({ clock: new FixedClock(new Date(TEST_NOW)) });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const f = new Factory(t);
    s = await f.staffedVillage();
    const v = s.village.id;
    family = await f.household(v, s.cadre.token, 3, { code: 'WA01' });
    neighbour = await f.household(v, s.cadre.token, 2, { code: 'WA02' });
    householdToken = (await f.user('household', v, { householdId: neighbour.id })).token;
    await f.income(v, s.accountant.token, '100000.00', { date: '2025-06-30' });
    const rules = await t
      .as(s.cadre.token)
      .post(`/api/villages/${v}/score-rulesets`)
      .send({
        year: 2026,
        baseScore: 100,
        rules: [{ code: 'WS01', name: '庭院整洁', category: '环境卫生', minPoints: -10, maxPoints: 10 }],
      });
    expect(rules.status).toBe(201);
    // member shares with a 50 % cap: WA01 holds 5 of 6
    const admin = t.as(await t.adminToken());
    expect((await admin.patch(`/api/villages/${v}/charter`).send({ holdingCapPercent: '50' })).status).toBe(200);
    const cadre = t.as(s.cadre.token);
    await cadre
      .post(`/api/villages/${v}/share-classes`)
      .send({ code: 'RK', name: '人口股', kind: 'member' })
      .expect(201);
    for (const [h, quantity] of [
      [family, '5'],
      [neighbour, '1'],
    ] as const) {
      await cadre
        .post(`/api/villages/${v}/holdings`)
        .send({ householdId: h.id, shareClassCode: 'RK', quantity })
        .expect(201);
    }
    browser = await launch();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** A user's page, opened with the token the set-up already holds. */
  const as = (token: string, name: string, width = 1280): Promise<Page> =>
    withToken(browser, base, token, name, errors, width);
  let cadrePage: Page | undefined;
  /** The cadre's page, opened once for the file. */
  const cadre = async () => (cadrePage ??= await as(s.cadre.token, 'cadre'));
  const today = () => businessDate(t);

  it('cadre: a birth adds to the count, a death shows on the timeline, and 分户 makes a new household', async () => {
    const page = await cadre();
    await page.goto(`${base}/web#/household/${family.id}`);
    expect(await text(page, '[data-testid=members-title]')).toBe('家庭成员（计入成员 3 人）');

    await page.getByRole('button', { name: '新增成员（出生、婚入等）' }).click();
    const add = page.locator('[data-testid=add-member]');
    await add.locator('input[name=member-name]').fill('其其格');
    expect(await add.locator('input[name=member-date]').inputValue()).toBe(today());
    await add.getByRole('button', { name: '保存新成员' }).click();
    expect(await toast(page, 'success')).toBe('已新增成员 其其格');
    await page.waitForSelector('[data-testid=members-title]:has-text("计入成员 4 人")');
    await page.screenshot({ path: `${ARTIFACTS}/register-1280.png`, fullPage: true });

    await page
      .locator('[data-testid=members] tr', { hasText: '成员WA01-2' })
      .getByRole('button', { name: '状态变更' })
      .click();
    await page.locator('[data-testid=member-status]').getByRole('button', { name: '保存状态' }).click();
    await confirmBox(page, `成员WA01-2 自 ${today()} 起「已故」，从该日起不再计入本户成员`);
    expect(await toast(page, 'success')).toBe('成员WA01-2 已登记为「已故」');
    await page.waitForSelector('[data-testid=members-title]:has-text("计入成员 3 人")');
    const death = page.locator('[data-testid=history] .el-timeline-item', { hasText: '已故' });
    expect(
      await text(page, '[data-testid=history] .el-timeline-item:has-text("已故") .el-timeline-item__content'),
    ).toBe(`${today()} 成员 成员WA01-2 状态改为「已故」`);
    expect(await death.locator('.el-timeline-item__timestamp').textContent()).toBe(`登记于 ${today()}`);
    expect(await text(page, '[data-testid=history]')).not.toMatch(/[{}"]|deceased/);

    await page.getByRole('button', { name: '分户', exact: true }).click();
    const split = page.locator('[data-testid=split]');
    await split.locator('.el-checkbox', { hasText: '成员WA01-1' }).click();
    await split.locator('.el-checkbox', { hasText: '其其格' }).click();
    await split.locator('.el-radio', { hasText: '成员WA01-1' }).click();
    await split.locator('input[name=split-code]').fill('WA01-1');
    await split.getByRole('button', { name: '分户' }).click();
    await confirmBox(page, `成员WA01-1、其其格 自 ${today()} 起分出，另立 WA01-1 户`);
    await page.waitForSelector('[data-testid=household-title]:has-text("WA01-1")');
    expect(await text(page, '[data-testid=household-title]')).toBe('WA01-1 成员WA01-1');
    expect(await text(page, '[data-testid=members-title]')).toBe('家庭成员（计入成员 2 人）');
    // the names in the server's order of the members
    expect(
      await text(page, '[data-testid=history] .el-timeline-item:has-text("分户") .el-timeline-item__content'),
    ).toMatch(new RegExp(`^${today()} 分户：(成员WA01-1、其其格|其其格、成员WA01-1) 自原户分出，立为本户$`));
    await page.setViewportSize({ width: 375, height: 800 });
    await page.screenshot({ path: `${ARTIFACTS}/register-375.png`, fullPage: true });
  }, 60_000);

  it('cadre: a score window too short is refused with the server’s words; a lawful one opens and cannot be shortened', async () => {
    const page = await cadre();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${base}/web#/scoring`);
    const end = page.locator('input[placeholder=结束日期]');
    await end.fill(today());
    await end.press('Enter');
    await page.getByRole('button', { name: '开始公示' }).click();
    const last = new Date(Date.parse(`${today()}T00:00:00Z`) + 4 * DAY_MS).toISOString().slice(0, 10);
    expect(await text(page, '[data-testid=publicity-error]')).toBe(
      `公示期 ${today()} 至 ${today()} 只有 1 天，章程规定至少 5 天；请把结束日期定在 ${last} 或以后`,
    );
    const week = new Date(Date.parse(`${today()}T00:00:00Z`) + 6 * DAY_MS).toISOString().slice(0, 10);
    await end.fill(week);
    await end.press('Enter');
    await page.getByRole('button', { name: '开始公示' }).click();
    expect(await toast(page, 'success')).toBe('已开始公示');
    expect(await text(page, '[data-testid=window]')).toBe(`第 1 轮：${today()} 至 ${week}（公示中）`);
    // shortened to the charter's five days (a lawful length), it is still refused while open
    await end.fill(last);
    await end.press('Enter');
    await page.getByRole('button', { name: '开始公示' }).click();
    await page.waitForSelector('[data-testid=publicity-error]:has-text("不能更改或另开")');
    expect(await text(page, '[data-testid=publicity-error]')).toBe(
      `2026 年积分公示期（${today()} 至 ${week}）正在进行，不能更改或另开；结束后可再开一轮公示`,
    );

    // a score sheet with one bad row: nothing recorded, the row's error in the table
    const sheet = `户编号,规则编号,分值,日期,依据\nWA02,WS01,3,${today()},清扫巷道\nWA02,WS01,三,${today()},清扫巷道\n`;
    await page
      .locator('input[name=score-file]')
      .setInputFiles({ name: '积分.csv', mimeType: 'text/csv', buffer: Buffer.from(sheet) });
    await page.getByRole('button', { name: '导入积分表' }).click();
    expect(await text(page, '[data-testid=import-summary]')).toBe('导入失败：1 处错误，未记录任何积分');
    const cells = await page.locator('[data-testid=import-errors] tbody tr td').allTextContents();
    expect(cells.map((c) => c.trim())).toEqual(['3', '分值', '分值须为整数']);
    await page.getByRole('button', { name: '新建一年的积分规则' }).click();
    await page.screenshot({ path: `${ARTIFACTS}/scoring-rules-1280.png`, fullPage: true });
  });

  it('plan: published with its dates, a household objects on its phone, a cadre answers, another approves with the meeting', async () => {
    // drafted after the register changes above (a later change would make the plan stale)
    const draft = await t
      .as(s.cadre.token)
      .post(`/api/villages/${s.village.id}/dividend-runs`)
      .send({ year: 2025, distribute: { amount: '10000.00' }, basis: 'member', scoring: { mode: 'none' } });
    expect(draft.status).toBe(201);
    const runId = draft.body.id as string;
    const publisher = await cadre();
    const present = t.clock.now();
    t.clock.set(new Date(present.getTime() - 10 * DAY_MS)); // published ten days before the meeting
    const publishedOn = today();
    try {
      await publisher.goto(`${base}/web#/run/${runId}`);
      await publisher.getByRole('button', { name: '公示方案' }).click();
      const end = new Date(Date.parse(`${publishedOn}T00:00:00Z`) + 9 * DAY_MS).toISOString().slice(0, 10);
      await confirmBox(publisher, `公示 10 天：${publishedOn} 至 ${end}，期间成员可提出异议`);
      await publisher.waitForSelector('h1:has-text("公示中")');
    } finally {
      t.clock.set(present);
    }
    const until = new Date(Date.parse(`${publishedOn}T00:00:00Z`) + 9 * DAY_MS).toISOString().slice(0, 10);
    expect(await text(publisher, '[data-testid=publicity]')).toBe(
      `方案自 ${publishedOn} 起公示，至 ${until} 止成员可提出异议；所有异议答复后方可审批。`,
    );

    const home = await as(householdToken, 'household', 375);
    const card = home.locator('[data-testid=plan-objections]');
    await card.waitFor();
    const run = await t.as(s.cadre.token).get(`/api/dividend-runs/${runId}`);
    const amount = (run.body.payouts as Array<{ householdId: string; amount: string }>).find(
      (p) => p.householdId === neighbour.id,
    )!.amount;
    expect(await text(home, '[data-testid=plan-objections] p')).toBe(
      `公示 ${publishedOn} 起，异议截至 ${until}。 本户拟分 ¥${grouped(amount)}。`,
    );
    await card.locator('textarea[name=objection]').fill('我家老人去年户口迁回，应计入人数');
    await card.getByRole('button', { name: '提交异议' }).click();
    expect(await toast(home, 'success')).toBe('异议已提交，村干部答复后会显示在这里');
    expect(await text(home, '[data-testid=my-objection]')).toBe('我的异议：我家老人去年户口迁回，应计入人数等待答复');
    expect(await home.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await home.screenshot({ path: `${ARTIFACTS}/plan-objection-375.png`, fullPage: true });

    await publisher.reload();
    const row = publisher.locator('[data-testid=actions] tr', { hasText: '我家老人去年户口迁回' });
    await row.locator('input[placeholder=答复内容]').fill('已核实，迁回日期在基准日之后，按章程不计入');
    await row.getByRole('button', { name: '答复' }).click();
    expect(await toast(publisher, 'success')).toBe('已答复');
    await home.reload();
    expect(await text(home, '[data-testid=objection-answer]')).toBe(
      '村里答复：已核实，迁回日期在基准日之后，按章程不计入',
    );

    const approver = await as(s.cadre2.token, 'cadre2');
    await approver.goto(`${base}/web#/run/${runId}`);
    const form = approver.locator('[data-testid=approve]');
    await form.locator('input[name=resolutionRef]').fill('嘎查决〔2026〕3号');
    await form.locator('input[name=eligible]').fill('30');
    await form.locator('input[name=present]').fill('25');
    await form.locator('input[name=inFavour]').fill('19');
    expect(await text(approver, '[data-testid=two-thirds]')).toBe(
      '应到 30 人：实到和赞成都须不少于 20 人（三分之二）本次会议未达到三分之二，不能通过',
    );
    await form.locator('input[name=inFavour]').fill('21');
    expect(await text(approver, '[data-testid=two-thirds]')).toBe(
      '应到 30 人：实到和赞成都须不少于 20 人（三分之二）本次会议满足三分之二的要求',
    );
    await approver.screenshot({ path: `${ARTIFACTS}/plan-approve-1280.png`, fullPage: true });
    await form.getByRole('button', { name: '审批通过' }).click();
    await confirmBox(approver, '应到 30 人，实到 25 人，赞成 21 人');
    await approver.waitForSelector('h1:has-text("已审批")');
    expect(await text(approver, '[data-testid=run-title]')).toBe(`${s.village.name} 2025 年度分配方案（已审批）`);
  }, 60_000);

  it('admin: the charter refuses a plan publicity under the law at its field; the shares page flags the holder above the cap; a roster file is imported; no page logged an error', async () => {
    const page = await as(await t.adminToken(), 'admin');
    await page.goto(`${base}/web#/charter`);
    const form = page.locator('[data-testid=charter]');
    await form.locator('input[name=planPublicityDays]').fill('7');
    await form.getByRole('button', { name: '保存章程设置' }).click();
    await confirmBox(page, '确定保存');
    await form.locator('.el-form-item__error').first().waitFor();
    expect(await text(page, '[data-testid=charter] .el-form-item__error')).toBe('方案公示天数：依法至少10天');
    await page.screenshot({ path: `${ARTIFACTS}/charter-1280.png`, fullPage: true });
    await page.goto(`${base}/web#/shares`);
    const flagged = page.locator('[data-testid=holdings] tr', { has: page.locator('[data-testid=above-cap-tag]') });
    await flagged.first().waitFor();
    expect(await flagged.count()).toBe(1);
    expect(await text(page, '[data-testid=holdings] tr:has([data-testid=above-cap-tag]) td')).toBe(
      'WA01 户主WA01 超过持股上限',
    );
    expect(await text(page, '[data-testid=above-cap]')).toBe(
      '1 条持股超过章程规定的单户持股上限：按股分红时会提示，且不能再向其转让',
    );
    await page.screenshot({ path: `${ARTIFACTS}/shares-1280.png`, fullPage: true });

    // 导入花名册: two households of one and two members; the roster's count grows by two, a new one is found
    await page.goto(`${base}/web#/households`);
    const count = async () => Number(/^共 (\d+) 户$/.exec(await text(page, '[data-testid=total]'))?.[1]);
    await page.waitForSelector('[data-testid=total]:not(:has-text("共 0 户"))');
    const before = await count();
    const roster = rosterCsv(2, [1, 2]);
    await page.setInputFiles('input[type=file][accept=".csv,.xlsx"]', {
      name: '花名册.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(roster.csv),
    });
    await page.getByRole('button', { name: '导入', exact: true }).click();
    expect(await toast(page, 'success')).toBe(`已导入 2 户 ${roster.members} 人`);
    await page.waitForSelector(`[data-testid=total]:has-text("共 ${before + 2} 户")`);
    await page.fill('input[data-testid=search]', 'H0002');
    await page.waitForSelector('[data-testid=total]:has-text("共 1 户")');
    expect(await text(page, '[data-testid=roster] tbody tr')).toContain('成员2-0、成员2-1');
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${base}/web#/charter`);
    await page.waitForSelector('[data-testid=charter]');
    await page.screenshot({ path: `${ARTIFACTS}/charter-375.png`, fullPage: true });
    expect(errors).toEqual([]);
  });
});
