/** A run's request: the charter's defaults filled in, checked and turned into the calculator's parameters. */
import { badInput } from '../common/errors/domain-error.js';
import { yuanToFen } from '../common/money.js';
import type { VillageCharter } from '../villages/village.entity.js';
import type { CalcParams } from './calculator.js';
import type { CreateRunDto, ScoringDto } from './dto.js';

/** A run request with the charter's defaults filled in: what is stored and recomputed. */
export type ResolvedRunRequest = CreateRunDto & { scoring: ScoringDto };

/**
 * The plan as adopted: an omitted `scoring` takes the charter's default scheme (split with its default score
 * share, or none when the charter names no share), an omitted reserve the charter's minimum.
 */
export function withCharterDefaults(dto: CreateRunDto, charter: VillageCharter): ResolvedRunRequest {
  const scheme = charter.defaultScheme;
  const scoring: ScoringDto =
    dto.scoring ??
    (scheme === 'split' && charter.defaultScoreShare
      ? { mode: 'split', scoreShare: charter.defaultScoreShare }
      : scheme === 'proportional'
        ? { mode: 'proportional' }
        : { mode: 'none' });
  return { ...dto, scoring, reservePercent: dto.reservePercent ?? charter.minReservePercent };
}

export function toCalcParams(dto: ResolvedRunRequest): CalcParams {
  const scoring = dto.scoring;
  if (scoring.mode === 'tiered' && !scoring.tiers) {
    throw badInput('TIERS_REQUIRED', 'scoring.tiers: 分档方案须给出分档', 'scoring.tiers is required for tiered');
  }
  if (scoring.mode === 'split' && !scoring.scoreShare) {
    throw badInput(
      'SCORE_SHARE_REQUIRED',
      'scoring.scoreShare: 积分奖励方案须给出积分部分比例',
      'scoring.scoreShare is required for split',
    );
  }
  if (scoring.mode !== 'tiered' && scoring.tiers) {
    throw badInput(
      'TIERS_UNEXPECTED',
      'scoring.tiers: 只有 tiered 方案可以设置分档',
      'scoring.tiers is only for tiered',
    );
  }
  if (scoring.mode !== 'split' && scoring.scoreShare) {
    throw badInput(
      'SCORE_SHARE_UNEXPECTED',
      'scoring.scoreShare: 只有 split 方案可以设置',
      'scoring.scoreShare is only for split',
    );
  }
  const hasAmount = dto.distribute.amount !== undefined;
  if (hasAmount === (dto.distribute.all === true)) {
    throw badInput(
      'DISTRIBUTE_ONE_OF',
      'distribute: 须且只能给出 amount 或 all: true 之一',
      'distribute must be either {amount} or {all: true}',
    );
  }
  return {
    lossMakeupFen: dto.lossMakeup ? yuanToFen(dto.lossMakeup) : 0,
    reservePercent: dto.reservePercent ?? '0',
    deductions: (dto.deductions ?? []).map((d) => ({ name: d.name, amountFen: yuanToFen(d.amount) })),
    distribute: hasAmount ? { amountFen: yuanToFen(dto.distribute.amount!) } : { all: true },
    basis: dto.basis,
    scoring:
      scoring.mode === 'tiered'
        ? { mode: 'tiered', tiers: scoring.tiers!.map((t) => ({ minScore: t.minScore, factor: t.factor })) }
        : scoring.mode === 'split'
          ? { mode: 'split', scoreShare: scoring.scoreShare! }
          : { mode: scoring.mode },
  };
}
