/** Warnings a cadre must see before adopting a scheme. Pure. */
import { allocateLargestRemainder } from '../common/allocation.js';
import { decimal4ToScaled } from '../common/money.js';
import type { CalcColumns, CalcParams } from './calculator.js';

export interface RunWarning {
  code: string;
  message: string;
  householdCodes?: string[];
}

export interface WarningContext {
  params: CalcParams;
  result: CalcColumns;
  scoresFinal: { publicityClosed: boolean; openObjections: number };
  nonMemberHouseholds: string[];
  awayHouseholds: string[];
  /** Share basis: households holding more of the member shares than the charter's cap. */
  aboveCapHouseholds: string[];
}

/** Households whose scheme amount is below their plain share-based amount (the same pool by units alone). */
function cutHouseholds(ctx: WarningContext): string[] {
  const payouts = payoutsOf(ctx.result);
  const units = payouts.map((p) => decimal4ToScaled(p.units));
  if (units.every((u) => u === 0n) || ctx.result.totals.poolFen === 0) return [];
  const flat = allocateLargestRemainder(
    BigInt(ctx.result.totals.poolFen),
    payouts.map((p, i) => ({ key: p.householdCode, weight: units[i] })),
  );
  return payouts.filter((p, i) => BigInt(p.amountFen) < flat[i]).map((p) => p.householdCode);
}

function payoutsOf(result: CalcColumns) {
  return Array.from({ length: result.count }, (_, i) => result.payout(i));
}

/** Households with no units (a 0.00 payout), their payouts built one at a time. */
function zeroUnitHouseholds(result: CalcColumns): string[] {
  const codes: string[] = [];
  for (let i = 0; i < result.count; i++) {
    const p = result.payout(i);
    if (decimal4ToScaled(p.units) === 0n) codes.push(p.householdCode);
  }
  return codes;
}

export function runWarnings(ctx: WarningContext): RunWarning[] {
  const warnings: RunWarning[] = [];
  const mode = ctx.params.scoring.mode;
  if (mode === 'proportional' || mode === 'tiered') {
    const cut = cutHouseholds(ctx);
    if (cut.length) {
      warnings.push({
        code: 'SCORE_CUTS_SHARE_DIVIDEND',
        message:
          `法律风险：本方案按积分削减了 ${cut.length} 户按股份应得的分红。依《农村集体经济组织法》，股份（份额）是收益分配的依据，村规民约不得剥夺成员的财产权利，法院曾撤销此类分配；建议改用“股份分红+积分奖励”（split）方案。` +
          ` / Legal risk: this scheme cuts the share-based dividend of ${cut.length} households by score; prefer the split scheme.`,
        householdCodes: cut,
      });
    }
  }
  if (mode !== 'none' && (!ctx.scoresFinal.publicityClosed || ctx.scoresFinal.openObjections > 0)) {
    warnings.push({
      code: 'SCORES_NOT_FINAL',
      message: `本年度积分${ctx.scoresFinal.publicityClosed ? '' : '公示尚未结束'}${ctx.scoresFinal.openObjections ? `，尚有 ${ctx.scoresFinal.openObjections} 件异议未处理` : ''}，积分可能变化 / the year's scores are not final (publicity open or objections pending)`,
    });
  }
  if (ctx.params.basis === 'member' && ctx.nonMemberHouseholds.length) {
    warnings.push({
      code: 'NON_MEMBERS_EXCLUDED',
      message: `${ctx.nonMemberHouseholds.length} 户有未确认成员资格的人员（如非成员继承人），按人口计算时不计入 / ${ctx.nonMemberHouseholds.length} households have persons without membership who are not counted`,
      householdCodes: ctx.nonMemberHouseholds,
    });
  }
  if (ctx.awayHouseholds.length) {
    warnings.push({
      code: 'MEMBERS_AWAY',
      message: `${ctx.awayHouseholds.length} 户有外出登记的成员：依法外出务工、求学、服役不丧失成员资格，已计入 / ${ctx.awayHouseholds.length} households have members away: they keep membership (2024 law Art. 18) and count`,
      householdCodes: ctx.awayHouseholds,
    });
  }
  if (ctx.aboveCapHouseholds.length) {
    warnings.push({
      code: 'HOLDING_ABOVE_CAP',
      message: `${ctx.aboveCapHouseholds.length} 户持有的成员股超过章程规定的单户上限，请核实 / ${ctx.aboveCapHouseholds.length} households hold more member shares than the charter's cap`,
      householdCodes: ctx.aboveCapHouseholds,
    });
  }
  const zero = zeroUnitHouseholds(ctx.result);
  if (zero.length) {
    warnings.push({
      code: 'ZERO_UNITS',
      message: `${zero.length} 户没有可分配的人口或股份，分红为0 / ${zero.length} households have no units and get 0.00`,
      householdCodes: zero,
    });
  }
  return warnings;
}
