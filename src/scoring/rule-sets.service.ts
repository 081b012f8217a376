import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { DomainError, conflict, notFound } from '../common/errors/domain-error.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { VillageAccess } from '../common/village-access.js';
import type { CreateRuleSetDto } from './dto.js';
import type { Rule, RuleSet } from './scoring.entity.js';
import { ScoringRepository } from './scoring.repository.js';
import { type RuleSetDetail, type RuleSetList, type RuleSetView, ruleSetView } from './views.js';

type RuleInput = Pick<Rule, 'code' | 'name' | 'category' | 'minPoints' | 'maxPoints'> & { capPerYear?: number | null };

/** The rules of a year's scoring (one set per village and year). */
@Injectable()
export class RuleSetsService {
  constructor(
    private readonly scores: ScoringRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly access: VillageAccess,
    private readonly clock: Clock,
  ) {}

  createRuleSet(actor: Actor, villageId: string, dto: CreateRuleSetDto): Promise<RuleSetView> {
    const errors: string[] = [];
    const codes = new Set<string>();
    dto.rules.forEach((r, i) => {
      if (r.minPoints > r.maxPoints) {
        errors.push(`rules.${i}.minPoints: 不能大于 maxPoints / rules.${i}.minPoints must be ≤ maxPoints`);
      }
      if (codes.has(r.code)) errors.push(`rules.${i}.code: 规则编号重复 / rules.${i}.code is duplicated`);
      codes.add(r.code);
    });
    if (errors.length) {
      throw new DomainError('BadInput', 'BAD_RULES', errors.join('; '), 'invalid rules', { message: errors });
    }
    return this.tx.run(async (manager) => {
      await this.access.village(actor, villageId, manager);
      return this.insertRuleSet(
        manager,
        actor,
        { villageId, year: dto.year, baseScore: dto.baseScore ?? 100 },
        dto.rules,
      );
    });
  }

  copyRuleSet(actor: Actor, villageId: string, fromYear: number, toYear: number): Promise<RuleSetView> {
    return this.tx.run(async (manager) => {
      await this.access.village(actor, villageId, manager);
      const source = await this.scores.findRuleSet(villageId, fromYear, manager);
      if (!source) throw notFound(`rule set ${fromYear}`, `${fromYear} 年积分规则`);
      const rules = await this.scores.rulesOf(source.id, manager);
      return this.insertRuleSet(manager, actor, { villageId, year: toYear, baseScore: source.baseScore }, rules);
    });
  }

  async getRuleSet(actor: Actor, villageId: string, year: number): Promise<RuleSetDetail> {
    await this.access.village(actor, villageId);
    const ruleSet = await this.scores.findRuleSet(villageId, year);
    if (!ruleSet) throw notFound(`rule set ${year}`, `${year} 年积分规则`);
    const rules = await this.scores.rulesOf(ruleSet.id);
    return { ...ruleSetView(ruleSet, rules), frozen: await this.scores.isYearDistributed(villageId, year) };
  }

  async listRuleSets(actor: Actor, villageId: string): Promise<RuleSetList> {
    await this.access.village(actor, villageId);
    const sets = await this.scores.ruleSetsOfVillage(villageId);
    return { items: sets.map((s) => ({ id: s.id, year: s.year, baseScore: s.baseScore })), total: sets.length };
  }

  private async insertRuleSet(
    manager: EntityManager,
    actor: Actor,
    set: { villageId: string; year: number; baseScore: number },
    rules: RuleInput[],
  ): Promise<RuleSetView> {
    const { villageId, year, baseScore } = set;
    if (await this.scores.ruleSetExists(villageId, year, manager)) {
      throw conflict('RULESET_EXISTS', `${year} 年的积分规则已存在`, `a rule set for ${year} already exists`);
    }
    const ruleSet: RuleSet = {
      id: randomUUID(),
      villageId,
      year,
      baseScore,
      createdBy: actor.userId,
      createdAt: this.clock.nowIso(),
    };
    const rows: Rule[] = rules.map((r) => ({
      id: randomUUID(),
      ruleSetId: ruleSet.id,
      code: r.code,
      name: r.name,
      category: r.category,
      minPoints: r.minPoints,
      maxPoints: r.maxPoints,
      capPerYear: r.capPerYear ?? null,
    }));
    await this.scores.insertRuleSet(manager, ruleSet, rows);
    await this.audit.record(manager, actor, {
      action: 'ruleset.create',
      target: ruleSet.id,
      villageId,
      summary: { year, baseScore, rules: rows.length },
    });
    return ruleSetView(ruleSet, rows);
  }
}
