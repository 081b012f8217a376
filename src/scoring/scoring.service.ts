import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager, In } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { visibleToHousehold } from '../auth/household-scope.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { DomainError, conflict, forbidden, notFound, ruleViolation } from '../common/errors/domain-error.js';
import { isYearDistributed } from '../dividends/dividend.entity.js';
import { insertRows } from '../database/bulk.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { Household } from '../households/household.entity.js';
import { charterOf } from '../villages/village.entity.js';
import { VillageAccess } from '../villages/village-access.service.js';
import type { CreateRuleSetDto, PublicityDto, ScoreEventDto } from './dto.js';
import { readUploadedTable } from '../households/roster-file.js';
import { parseScoreSheet } from './score-import.js';
import { type Scorecard, computeScorecards, rankScores } from './score.js';
import { Objection, PublicityWindow, Rule, RuleSet, ScoreEvent, latestPublicityWindow } from './scoring.entity.js';
import { planWindow, scoresFinal, windowDays, windowState } from './publicity.js';

export interface EventError {
  index: number;
  field: string;
  message: string;
}

type RuleInput = Pick<Rule, 'code' | 'name' | 'category' | 'minPoints' | 'maxPoints'> & { capPerYear?: number | null };

function eventView(e: ScoreEvent) {
  return {
    id: e.id,
    villageId: e.villageId,
    householdId: e.householdId,
    year: e.year,
    ruleCode: e.ruleCode,
    points: e.points,
    date: e.date,
    evidence: e.evidence,
    attachmentRef: e.attachmentRef,
    status: e.status,
    recordedBy: e.recordedBy,
    decidedBy: e.decidedBy,
    decidedAt: e.decidedAt,
    decisionReason: e.decisionReason,
    voidsEventId: e.voidsEventId,
    createdAt: e.createdAt,
  };
}

function windowView(w: PublicityWindow, today: string) {
  return {
    id: w.id,
    villageId: w.villageId,
    year: w.year,
    round: w.round,
    startDate: w.startDate,
    endDate: w.endDate,
    days: windowDays(w.startDate, w.endDate),
    state: windowState(w, today),
    createdBy: w.createdBy,
    createdAt: w.createdAt,
  };
}

function scoresFinalMessage(year: number, window: PublicityWindow): [string, string] {
  return [
    `${year} 年积分公示已于 ${window.endDate} 结束，积分已确定，不能再记录或审核；如需更正，请先另开一轮公示`,
    `the ${year} scores are final: their publicity ended on ${window.endDate}; to correct them, open a new publicity window first`,
  ];
}

@Injectable()
export class ScoringService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly access: VillageAccess,
    private readonly clock: Clock,
  ) {}

  // ---- rule sets -------------------------------------------------------------------------------

  createRuleSet(actor: Actor, villageId: string, dto: CreateRuleSetDto) {
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
      return this.insertRuleSet(manager, actor, villageId, dto.year, dto.baseScore ?? 100, dto.rules);
    });
  }

  private async insertRuleSet(
    manager: EntityManager,
    actor: Actor,
    villageId: string,
    year: number,
    baseScore: number,
    rules: RuleInput[],
  ) {
    if (await manager.getRepository(RuleSet).existsBy({ villageId, year })) {
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
    await manager.getRepository(RuleSet).insert(ruleSet);
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
    await insertRows(
      manager,
      'score_rules',
      ['id', 'ruleset_id', 'code', 'name', 'category', 'min_points', 'max_points', 'cap_per_year'],
      rows.map((r) => [r.id, r.ruleSetId, r.code, r.name, r.category, r.minPoints, r.maxPoints, r.capPerYear]),
    );
    await this.audit.record(manager, actor, {
      action: 'ruleset.create',
      target: ruleSet.id,
      villageId,
      summary: { year, baseScore, rules: rows.length },
    });
    return this.ruleSetView(ruleSet, rows);
  }

  private ruleSetView(ruleSet: RuleSet, rules: Rule[]) {
    return {
      id: ruleSet.id,
      villageId: ruleSet.villageId,
      year: ruleSet.year,
      baseScore: ruleSet.baseScore,
      rules: rules.map((r) => ({
        code: r.code,
        name: r.name,
        category: r.category,
        minPoints: r.minPoints,
        maxPoints: r.maxPoints,
        capPerYear: r.capPerYear,
      })),
    };
  }

  copyRuleSet(actor: Actor, villageId: string, fromYear: number, toYear: number) {
    return this.tx.run(async (manager) => {
      await this.access.village(actor, villageId, manager);
      const source = await manager.getRepository(RuleSet).findOneBy({ villageId, year: fromYear });
      if (!source) throw notFound(`rule set ${fromYear}`, `${fromYear} 年积分规则`);
      const rules = await manager.getRepository(Rule).find({ where: { ruleSetId: source.id }, order: { code: 'ASC' } });
      return this.insertRuleSet(manager, actor, villageId, toYear, source.baseScore, rules);
    });
  }

  async getRuleSet(actor: Actor, villageId: string, year: number) {
    await this.access.village(actor, villageId);
    const ruleSet = await this.dataSource.getRepository(RuleSet).findOneBy({ villageId, year });
    if (!ruleSet) throw notFound(`rule set ${year}`, `${year} 年积分规则`);
    const rules = await this.dataSource
      .getRepository(Rule)
      .find({ where: { ruleSetId: ruleSet.id }, order: { code: 'ASC' } });
    return {
      ...this.ruleSetView(ruleSet, rules),
      frozen: await isYearDistributed(this.dataSource.manager, villageId, year),
    };
  }

  async listRuleSets(actor: Actor, villageId: string) {
    await this.access.village(actor, villageId);
    const sets = await this.dataSource.getRepository(RuleSet).find({ where: { villageId }, order: { year: 'ASC' } });
    return { items: sets.map((s) => ({ id: s.id, year: s.year, baseScore: s.baseScore })), total: sets.length };
  }

  // ---- score events ----------------------------------------------------------------------------

  /** Checks events against their year's rule set; returns every problem by index and field. */
  private async validateEvents(
    manager: EntityManager,
    villageId: string,
    events: ScoreEventDto[],
  ): Promise<{ errors: EventError[]; notFoundHousehold: boolean; rows: ScoreEvent[] }> {
    const errors: EventError[] = [];
    const today = this.clock.todayIso();
    const households = new Set(
      (
        await manager
          .getRepository(Household)
          .find({ select: { id: true }, where: { villageId, id: In([...new Set(events.map((e) => e.householdId))]) } })
      ).map((h) => h.id),
    );
    const years = [...new Set(events.map((e) => Number(e.date.slice(0, 4))))];
    const ruleSets = await manager.getRepository(RuleSet).find({ where: { villageId, year: In(years) } });
    const rules = ruleSets.length
      ? await manager.getRepository(Rule).find({ where: { ruleSetId: In(ruleSets.map((s) => s.id)) } })
      : [];
    const frozen = new Map<number, boolean>();
    for (const y of years) frozen.set(y, await isYearDistributed(manager, villageId, y));
    // Points already counted against a rule's yearly cap (approved or pending).
    const capUse = new Map<string, number>();
    const capped = rules.filter((r) => r.capPerYear !== null);
    if (capped.length) {
      const existing = await manager.getRepository(ScoreEvent).find({
        where: {
          villageId,
          year: In(years),
          ruleCode: In(capped.map((r) => r.code)),
          status: In(['pending', 'approved']),
          householdId: In([...households]),
        },
      });
      for (const e of existing) {
        capUse.set(
          `${e.householdId}|${e.year}|${e.ruleCode}`,
          (capUse.get(`${e.householdId}|${e.year}|${e.ruleCode}`) ?? 0) + e.points,
        );
      }
    }
    let notFoundHousehold = false;
    const rows: ScoreEvent[] = [];
    events.forEach((dto, index) => {
      const year = Number(dto.date.slice(0, 4));
      const ruleSet = ruleSets.find((s) => s.year === year);
      const rule = ruleSet && rules.find((r) => r.ruleSetId === ruleSet.id && r.code === dto.ruleCode);
      const before = errors.length;
      if (!households.has(dto.householdId)) {
        notFoundHousehold = true;
        errors.push({
          index,
          field: 'householdId',
          message: '户不存在或不属于本嘎查/村 / household not found in this village',
        });
      }
      if (dto.date > today) {
        errors.push({ index, field: 'date', message: '日期不能晚于今天 / date must not be in the future' });
      }
      if (!ruleSet) errors.push({ index, field: 'date', message: `${year} 年没有积分规则 / no rule set for ${year}` });
      else if (!rule) {
        errors.push({
          index,
          field: 'ruleCode',
          message: `${year} 年规则中没有「${dto.ruleCode}」 / rule ${dto.ruleCode} is not in the ${year} rule set`,
        });
      } else if (dto.points < rule.minPoints || dto.points > rule.maxPoints) {
        errors.push({
          index,
          field: 'points',
          message: `分值须在 ${rule.minPoints} 到 ${rule.maxPoints} 之间 / points must be within [${rule.minPoints}, ${rule.maxPoints}]`,
        });
      } else if (rule.capPerYear !== null) {
        const key = `${dto.householdId}|${year}|${rule.code}`;
        const used = (capUse.get(key) ?? 0) + dto.points;
        if (used > rule.capPerYear) {
          errors.push({
            index,
            field: 'points',
            message: `超过该规则每户每年上限 ${rule.capPerYear} 分 / exceeds the yearly cap of ${rule.capPerYear}`,
          });
        } else capUse.set(key, used);
      }
      if (frozen.get(year)) {
        errors.push({
          index,
          field: 'date',
          message: `${year} 年积分已用于已过账的分红，不能再修改 / ${year} scores are frozen by a posted dividend run`,
        });
      }
      if (errors.length > before) return;
      rows.push({
        id: randomUUID(),
        villageId,
        householdId: dto.householdId,
        year,
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
      });
    });
    return { errors, notFoundHousehold, rows };
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
    for (const year of new Set(events.map((e) => Number(e.date.slice(0, 4))))) {
      const window = await latestPublicityWindow(manager, villageId, year);
      if (window && scoresFinal(window, today)) final.set(year, window);
    }
    if (!final.size) return;
    const messages = [...final].map(([year, window]) => scoresFinalMessage(year, window));
    const errors: (({ index: number } | { row: number }) & { field: string; message: string })[] = [];
    events.forEach((e, index) => {
      const window = final.get(Number(e.date.slice(0, 4)));
      if (window && errors.length < 1000) {
        const [zh, en] = scoresFinalMessage(Number(e.date.slice(0, 4)), window);
        errors.push({ ...(rowOf ? { row: rowOf(index) } : { index }), field: 'date', message: `${zh} / ${en}` });
      }
    });
    throw ruleViolation('SCORES_FINAL', messages.map((m) => m[0]).join('；'), messages.map((m) => m[1]).join('; '), {
      years: [...final.keys()].sort((a, b) => a - b),
      ...(events.length > 1 || rowOf ? { errors } : {}),
    });
  }

  recordEvent(actor: Actor, villageId: string, dto: ScoreEventDto) {
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
      await manager.getRepository(ScoreEvent).insert(event);
      await this.audit.record(manager, actor, {
        action: 'score-event.record',
        target: event.id,
        villageId,
        summary: dto,
      });
      return eventView(event);
    });
  }

  /** A scoring meeting: many events at once, all or nothing. */
  /** `rowOf` labels errors with the sheet row an event came from (imports) instead of its index. */
  recordBulk(actor: Actor, villageId: string, events: ScoreEventDto[], rowOf?: (index: number) => number) {
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
      await insertRows(
        manager,
        'score_events',
        [
          'id',
          'village_id',
          'household_id',
          'year',
          'rule_code',
          'points',
          'date',
          'evidence',
          'attachment_ref',
          'status',
          'recorded_by',
          'decided_by',
          'decided_at',
          'decision_reason',
          'voids_event_id',
          'created_at',
        ],
        stamped.map((e) => [
          e.id,
          e.villageId,
          e.householdId,
          e.year,
          e.ruleCode,
          e.points,
          e.date,
          e.evidence,
          e.attachmentRef,
          e.status,
          e.recordedBy,
          e.decidedBy,
          e.decidedAt,
          e.decisionReason,
          e.voidsEventId,
          e.createdAt,
        ]),
      );
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
  async importSheet(actor: Actor, villageId: string, file: Buffer) {
    await this.access.village(actor, villageId);
    const table = await readUploadedTable(file);
    const { items, errors } = parseScoreSheet(table.header, table.rows);
    const codes = [...new Set(items.map((i) => i.householdCode))];
    const households = await this.dataSource
      .getRepository(Household)
      .find({ select: { id: true, code: true }, where: { villageId, code: In(codes) } });
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
  ) {
    await this.access.village(actor, villageId);
    const qb = this.dataSource
      .getRepository(ScoreEvent)
      .createQueryBuilder('e')
      .where('e.village_id = :villageId', { villageId });
    if (filter.year) qb.andWhere('e.year = :year', { year: filter.year });
    if (filter.status) qb.andWhere('e.status = :status', { status: filter.status });
    const householdId = actor.role === 'household' ? (actor.householdId ?? '-') : filter.householdId;
    if (householdId) qb.andWhere('e.household_id = :householdId', { householdId });
    const total = await qb.getCount();
    const items = await qb.orderBy('e.date', 'ASC').addOrderBy('e.created_at', 'ASC').limit(filter.limit).getMany();
    return { items: items.map(eventView), total };
  }

  private async visibleEvent(manager: EntityManager, actor: Actor, eventId: string): Promise<ScoreEvent> {
    const event = await manager.getRepository(ScoreEvent).findOneBy({ id: eventId });
    if (!event || !this.access.canSee(actor, event.villageId)) throw notFound('score event', '积分记录');
    this.access.assertHousehold(actor, event.householdId);
    return event;
  }

  decide(actor: Actor, eventId: string, decision: 'approved' | 'rejected', reason?: string) {
    return this.tx.run(async (manager) => {
      const event = await this.visibleEvent(manager, actor, eventId);
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
      if (decision === 'approved' && (await isYearDistributed(manager, event.villageId, event.year))) {
        throw ruleViolation('SCORES_FROZEN', `${event.year} 年积分已冻结`, `${event.year} scores are frozen`);
      }
      // Rejecting changes no score, so a pending event of a final year may still be rejected.
      if (decision === 'approved') {
        const window = await latestPublicityWindow(manager, event.villageId, event.year);
        if (window && scoresFinal(window, this.clock.todayIso())) {
          const [zh, en] = scoresFinalMessage(event.year, window);
          throw ruleViolation('SCORES_FINAL', zh, en, { years: [event.year] });
        }
      }
      const changes = {
        status: decision,
        decidedBy: actor.userId,
        decidedAt: this.clock.nowIso(),
        decisionReason: reason ?? null,
      };
      await manager.getRepository(ScoreEvent).update({ id: event.id }, changes);
      await this.audit.record(manager, actor, {
        action: `score-event.${decision === 'approved' ? 'approve' : 'reject'}`,
        target: event.id,
        villageId: event.villageId,
        summary: { reason },
      });
      return eventView({ ...event, ...changes });
    });
  }

  // ---- publicity and objections ----------------------------------------------------------------

  /** A new window (公示期): never shorter than the charter's days, never backdated, never replacing an unclosed one. */
  openPublicity(actor: Actor, villageId: string, dto: PublicityDto) {
    return this.tx.run(async (manager) => {
      const village = await this.access.village(actor, villageId, manager);
      const today = this.clock.todayIso();
      const latest = await latestPublicityWindow(manager, villageId, dto.year);
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
      await manager.getRepository(PublicityWindow).insert(window);
      await this.audit.record(manager, actor, {
        action: 'publicity.open',
        target: window.id,
        villageId,
        summary: { year: dto.year, round: window.round, startDate, endDate },
      });
      return windowView(window, today);
    });
  }

  async listPublicity(actor: Actor, villageId: string, year?: number) {
    await this.access.village(actor, villageId);
    const where: Record<string, unknown> = { villageId };
    if (year) where.year = year;
    const windows = await this.dataSource
      .getRepository(PublicityWindow)
      .find({ where, order: { year: 'ASC', round: 'ASC' } });
    const today = this.clock.todayIso();
    return { items: windows.map((w) => windowView(w, today)), total: windows.length };
  }

  object(actor: Actor, eventId: string, reason: string) {
    return this.tx.run(async (manager) => {
      const event = await this.visibleEvent(manager, actor, eventId);
      if (event.status !== 'approved' || event.voidsEventId) {
        throw ruleViolation(
          'NOT_OBJECTABLE',
          '只能对已通过的积分记录提出异议',
          'only approved events can be objected to',
        );
      }
      const window = await latestPublicityWindow(manager, event.villageId, event.year);
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
      if (await manager.getRepository(Objection).existsBy({ eventId, status: 'open' })) {
        throw conflict('OBJECTION_OPEN', '该记录已有待处理的异议', 'an objection to this event is already open');
      }
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
      await manager.getRepository(Objection).insert(objection);
      await this.audit.record(manager, actor, {
        action: 'objection.raise',
        target: objection.id,
        villageId: event.villageId,
        summary: { eventId, reason },
      });
      return objection;
    });
  }

  /** Upheld: the event is voided by an approved counter-event, never edited. Dismissed: kept, with the reason. */
  decideObjection(actor: Actor, objectionId: string, decision: 'upheld' | 'dismissed', reason: string) {
    return this.tx.run(async (manager) => {
      const objection = await manager.getRepository(Objection).findOneBy({ id: objectionId });
      if (!objection || !this.access.canSee(actor, objection.villageId)) throw notFound('objection', '异议');
      if (objection.status !== 'open') throw conflict('OBJECTION_DECIDED', '该异议已处理', 'objection already decided');
      if (objection.raisedBy === actor.userId) {
        throw forbidden(
          'FOUR_EYES',
          '提出异议的人不能自己处理',
          'the person who raised the objection cannot decide it',
        );
      }
      let counterEventId: string | null = null;
      if (decision === 'upheld') {
        const event = (await manager.getRepository(ScoreEvent).findOneBy({ id: objection.eventId }))!;
        if (await isYearDistributed(manager, event.villageId, event.year)) {
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
        await manager.getRepository(ScoreEvent).insert(counter);
        counterEventId = counter.id;
      }
      await manager
        .getRepository(Objection)
        .update({ id: objectionId }, { status: decision, decidedBy: actor.userId, decisionReason: reason });
      await this.audit.record(manager, actor, {
        action: `objection.${decision === 'upheld' ? 'uphold' : 'dismiss'}`,
        target: objectionId,
        villageId: objection.villageId,
        summary: { reason, counterEventId },
      });
      return { ...objection, status: decision, decidedBy: actor.userId, decisionReason: reason, counterEventId };
    });
  }

  async listObjections(actor: Actor, villageId: string, year?: number) {
    await this.access.village(actor, villageId);
    const where: Record<string, unknown> = { villageId };
    if (year) where.year = year;
    let items = await this.dataSource.getRepository(Objection).find({ where, order: { raisedAt: 'ASC' } });
    if (actor.role === 'household') {
      const own = new Set(
        (await this.dataSource.getRepository(ScoreEvent).findBy({ householdId: actor.householdId ?? '-' })).map(
          (e) => e.id,
        ),
      );
      items = items.filter((o) => own.has(o.eventId));
    }
    return { items, total: items.length };
  }

  /**
   * Where a year's scores stand: used for the dividend run's warnings. The latest window decides: a new
   * round opened after a closed one makes the scores not final again until it closes.
   */
  async scoreStatus(
    manager: EntityManager,
    villageId: string,
    year: number,
  ): Promise<{ publicityClosed: boolean; openObjections: number; window: PublicityWindow | null }> {
    const window = await latestPublicityWindow(manager, villageId, year);
    const openObjections = await manager.getRepository(Objection).countBy({ villageId, year, status: 'open' });
    return { publicityClosed: scoresFinal(window, this.clock.todayIso()), openObjections, window };
  }

  // ---- scorecards ------------------------------------------------------------------------------

  /** Scores of every household for the year, from approved events as they stand. */
  async computeYear(
    manager: EntityManager,
    villageId: string,
    year: number,
    householdIds: string[],
  ): Promise<{ ruleSet: RuleSet | null; cards: Map<string, Scorecard> }> {
    const ruleSet = await manager.getRepository(RuleSet).findOneBy({ villageId, year });
    if (!ruleSet) return { ruleSet: null, cards: computeScorecards(0, householdIds, []) };
    const rules = await manager.getRepository(Rule).findBy({ ruleSetId: ruleSet.id });
    const category = new Map(rules.map((r) => [r.code, r.category]));
    // Summed per household and rule in SQL: the same total as event by event, without loading millions of rows.
    const sums: { household_id: string; rule_code: string; points: number | string }[] = await manager.query(
      ...this.tx.bind(
        `SELECT household_id, rule_code, SUM(points) AS points FROM score_events
          WHERE village_id = :villageId AND year = :year AND status = 'approved' GROUP BY household_id, rule_code`,
        { villageId, year },
      ),
    );
    return {
      ruleSet,
      cards: computeScorecards(
        ruleSet.baseScore,
        householdIds,
        sums.map((e) => ({
          householdId: e.household_id,
          ruleCode: e.rule_code,
          points: Number(e.points),
          category: category.get(e.rule_code) ?? '',
        })),
      ),
    };
  }

  async scorecards(actor: Actor, villageId: string, year: number) {
    await this.access.village(actor, villageId);
    const households = await this.dataSource
      .getRepository(Household)
      .find({ where: { villageId }, order: { code: 'ASC' } });
    const { ruleSet, cards } = await this.computeYear(
      this.dataSource.manager,
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
