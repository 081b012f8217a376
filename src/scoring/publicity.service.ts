import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { conflict, forbidden, notFound, ruleViolation } from '../common/errors/domain-error.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { charterOf } from '../villages/village.entity.js';
import { VillageAccess } from '../common/village-access.js';
import type { PublicityDto } from './dto.js';
import { planWindow } from './publicity.js';
import { ScoreEventsService } from './score-events.service.js';
import type { Objection, PublicityWindow, ScoreEvent } from './scoring.entity.js';
import { ScoringRepository } from './scoring.repository.js';
import { type DecidedObjection, type ObjectionList, type WindowList, type WindowView, windowView } from './views.js';

/** Publicity windows (公示期) of a year's scores and the objections raised within them. */
@Injectable()
export class PublicityService {
  constructor(
    private readonly scores: ScoringRepository,
    private readonly events: ScoreEventsService,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly access: VillageAccess,
    private readonly clock: Clock,
  ) {}

  /** A new window: never shorter than the charter's days, never backdated, never replacing an unclosed one. */
  openPublicity(actor: Actor, villageId: string, dto: PublicityDto): Promise<WindowView> {
    return this.tx.run(async (manager) => {
      const village = await this.access.village(actor, villageId, manager);
      const today = this.clock.todayIso();
      const latest = await this.scores.latestWindow(villageId, dto.year, manager);
      const { startDate, endDate } = planWindow(dto, {
        today,
        publicityDays: charterOf(village).publicityDays,
        latest,
      });
      const window: PublicityWindow = {
        id: randomUUID(),
        villageId,
        year: dto.year,
        round: (latest?.round ?? 0) + 1,
        startDate,
        endDate,
        createdBy: actor.userId,
        createdAt: this.clock.nowIso(),
      };
      await this.scores.insertWindow(manager, window);
      await this.audit.record(manager, actor, {
        action: 'publicity.open',
        target: window.id,
        villageId,
        summary: { year: dto.year, round: window.round, startDate, endDate },
      });
      return windowView(window, today);
    });
  }

  async listPublicity(actor: Actor, villageId: string, year?: number): Promise<WindowList> {
    await this.access.village(actor, villageId);
    const windows = await this.scores.windowsOf(villageId, year);
    const today = this.clock.todayIso();
    return { items: windows.map((w) => windowView(w, today)), total: windows.length };
  }

  object(actor: Actor, eventId: string, reason: string): Promise<Objection> {
    return this.tx.run(async (manager) => {
      const event = await this.events.visibleEvent(manager, actor, eventId);
      await this.assertObjectable(manager, event);
      const objection: Objection = {
        id: randomUUID(),
        villageId: event.villageId,
        year: event.year,
        eventId,
        reason,
        status: 'open',
        raisedBy: actor.userId,
        raisedAt: this.clock.nowIso(),
        decidedBy: null,
        decisionReason: null,
      };
      await this.scores.insertObjection(manager, objection);
      await this.audit.record(manager, actor, {
        action: 'objection.raise',
        target: objection.id,
        villageId: event.villageId,
        summary: { eventId, reason },
      });
      return objection;
    });
  }

  /** Only an approved, not counter-, event, within its year's latest window, without an open objection. */
  private async assertObjectable(manager: EntityManager, event: ScoreEvent): Promise<void> {
    if (event.status !== 'approved' || event.voidsEventId) {
      throw ruleViolation(
        'NOT_OBJECTABLE',
        '只能对已通过的积分记录提出异议',
        'only approved events can be objected to',
      );
    }
    const window = await this.scores.latestWindow(event.villageId, event.year, manager);
    const today = this.clock.todayIso();
    if (!window || today < window.startDate || today > window.endDate) {
      throw ruleViolation(
        'OUTSIDE_PUBLICITY',
        window
          ? `异议须在公示期内提出（${window.startDate} 至 ${window.endDate}）`
          : `${event.year} 年积分尚未公示，不能提出异议`,
        'objections are accepted only within the publicity window',
      );
    }
    if (await this.scores.openObjectionExists(event.id, manager)) {
      throw conflict('OBJECTION_OPEN', '该记录已有待处理的异议', 'an objection to this event is already open');
    }
  }

  /** Upheld: the event is voided by an approved counter-event, never edited. Dismissed: kept, with the reason. */
  decideObjection(
    actor: Actor,
    objectionId: string,
    decision: 'upheld' | 'dismissed',
    reason: string,
  ): Promise<DecidedObjection> {
    return this.tx.run(async (manager) => {
      const objection = await this.scores.findObjection(objectionId, manager);
      if (!objection || !this.access.canSee(actor, objection.villageId)) throw notFound('objection', '异议');
      if (objection.status !== 'open') throw conflict('OBJECTION_DECIDED', '该异议已处理', 'objection already decided');
      if (objection.raisedBy === actor.userId) {
        throw forbidden(
          'FOUR_EYES',
          '提出异议的人不能自己处理',
          'the person who raised the objection cannot decide it',
        );
      }
      const counterEventId =
        decision === 'upheld' ? await this.voidEvent(manager, actor, objection.eventId, reason) : null;
      const changes = { status: decision, decidedBy: actor.userId, decisionReason: reason };
      await this.scores.updateObjection(manager, objectionId, changes);
      await this.audit.record(manager, actor, {
        action: `objection.${decision === 'upheld' ? 'uphold' : 'dismiss'}`,
        target: objectionId,
        villageId: objection.villageId,
        summary: { reason, counterEventId },
      });
      return { ...objection, ...changes, counterEventId };
    });
  }

  /** The approved counter-event of an upheld objection (refused once a posted run froze the year); its id. */
  private async voidEvent(manager: EntityManager, actor: Actor, eventId: string, reason: string): Promise<string> {
    const event = (await this.scores.findEvent(eventId, manager))!;
    if (await this.scores.isYearDistributed(event.villageId, event.year, manager)) {
      throw ruleViolation('SCORES_FROZEN', `${event.year} 年积分已冻结`, `${event.year} scores are frozen`);
    }
    const now = this.clock.nowIso();
    const counter: ScoreEvent = {
      ...event,
      id: randomUUID(),
      points: -event.points,
      evidence: `异议成立，冲销：${reason}`,
      attachmentRef: null,
      status: 'approved',
      recordedBy: actor.userId,
      decidedBy: actor.userId,
      decidedAt: now,
      decisionReason: reason,
      voidsEventId: event.id,
      createdAt: now,
    };
    await this.scores.insertEvent(manager, counter);
    return counter.id;
  }

  async listObjections(actor: Actor, villageId: string, year?: number): Promise<ObjectionList> {
    await this.access.village(actor, villageId);
    let items = await this.scores.objectionsOf(villageId, year);
    if (actor.role === 'household') {
      const own = await this.scores.eventIdsOfHousehold(actor.householdId ?? '-');
      items = items.filter((o) => own.has(o.eventId));
    }
    return { items, total: items.length };
  }
}
