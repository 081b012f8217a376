import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In, IsNull, Not } from 'typeorm';
import { insertEntities } from '../common/entity-rows.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { Household } from '../households/household.entity.js';
import { Objection, PublicityWindow, Rule, RuleSet, ScoreEvent, type ScoreEventStatus } from './scoring.entity.js';

export interface EventFilter {
  villageId: string;
  year?: number;
  status?: string;
  householdId?: string;
  limit: number;
}

/** Approved points of a year summed per household and rule. */
export interface PointsSum {
  householdId: string;
  ruleCode: string;
  points: number;
}

/**
 * Every query of the scoring tables (rule sets, events, publicity windows, objections). Methods take the
 * caller's EntityManager inside a transaction and default to the data source's outside one.
 */
@Injectable()
export class ScoringRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
  ) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  // ---- rule sets -----------------------------------------------------------------------------------

  findRuleSet(villageId: string, year: number, m: EntityManager = this.manager): Promise<RuleSet | null> {
    return m.getRepository(RuleSet).findOneBy({ villageId, year });
  }

  ruleSetExists(villageId: string, year: number, m: EntityManager = this.manager): Promise<boolean> {
    return m.getRepository(RuleSet).existsBy({ villageId, year });
  }

  ruleSetsOfVillage(villageId: string): Promise<RuleSet[]> {
    return this.manager.getRepository(RuleSet).find({ where: { villageId }, order: { year: 'ASC' } });
  }

  ruleSetsOfYears(villageId: string, years: number[], m: EntityManager): Promise<RuleSet[]> {
    return m.getRepository(RuleSet).find({ where: { villageId, year: In(years) } });
  }

  /** Rules of one set, by code. */
  rulesOf(ruleSetId: string, m: EntityManager = this.manager): Promise<Rule[]> {
    return m.getRepository(Rule).find({ where: { ruleSetId }, order: { code: 'ASC' } });
  }

  rulesOfSets(ruleSetIds: string[], m: EntityManager): Promise<Rule[]> {
    return ruleSetIds.length
      ? m.getRepository(Rule).find({ where: { ruleSetId: In(ruleSetIds) } })
      : Promise.resolve([]);
  }

  async insertRuleSet(m: EntityManager, ruleSet: RuleSet, rules: Rule[]): Promise<void> {
    await m.getRepository(RuleSet).insert(ruleSet);
    await insertEntities(m, Rule, rules);
  }

  // ---- events --------------------------------------------------------------------------------------

  findEvent(id: string, m: EntityManager = this.manager): Promise<ScoreEvent | null> {
    return m.getRepository(ScoreEvent).findOneBy({ id });
  }

  async insertEvent(m: EntityManager, event: ScoreEvent): Promise<void> {
    await m.getRepository(ScoreEvent).insert(event);
  }

  insertEvents(m: EntityManager, events: ScoreEvent[]): Promise<void> {
    return insertEntities(m, ScoreEvent, events);
  }

  async updateEvent(m: EntityManager, id: string, changes: Partial<ScoreEvent>): Promise<void> {
    await m.getRepository(ScoreEvent).update({ id }, changes);
  }

  /** Pending and approved events of these households that count against the yearly caps of these rules. */
  eventsAgainstCaps(
    m: EntityManager,
    q: { villageId: string; years: number[]; ruleCodes: string[]; householdIds: string[] },
  ): Promise<ScoreEvent[]> {
    const status: ScoreEventStatus[] = ['pending', 'approved'];
    return m.getRepository(ScoreEvent).find({
      where: {
        villageId: q.villageId,
        year: In(q.years),
        ruleCode: In(q.ruleCodes),
        status: In(status),
        householdId: In(q.householdIds),
      },
    });
  }

  /** A page of events (by date, then recording time) and the count of all that match. */
  async listEvents(filter: EventFilter): Promise<{ items: ScoreEvent[]; total: number }> {
    const qb = this.manager
      .getRepository(ScoreEvent)
      .createQueryBuilder('e')
      .where('e.village_id = :villageId', { villageId: filter.villageId });
    if (filter.year) qb.andWhere('e.year = :year', { year: filter.year });
    if (filter.status) qb.andWhere('e.status = :status', { status: filter.status });
    if (filter.householdId) qb.andWhere('e.household_id = :householdId', { householdId: filter.householdId });
    const total = await qb.getCount();
    const items = await qb.orderBy('e.date', 'ASC').addOrderBy('e.created_at', 'ASC').limit(filter.limit).getMany();
    return { items, total };
  }

  async eventIdsOfHousehold(householdId: string): Promise<Set<string>> {
    const rows = await this.manager.getRepository(ScoreEvent).find({ select: { id: true }, where: { householdId } });
    return new Set(rows.map((e) => e.id));
  }

  /**
   * Approved points summed per household and rule in SQL: the same total as event by event, without
   * loading millions of rows.
   */
  async approvedSums(m: EntityManager, villageId: string, year: number): Promise<PointsSum[]> {
    const rows: { household_id: string; rule_code: string; points: number | string }[] = await m.query(
      ...this.tx.bind(
        `SELECT household_id, rule_code, SUM(points) AS points FROM score_events
          WHERE village_id = :villageId AND year = :year AND status = 'approved' GROUP BY household_id, rule_code`,
        { villageId, year },
      ),
    );
    return rows.map((r) => ({ householdId: r.household_id, ruleCode: r.rule_code, points: Number(r.points) }));
  }

  // ---- publicity and objections --------------------------------------------------------------------

  /** The year's latest publicity window (the one that decides), or null before any. */
  latestWindow(villageId: string, year: number, m: EntityManager = this.manager): Promise<PublicityWindow | null> {
    return m.getRepository(PublicityWindow).findOne({ where: { villageId, year }, order: { round: 'DESC' } });
  }

  async insertWindow(m: EntityManager, window: PublicityWindow): Promise<void> {
    await m.getRepository(PublicityWindow).insert(window);
  }

  windowsOf(villageId: string, year?: number): Promise<PublicityWindow[]> {
    return this.manager
      .getRepository(PublicityWindow)
      .find({ where: { villageId, ...(year ? { year } : {}) }, order: { year: 'ASC', round: 'ASC' } });
  }

  findObjection(id: string, m: EntityManager): Promise<Objection | null> {
    return m.getRepository(Objection).findOneBy({ id });
  }

  openObjectionExists(eventId: string, m: EntityManager): Promise<boolean> {
    return m.getRepository(Objection).existsBy({ eventId, status: 'open' });
  }

  countOpenObjections(villageId: string, year: number, m: EntityManager): Promise<number> {
    return m.getRepository(Objection).countBy({ villageId, year, status: 'open' });
  }

  async insertObjection(m: EntityManager, objection: Objection): Promise<void> {
    await m.getRepository(Objection).insert(objection);
  }

  async updateObjection(m: EntityManager, id: string, changes: Partial<Objection>): Promise<void> {
    await m.getRepository(Objection).update({ id }, changes);
  }

  objectionsOf(villageId: string, year?: number): Promise<Objection[]> {
    return this.manager
      .getRepository(Objection)
      .find({ where: { villageId, ...(year ? { year } : {}) }, order: { raisedAt: 'ASC' } });
  }

  // ---- what scoring reads of other modules ---------------------------------------------------------

  /**
   * Whether a posted dividend run holds the year (its scores are frozen). Read by entity name, not by
   * importing dividends/, so scoring does not depend on the module that depends on it: a run holds its
   * posted-year key exactly while it is posted.
   */
  isYearDistributed(villageId: string, year: number, m: EntityManager = this.manager): Promise<boolean> {
    return m.getRepository<{ villageId: string; year: number; postedYearKey: string | null }>('DividendRun').exists({
      where: { villageId, year, postedYearKey: Not(IsNull()) },
    });
  }

  async householdIdsIn(m: EntityManager, villageId: string, ids: string[]): Promise<Set<string>> {
    const rows = await m.getRepository(Household).find({ select: { id: true }, where: { villageId, id: In(ids) } });
    return new Set(rows.map((h) => h.id));
  }

  householdsByCodes(villageId: string, codes: string[]): Promise<Pick<Household, 'id' | 'code'>[]> {
    return this.manager
      .getRepository(Household)
      .find({ select: { id: true, code: true }, where: { villageId, code: In(codes) } });
  }

  householdsOfVillage(villageId: string): Promise<Household[]> {
    return this.manager.getRepository(Household).find({ where: { villageId }, order: { code: 'ASC' } });
  }
}
