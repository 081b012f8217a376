/**
 * Deterministic data for benchmarks and load tests (seeded): villages × households with members, member
 * share holdings, a year of income and expense entries, and about 10 score events per household.
 */
export function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    // xorshift32
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '孟', '包', '白', '韩'];
const GIVEN = ['巴特尔', '其其格', '建国', '秀英', '乌云', '阿古拉', '志刚', '图雅', '海燕', '朝鲁'];

export interface GeneratedVillage {
  code: string;
  rosterCsv: string;
  households: number;
  members: number;
}

/** One village's roster: household codes `${prefix}00001`…, 1–5 members each. */
export function generateRoster(prefix: string, households: number, seed: number): GeneratedVillage {
  const random = prng(seed);
  const lines = ['householdCode,headName,memberName,relation,isMember'];
  let members = 0;
  for (let h = 1; h <= households; h++) {
    const code = `${prefix}${String(h).padStart(6, '0')}`;
    const head = SURNAMES[Math.floor(random() * SURNAMES.length)] + GIVEN[Math.floor(random() * GIVEN.length)];
    const size = 1 + Math.floor(random() * 5);
    for (let m = 0; m < size; m++) {
      lines.push(
        `${code},${head},${m === 0 ? head : `${head}-${m}`},${m === 0 ? '户主' : '家庭成员'},${random() < 0.02 ? '否' : '是'}`,
      );
      members++;
    }
  }
  return { code: prefix, rosterCsv: lines.join('\n') + '\n', households, members };
}

/** Calculator input households: units 1–5, scores 60–130, codes in order. */
export function generateCalcHouseholds(count: number, seed: number) {
  const random = prng(seed);
  return Array.from({ length: count }, (_, i) => ({
    householdId: `h${i}`,
    householdCode: `H${String(i).padStart(8, '0')}`,
    memberUnits: String(1 + Math.floor(random() * 5)),
    shareUnits: (1 + Math.floor(random() * 40) / 10).toFixed(1),
    score: 60 + Math.floor(random() * 71),
  }));
}

/** A year of income and expense entries (amounts in yuan strings). */
export function generateLedgerYear(year: number, entries: number, seed: number) {
  const random = prng(seed);
  return Array.from({ length: entries }, (_, i) => {
    const income = random() < 0.7;
    const month = 1 + Math.floor(random() * 12);
    return {
      kind: income ? ('income' as const) : ('expense' as const),
      date: `${year}-${String(month).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`,
      category: income
        ? ['经营收入', '投资收益', '补助收入', '其他收入'][Math.floor(random() * 4)]
        : ['经营支出', '管理费用', '其他支出'][Math.floor(random() * 3)],
      amount: (income ? 1000 + Math.floor(random() * 5_000_000) : 100 + Math.floor(random() * 500_000)) / 100 + '',
      voucherNo: `${income ? 'I' : 'E'}-${year}-${i + 1}`,
    };
  }).map((e) => ({ ...e, amount: Number(e.amount).toFixed(2) }));
}

/** About `perHousehold` score events per household under rules A (0..5) and B (-5..0). */
export function generateScoreEvents(householdIds: string[], year: number, perHousehold: number, seed: number) {
  const random = prng(seed);
  const events = [];
  for (const householdId of householdIds) {
    for (let i = 0; i < perHousehold; i++) {
      const positive = random() < 0.8;
      events.push({
        householdId,
        ruleCode: positive ? 'A' : 'B',
        points: positive ? Math.floor(random() * 6) : -Math.floor(random() * 6),
        date: `${year}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-15`,
        evidence: '评议',
      });
    }
  }
  return events;
}
