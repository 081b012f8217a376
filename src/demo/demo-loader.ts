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
  householdId: string;
  householdUsername: string;
  /** A real verification code from the posted 2021 run, to try the verify page. */
  sampleCode: string;
}

export async function loadDemo(
  baseUrl: string,
  adminPassword: string,
  log: (line: string) => void = () => {},
  /** Moves the server's clock to a Beijing time `YYYY-MM-DDTHH:MM` (null: back to now), for dated steps. */
  travelTo: (beijing: string | null) => void = () => {},
): Promise<DemoResult> {
  const admin = await new Api(baseUrl).login('admin', adminPassword);
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

  const form = new FormData();
  form.append('file', new Blob([readFileSync(join(DATA, 'demo/roster.csv'))], { type: 'text/csv' }), 'roster.csv');
  const imported = await kuaiji.call('POST', `/api/villages/${v}/households/import`, undefined, form);
  log(`花名册：${imported.households} 户 ${imported.members} 人（其中 3 人成员资格待确认）`);
  const households = (await kuaiji.call('GET', `/api/villages/${v}/households?limit=1000`)).items as {
    id: string;
    code: string;
  }[];
  await admin.call('POST', '/api/users', {
    username: 'hu001',
    password: DEMO_PASSWORD,
    role: 'household',
    householdId: households[0].id,
  });

  const sources = [
    ['LVHUA', '绿化养护'],
    ['TUDI', '土地流转'],
    ['GUANGCHANG', '商业广场租金'],
    ['PUTAO', '温棚葡萄'],
    ['HEDAO', '河道清淤'],
  ];
  for (const [code, name] of sources) await kuaiji.call('POST', `/api/villages/${v}/income-sources`, { code, name });
  const income = async (
    date: string,
    category: string,
    amount: string,
    voucherNo: string,
    sourceCode?: string,
    memo?: string,
    distributable = true,
  ) =>
    kuaiji.call('POST', `/api/villages/${v}/income`, {
      date,
      category,
      amount,
      voucherNo,
      ...(sourceCode ? { sourceCode } : {}),
      ...(memo ? { memo } : {}),
      distributable,
    });
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

  const run2021 = await shuji.call('POST', `/api/villages/${v}/dividend-runs`, {
    year: 2021,
    deductions: [{ name: '防贫保险（脱贫户）', amount: '3360.00' }],
    distribute: { amount: '183500.00' },
    basis: 'member',
    scoring: { mode: 'none' },
  });
  // The plan's course in 2021: published on 12-15, adopted by the representatives on 12-28, posted that day.
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
    date: '2022-01-01',
  });

  const rules = JSON.parse(readFileSync(join(DATA, 'rules/default-ruleset.json'), 'utf8'));
  await shuji.call('POST', `/api/villages/${v}/score-rulesets`, {
    year: 2022,
    baseScore: rules.baseScore,
    rules: rules.rules,
  });
  const random = rng(2022);
  const events = [];
  for (const [i, h] of households.entries()) {
    const profile = i % 23 === 7 ? 'low' : i % 19 === 3 ? 'high' : 'normal';
    const plan: [string, number][] =
      profile === 'low'
        ? [
            ['WS02', -8],
            ['LL02', -15],
            ['ZL01', 2],
          ]
        : profile === 'high'
          ? [
              ['ZL01', 10],
              ['GY01', 5],
              ['CY01', 8],
              ['LL01', 4],
            ]
          : [
              ['WS01', Math.floor(random() * 6)],
              random() < 0.3 ? ['WS02', -Math.ceil(random() * 8)] : ['GY01', Math.floor(random() * 6)],
              ['ZL01', Math.floor(random() * 6)],
            ];
    for (const [ruleCode, points] of plan) {
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

  await income('2022-04-30', '经营收入', '160000.00', '2022-收-001', 'LVHUA', '绿化养护合同（上半年）');
  await income('2022-06-30', '经营收入', '125000.00', '2022-收-002', 'TUDI', '土地流转租金');
  await income('2022-09-30', '经营收入', '100000.00', '2022-收-003', 'LVHUA', '绿化养护合同（下半年）');
  await income('2022-10-15', '经营收入', '30000.00', '2022-收-004', 'PUTAO', '温棚葡萄销售');
  await income('2022-12-20', '经营收入', '70000.00', '2022-收-005', 'GUANGCHANG', '商业广场商铺租金');
  await income(
    '2022-11-01',
    '其他收入',
    '200000.00',
    '2022-收-006',
    undefined,
    '征地补偿费（计入公积公益金，不参与分配）',
    false,
  );
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
  return {
    villageId: v,
    run2021Id: run2021.id,
    run2022Id: run2022.id,
    householdId: households[0].id,
    householdUsername: 'hu001',
    sampleCode,
  };
}
