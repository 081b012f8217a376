import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { visibleToHousehold } from '../auth/household-scope.js';
import { Clock } from '../common/clock.js';
import { notFound } from '../common/errors/domain-error.js';
import { VillageAccess } from '../common/village-access.js';
import { scoresFinal } from './publicity.js';
import { type Scorecard, computeScorecards, rankScores, scoreOf } from './score.js';
import type { PublicityWindow, RuleSet } from './scoring.entity.js';
import { ScoringRepository } from './scoring.repository.js';
import type { ScorecardView } from './views.js';

export interface YearScores {
  ruleSet: RuleSet | null;
  cards: Map<string, Scorecard>;
}

export interface ScoreStatus {
  publicityClosed: boolean;
  openObjections: number;
  window: PublicityWindow | null;
}

/**
 * A year's scores as they stand: what the dividend run and the printouts read of scoring (exported by
 * ScoringModule), and the village's scorecards.
 */
@Injectable()
export class ScoringService {
  constructor(
    private readonly scores: ScoringRepository,
    private readonly access: VillageAccess,
    private readonly clock: Clock,
  ) {}

  /** Scores of every household for the year, from approved events as they stand. */
  async computeYear(
    manager: EntityManager,
    villageId: string,
    year: number,
    householdIds: string[],
  ): Promise<YearScores> {
    const ruleSet = await this.scores.findRuleSet(villageId, year, manager);
    if (!ruleSet) return { ruleSet: null, cards: computeScorecards(0, householdIds, []) };
    const rules = await this.scores.rulesOf(ruleSet.id, manager);
    const category = new Map(rules.map((r) => [r.code, r.category]));
    const sums = await this.scores.approvedSums(manager, villageId, year);
    return {
      ruleSet,
      cards: computeScorecards(
        ruleSet.baseScore,
        householdIds,
        sums.map((e) => ({ ...e, category: category.get(e.ruleCode) ?? '' })),
      ),
    };
  }

  /** The year's score of any household (0 without a rule set): what a dividend run weighs, nothing more. */
  async yearScores(manager: EntityManager, villageId: string, year: number) {
    const ruleSet = await this.scores.findRuleSet(villageId, year, manager);
    if (!ruleSet) return { ruleSet: null, scoreOf: scoreOf(0, []) };
    return { ruleSet, scoreOf: scoreOf(ruleSet.baseScore, await this.scores.approvedSums(manager, villageId, year)) };
  }

  /**
   * Where a year's scores stand: used for the dividend run's warnings. The latest window decides: a new
   * round opened after a closed one makes the scores not final again until it closes.
   */
  async scoreStatus(manager: EntityManager, villageId: string, year: number): Promise<ScoreStatus> {
    const window = await this.scores.latestWindow(villageId, year, manager);
    const openObjections = await this.scores.countOpenObjections(villageId, year, manager);
    return { publicityClosed: scoresFinal(window, this.clock.todayIso()), openObjections, window };
  }

  /** The year's latest publicity window (the one that decides), or null before any. */
  latestWindow(manager: EntityManager, villageId: string, year: number): Promise<PublicityWindow | null> {
    return this.scores.latestWindow(villageId, year, manager);
  }

  async scorecards(actor: Actor, villageId: string, year: number): Promise<ScorecardView[]> {
    await this.access.village(actor, villageId);
    const households = await this.scores.householdsOfVillage(villageId);
    const { ruleSet, cards } = await this.computeYear(
      this.scores.manager,
      villageId,
      year,
      households.map((h) => h.id),
    );
    if (!ruleSet) throw notFound(`rule set ${year}`, `${year} 年积分规则`);
    const list = households.map((h) => ({ household: h, card: cards.get(h.id)! }));
    const ranks = rankScores(list.map((l) => l.card.score));
    const rows = list.map(({ household, card }, i) => ({
      householdId: household.id,
      householdCode: household.code,
      headName: household.headName,
      base: card.base,
      score: card.score,
      breakdown: card.breakdown,
      byCategory: card.byCategory,
      rank: ranks[i],
    }));
    return visibleToHousehold(actor, rows, (r) => r.householdId);
  }
}
