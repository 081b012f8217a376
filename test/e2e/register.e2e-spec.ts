import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import type { Factory } from '../support/factories.js';
import { binary, type TestApp } from '../support/test-app.js';
import { withTestApp } from '../support/with-test-app.js';

type Payout = { householdCode: string; units: string; amount: string };
type MemberView = { id: string; name: string; counts?: boolean; status: string; until: string | null };

/** CONTRACT "Register over time" and the register side of "Dividend runs, round 2". */
describe('the register over time', () => {
  let t: TestApp;
  let f: Factory;
  withTestApp((app, factory) => ([t, f] = [app, factory]));

  async function staffed() {
    const s = await f.staffedVillage();
    const v = s.village.id;
    const cadre = t.as(s.cadre.token);
    return { s, v, cadre };
  }

  function run(token: string, v: string, body: Record<string, unknown>) {
    return t
      .as(token)
      .post(`/api/villages/${v}/dividend-runs`)
      .send({ year: 2025, distribute: { all: true }, basis: 'member', scoring: { mode: 'none' }, ...body });
  }

  const unitsOf = (payouts: Payout[]) => payouts.map((p) => [p.householdCode, p.units, p.amount]);

  it('a deceased head stops counting on the date of death; the head changes; a newborn counts from birth', async () => {
    const { s, v, cadre } = await staffed();
    const zhang = await f.household(v, s.cadre.token, 3, { code: 'Z01', headName: '张三' });
    const other = await f.household(v, s.cadre.token, 1, { code: 'Z02' });
    const [head, wife] = zhang.members;
    const death = await cadre
      .patch(`/api/villages/${v}/households/${zhang.id}/members/${head.id}`)
      .send({ status: 'deceased', date: '2025-06-10' });
    expect(death.status).toBe(200);
    expect(death.body).toMatchObject({ status: 'deceased', statusDate: '2025-06-10', until: '2025-06-10' });
    const register = await cadre.get(`/api/villages/${v}/households?asOf=2025-06-10`);
    expect([
      register.body.asOf,
      register.body.units,
      register.body.items.map((h: { units: number }) => h.units),
    ]).toEqual(['2025-06-10', 3, [2, 1]]);
    const before = await cadre.get(`/api/villages/${v}/households/${zhang.id}?asOf=2025-06-09`);
    const after = await cadre.get(`/api/villages/${v}/households/${zhang.id}?asOf=2025-06-10`);
    expect([before.body.units, after.body.units]).toEqual([3, 2]);
    expect(after.body.members.map((m: MemberView) => m.counts)).toEqual([false, true, true]);
    // Until a new head is recorded the household names 张三 still, and says his membership has ended.
    expect([after.body.headName, after.body.headMemberId, after.body.headEnded]).toEqual(['张三', head.id, true]);
    const listed = await cadre.get(`/api/villages/${v}/households`);
    expect(listed.body.items.map((h: { headEnded: boolean }) => h.headEnded)).toEqual([true, false]);

    const newHead = await cadre
      .post(`/api/villages/${v}/households/${zhang.id}/head`)
      .send({ memberId: wife.id, date: '2025-06-20' });
    expect(newHead.status).toBe(200);
    expect(newHead.body).toMatchObject({ headMemberId: wife.id, headName: `成员Z01-1`, headEnded: false });
    const deadHead = await cadre
      .post(`/api/villages/${v}/households/${zhang.id}/head`)
      .send({ memberId: head.id, date: '2025-07-01' });
    expect([deadHead.status, deadHead.body.code]).toEqual([422, 'HEAD_NOT_COUNTING']);

    const baby = await cadre
      .post(`/api/villages/${v}/households/${zhang.id}/members`)
      .send({ name: '张小宝', relation: '孙子', date: '2025-07-01', reason: 'birth' });
    expect(baby.status).toBe(201);
    expect(baby.body).toMatchObject({ name: '张小宝', since: '2025-07-01', sinceReason: 'birth', until: null });

    await f.income(v, s.accountant.token, '1000.00', { date: '2025-03-01' });
    const yearEnd = await run(s.cadre.token, v, {});
    expect(unitsOf(yearEnd.body.payouts)).toEqual([
      ['Z01', '3', '750.00'],
      ['Z02', '1', '250.00'],
    ]);
    const midYear = await run(s.cadre.token, v, { recordDate: '2025-06-30' });
    expect(unitsOf(midYear.body.payouts)).toEqual([
      ['Z01', '2', '666.67'],
      ['Z02', '1', '333.33'],
    ]);
    const beforeYear = await run(s.cadre.token, v, { recordDate: '2024-12-31' });
    expect([beforeYear.status, beforeYear.body.code, beforeYear.body.field]).toEqual([
      422,
      'RECORD_DATE_BEFORE_YEAR',
      'recordDate',
    ]);
    expect(beforeYear.body.message).toContain('基准日 2024-12-31 早于 2025 年');
    // Pro-rated: the head 160 of 365 days (0.4384), the newborn 184 (0.5041), two full members: 2.9425 of 3.9425.
    const byDays = await run(s.cadre.token, v, { proRate: 'days' });
    expect(unitsOf(byDays.body.payouts)).toEqual([
      ['Z01', '2.9425', '746.35'],
      ['Z02', '1', '253.65'],
    ]);
    expect(other.members).toHaveLength(1);

    const history = await cadre.get(`/api/villages/${v}/households/${zhang.id}`);
    expect(history.body.history.map((h: { action: string }) => h.action)).toEqual([
      'create',
      'member-status',
      'head',
      'member-add',
    ]);
  });

  it('refuses a death without a date, a future birth, a bad reason, and changing the history tables', async () => {
    const { s, v, cadre } = await staffed();
    const h = await f.household(v, s.cadre.token, 2);
    const url = `/api/villages/${v}/households/${h.id}/members`;
    const noDate = await cadre.patch(`${url}/${h.members[1].id}`).send({ status: 'deceased' });
    expect([noDate.status, noDate.body.code]).toEqual([422, 'DATE_REQUIRED']);
    const future = await cadre.post(url).send({ name: '未来', relation: '子', date: '2026-06-16', reason: 'birth' });
    expect([future.status, future.body.code]).toEqual([400, 'DATE_IN_FUTURE']);
    const badReason = await cadre.post(url).send({ name: 'x', relation: '子', date: '2025-01-01', reason: 'magic' });
    expect(badReason.status).toBe(400);
    const awayReason = await cadre
      .patch(`${url}/${h.members[1].id}`)
      .send({ status: 'away', date: '2025-02-01', reason: 'marriage_out' });
    expect([awayReason.status, awayReason.body.code]).toEqual([400, 'BAD_REASON']);
    const away = await cadre
      .patch(`${url}/${h.members[1].id}`)
      .send({ status: 'away', date: '2025-02-01', reason: 'army' });
    expect(away.body).toMatchObject({ status: 'away', statusReason: 'army', until: null });
    const died = await cadre.patch(`${url}/${h.members[1].id}`).send({ status: 'deceased', date: '2025-03-01' });
    expect(died.status).toBe(200);
    const twice = await cadre.patch(`${url}/${h.members[1].id}`).send({ status: 'deceased', date: '2025-04-01' });
    expect([twice.status, twice.body.code]).toEqual([422, 'MEMBERSHIP_ALREADY_ENDED']);
    const beforeBirth = await cadre
      .post(url)
      .send({ name: '小明', relation: '子', date: '2025-05-01', reason: 'birth' })
      .then((r) => cadre.patch(`${url}/${r.body.id}`).send({ status: 'deceased', date: '2025-04-30' }));
    expect([beforeBirth.status, beforeBirth.body.code]).toEqual([422, 'DATE_BEFORE_SINCE']);
    const stranger = await f.household(v, s.cadre.token, 1);
    const notHere = await cadre.post(`/api/villages/${v}/households/${h.id}/split`).send({
      code: 'X9',
      headMemberId: stranger.members[0].id,
      memberIds: [stranger.members[0].id],
      date: '2025-05-01',
    });
    expect([notHere.status, notHere.body.code]).toEqual([422, 'MEMBER_NOT_IN_HOUSEHOLD']);
    const corrected = await cadre.patch(`${url}/${h.members[1].id}`).send({ status: 'active' });
    expect(corrected.body).toMatchObject({ status: 'active', until: null });
    const rename = await cadre.patch(`${url}/${h.members[0].id}`).send({ name: '王大明' });
    expect(rename.status).toBe(200);
    const relation = await cadre.patch(`${url}/${h.members[1].id}`).send({ relation: '女儿' });
    expect(relation.body).toMatchObject({ relation: '女儿' });
    const household = await cadre.get(`/api/villages/${v}/households/${h.id}?asOf=2025-12-31`);
    expect(household.body).toMatchObject({ headName: '王大明', units: 3 });
    type Change = { action: string; actorId: string; at: string; change: { before?: object; after?: object } };
    const corrections = household.body.history.filter((c: Change) => c.action === 'member-correct');
    expect(corrections.map((c: Change) => [c.actorId, typeof c.at, c.change.before, c.change.after])).toEqual([
      [s.cadre.id, 'string', { name: '成员' + h.code + '-0' }, { name: '王大明' }],
      [s.cadre.id, 'string', { relation: '子女' }, { relation: '女儿' }],
    ]);
    await expect(t.dataSource.query(`UPDATE household_changes SET action = 'x'`)).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query(`DELETE FROM household_changes`)).rejects.toThrow(/append-only/);
  });

  it('every refusal is 422 with a message naming the problem, and leaves the register as it was', async () => {
    const { s, v, cadre } = await staffed();
    const h = await f.household(v, s.cadre.token, 3, { code: 'R01' });
    const stranger = await f.household(v, s.cadre.token, 1, { code: 'R02' });
    const url = `/api/villages/${v}/households/${h.id}`;
    const [head, died, child] = h.members;
    expect(
      (await cadre.patch(`${url}/members/${died.id}`).send({ status: 'deceased', date: '2025-03-01' })).status,
    ).toBe(200);
    const baby = await cadre
      .post(`${url}/members`)
      .send({ name: '小明', relation: '子', date: '2025-05-01', reason: 'birth' });
    const state = async () => {
      const list = await cadre.get(`/api/villages/${v}/households`);
      const details = await Promise.all(
        list.body.items.map(
          async (x: { id: string }) => (await cadre.get(`/api/villages/${v}/households/${x.id}`)).body,
        ),
      );
      const audit = await t.as(await t.adminToken()).get(`/api/audit?villageId=${v}&limit=1000`);
      return { list: list.body, details, audit: audit.body.items.length };
    };
    const before = await state();
    const refusals = [
      [
        cadre.patch(`${url}/members/${died.id}`).send({ status: 'deceased', date: '2025-04-01' }),
        /already ended on 2025-03-01/,
      ],
      [cadre.patch(`${url}/members/${died.id}`).send({ status: 'moved_out', date: '2025-04-01' }), /already ended/],
      [
        cadre.patch(`${url}/members/${died.id}`).send({ status: 'away', date: '2025-04-01', reason: 'work' }),
        /already ended/,
      ],
      [
        cadre.patch(`${url}/members/${baby.body.id}`).send({ status: 'deceased', date: '2025-04-30' }),
        /start date 2025-05-01/,
      ],
      [
        cadre.patch(`${url}/members/${baby.body.id}`).send({ status: 'away', date: '2025-04-30', reason: 'study' }),
        /start date/,
      ],
      [
        cadre.post(`${url}/split`).send({
          code: 'R09',
          headMemberId: stranger.members[0].id,
          memberIds: [stranger.members[0].id, child.id],
          date: '2025-06-01',
        }),
        new RegExp(`not members of this household \\(${stranger.members[0].id}\\)`),
      ],
      [
        cadre
          .post(`${url}/split`)
          .send({ code: 'R09', headMemberId: died.id, memberIds: [died.id], date: '2025-06-01' }),
        /only members who count on the date/,
      ],
      [
        cadre
          .post(`${url}/split`)
          .send({ code: 'R09', headMemberId: baby.body.id, memberIds: [baby.body.id], date: '2025-04-01' }),
        /only members who count on the date/,
      ],
      [cadre.post(`${url}/head`).send({ memberId: died.id, date: '2025-03-01' }), /head must be a member on that date/],
      [
        cadre.post(`${url}/head`).send({ memberId: baby.body.id, date: '2025-04-30' }),
        /head must be a member on that date/,
      ],
    ] as const;
    const results = [];
    for (const [request, message] of refusals) {
      const res = await request;
      results.push([res.status, message.test(res.body.message)]);
    }
    expect(results).toEqual(refusals.map(() => [422, true]));
    const moveStranger = await cadre
      .patch(`${url}/members/${stranger.members[0].id}`)
      .send({ status: 'moved_out', date: '2025-06-01' });
    expect([moveStranger.status, moveStranger.body.code]).toEqual([404, 'NOT_FOUND']);
    expect(await state()).toEqual(before);
    expect(
      before.details.find((x: { code: string }) => x.code === 'R01').members.map((m: MemberView) => m.status),
    ).toEqual(['active', 'deceased', 'active', 'active']);
    expect(head.id).toBe(before.details[0].headMemberId);
  });

  it('a death recorded after a draft makes it stale if on or before its record date, or pro-rated', async () => {
    const { s, v, cadre } = await staffed();
    const h = await f.household(v, s.cadre.token, 3, { code: 'D01' });
    await f.household(v, s.cadre.token, 1, { code: 'D02' });
    await f.income(v, s.accountant.token, '1000.00', { date: '2025-03-01' });
    const asOf = await run(s.cadre.token, v, { recordDate: '2025-06-30' });
    const byDays = await run(s.cadre.token, v, { proRate: 'days' });
    const member = `/api/villages/${v}/households/${h.id}/members/${h.members[2].id}`;
    expect((await cadre.patch(member).send({ status: 'deceased', date: '2025-07-01' })).status).toBe(200);
    const publish = (id: string) => cadre.post(`/api/dividend-runs/${id}/publish`);
    const afterRecordDate = await publish(asOf.body.id);
    expect(afterRecordDate.status).toBe(200);
    const stale = await publish(byDays.body.id);
    expect([stale.status, stale.body.code, stale.body.changes[0].kind, stale.body.changes[0].households]).toEqual([
      409,
      'PLAN_STALE',
      'register',
      [{ householdCode: 'D01', before: '3', after: '2.4959' }], // 181 of 365 days: 0.4959
    ]);
    const second = await run(s.cadre.token, v, { recordDate: '2025-06-30' });
    await cadre.patch(member).send({ status: 'active' });
    await cadre.patch(member).send({ status: 'deceased', date: '2025-06-30' }); // corrected: on the record date
    const corrected = await publish(second.body.id);
    expect([corrected.status, corrected.body.changes[0].households]).toEqual([
      409,
      [{ householdCode: 'D01', before: '3', after: '2' }],
    ]);
  });

  it('a split moves members with their history: each household counts them on its side of the date', async () => {
    const { s, v, cadre } = await staffed();
    const h = await f.household(v, s.cadre.token, 4, { code: 'L01' });
    const [, son, daughterInLaw, grandson] = h.members;
    const split = await cadre.post(`/api/villages/${v}/households/${h.id}/split`).send({
      code: 'L02',
      headMemberId: son.id,
      memberIds: [son.id, daughterInLaw.id, grandson.id],
      date: '2025-04-01',
    });
    expect(split.status).toBe(201);
    expect(split.body).toMatchObject({ code: 'L02', headName: '成员L01-1' });
    expect(split.body.members.map((m: { previousMemberId: string }) => m.previousMemberId)).toEqual([
      son.id,
      daughterInLaw.id,
      grandson.id,
    ]);
    const headLeaves = await cadre
      .post(`/api/villages/${v}/households/${h.id}/split`)
      .send({ code: 'L03', headMemberId: h.members[0].id, memberIds: [h.members[0].id], date: '2025-05-01' });
    expect([headLeaves.status, headLeaves.body.code]).toEqual([422, 'HEAD_MOVES']);
    const back = await cadre
      .patch(`/api/villages/${v}/households/${h.id}/members/${son.id}`)
      .send({ status: 'active' });
    expect([back.status, back.body.code, back.body.message]).toEqual([
      422,
      'MEMBER_SPLIT_OFF',
      '该成员已于 2025-04-01 分户迁出，请在新户登记其变动 / ' +
        'the member moved to a new household in a split on 2025-04-01: record changes there',
    ]);
    await f.income(v, s.accountant.token, '400.00', { date: '2025-03-01' });
    const atYearEnd = await run(s.cadre.token, v, {});
    expect(unitsOf(atYearEnd.body.payouts)).toEqual([
      ['L01', '1', '100.00'],
      ['L02', '3', '300.00'],
    ]);
    const beforeSplit = await run(s.cadre.token, v, { recordDate: '2025-03-31' });
    expect(unitsOf(beforeSplit.body.payouts)).toEqual([
      ['L01', '4', '400.00'],
      ['L02', '0', '0.00'],
    ]);
  });

  it('capital earns from its paid-in date; holders above the cap are flagged and warned', async () => {
    const { s, v, cadre } = await staffed();
    await t
      .as(await t.adminToken())
      .patch(`/api/villages/${v}/charter`)
      .send({ holdingCapPercent: '3', minReservePercent: '0' });
    const a = await f.household(v, s.cadre.token, 1, { code: 'C01' });
    const b = await f.household(v, s.cadre.token, 1, { code: 'C02' });
    await cadre.post(`/api/villages/${v}/share-classes`).send({ code: 'RK', name: '人口股', kind: 'member' });
    await cadre
      .post(`/api/villages/${v}/share-classes`)
      .send({ code: 'ZJ', name: '资金股', kind: 'capital', guaranteedRate: '0.08' });
    await cadre.post(`/api/villages/${v}/holdings`).send({ householdId: a.id, shareClassCode: 'RK', quantity: '85' });
    await cadre.post(`/api/villages/${v}/holdings`).send({ householdId: b.id, shareClassCode: 'RK', quantity: '15' });
    const fund = await cadre.post(`/api/villages/${v}/holdings`).send({
      externalHolder: '帮扶资金',
      shareClassCode: 'ZJ',
      quantity: '1',
      capitalAmount: '1250000.00',
      date: '2025-10-01',
    });
    expect(fund.body).toMatchObject({ date: '2025-10-01', aboveCap: false });
    const holdings = await cadre.get(`/api/villages/${v}/holdings`);
    expect(
      holdings.body.items.map((h: { householdId: string | null; aboveCap: boolean }) => [h.householdId, h.aboveCap]),
    ).toEqual([
      [a.id, true],
      [b.id, true],
      [null, false],
    ]);
    await f.income(v, s.accountant.token, '200000.00', { date: '2024-05-01' });
    await f.income(v, s.accountant.token, '200000.00', { date: '2025-05-01' });
    const y2024 = await run(s.cadre.token, v, { year: 2024, basis: 'share' });
    expect(y2024.body.guaranteed).toEqual([]);
    const y2024ByDays = await run(s.cadre.token, v, { year: 2024, basis: 'share', proRate: 'days' });
    expect([y2024ByDays.status, y2024ByDays.body.guaranteed]).toEqual([201, []]);
    expect(y2024.body.warnings.find((w: { code: string }) => w.code === 'HOLDING_ABOVE_CAP').householdCodes).toEqual([
      'C01',
      'C02',
    ]);
    const y2025 = await run(s.cadre.token, v, { basis: 'share' });
    expect(y2025.body.guaranteed).toEqual([{ holder: '帮扶资金', amount: '100000.00' }]);
    const byDays = await run(s.cadre.token, v, { basis: 'share', proRate: 'days' });
    // 1,250,000.00 × 8% × 92 / 365 = 25,205.479… → 25,205.48
    expect(byDays.body.guaranteed).toEqual([{ holder: '帮扶资金', amount: '25205.48' }]);
    const beforePaidIn = await run(s.cadre.token, v, { basis: 'share', recordDate: '2025-09-30' });
    expect(beforePaidIn.body.guaranteed).toEqual([]);
  });

  it('finds households by any member name, tag or status and exports the register with Chinese labels', async () => {
    const { s, v, cadre } = await staffed();
    const h = await f.household(v, s.cadre.token, 2, { code: 'S01', tags: ['脱贫户'] });
    await f.household(v, s.cadre.token, 1, { code: 'S02' });
    await cadre
      .patch(`/api/villages/${v}/households/${h.id}/members/${h.members[1].id}`)
      .send({ status: 'moved_out', date: '2025-09-09', reason: 'marriage_out' });
    const codes = async (query: string) =>
      (await cadre.get(`/api/villages/${v}/households?${query}`)).body.items.map((x: { code: string }) => x.code);
    expect(await codes(`q=${encodeURIComponent('成员S01-1')}`)).toEqual(['S01']);
    expect(await codes(`q=${encodeURIComponent('脱贫')}`)).toEqual(['S01']);
    expect(await codes('status=moved_out')).toEqual(['S01']);
    expect((await cadre.get(`/api/villages/${v}/households?status=gone`)).status).toBe(400);
    expect(await codes('limit=1&offset=0')).toEqual(['S01']); // the first page is offset 0
    expect(await codes('limit=1&offset=1')).toEqual(['S02']);
    expect((await cadre.get(`/api/villages/${v}/households?offset=-1`)).status).toBe(400);
    const file = await cadre.get(`/api/villages/${v}/households/export.xlsx`).buffer(true).parse(binary);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.body);
    const rows = workbook.worksheets[0].getSheetValues().slice(1) as unknown[][];
    expect(rows.map((r) => r.slice(1))).toEqual([
      ['户编号', '户主', '姓名', '与户主关系', '是否成员', '状态', '状态日期', '原因', '入户日期', '标签'],
      ['S01', '户主S01', '成员S01-0', '户主', '是', '在册', '', '', '', '脱贫户'],
      ['S01', '户主S01', '成员S01-1', '子女', '是', '迁出', '2025-09-09', '婚出', '', '脱贫户'],
      ['S02', '户主S02', '成员S02-0', '户主', '是', '在册', '', '', '', ''],
    ]);
  });
});
