/**
 * Loads the demo village through the product's own HTTP API, as users would: 巴彦霍德嘎查 with its
 * 2021 income (430,000.00), the 3,360.00 insurance deduction and a posted run of 500.00 a member,
 * and a 2022 year with a rule set, scored events and a draft weighted by score.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEMO_PASSWORD = 'demo-village-2026';
export const DEMO_USERS = [
  { username: 'kuaiji', role: 'accountant', label: '会计' },
  { username: 'shuji', role: 'cadre', label: '书记（创建方案）' },
  { username: 'zhuren', role: 'cadre', label: '主任（审批方案）' },
  { username: 'pingyi1', role: 'scorer', label: '评议小组（记录积分）' },
  { username: 'pingyi2', role: 'scorer', label: '评议小组（审核积分）' },
  { username: 'shenji', role: 'auditor', label: '农经站审计' },
] as const;

const DATA = join(dirname(fileURLToPath(import.meta.url)), '../../data');

class Api {
  private token = '';
  constructor(private readonly base: string) {}

  async login(username: string, password: string): Promise<Api> {
    const api = new Api(this.base);
    api.token = (
      await this.call<{ accessToken: string }>('POST', '/api/auth/login', { username, password })
    ).accessToken;
    return api;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- demo script reads loosely typed responses
  async call<T = any>(method: string, path: string, body?: unknown, form?: FormData): Promise<T> {
    const res = await fetch(this.base + path, {
      method,
      headers: {
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: form ?? (body !== undefined ? JSON.stringify(body) : undefined),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

/** Deterministic pseudo-random numbers, so the demo is the same every time. */
function rng(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

export interface DemoResult {
  villageId: string;
  run2021Id: string;
  run2022Id: string;
  /** 2025 drafts counted as of the record date and pro-rated by days. */
  run2025Ids: { recordDate: string; byDays: string };
  householdId: string;
  householdUsername: string;
  /** A real verification code from the posted 2021 run, to try the verify page. */
  sampleCode: string;
}

type Income = (
  date: string,
  category: string,
  amount: string,
  voucherNo: string,
  sourceCode?: string,
  memo?: string,
  distributable?: boolean,
) => Promise<unknown>;

/** The demo village's users logged in, and the steps' shared helpers. */
interface Demo {
  v: string;
  admin: Api;
  kuaiji: Api;
  shuji: Api;
  zhuren: Api;
  pingyi1: Api;
  pingyi2: Api;
  income: Income;
  travelTo: (beijing: string | null) => void;
  log: (line: string) => void;
}

type Household = { id: string; code: string };

export async function loadDemo(
  baseUrl: string,
  adminPassword: string,
  log: (line: string) => void = () => {},
  /** Moves the server's clock to a Beijing time `YYYY-MM-DDTHH:MM` (null: back to now), for dated steps. */
  travelTo: (beijing: string | null) => void = () => {},
): Promise<DemoResult> {
  const d = await villageAndUsers(await new Api(baseUrl).login('admin', adminPassword), travelTo, log);
  const households = await roster(d);
  await openingBalances(d, households);
  await books2021(d);
  const run2021 = await plan2021(d, households);
  await capitalFund(d);
  await scores2022(d, households);
  const run2022 = await books2022(d);
  const later = await livesOn(d);
  return {
    villageId: d.v,
    run2025Ids: later.run2025Ids,
    run2021Id: run2021.id,
    run2022Id: run2022.id,
    householdId: households[0].id,
    householdUsername: 'hu001',
    sampleCode: run2021.sampleCode,
  };
}

async function villageAndUsers(admin: Api, travelTo: Demo['travelTo'], log: Demo['log']): Promise<Demo> {
  const village = await admin.call('POST', '/api/villages', {
    code: 'BYHD',
    name: '巴彦霍德嘎查',
    township: '阿拉善左旗巴彦浩特镇',
    charter: { minReservePercent: '15', holdingCapPercent: '3', publicityDays: 5, defaultScheme: 'split' },
  });
  const v = village.id as string;
  for (const u of DEMO_USERS) {
    await admin.call('POST', '/api/users', {
      username: u.username,
      password: DEMO_PASSWORD,
      role: u.role,
      villageId: v,
    });
  }
  const [kuaiji, shuji, zhuren, pingyi1, pingyi2] = await Promise.all(
    DEMO_USERS.slice(0, 5).map((u) => admin.login(u.username, DEMO_PASSWORD)),
  );
  const income: Income = (date, category, amount, voucherNo, sourceCode, memo, distributable = true) =>
    kuaiji.call('POST', `/api/villages/${v}/income`, {
      date,
      category,
      amount,
      voucherNo,
      ...(sourceCode ? { sourceCode } : {}),
      ...(memo ? { memo } : {}),
      distributable,
    });
  return { v, admin, kuaiji, shuji, zhuren, pingyi1, pingyi2, income, travelTo, log };
}

/** The roster imported, and a household user for the first household. */
async function roster({ v, admin, kuaiji, log }: Demo): Promise<Household[]> {
  const form = new FormData();
  form.append('file', new Blob([readFileSync(join(DATA, 'demo/roster.csv'))], { type: 'text/csv' }), 'roster.csv');
  const imported = await kuaiji.call('POST', `/api/villages/${v}/households/import`, undefined, form);
  log(`花名册：${imported.households} 户 ${imported.members} 人（其中 3 人成员资格待确认）`);
  const households = (await kuaiji.call('GET', `/api/villages/${v}/households?limit=1000`)).items as Household[];
  await admin.call('POST', '/api/users', {
    username: 'hu001',
    password: DEMO_PASSWORD,
    role: 'household',
    householdId: households[0].id,
  });
  return households;
}

/** 建账: the gacha brings its 2020 closing balances (cash in the till, bank, 承包费 two households still owe). */
async function openingBalances({ v, kuaiji, log }: Demo, households: Household[]): Promise<void> {
  await kuaiji.call('POST', `/api/villages/${v}/opening-balances`, {
    date: '2021-01-01',
    lines: [
      { accountCode: '101', debit: '8600.00' },
      { accountCode: '102', debit: '312400.00' },
      { accountCode: '112', householdId: households[3].id, debit: '1500.00', memo: '2020年草场承包费未交' },
      { accountCode: '112', householdId: households[8].id, debit: '900.00', memo: '2020年草场承包费未交' },
      { accountCode: '20209', credit: '12000.00', memo: '应付围栏工程尾款' },
      { accountCode: '311', credit: '215000.00' },
      { accountCode: '32201', credit: '96400.00' },
    ],
  });
  log('建账：2021-01-01 期初余额（库存现金 8,600.00，银行存款 312,400.00，应收承包费 2,400.00）');
}

async function books2021({ v, kuaiji, income, log }: Demo): Promise<void> {
  const sources = [
    ['LVHUA', '绿化养护'],
    ['TUDI', '土地流转'],
    ['GUANGCHANG', '商业广场租金'],
    ['PUTAO', '温棚葡萄'],
    ['HEDAO', '河道清淤'],
  ];
  for (const [code, name] of sources) await kuaiji.call('POST', `/api/villages/${v}/income-sources`, { code, name });
  await income('2021-04-30', '经营收入', '150000.00', '2021-收-001', 'LVHUA', '绿化养护合同（上半年）');
  await income('2021-06-30', '经营收入', '120000.00', '2021-收-002', 'TUDI', '土地流转租金');
  await income('2021-09-30', '经营收入', '100000.00', '2021-收-003', 'LVHUA', '绿化养护合同（下半年）');
  await income('2021-12-20', '经营收入', '60000.00', '2021-收-004', 'GUANGCHANG', '商业广场商铺租金');
  await kuaiji.call('POST', `/api/villages/${v}/expenses`, {
    date: '2021-12-25',
    category: '管理费用',
    amount: '12000.00',
    voucherNo: '2021-支-001',
    memo: '嘎查办公及会议费',
  });
  log('2021 年收入 430,000.00 元，管理费用 12,000.00 元');
}

/** The 2021 run through its course: published on 12-15, adopted on 12-28, posted that day; ten households paid. */
async function plan2021(d: Demo, households: Household[]): Promise<{ id: string; sampleCode: string }> {
  const { v, kuaiji, shuji, zhuren, travelTo, log } = d;
  const run2021 = await shuji.call('POST', `/api/villages/${v}/dividend-runs`, {
    year: 2021,
    deductions: [{ name: '防贫保险（脱贫户）', amount: '3360.00' }],
    distribute: { amount: '183500.00' },
    basis: 'member',
    scoring: { mode: 'none' },
  });
  travelTo('2021-12-15T09:00');
  await shuji.call('POST', `/api/dividend-runs/${run2021.id}/publish`);
  travelTo('2021-12-28T15:00');
  await zhuren.call('POST', `/api/dividend-runs/${run2021.id}/approve`, {
    resolutionRef: '巴嘎成决〔2021〕3号',
    meeting: { type: '成员代表大会', date: '2021-12-28', eligible: 36, present: 33, inFavour: 31 },
  });
  await shuji.call('POST', `/api/dividend-runs/${run2021.id}/post`);
  travelTo(null);
  log('2021 年分红已过账：每人 500.00 元，共 183,500.00 元');
  const sampleCode = (await shuji.call('GET', `/api/dividend-runs/${run2021.id}`)).payouts[0]
    .verificationCode as string;
  // A few households have collected theirs.
  for (const h of households.slice(0, 10)) {
    const payout = run2021.payouts.find((p: { householdId: string }) => p.householdId === h.id);
    await kuaiji.call('POST', `/api/dividend-runs/${run2021.id}/payments`, {
      householdId: h.id,
      amount: payout.amount,
      method: 'bank',
      date: '2022-01-10',
      receiptNo: `2022-付-${h.code}`,
    });
  }
  return { id: run2021.id as string, sampleCode };
}

/** The banner's support fund, paid in mid-2022: it earns its 8% from then on. */
async function capitalFund({ v, shuji }: Demo): Promise<void> {
  await shuji.call('POST', `/api/villages/${v}/share-classes`, {
    code: 'ZJ',
    name: '扶贫资金股（保底8%）',
    kind: 'capital',
    guaranteedRate: '0.08',
  });
  await shuji.call('POST', `/api/villages/${v}/holdings`, {
    externalHolder: '旗财政扶贫资金',
    shareClassCode: 'ZJ',
    quantity: '1',
    capitalAmount: '1250000.00',
    date: '2022-07-01',
  });
}

/** 2022's rule set and a year of scored events (a few low and high scorers), approved and made public. */
async function scores2022({ v, shuji, pingyi1, pingyi2, log }: Demo, households: Household[]): Promise<void> {
  const rules = JSON.parse(readFileSync(join(DATA, 'rules/default-ruleset.json'), 'utf8'));
  await shuji.call('POST', `/api/villages/${v}/score-rulesets`, {
    year: 2022,
    baseScore: rules.baseScore,
    rules: rules.rules,
  });
  const random = rng(2022);
  const events = [];
  for (const [i, h] of households.entries()) {
    for (const [ruleCode, points] of scorePlan(i, random)) {
      events.push({
        householdId: h.id,
        ruleCode,
        points,
        date: `2022-${String(3 + Math.floor(random() * 9)).padStart(2, '0')}-15`,
        evidence: '嘎查评议小组季度评议',
      });
    }
  }
  const bulk = await pingyi1.call('POST', `/api/villages/${v}/score-events/bulk`, { events });
  for (const id of bulk.ids) await pingyi2.call('POST', `/api/score-events/${id}/approve`, {});
  // Publicity cannot be backdated: the 2022 window opens today for the charter's 5 days.
  await shuji.call('POST', `/api/villages/${v}/score-publicity`, { year: 2022 });
  log(`2022 年积分：${bulk.created} 条已审核`);
}

/** The (rule, points) of the i-th household's 2022 events. */
function scorePlan(i: number, random: () => number): [string, number][] {
  if (i % 23 === 7) {
    return [
      ['WS02', -8],
      ['LL02', -15],
      ['ZL01', 2],
    ];
  }
  if (i % 19 === 3) {
    return [
      ['ZL01', 10],
      ['GY01', 5],
      ['CY01', 8],
      ['LL01', 4],
    ];
  }
  return [
    ['WS01', Math.floor(random() * 6)],
    random() < 0.3 ? ['WS02', -Math.ceil(random() * 8)] : ['GY01', Math.floor(random() * 6)],
    ['ZL01', Math.floor(random() * 6)],
  ];
}

/** 2022's income (with a land compensation that is not distributed), expenses and a draft weighted by score. */
async function books2022({ v, kuaiji, shuji, income, log }: Demo): Promise<{ id: string }> {
  await income('2022-04-30', '经营收入', '160000.00', '2022-收-001', 'LVHUA', '绿化养护合同（上半年）');
  await income('2022-06-30', '经营收入', '125000.00', '2022-收-002', 'TUDI', '土地流转租金');
  await income('2022-09-30', '经营收入', '100000.00', '2022-收-003', 'LVHUA', '绿化养护合同（下半年）');
  await income('2022-10-15', '经营收入', '30000.00', '2022-收-004', 'PUTAO', '温棚葡萄销售');
  await income('2022-12-20', '经营收入', '70000.00', '2022-收-005', 'GUANGCHANG', '商业广场商铺租金');
  const compensation = '征地补偿费（计入公积公益金，不参与分配）';
  await income('2022-11-01', '其他收入', '200000.00', '2022-收-006', undefined, compensation, false);
  await kuaiji.call('POST', `/api/villages/${v}/expenses`, {
    date: '2022-12-25',
    category: '管理费用',
    amount: '15000.00',
    voucherNo: '2022-支-001',
    memo: '嘎查办公及会议费',
  });
  const run2022 = await shuji.call('POST', `/api/villages/${v}/dividend-runs`, {
    year: 2022,
    reservePercent: '15',
    deductions: [
      { name: '养老保险', amount: '60400.00' },
      { name: '合作医疗', amount: '112860.00' },
    ],
    distribute: { all: true },
    basis: 'member',
    scoring: { mode: 'split', scoreShare: '0.3' },
  });
  log(`2022 年分红草稿（股份+积分，积分部分30%）：可分配 ${run2022.pool} 元`);
  return run2022;
}

interface HouseholdView {
  id: string;
  code: string;
  members: { id: string; name: string }[];
}

/**
 * 2022–2026: a capital fund paid in mid-2022, births, two deaths (one a head), a marriage out and one in, a
 * split (分户), income every year, the 2023 and 2024 plans walked through their course on their dates and paid,
 * and two 2025 drafts (as of the record date, and pro-rated by days) — so every screen has recent data.
 */
async function livesOn(d: Demo) {
  await registerChanges(d);
  await laterIncome(d);
  for (const year of [2023, 2024]) await plannedAndPaid(d, year);
  return { run2025Ids: await drafts2025(d) };
}

async function registerChanges({ v, kuaiji, shuji, log }: Demo): Promise<void> {
  const all = (await kuaiji.call('GET', `/api/villages/${v}/households?limit=1000`)).items as HouseholdView[];
  const threes = all.filter((h) => h.members.length === 3);
  const twos = all.filter((h) => h.members.length === 2);
  const memberUrl = (h: HouseholdView) => `/api/villages/${v}/households/${h.id}/members`;

  const born = async (h: HouseholdView, name: string, relation: string, date: string) =>
    kuaiji.call('POST', memberUrl(h), { name, relation, date, reason: 'birth' });
  await born(twos[2], '小其其格', '孙女', '2023-03-12');
  await kuaiji.call('PATCH', `${memberUrl(twos[9])}/${twos[9].members[1].id}`, {
    status: 'deceased',
    date: '2023-09-20',
  });
  await kuaiji.call('PATCH', `${memberUrl(threes[0])}/${threes[0].members[2].id}`, {
    status: 'moved_out',
    date: '2024-02-14',
    reason: 'marriage_out',
  });
  const bride = await kuaiji.call('POST', memberUrl(threes[1]), {
    name: '乌云娜',
    relation: '儿媳',
    date: '2024-05-01',
    reason: 'marriage_in',
  });
  const son = threes[1].members[2];
  await shuji.call('POST', `/api/villages/${v}/households/${threes[1].id}/split`, {
    code: `${threes[1].code}-1`,
    headMemberId: son.id,
    memberIds: [son.id, bride.id],
    date: '2024-10-08',
  });
  const widow = twos[14];
  await kuaiji.call('PATCH', `${memberUrl(widow)}/${widow.members[0].id}`, { status: 'deceased', date: '2025-04-18' });
  await shuji.call('POST', `/api/villages/${v}/households/${widow.id}/head`, {
    memberId: widow.members[1].id,
    date: '2025-04-20',
  });
  await born(twos[20], '小巴特尔', '孙子', '2025-07-01');
  await born(threes[2], '小格日乐', '孙女', '2026-02-03');
  log('花名册变动：2023–2026 年出生 3 人、死亡 2 人（其一为户主）、婚出 1 人、婚入 1 人、分户 1 户');
}

async function laterIncome({ income, log }: Demo): Promise<void> {
  for (const year of [2023, 2024, 2025]) {
    await income(`${year}-04-30`, '经营收入', '160000.00', `${year}-收-001`, 'LVHUA', '绿化养护合同（上半年）');
    await income(`${year}-06-30`, '经营收入', '125000.00', `${year}-收-002`, 'TUDI', '土地流转租金');
    await income(`${year}-09-30`, '经营收入', '100000.00', `${year}-收-003`, 'LVHUA', '绿化养护合同（下半年）');
    await income(`${year}-12-20`, '经营收入', '75000.00', `${year}-收-004`, 'GUANGCHANG', '商业广场商铺租金');
  }
  await income('2026-04-30', '经营收入', '165000.00', '2026-收-001', 'LVHUA', '绿化养护合同（上半年）');
  await income('2026-06-30', '经营收入', '125000.00', '2026-收-002', 'TUDI', '土地流转租金');
  log('2023–2025 年每年收入 460,000.00 元；2026 年至今 290,000.00 元');
}

/** A year's plan: published on 12-10, adopted on 12-22 by the representatives, posted, 20 paid in January. */
async function plannedAndPaid({ v, kuaiji, shuji, zhuren, travelTo, log }: Demo, year: number): Promise<void> {
  const run = await shuji.call('POST', `/api/villages/${v}/dividend-runs`, {
    year,
    distribute: { all: true },
    basis: 'member',
    scoring: { mode: 'none' },
  });
  travelTo(`${year}-12-10T09:00`);
  await shuji.call('POST', `/api/dividend-runs/${run.id}/publish`);
  travelTo(`${year}-12-22T15:00`);
  await zhuren.call('POST', `/api/dividend-runs/${run.id}/approve`, {
    resolutionRef: `巴嘎成决〔${year}〕4号`,
    meeting: { type: '成员代表大会', date: `${year}-12-22`, eligible: 36, present: 34, inFavour: 32 },
  });
  await shuji.call('POST', `/api/dividend-runs/${run.id}/post`);
  travelTo(null);
  const payouts = run.payouts as { householdId: string; householdCode: string; amount: string }[];
  for (const p of payouts.filter((x) => x.amount !== '0.00').slice(0, 20)) {
    await kuaiji.call('POST', `/api/dividend-runs/${run.id}/payments`, {
      householdId: p.householdId,
      amount: p.amount,
      method: 'bank',
      date: `${year + 1}-01-10`,
      receiptNo: `${year + 1}-付-${p.householdCode}`,
    });
  }
  log(`${year} 年分红已公示、表决、过账：分配 ${run.pool} 元，20 户已兑付`);
}

/** Two 2025 drafts, as of the record date and pro-rated by days, and the households where they differ. */
async function drafts2025({ v, shuji, log }: Demo): Promise<DemoResult['run2025Ids']> {
  const draft2025 = (proRate: 'none' | 'days') =>
    shuji.call('POST', `/api/villages/${v}/dividend-runs`, {
      year: 2025,
      distribute: { all: true },
      basis: 'member',
      scoring: { mode: 'none' },
      proRate,
    });
  const asOfRecordDate = await draft2025('none');
  const byDays = await draft2025('days');
  type Payouts = { payouts: { householdCode: string; amount: string; units: string }[] };
  const byCode = (run: Payouts) => new Map(run.payouts.map((p) => [p.householdCode, p]));
  const a = byCode(asOfRecordDate);
  const b = byCode(byDays);
  const unitsDiffer = [...a.keys()].filter((code) => a.get(code)!.units !== b.get(code)?.units);
  const show = (code: string) =>
    `${code} ${a.get(code)!.units} 人 ${a.get(code)!.amount} → ${b.get(code)!.units} 人 ${b.get(code)!.amount}`;
  log(
    `2025 年草稿两份（分配 ${asOfRecordDate.pool} 元）：按天折算时人口不同的 ${unitsDiffer.length} 户：` +
      `${unitsDiffer.map(show).join('；')}；其余各户因总人数变化相差不足 1 元`,
  );
  return { recordDate: asOfRecordDate.id as string, byDays: byDays.id as string };
}
