import { Injectable } from '@nestjs/common';
import { Decimal } from 'decimal.js';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager, type FindOptionsSelect, IsNull } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { visibleToHousehold, warningsForViewer } from '../auth/household-scope.js';
import { AuditService } from '../audit/audit.service.js';
import { canonicalJson } from '../common/canonical-json.js';
import { Clock } from '../common/clock.js';
import { badInput, conflict, forbidden, notFound, ruleViolation } from '../common/errors/domain-error.js';
import { canonicalSha256 } from '../common/hash.js';
import { decimal4ToScaled, fenToYuan, scaledToDecimal4, yuanToFen } from '../common/money.js';
import { insertRows, mapRows } from '../database/bulk.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { ACCOUNT } from '../ledger/accounts.js';
import type { LineInput } from '../ledger/journal.js';
import { JournalEntry } from '../ledger/ledger.entity.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { ScoringService } from '../scoring/scoring.service.js';
import { countsOn, daysInYear, daysWithin, memberUnitsScaled, type MemberPeriod } from '../households/membership.js';
import { holdersAboveCap } from '../shares/holding-cap.js';
import { Holding, HoldingChange, ShareClass } from '../shares/share.entity.js';
import { Village, type VillageCharter, charterOf } from '../villages/village.entity.js';
import { VillageAccess } from '../common/village-access.js';
import {
  ALGORITHM_VERSION,
  CalcError,
  type CalcHousehold,
  type CalcInput,
  type CalcParams,
  type CapitalHolding,
  type CalcResult,
  calculateDividend,
} from './calculator.js';
import { DividendRun, Payout, PlanObjection, postedYearKey } from './dividend.entity.js';
import type { ApproveRunDto, CreateRunDto, ScoringDto } from './dto.js';
import { activePayments } from '../payments/payment-records.js';
import { buildPayoutProofs } from './payout-proof.js';
import { VerifyService } from './verify.service.js';
import { type RunWarning, runWarnings } from './warnings.js';
import { type IncomeEntryRef, type PlanInputs, inputsFingerprint, planChanges } from './plan-inputs.js';
import { truncateText } from '../common/text.js';
import { addDays } from '../common/dates.js';
import { invariant } from '../common/invariant.js';

export interface RunSnapshot {
  algorithm: string;
  villageId: string;
  villageCode: string;
  year: number;
  input: CalcInput;
  /** Since plans are checked for staleness: the year's income entries and the charter they were computed with. */
  incomeEntries?: IncomeEntryRef[];
  charter?: VillageCharter;
}

export interface StoredResult {
  calc: CalcResult;
  warnings: RunWarning[];
  scoring: ScoringDto;
  distribute: CreateRunDto['distribute'];
}

/**
 * The plan as adopted: an omitted `scoring` takes the charter's default scheme (split with its default score
 * share, or none when the charter names no share), an omitted reserve the charter's minimum.
 */
/** A run request with the charter's defaults filled in: what is stored and recomputed. */
export type ResolvedRunRequest = CreateRunDto & { scoring: ScoringDto };

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

/** The inputs a plan was computed from, as its snapshot keeps them. */
export function planInputs(snapshot: RunSnapshot): PlanInputs {
  return {
    distributableFen: snapshot.input.distributableFen,
    incomeEntries: snapshot.incomeEntries,
    households: snapshot.input.households,
    capitalHoldings: snapshot.input.capitalHoldings,
    charter: snapshot.charter as unknown as Record<string, unknown> | undefined,
  };
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

@Injectable()
export class DividendsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly ledger: LedgerService,
    private readonly scoring: ScoringService,
    private readonly audit: AuditService,
    private readonly access: VillageAccess,
    private readonly clock: Clock,
    private readonly verifier: VerifyService,
  ) {}

  // ---- create / recompute ----------------------------------------------------------------------

  /** Reads the ledger, the registers and the approved scores as they stand: what a plan's figures depend on. */
  private async gather(manager: EntityManager, village: Village, year: number, params: CalcParams, dto: CreateRunDto) {
    // Aggregates in SQL, not entities: a 250,000-household village must fit in a few hundred MB.
    const households: { id: string; code: string }[] = await manager.query(
      ...this.tx.bind('SELECT id, code FROM households WHERE village_id = :v ORDER BY code', { v: village.id }),
    );
    const register = await this.registerAsOf(manager, village.id, year, dto);
    const holdings = await this.holdingsAsOf(manager, village, year, dto, households);
    const ids = households.map((h) => h.id);
    const { ruleSet, cards } = await this.scoring.computeYear(manager, village.id, year, ids);
    const calcHouseholds: CalcHousehold[] = households.map((h) => ({
      householdId: h.id,
      householdCode: h.code,
      memberUnits: scaledToDecimal4(register.units.get(h.id) ?? 0n),
      shareUnits: scaledToDecimal4(holdings.shareUnits.get(h.id) ?? 0n),
      score: cards.get(h.id)?.score ?? 0,
    }));
    const input: CalcInput = {
      distributableFen: await this.ledger.distributableFen(manager, village.id, year),
      capitalHoldings: holdings.capital,
      households: calcHouseholds,
      params,
    };
    const incomeEntries = await this.ledger.distributableEntries(manager, village.id, year);
    return { households, register, holdings, ruleSet, input, incomeEntries, charter: charterOf(village) };
  }

  /** Computes a plan from the inputs as they stand; the charter's minimum reserve binds (财务制度). */
  private async compute(
    manager: EntityManager,
    village: Village,
    year: number,
    params: CalcParams,
    dto: ResolvedRunRequest,
  ) {
    const charter = charterOf(village);
    if (new Decimal(params.reservePercent).lt(charter.minReservePercent)) {
      throw ruleViolation(
        'RESERVE_BELOW_CHARTER',
        `reservePercent: 公积公益金提取比例 ${params.reservePercent}% 低于章程规定的最低 ${charter.minReservePercent}%`,
        `reservePercent ${params.reservePercent}% is below the charter's minimum of ${charter.minReservePercent}%`,
        { minReservePercent: charter.minReservePercent },
      );
    }
    const gathered = await this.gather(manager, village, year, params, dto);
    const { households, register, holdings, ruleSet, input } = gathered;
    if (!ruleSet && params.scoring.mode !== 'none') {
      throw ruleViolation(
        'RULESET_MISSING',
        `${year} 年没有积分规则，不能按积分分配`,
        `no rule set for ${year}: cannot weight by score`,
      );
    }
    const calcHouseholds = input.households;
    const calc = this.calculate(input);
    const status = await this.scoring.scoreStatus(manager, village.id, year);
    const warnings = runWarnings({
      params,
      result: calc,
      households: calcHouseholds,
      scoresFinal: status,
      nonMemberHouseholds: households.filter((h) => register.nonMembers.has(h.id)).map((h) => h.code),
      awayHouseholds: households.filter((h) => register.away.has(h.id)).map((h) => h.code),
      aboveCapHouseholds: params.basis === 'share' ? holdings.aboveCap : [],
    });
    const snapshot: RunSnapshot = {
      algorithm: ALGORITHM_VERSION,
      villageId: village.id,
      villageCode: village.code,
      year,
      input,
      incomeEntries: gathered.incomeEntries,
      charter: gathered.charter,
    };
    const result: StoredResult = { calc, warnings, scoring: dto.scoring, distribute: dto.distribute };
    const fingerprint = inputsFingerprint(planInputs(snapshot));
    const ledgerSeq = gathered.incomeEntries.reduce((max, e) => Math.max(max, e.seq), 0);
    return { snapshot, result, fingerprint, ledgerSeq };
  }

  /**
   * Member units per household for year Y: the members who count on the record date, or with
   * `proRate: days` each member's days in Y over the days of Y (DOMAIN "Membership and shares over time").
   */
  private async registerAsOf(manager: EntityManager, villageId: string, year: number, dto: CreateRunDto) {
    const recordDate = dto.recordDate ?? `${year}-12-31`;
    if ((dto.proRate ?? 'none') === 'none') return this.registerOnDate(manager, villageId, recordDate);
    const rows: {
      household_id: string;
      is_member: boolean | number;
      since: string | null;
      until: string | null;
      status: string;
    }[] = await manager.query(
      ...this.tx.bind(
        `SELECT m.household_id, m.is_member, m.since, m.until, m.status
           FROM members m JOIN households h ON h.id = m.household_id
          WHERE h.village_id = :v AND (m.since IS NULL OR m.since <= :last) AND (m.until IS NULL OR m.until > :first)`,
        { v: villageId, first: `${year}-01-01`, last: recordDate > `${year}-12-31` ? recordDate : `${year}-12-31` },
      ),
    );
    const byHousehold = new Map<string, MemberPeriod[]>();
    const nonMembers = new Set<string>();
    const away = new Set<string>();
    for (const r of rows) {
      const period = { isMember: !!r.is_member, since: r.since, until: r.until };
      const list = byHousehold.get(r.household_id);
      if (list) list.push(period);
      else byHousehold.set(r.household_id, [period]);
      if (countsOn({ ...period, isMember: true }, recordDate)) {
        if (!period.isMember) nonMembers.add(r.household_id);
        else if (r.status === 'away') away.add(r.household_id);
      }
    }
    const options = { year, recordDate, proRate: dto.proRate ?? 'none' };
    const units = new Map<string, bigint>();
    for (const [householdId, members] of byHousehold) units.set(householdId, memberUnitsScaled(members, options));
    return { units, nonMembers, away };
  }

  /** Counts on one date, aggregated in SQL: a 250,000-household village never becomes a million objects. */
  private async registerOnDate(manager: EntityManager, villageId: string, date: string) {
    const on = '(m.since IS NULL OR m.since <= :d) AND (m.until IS NULL OR m.until > :d)';
    const rows: {
      household_id: string;
      units: number | string;
      non_members: number | string;
      away: number | string;
    }[] = await manager.query(
      ...this.tx.bind(
        `SELECT m.household_id,
                  SUM(CASE WHEN m.is_member AND ${on} THEN 1 ELSE 0 END) AS units,
                  SUM(CASE WHEN m.is_member THEN 0 WHEN ${on} THEN 1 ELSE 0 END) AS non_members,
                  SUM(CASE WHEN m.is_member AND m.status = 'away' AND ${on} THEN 1 ELSE 0 END) AS away
             FROM members m JOIN households h ON h.id = m.household_id
            WHERE h.village_id = :v GROUP BY m.household_id`,
        { v: villageId, d: date },
      ),
    );
    const units = new Map<string, bigint>();
    const nonMembers = new Set<string>();
    const away = new Set<string>();
    for (const r of rows) {
      units.set(r.household_id, BigInt(r.units) * 10_000n);
      if (Number(r.non_members) > 0) nonMembers.add(r.household_id);
      if (Number(r.away) > 0) away.add(r.household_id);
    }
    return { units, nonMembers, away };
  }

  /**
   * Member-share units held on the record date (a transfer recorded later is undone for earlier dates) and
   * capital guarantees from the paid-in date: none when paid in after the record date, or by days held.
   */
  private async holdingsAsOf(
    manager: EntityManager,
    village: Village,
    year: number,
    dto: CreateRunDto,
    households: { id: string; code: string }[],
  ) {
    const recordDate = dto.recordDate ?? `${year}-12-31`;
    const classes = new Map(
      (await manager.getRepository(ShareClass).findBy({ villageId: village.id })).map((c) => [c.id, c]),
    );
    const holdings = await manager.getRepository(Holding).findBy({ villageId: village.id });
    const laterOutflows = new Map<string, bigint>();
    const changes = await manager.getRepository(HoldingChange).findBy({ villageId: village.id });
    for (const c of changes) {
      if (c.kind === 'issue' || c.date <= recordDate) continue;
      laterOutflows.set(c.holdingId, (laterOutflows.get(c.holdingId) ?? 0n) + decimal4ToScaled(c.quantity));
    }
    const shareUnits = new Map<string, bigint>();
    const capital: CapitalHolding[] = [];
    const codeOf = new Map(households.map((h) => [h.id, h.code]));
    for (const h of holdings) {
      const shareClass = classes.get(h.shareClassId)!;
      if (shareClass.kind === 'member' && h.householdId && (h.date === null || h.date <= recordDate)) {
        const held = decimal4ToScaled(h.quantity) + (laterOutflows.get(h.id) ?? 0n);
        shareUnits.set(h.householdId, (shareUnits.get(h.householdId) ?? 0n) + held);
      }
      if (shareClass.kind === 'capital' && shareClass.guaranteedRate && h.capitalAmountFen > 0) {
        const holder = h.externalHolder ?? codeOf.get(h.householdId ?? '') ?? '?';
        const base = { holder, capitalAmountFen: h.capitalAmountFen, guaranteedRate: shareClass.guaranteedRate };
        if (dto.proRate === 'days') {
          const daysHeld = daysWithin(year, h.date, null);
          if (daysHeld > 0) capital.push({ ...base, daysHeld, daysInYear: daysInYear(year) });
        } else if (h.date === null || h.date <= recordDate) {
          capital.push(base);
        }
      }
    }
    const above = holdersAboveCap(shareUnits, village.charter.holdingCapPercent);
    const aboveCap = households.filter((h) => above.has(h.id)).map((h) => h.code);
    return { shareUnits, capital, aboveCap };
  }

  /**
   * A plan acts on the figures it was computed from only while they still hold: the inputs are gathered again
   * and compared (DOMAIN "The plan's lawful course", rule 5). Stale → 409 PLAN_STALE naming what changed.
   */
  async assertFresh(manager: EntityManager, runId: string): Promise<void> {
    const run = await manager.getRepository(DividendRun).findOneByOrFail({ id: runId });
    const village = (await manager.getRepository(Village).findOneBy({ id: run.villageId }))!;
    const snapshot = run.snapshot as RunSnapshot;
    const request = withCharterDefaults((run.result as { request: CreateRunDto }).request, charterOf(village));
    const fresh = await this.gather(manager, village, run.year, toCalcParams(request), request);
    const before = planInputs(snapshot);
    const after: PlanInputs = {
      distributableFen: fresh.input.distributableFen,
      incomeEntries: before.incomeEntries ? fresh.incomeEntries : undefined,
      households: fresh.input.households,
      capitalHoldings: fresh.input.capitalHoldings,
      charter: before.charter ? (fresh.charter as unknown as Record<string, unknown>) : undefined,
    };
    const expected = run.inputsFingerprint ?? inputsFingerprint(before);
    if (inputsFingerprint(after) === expected) return;
    const changes = planChanges(before, after);
    throw conflict(
      'PLAN_STALE',
      `方案所依据的数据已变动，不能继续；请重新计算（草稿）或新建方案：${changes.map((c) => c.message.split(' / ')[0]).join('；')}`,
      'the plan is stale: what it was computed from has changed; recompute the draft or create a new plan',
      { changes },
    );
  }

  private calculate(input: CalcInput): CalcResult {
    try {
      return calculateDividend(input);
    } catch (error) {
      if (error instanceof CalcError) throw ruleViolation(error.code, error.zh, error.en, error.details);
      throw error;
    }
  }

  create(actor: Actor, villageId: string, request: CreateRunDto) {
    return this.tx.run(async (manager) => {
      const village = await this.access.village(actor, villageId, manager);
      const dto = withCharterDefaults(request, charterOf(village));
      const computed = await this.compute(manager, village, dto.year, toCalcParams(dto), dto);
      const { snapshot, result } = computed;
      const run: DividendRun = {
        id: randomUUID(),
        villageId,
        year: dto.year,
        status: 'draft',
        snapshot,
        snapshotHash: canonicalSha256(snapshot),
        result: { ...result, request: dto },
        createdBy: actor.userId,
        createdAt: this.clock.nowIso(),
        approvedBy: null,
        approvedAt: null,
        resolutionRef: null,
        meeting: null,
        postedBy: null,
        postedAt: null,
        postedHeadSeq: null,
        postedHeadHash: null,
        merkleRoot: null,
        payoutCount: null,
        reversedBy: null,
        reversedAt: null,
        reverseReason: null,
        postedYearKey: null,
        inputsFingerprint: computed.fingerprint,
        inputsLedgerSeq: computed.ledgerSeq,
        publishedOn: null,
        publishedBy: null,
        objectionsUntil: null,
        noticeUntil: null,
      };
      await manager.getRepository(DividendRun).insert(run);
      await this.audit.record(manager, actor, {
        action: 'dividend-run.create',
        target: run.id,
        villageId,
        summary: { year: dto.year, pool: fenToYuan(result.calc.poolFen), scheme: dto.scoring.mode, basis: dto.basis },
      });
      return this.view(run, village, actor);
    });
  }

  recompute(actor: Actor, runId: string) {
    return this.tx.run(async (manager) => {
      const run = await this.visibleRun(manager, actor, runId);
      if (run.status !== 'draft') {
        throw conflict(
          'RUN_NOT_DRAFT',
          '只有草稿可以重新计算；已公示或已审批的方案请新建草稿',
          'only a draft can be recomputed: create a new draft for a published or approved plan',
        );
      }
      const village = (await manager.getRepository(Village).findOneBy({ id: run.villageId }))!;
      const request = withCharterDefaults((run.result as { request: CreateRunDto }).request, charterOf(village));
      const computed = await this.compute(manager, village, run.year, toCalcParams(request), request);
      const { snapshot, result } = computed;
      const changes = {
        snapshot,
        snapshotHash: canonicalSha256(snapshot),
        result: { ...result, request },
        inputsFingerprint: computed.fingerprint,
        inputsLedgerSeq: computed.ledgerSeq,
      };
      await manager.getRepository(DividendRun).update({ id: run.id }, changes);
      await this.audit.record(manager, actor, {
        action: 'dividend-run.recompute',
        target: run.id,
        villageId: run.villageId,
        summary: { before: run.snapshotHash, after: changes.snapshotHash },
      });
      return this.view({ ...run, ...changes }, village, actor);
    });
  }

  deleteDraft(actor: Actor, runId: string) {
    return this.tx.run(async (manager) => {
      const run = await this.visibleRun(manager, actor, runId);
      if (run.status !== 'draft') throw conflict('RUN_NOT_DRAFT', '只有草稿可以删除', 'only a draft can be deleted');
      await manager.getRepository(DividendRun).delete({ id: run.id });
      await this.audit.record(manager, actor, {
        action: 'dividend-run.delete',
        target: run.id,
        villageId: run.villageId,
        summary: { year: run.year },
      });
      return { id: run.id, deleted: true };
    });
  }

  /** Recomputes a run from its own snapshot: byte-identical to the stored result, or the run was altered. */
  async replay(actor: Actor, runId: string) {
    const run = await this.visibleRun(this.dataSource.manager, actor, runId, true);
    const snapshot = run.snapshot as RunSnapshot;
    const calc = calculateDividend(snapshot.input);
    const stored = (run.result as StoredResult).calc;
    return {
      id: run.id,
      snapshotHash: run.snapshotHash,
      snapshotIntact: canonicalSha256(snapshot) === run.snapshotHash,
      identical: canonicalJson(calc) === canonicalJson(stored),
    };
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  /**
   * The assembly's adoption, recorded by a second cadre: only after the plan was public for the charter's
   * days (law: 10), with the meeting's figures meeting the 2/3 rules, every objection answered, inputs unchanged.
   */
  approve(actor: Actor, runId: string, dto: ApproveRunDto) {
    const m = dto.meeting;
    if (m.present > m.eligible) {
      throw badInput(
        'MEETING_PRESENT',
        'meeting.present: 出席人数不能超过应到人数',
        'meeting.present must not exceed eligible',
      );
    }
    if (m.inFavour > m.present) {
      throw badInput(
        'MEETING_IN_FAVOUR',
        'meeting.inFavour: 赞成人数不能超过出席人数',
        'meeting.inFavour must not exceed present',
      );
    }
    return this.tx.run(async (manager) => {
      const run = await this.visibleRun(manager, actor, runId);
      if (run.createdBy === actor.userId) {
        throw forbidden(
          'FOUR_EYES',
          '创建人不能审批自己创建的分红方案（须由另一名干部审批）',
          'the creator of a run cannot approve it',
        );
      }
      if (run.status !== 'draft' && run.status !== 'published') {
        throw conflict(
          'RUN_NOT_PUBLISHED',
          `分红方案当前状态为「${run.status}」，不能审批`,
          `run is ${run.status}: it cannot be approved`,
        );
      }
      const village = (await manager.getRepository(Village).findOneBy({ id: run.villageId }))!;
      const days = charterOf(village).planPublicityDays;
      if (run.status === 'draft' || !run.publishedOn) {
        throw ruleViolation(
          'PLAN_NOT_PUBLIC_LONG_ENOUGH',
          `方案尚未公示：须先公示（publish）至少 ${days} 天，再提交成员大会表决`,
          `the plan was not published: publish it at least ${days} days before the meeting`,
        );
      }
      const earliest = addDays(run.publishedOn, days);
      if (m.date < earliest) {
        throw ruleViolation(
          'PLAN_NOT_PUBLIC_LONG_ENOUGH',
          `meeting.date: 方案于 ${run.publishedOn} 公示，须满 ${days} 天，会议最早 ${earliest} 召开`,
          `meeting.date: the plan was published on ${run.publishedOn}; the meeting may be held from ${earliest}`,
          { earliest },
        );
      }
      if (m.date > this.clock.todayIso()) {
        throw ruleViolation(
          'MEETING_IN_FUTURE',
          'meeting.date: 会议日期不能晚于今天',
          'meeting.date must not be after today',
        );
      }
      const open = await manager.getRepository(PlanObjection).countBy({ runId, answeredAt: IsNull() });
      if (open > 0) {
        throw ruleViolation(
          'OBJECTIONS_OPEN',
          `还有 ${open} 条异议未答复，请先答复`,
          `${open} objections are not answered yet`,
          {
            openObjections: open,
          },
        );
      }
      if (3 * m.present < 2 * m.eligible) {
        throw ruleViolation(
          'QUORUM_NOT_MET',
          `出席 ${m.present} 人未达应到 ${m.eligible} 人的三分之二，会议无效`,
          `quorum not met: ${m.present} of ${m.eligible} present (2/3 required)`,
        );
      }
      if (3 * m.inFavour < 2 * m.eligible) {
        throw ruleViolation(
          'VOTE_FAILED',
          `赞成 ${m.inFavour} 人未达全体 ${m.eligible} 人的三分之二，方案未通过`,
          `vote failed: ${m.inFavour} of ${m.eligible} in favour (2/3 of all required)`,
        );
      }
      await this.assertFresh(manager, run.id);
      const changes = {
        status: 'approved' as const,
        approvedBy: actor.userId,
        approvedAt: this.clock.nowIso(),
        resolutionRef: dto.resolutionRef,
        meeting: dto.meeting,
      };
      await manager.getRepository(DividendRun).update({ id: run.id, status: 'published' }, changes);
      await this.audit.record(manager, actor, {
        action: 'dividend-run.approve',
        target: run.id,
        villageId: run.villageId,
        summary: { resolutionRef: dto.resolutionRef, meeting: dto.meeting },
      });
      return this.view({ ...run, ...changes }, village, actor);
    });
  }

  /** Posts the whole run in ONE transaction: journal entry, payouts with Merkle proofs, status. */
  post(actor: Actor, runId: string) {
    return this.tx.run(async (manager) => {
      const run = await this.visibleRun(manager, actor, runId);
      if (run.status === 'posted') throw conflict('RUN_ALREADY_POSTED', '该分红方案已过账', 'run is already posted');
      if (run.status !== 'approved') {
        throw conflict(
          'RUN_NOT_APPROVED',
          `分红方案须先审批（当前：${run.status}）`,
          `run must be approved first (now ${run.status})`,
        );
      }
      const yearKey = postedYearKey(run.villageId, run.year);
      if (await manager.getRepository(DividendRun).existsBy({ postedYearKey: yearKey })) {
        throw conflict(
          'YEAR_ALREADY_DISTRIBUTED',
          `${run.year} 年已有已过账的分红方案`,
          `a run for ${run.year} is already posted`,
        );
      }
      await this.assertFresh(manager, run.id);
      const village = (await manager.getRepository(Village).findOneBy({ id: run.villageId }))!;
      const calc = (run.result as StoredResult).calc;
      const lines = this.postingLines(calc);
      const creditFen = lines.reduce((sum, l) => sum + l.creditFen, 0);
      const owedFen =
        calc.poolFen +
        calc.reserveFen +
        calc.deductions.reduce((sum, d) => sum + d.amountFen, 0) +
        calc.guaranteed.reduce((sum, g) => sum + g.amountFen, 0);
      invariant(
        creditFen === owedFen,
        `posting credits ${creditFen} ≠ pool + reserve + deductions + guarantees ${owedFen}`,
      );
      invariant(calc.payouts.reduce((sum, p) => sum + p.amountFen, 0) === calc.poolFen, 'Σ payouts ≠ pool');
      if (lines.length < 2) {
        throw ruleViolation('NOTHING_TO_POST', '本方案没有可过账的金额', 'the run has no amounts to post');
      }
      const entry = await this.ledger.append(manager, run.villageId, actor.userId, {
        date: `${run.year}-12-31`,
        kind: 'dividend',
        runId: run.id,
        lines,
        memo: `${run.year} 年度收益分配（决议 ${run.resolutionRef}）：分配 ${fenToYuan(calc.poolFen)}，公积公益金 ${fenToYuan(calc.reserveFen)}，未分配收益 ${fenToYuan(calc.retainedFen)}`,
      });
      const proofs = buildPayoutProofs({ runId: run.id, villageCode: village.code, year: run.year }, calc.payouts);
      invariant(
        proofs.size === calc.payouts.filter((p) => p.amountFen > 0).length,
        'proofs count ≠ payouts above 0.00',
      );
      const idOf = new Map(calc.payouts.map((p) => [p.householdCode, p.householdId]));
      await insertRows(
        manager,
        'payouts',
        [
          'verification_code',
          'run_id',
          'village_id',
          'household_id',
          'household_code',
          'amount_fen',
          'leaf_index',
          'leaf_hash',
          'audit_path',
        ],
        mapRows(proofs.proofs, (p) => [
          p.code,
          run.id,
          run.villageId,
          idOf.get(p.householdCode)!,
          p.householdCode,
          p.amountFen,
          p.index,
          p.leafHash,
          proofs.pathOf(p.index).join(','),
        ]),
      );
      const changes = {
        status: 'posted' as const,
        postedBy: actor.userId,
        postedAt: this.clock.nowIso(),
        postedHeadSeq: entry.seq,
        postedHeadHash: entry.hash,
        merkleRoot: proofs.root,
        payoutCount: proofs.size,
        postedYearKey: yearKey,
        noticeUntil: addDays(this.clock.todayIso(), charterOf(village).publicityDays - 1),
      };
      await manager.getRepository(DividendRun).update({ id: run.id, status: 'approved' }, changes);
      await this.audit.record(manager, actor, {
        action: 'dividend-run.post',
        target: run.id,
        villageId: run.villageId,
        summary: { entryId: entry.id, seq: entry.seq, payouts: proofs.size, merkleRoot: proofs.root },
      });
      return {
        id: run.id,
        status: 'posted',
        head: entry.hash,
        headSeq: entry.seq,
        merkleRoot: proofs.root,
        payouts: proofs.size,
      };
    });
  }

  /** Dr 收益分配—各项分配; Cr 公积公益金, deductions, guaranteed dividends, and 应付收益 per household. */
  private postingLines(calc: CalcResult): LineInput[] {
    const credits: LineInput[] = [];
    if (calc.reserveFen > 0) {
      credits.push({ accountCode: ACCOUNT.reserve, debitFen: 0, creditFen: calc.reserveFen, memo: '提取公积公益金' });
    }
    for (const d of calc.deductions) {
      if (d.amountFen > 0) {
        credits.push({
          accountCode: ACCOUNT.payableOther,
          debitFen: 0,
          creditFen: d.amountFen,
          memo: truncateText(d.name, 200),
        });
      }
    }
    for (const g of calc.guaranteed) {
      credits.push({
        accountCode: ACCOUNT.payableOther,
        debitFen: 0,
        creditFen: g.amountFen,
        memo: truncateText(`保底分红：${g.holder}`, 200),
      });
    }
    for (const p of calc.payouts) {
      if (p.amountFen > 0) {
        credits.push({
          accountCode: ACCOUNT.payableDividend,
          householdId: p.householdId,
          debitFen: 0,
          creditFen: p.amountFen,
          memo: p.householdCode,
        });
      }
    }
    const total = credits.reduce((s, l) => s + l.creditFen, 0);
    return total > 0
      ? [{ accountCode: ACCOUNT.distributions, debitFen: total, creditFen: 0, memo: '各项分配' }, ...credits]
      : [];
  }

  /** A posted run is corrected only as a whole: reversing entries, reason required; the year is free again. */
  reverse(actor: Actor, runId: string, reason: string) {
    return this.tx.run(async (manager) => {
      const run = await this.visibleRun(manager, actor, runId);
      if (run.status !== 'posted' && run.status !== 'paid') {
        throw conflict('RUN_NOT_POSTED', '只有已过账的分红方案可以冲销', 'only a posted run can be reversed');
      }
      if ((await activePayments(manager, runId)).length > 0) {
        throw ruleViolation(
          'RUN_HAS_PAYMENTS',
          '已有兑付记录，请先冲销兑付凭证',
          'payments were recorded: reverse them first',
        );
      }
      const changes = {
        status: 'reversed' as const,
        reversedBy: actor.userId,
        reversedAt: this.clock.nowIso(),
        reverseReason: reason,
        postedYearKey: null,
      };
      // Freed first, so the reversal is dated in the run's (now open) year and the year nets to zero.
      await manager.getRepository(DividendRun).update({ id: run.id, status: run.status }, changes);
      const entries = await manager
        .getRepository(JournalEntry)
        .find({ where: { runId: run.id, kind: 'dividend' }, order: { seq: 'ASC' } });
      const reversals = [];
      for (const e of entries) {
        reversals.push(
          await this.ledger.reverseEntry(manager, actor, run.villageId, e.id, reason, {
            allowDividend: true,
            runId: run.id,
          }),
        );
      }
      await this.audit.record(manager, actor, {
        action: 'dividend-run.reverse',
        target: run.id,
        villageId: run.villageId,
        summary: { reason, reversals: reversals.map((r) => r.id) },
      });
      this.verifier.invalidate();
      return { id: run.id, status: 'reversed', reversalEntryIds: reversals.map((r) => r.id) };
    });
  }

  // ---- reads -----------------------------------------------------------------------------------

  /** The run without its snapshot (megabytes for a large village; only replay reads it). */
  async visibleRun(manager: EntityManager, actor: Actor, runId: string, withSnapshot = false): Promise<DividendRun> {
    const select = Object.fromEntries(
      manager.connection
        .getMetadata(DividendRun)
        .columns.map((c) => [c.propertyName, withSnapshot || c.propertyName !== 'snapshot']),
    );
    const run = await manager
      .getRepository(DividendRun)
      .findOne({ select: select as FindOptionsSelect<DividendRun>, where: { id: runId } });
    if (!run || !this.access.canSee(actor, run.villageId)) throw notFound('dividend run', '分红方案');
    return run;
  }

  async get(actor: Actor, runId: string) {
    const run = await this.visibleRun(this.dataSource.manager, actor, runId);
    const village = (await this.dataSource.getRepository(Village).findOneBy({ id: run.villageId }))!;
    return this.view(run, village, actor, await this.dataSource.getRepository(Payout).findBy({ runId }));
  }

  async list(actor: Actor, villageId: string) {
    const village = await this.access.village(actor, villageId);
    const runs = await this.dataSource
      .getRepository(DividendRun)
      .find({ where: { villageId }, order: { createdAt: 'DESC' } });
    return {
      items: runs.map((r) => {
        const { payouts: _payouts, ...summary } = this.view(r, village, actor);
        return summary;
      }),
      total: runs.length,
    };
  }

  /** Drafts side by side: per household difference, min/median/max, how many gain or lose against the first. */
  async compare(actor: Actor, runIds: string[]) {
    if (runIds.length < 2 || runIds.length > 6) {
      throw badInput('COMPARE_COUNT', 'ids: 须比较2–6个方案', 'ids must name 2–6 runs');
    }
    const runs: DividendRun[] = [];
    for (const id of runIds) runs.push(await this.visibleRun(this.dataSource.manager, actor, id));
    if (new Set(runs.map((r) => r.villageId)).size > 1) {
      throw badInput('COMPARE_VILLAGES', 'ids: 只能比较同一嘎查/村的方案', 'runs must belong to one village');
    }
    const results = runs.map((r) => (r.result as StoredResult).calc);
    const stats = results.map((c, i) => {
      const amounts = c.payouts.map((p) => p.amountFen).sort((a, b) => a - b);
      const median =
        amounts.length === 0
          ? 0
          : amounts.length % 2
            ? amounts[(amounts.length - 1) / 2]
            : Math.floor((amounts[amounts.length / 2 - 1] + amounts[amounts.length / 2]) / 2);
      const base = new Map(results[0].payouts.map((p) => [p.householdId, p.amountFen]));
      const gain = c.payouts.filter((p) => p.amountFen > (base.get(p.householdId) ?? 0)).length;
      const lose = c.payouts.filter((p) => p.amountFen < (base.get(p.householdId) ?? 0)).length;
      return {
        id: runs[i].id,
        scheme: (runs[i].result as StoredResult).scoring,
        pool: fenToYuan(c.poolFen),
        households: c.payouts.length,
        min: fenToYuan(amounts[0] ?? 0),
        median: fenToYuan(median),
        max: fenToYuan(amounts[amounts.length - 1] ?? 0),
        gainVsFirst: i === 0 ? 0 : gain,
        loseVsFirst: i === 0 ? 0 : lose,
      };
    });
    const byHousehold = new Map<
      string,
      { householdId: string; householdCode: string; amounts: string[]; differenceVsFirst: string[] }
    >();
    results.forEach((c, i) => {
      for (const p of c.payouts) {
        const row = byHousehold.get(p.householdId) ?? {
          householdId: p.householdId,
          householdCode: p.householdCode,
          amounts: results.map(() => '0.00'),
          differenceVsFirst: results.map(() => '0.00'),
        };
        row.amounts[i] = fenToYuan(p.amountFen);
        byHousehold.set(p.householdId, row);
      }
    });
    for (const row of byHousehold.values()) {
      const first = yuanToFen(row.amounts[0]);
      row.differenceVsFirst = row.amounts.map((a) => fenToYuan(yuanToFen(a) - first));
    }
    return {
      runs: stats,
      households: [...byHousehold.values()].sort((a, b) => (a.householdCode < b.householdCode ? -1 : 1)),
    };
  }

  view(run: DividendRun, village: Village, actor: Actor, payouts: Payout[] = []) {
    const stored = run.result as StoredResult & { request: CreateRunDto };
    const calc = stored.calc;
    const codes = new Map(payouts.map((p) => [p.householdId, p.verificationCode]));
    let rows = calc.payouts.map((p) => ({
      householdId: p.householdId,
      householdCode: p.householdCode,
      units: p.units,
      score: p.score,
      factor: p.factor,
      weight: p.weight,
      amount: fenToYuan(p.amountFen),
      ...(p.baseFen !== undefined ? { baseAmount: fenToYuan(p.baseFen), scoreAmount: fenToYuan(p.scoreFen!) } : {}),
      ...(codes.has(p.householdId) ? { verificationCode: codes.get(p.householdId) } : {}),
    }));
    rows = visibleToHousehold(actor, rows, (r) => r.householdId);
    // Guarantees to outside holders are village-level figures; those to households are their own business.
    const householdByCode = new Map(calc.payouts.map((p) => [p.householdCode, p.householdId]));
    const guaranteed = visibleToHousehold(actor, calc.guaranteed, (g) => householdByCode.get(g.holder) ?? null, {
      villageLevel: true,
    });
    const ownCode = calc.payouts.find((p) => p.householdId === actor.householdId)?.householdCode ?? null;
    return {
      id: run.id,
      villageId: run.villageId,
      villageCode: village.code,
      village: village.name,
      year: run.year,
      status: run.status,
      distributable: fenToYuan(calc.distributableFen),
      lossMakeup: fenToYuan(calc.lossMakeupFen),
      reserve: fenToYuan(calc.reserveFen),
      reservePercent: stored.request.reservePercent ?? '0',
      deductions: calc.deductions.map((d) => ({ name: d.name, amount: fenToYuan(d.amountFen) })),
      guaranteed: guaranteed.map((g) => ({ holder: g.holder, amount: fenToYuan(g.amountFen) })),
      available: fenToYuan(calc.availableFen),
      pool: fenToYuan(calc.poolFen),
      retained: fenToYuan(calc.retainedFen),
      ...(calc.poolBaseFen !== undefined
        ? { poolBase: fenToYuan(calc.poolBaseFen), poolScore: fenToYuan(calc.poolScoreFen!) }
        : {}),
      basis: stored.request.basis,
      scoring: stored.scoring,
      distribute: stored.distribute,
      totalWeight: calc.totalWeight,
      payouts: rows,
      warnings: warningsForViewer(actor, stored.warnings, ownCode),
      algorithm: calc.algorithm,
      snapshotHash: run.snapshotHash,
      createdBy: run.createdBy,
      createdAt: run.createdAt,
      approvedBy: run.approvedBy,
      approvedAt: run.approvedAt,
      resolutionRef: run.resolutionRef,
      meeting: run.meeting,
      postedAt: run.postedAt,
      head: run.postedHeadHash,
      headSeq: run.postedHeadSeq,
      merkleRoot: run.merkleRoot,
      reversedAt: run.reversedAt,
      reverseReason: run.reverseReason,
      recordDate: stored.request.recordDate ?? `${run.year}-12-31`,
      proRate: stored.request.proRate ?? 'none',
      inputsFingerprint: run.inputsFingerprint,
      publishedOn: run.publishedOn,
      objectionsUntil: run.objectionsUntil,
      noticeUntil: run.noticeUntil,
    };
  }
}
