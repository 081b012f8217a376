/** Checks of score events against their year's rule set, caps and freeze. Pure. */
export interface EventError {
  index: number;
  field: string;
  message: string;
}

export interface EventInput {
  householdId: string;
  ruleCode: string;
  points: number;
  date: string;
}

export interface EventCheckContext {
  today: string;
  /** Households of the village among those the events name. */
  households: Set<string>;
  ruleSets: { id: string; year: number }[];
  rules: { ruleSetId: string; code: string; minPoints: number; maxPoints: number; capPerYear: number | null }[];
  /** Years whose scores a posted dividend run has frozen. */
  frozenYears: Set<number>;
  /** Points already counted against a cap, by `household|year|rule` (approved or pending); updated as events pass. */
  capUse: Map<string, number>;
}

export const eventYear = (e: { date: string }): number => Number(e.date.slice(0, 4));

export const capKey = (householdId: string, year: number, ruleCode: string): string =>
  `${householdId}|${year}|${ruleCode}`;

/** Every problem by index and field; `valid` lists the indexes of the events without one. */
export function checkEvents(
  events: EventInput[],
  ctx: EventCheckContext,
): { errors: EventError[]; notFoundHousehold: boolean; valid: number[] } {
  const errors: EventError[] = [];
  const valid: number[] = [];
  let notFoundHousehold = false;
  events.forEach((dto, index) => {
    const before = errors.length;
    if (!ctx.households.has(dto.householdId)) {
      notFoundHousehold = true;
      errors.push({
        index,
        field: 'householdId',
        message: '户不存在或不属于本嘎查/村 / household not found in this village',
      });
    }
    if (dto.date > ctx.today) {
      errors.push({ index, field: 'date', message: '日期不能晚于今天 / date must not be in the future' });
    }
    const problem = ruleProblem(dto, ctx);
    if (problem) errors.push({ index, ...problem });
    const year = eventYear(dto);
    if (ctx.frozenYears.has(year)) {
      errors.push({
        index,
        field: 'date',
        message: `${year} 年积分已用于已过账的分红，不能再修改 / ${year} scores are frozen by a posted dividend run`,
      });
    }
    if (errors.length === before) valid.push(index);
  });
  return { errors, notFoundHousehold, valid };
}

/** The rule set, rule, points range and yearly cap of one event; counts its points against the cap when they fit. */
function ruleProblem(dto: EventInput, ctx: EventCheckContext): { field: string; message: string } | null {
  const year = eventYear(dto);
  const ruleSet = ctx.ruleSets.find((s) => s.year === year);
  if (!ruleSet) return { field: 'date', message: `${year} 年没有积分规则 / no rule set for ${year}` };
  const rule = ctx.rules.find((r) => r.ruleSetId === ruleSet.id && r.code === dto.ruleCode);
  if (!rule) {
    return {
      field: 'ruleCode',
      message: `${year} 年规则中没有「${dto.ruleCode}」 / rule ${dto.ruleCode} is not in the ${year} rule set`,
    };
  }
  if (dto.points < rule.minPoints || dto.points > rule.maxPoints) {
    return {
      field: 'points',
      message:
        `分值须在 ${rule.minPoints} 到 ${rule.maxPoints} 之间 / ` +
        `points must be within [${rule.minPoints}, ${rule.maxPoints}]`,
    };
  }
  if (rule.capPerYear === null) return null;
  const key = capKey(dto.householdId, year, rule.code);
  const used = (ctx.capUse.get(key) ?? 0) + dto.points;
  if (used > rule.capPerYear) {
    return {
      field: 'points',
      message: `超过该规则每户每年上限 ${rule.capPerYear} 分 / exceeds the yearly cap of ${rule.capPerYear}`,
    };
  }
  ctx.capUse.set(key, used);
  return null;
}
