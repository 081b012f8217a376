import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { visibleToHousehold } from '../auth/household-scope.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { addDays } from '../common/dates.js';
import { conflict, forbidden, notFound, ruleViolation } from '../common/errors/domain-error.js';
import { TransactionRunner, yieldToLoop } from '../database/transaction-runner.js';
import { Village, charterOf } from '../villages/village.entity.js';
import { DividendRun, PlanObjection } from './dividend.entity.js';
import { DividendsService } from './dividends.service.js';
import { RunReadsService } from './run-reads.service.js';

function objectionView(o: PlanObjection) {
  return {
    id: o.id,
    runId: o.runId,
    householdId: o.householdId,
    reason: o.reason,
    createdAt: o.createdAt,
    status: o.answeredAt ? 'answered' : 'open',
    answer: o.answer,
    answeredAt: o.answeredAt,
  };
}

/** 公示 of a plan to members before the assembly, their written objections and the cadres' answers. */
@Injectable()
export class PlanService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly dividends: DividendsService,
    private readonly reads: RunReadsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  publish(actor: Actor, runId: string) {
    return this.tx.run(async (manager) => {
      const run = await this.dividends.visibleRun(manager, actor, runId);
      if (run.status !== 'draft') {
        throw conflict(
          'RUN_NOT_DRAFT',
          `分红方案当前状态为「${run.status}」，只有草稿可以公示`,
          `run is ${run.status}: only a draft can be published`,
        );
      }
      // nothing is written before the check: other requests may have their turns between its pages
      await this.dividends.assertFresh(manager, run.id, yieldToLoop);
      const village = (await manager.getRepository(Village).findOneBy({ id: run.villageId }))!;
      const publishedOn = this.clock.todayIso();
      const changes = {
        status: 'published' as const,
        publishedOn,
        publishedBy: actor.userId,
        objectionsUntil: addDays(publishedOn, charterOf(village).planPublicityDays - 1),
      };
      await manager.getRepository(DividendRun).update({ id: run.id, status: 'draft' }, changes);
      await this.audit.record(manager, actor, {
        action: 'dividend-run.publish',
        target: run.id,
        villageId: run.villageId,
        summary: { publishedOn, objectionsUntil: changes.objectionsUntil },
      });
      return { ...(await this.reads.summary(manager, { ...run, ...changes }, actor)), ...changes };
    });
  }

  object(actor: Actor, runId: string, reason: string) {
    return this.tx.run(async (manager) => {
      const run = await this.dividends.visibleRun(manager, actor, runId);
      if (!actor.householdId) {
        throw forbidden(
          'HOUSEHOLD_ONLY',
          '只有成员户可以对方案提出异议',
          'only a member household may object to a plan',
        );
      }
      if (run.status !== 'published') {
        throw ruleViolation(
          'PLAN_NOT_PUBLISHED',
          '方案不在公示期，不能提出异议',
          'the plan is not open to objections (not published)',
        );
      }
      const objection: PlanObjection = {
        id: randomUUID(),
        runId,
        householdId: actor.householdId,
        reason,
        createdBy: actor.userId,
        createdAt: this.clock.nowIso(),
        answer: null,
        answeredBy: null,
        answeredAt: null,
      };
      await manager.getRepository(PlanObjection).insert(objection);
      await this.audit.record(manager, actor, {
        action: 'plan-objection.create',
        target: objection.id,
        villageId: run.villageId,
        summary: { runId },
      });
      return objectionView(objection);
    });
  }

  answer(actor: Actor, objectionId: string, answer: string) {
    return this.tx.run(async (manager) => {
      const objection = await manager.getRepository(PlanObjection).findOneBy({ id: objectionId });
      if (!objection) throw notFound('objection', '异议');
      const run = await this.dividends.visibleRun(manager, actor, objection.runId);
      if (objection.answeredAt) {
        throw conflict('OBJECTION_ANSWERED', '该异议已答复', 'the objection is already answered');
      }
      const changes = { answer, answeredBy: actor.userId, answeredAt: this.clock.nowIso() };
      await manager.getRepository(PlanObjection).update({ id: objectionId }, changes);
      await this.audit.record(manager, actor, {
        action: 'plan-objection.answer',
        target: objectionId,
        villageId: run.villageId,
        summary: { runId: run.id },
      });
      return objectionView({ ...objection, ...changes });
    });
  }

  async list(actor: Actor, runId: string) {
    await this.dividends.visibleRun(this.dataSource.manager, actor, runId);
    const objections = await this.dataSource
      .getRepository(PlanObjection)
      .find({ where: { runId }, order: { createdAt: 'ASC' } });
    const items = visibleToHousehold(actor, objections, (o) => o.householdId).map(objectionView);
    return { items, total: items.length };
  }
}
