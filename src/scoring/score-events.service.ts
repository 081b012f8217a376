import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { conflict, forbidden, notFound, ruleViolation } from '../common/errors/domain-error.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { readUploadedTable } from '../households/roster-file.js';
import { VillageAccess } from '../common/village-access.js';
import type { ScoreEventDto } from './dto.js';
import { type EventError, capKey, checkEvents, eventYear } from './event-checks.js';
import { scoresFinal, scoresFinalMessage } from './publicity.js';
import { parseScoreSheet } from './score-import.js';
import type { PublicityWindow, ScoreEvent } from './scoring.entity.js';
import { ScoringRepository } from './scoring.repository.js';
import { type BulkRecorded, type ScoreEventList, type ScoreEventView, eventView } from './views.js';

type LabelledError = ({ index: number } | { row: number }) & { field: string; message: string };

/** Score events: recording (one, a meeting's batch, a sheet), listing, and the four-eyes approval. */
@Injectable()
export class ScoreEventsService {
  constructor(
    private readonly scores: ScoringRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly access: VillageAccess,
    private readonly clock: Clock,
  ) {}

  recordEvent(actor: Actor, villageId: string, dto: ScoreEventDto): Promise<ScoreEventView> {
    return this.tx.run(async (manager) => {
      await this.access.village(actor, villageId, manager);
      await this.assertNotFinal(manager, villageId, [dto]);
      const { errors, notFoundHousehold, rows } = await this.validateEvents(manager, villageId, [dto]);
      if (notFoundHousehold) throw notFound('household', '户');
      if (errors.length) {
        throw ruleViolation(
          'SCORE_EVENT_INVALID',
          errors.map((e) => `${e.field}: ${e.message}`).join('; '),
          'score event refused',
          { errors },
        );
      }
      const event = { ...rows[0], recordedBy: actor.userId };
      await this.scores.insertEvent(manager, event);
      await this.audit.record(manager, actor, {
        action: 'score-event.record',
        target: event.id,
        villageId,
        summary: dto,
      });
      return eventView(event);
    });
  }

  /**
   * A scoring meeting: many events at once, all or nothing. `rowOf` labels errors with the sheet row an
   * event came from (imports) instead of its index.
   */
  recordBulk(
    actor: Actor,
    villageId: string,
    events: ScoreEventDto[],
    rowOf?: (index: number) => number,
  ): Promise<BulkRecorded> {
    return this.tx.run(async (manager) => {
      await this.access.village(actor, villageId, manager);
      await this.assertNotFinal(manager, villageId, events, rowOf);
      const { errors, rows } = await this.validateEvents(manager, villageId, events);
      if (errors.length) {
        const labelled = errors
          .slice(0, 1000)
          .map((e) => (rowOf ? { row: rowOf(e.index), field: e.field, message: e.message } : e));
        throw ruleViolation(
          'SCORE_EVENTS_INVALID',
          `${errors.length} 处错误，未记录任何积分`,
          `${errors.length} errors, nothing recorded`,
          { errors: labelled },
        );
      }
      const stamped = rows.map((r) => ({ ...r, recordedBy: actor.userId }));
      await this.scores.insertEvents(manager, stamped);
      await this.audit.record(manager, actor, {
        action: 'score-event.bulk',
        target: villageId,
        villageId,
        summary: { count: stamped.length },
      });
      return { created: stamped.length, ids: stamped.map((r) => r.id) };
    });
  }

  /** A score sheet (CSV/XLSX): every bad row reported by row and field, nothing recorded unless all are good. */
  async importSheet(actor: Actor, villageId: string, file: Buffer): Promise<BulkRecorded> {
    await this.access.village(actor, villageId);
    const table = await readUploadedTable(file);
    const { items, errors } = parseScoreSheet(table.header, table.rows);
    const households = await this.scores.householdsByCodes(villageId, [...new Set(items.map((i) => i.householdCode))]);
    const idByCode = new Map(households.map((h) => [h.code, h.id]));
    for (const item of items) {
      if (!idByCode.has(item.householdCode)) {
        errors.push({
          row: item.row,
          field: 'householdCode',
          message: `户编号「${item.householdCode}」不存在 / unknown household ${item.householdCode}`,
        });
      }
    }
    if (errors.length) {
      throw ruleViolation(
        'IMPORT_INVALID',
        `导入失败：${errors.length} 处错误，未记录任何积分`,
        `import refused: ${errors.length} errors`,
        { errors },
      );
    }
    const events = items.map((i) => ({
      householdId: idByCode.get(i.householdCode)!,
      ruleCode: i.ruleCode,
      points: i.points,
      date: i.date,
      evidence: i.evidence,
    }));
    return this.recordBulk(actor, villageId, events, (index) => items[index].row);
  }

  async listEvents(
    actor: Actor,
    villageId: string,
    filter: { year?: number; status?: string; householdId?: string; limit: number },
  ): Promise<ScoreEventList> {
    await this.access.village(actor, villageId);
    const householdId = actor.role === 'household' ? (actor.householdId ?? '-') : filter.householdId;
    const { items, total } = await this.scores.listEvents({ ...filter, villageId, householdId });
    return { items: items.map(eventView), total };
  }

  /** An event the actor may see (their village; a household user only their own), or 404. */
  async visibleEvent(manager: EntityManager, actor: Actor, eventId: string): Promise<ScoreEvent> {
    const event = await this.scores.findEvent(eventId, manager);
    if (!event || !this.access.canSee(actor, event.villageId)) throw notFound('score event', '积分记录');
    this.access.assertHousehold(actor, event.householdId);
    return event;
  }

  decide(actor: Actor, eventId: string, decision: 'approved' | 'rejected', reason?: string): Promise<ScoreEventView> {
    return this.tx.run(async (manager) => {
      const event = await this.visibleEvent(manager, actor, eventId);
      await this.assertDecidable(manager, actor, event, decision);
      const changes = {
        status: decision,
        decidedBy: actor.userId,
        decidedAt: this.clock.nowIso(),
        decisionReason: reason ?? null,
      };
      await this.scores.updateEvent(manager, event.id, changes);
      await this.audit.record(manager, actor, {
        action: `score-event.${decision === 'approved' ? 'approve' : 'reject'}`,
        target: event.id,
        villageId: event.villageId,
        summary: { reason },
      });
      return eventView({ ...event, ...changes });
    });
  }

  /** Four eyes, still pending, and (to approve) neither frozen by a posted run nor final after publicity. */
  private async assertDecidable(
    manager: EntityManager,
    actor: Actor,
    event: ScoreEvent,
    decision: 'approved' | 'rejected',
  ): Promise<void> {
    if (event.recordedBy === actor.userId) {
      throw forbidden(
        'FOUR_EYES',
        '记录人不能审核自己记录的积分（须由另一人审核）',
        'the recorder cannot approve or reject their own event',
      );
    }
    if (event.status !== 'pending') {
      throw conflict(
        'ALREADY_DECIDED',
        `该积分记录已${event.status === 'approved' ? '通过' : '驳回'}`,
        `event is already ${event.status}`,
      );
    }
    // Rejecting changes no score, so a pending event of a frozen or final year may still be rejected.
    if (decision !== 'approved') return;
    if (await this.scores.isYearDistributed(event.villageId, event.year, manager)) {
      throw ruleViolation('SCORES_FROZEN', `${event.year} 年积分已冻结`, `${event.year} scores are frozen`);
    }
    const window = await this.scores.latestWindow(event.villageId, event.year, manager);
    if (window && scoresFinal(window, this.clock.todayIso())) {
      const [zh, en] = scoresFinalMessage(event.year, window);
      throw ruleViolation('SCORES_FINAL', zh, en, { years: [event.year] });
    }
  }

  /** Checks events against their year's rule set; returns every problem by index and field. */
  private async validateEvents(
    manager: EntityManager,
    villageId: string,
    events: ScoreEventDto[],
  ): Promise<{ errors: EventError[]; notFoundHousehold: boolean; rows: ScoreEvent[] }> {
    const households = await this.scores.householdIdsIn(manager, villageId, [
      ...new Set(events.map((e) => e.householdId)),
    ]);
    const years = [...new Set(events.map(eventYear))];
    const ruleSets = await this.scores.ruleSetsOfYears(villageId, years, manager);
    const rules = await this.scores.rulesOfSets(
      ruleSets.map((s) => s.id),
      manager,
    );
    const frozenYears = new Set<number>();
    for (const y of years) if (await this.scores.isYearDistributed(villageId, y, manager)) frozenYears.add(y);
    const capUse = new Map<string, number>();
    const capped = rules.filter((r) => r.capPerYear !== null);
    if (capped.length) {
      const existing = await this.scores.eventsAgainstCaps(manager, {
        villageId,
        years,
        ruleCodes: capped.map((r) => r.code),
        householdIds: [...households],
      });
      for (const e of existing) {
        const key = capKey(e.householdId, e.year, e.ruleCode);
        capUse.set(key, (capUse.get(key) ?? 0) + e.points);
      }
    }
    const today = this.clock.todayIso();
    const { errors, notFoundHousehold, valid } = checkEvents(events, {
      today,
      households,
      ruleSets,
      rules,
      frozenYears,
      capUse,
    });
    return { errors, notFoundHousehold, rows: valid.map((i) => this.newEvent(villageId, events[i])) };
  }

  private newEvent(villageId: string, dto: ScoreEventDto): ScoreEvent {
    return {
      id: randomUUID(),
      villageId,
      householdId: dto.householdId,
      year: eventYear(dto),
      ruleCode: dto.ruleCode,
      points: dto.points,
      date: dto.date,
      evidence: dto.evidence,
      attachmentRef: dto.attachmentRef ?? null,
      status: 'pending',
      recordedBy: '',
      decidedBy: null,
      decidedAt: null,
      decisionReason: null,
      voidsEventId: null,
      createdAt: this.clock.nowIso(),
    };
  }

  /**
   * After a year's latest publicity window has closed its scores are final: no event of that year is
   * recorded (all or nothing) until a new window is opened for it.
   */
  private async assertNotFinal(
    manager: EntityManager,
    villageId: string,
    events: ScoreEventDto[],
    rowOf?: (index: number) => number,
  ): Promise<void> {
    const today = this.clock.todayIso();
    const final = new Map<number, PublicityWindow>();
    for (const year of new Set(events.map(eventYear))) {
      const window = await this.scores.latestWindow(villageId, year, manager);
      if (window && scoresFinal(window, today)) final.set(year, window);
    }
    if (!final.size) return;
    const messages = [...final].map(([year, window]) => scoresFinalMessage(year, window));
    const errors: LabelledError[] = [];
    events.forEach((e, index) => {
      const window = final.get(eventYear(e));
      if (window && errors.length < 1000) {
        const [zh, en] = scoresFinalMessage(eventYear(e), window);
        errors.push({ ...(rowOf ? { row: rowOf(index) } : { index }), field: 'date', message: `${zh} / ${en}` });
      }
    });
    throw ruleViolation('SCORES_FINAL', messages.map((m) => m[0]).join('；'), messages.map((m) => m[1]).join('; '), {
      years: [...final.keys()].sort((a, b) => a - b),
      ...(events.length > 1 || rowOf ? { errors } : {}),
    });
  }
}
