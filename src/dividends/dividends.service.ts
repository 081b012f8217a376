import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager, IsNull } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { addDays } from '../common/dates.js';
import { badInput, conflict, forbidden, ruleViolation } from '../common/errors/domain-error.js';
import { invariant } from '../common/invariant.js';
import { fenToYuan } from '../common/money.js';
import { truncateText } from '../common/text.js';
import { type Pause, TransactionRunner, yieldToLoop } from '../database/transaction-runner.js';
import { ACCOUNT } from '../ledger/accounts.js';
import type { EntryLines, LineInput } from '../ledger/journal.js';
import { JournalEntry } from '../ledger/ledger.entity.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { Village, charterOf } from '../villages/village.entity.js';
import { VillageAccess } from '../common/village-access.js';
import { calculateDividend } from './calculator.js';
import { DividendRun, PlanObjection, type RunTotals, postedYearKey } from './dividend.entity.js';
import { DividendsRepository, type PayoutColumns } from './dividends.repository.js';
import type { ApproveRunDto, CreateRunDto } from './dto.js';
import { buildPayoutTree } from './payout-proof.js';
import { RunComputeService } from './run-compute.service.js';
import { calcInputOf, linesOf, paced, resultHash, snapshotHash, storedResultHash, totalsOf } from './run-lines.js';
import { RunReadsService } from './run-reads.service.js';
import { withCharterDefaults } from './run-request.js';
import { VerifyService } from './verify.service.js';

/** A dividend run's course: create and recompute drafts, adopt, post, reverse; replay against its inputs. */
@Injectable()
export class DividendsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly ledger: LedgerService,
    private readonly audit: AuditService,
    private readonly access: VillageAccess,
    private readonly clock: Clock,
    private readonly verifier: VerifyService,
    private readonly computer: RunComputeService,
    private readonly reads: RunReadsService,
    private readonly runs: DividendsRepository,
  ) {}

  /** The run's header, visible to the actor (404 otherwise): other modules start every action on a run here. */
  visibleRun(manager: EntityManager, actor: Actor, runId: string): Promise<DividendRun> {
    return this.reads.visibleRun(manager, actor, runId);
  }

  assertFresh(manager: EntityManager, runId: string, pause?: Pause): Promise<void> {
    return this.computer.assertFresh(manager, runId, pause);
  }

  // ---- create / recompute ----------------------------------------------------------------------

  /** A new draft: its figures on the run, its households as lines. Answers the summary (payouts: reads). */
  create(actor: Actor, villageId: string, request: CreateRunDto) {
    return this.tx.run(async (manager) => {
      const village = await this.access.village(actor, villageId, manager);
      const dto = withCharterDefaults(request, charterOf(village));
      const computed = await this.computer.compute(manager, village, dto.year, dto);
      const id = randomUUID();
      const run: DividendRun = {
        id,
        villageId,
        year: dto.year,
        status: 'draft',
        request: dto,
        inputs: computed.inputs,
        snapshotHash: await snapshotHash(computed.inputs, paced(linesOf(id, computed.input, computed.calc))),
        totals: totalsOf(computed.calc),
        warnings: computed.warnings,
        lineCount: computed.input.households.length,
        createdBy: actor.userId,
        createdAt: this.clock.nowIso(),
        ...UNADOPTED,
        inputsFingerprint: computed.fingerprint,
        inputsLedgerSeq: computed.ledgerSeq,
      };
      await manager.getRepository(DividendRun).insert(run);
      await this.runs.insertLines(manager, linesOf(id, computed.input, computed.calc));
      await this.audit.record(manager, actor, {
        action: 'dividend-run.create',
        target: run.id,
        villageId,
        summary: { year: dto.year, pool: fenToYuan(run.totals.poolFen), scheme: dto.scoring.mode, basis: dto.basis },
      });
      return this.reads.summary(manager, run, actor);
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
      const request = withCharterDefaults(run.request, charterOf(village));
      const computed = await this.computer.compute(manager, village, run.year, request);
      const changes = {
        request,
        inputs: computed.inputs,
        snapshotHash: await snapshotHash(computed.inputs, paced(linesOf(run.id, computed.input, computed.calc))),
        totals: totalsOf(computed.calc),
        warnings: computed.warnings,
        lineCount: computed.input.households.length,
        inputsFingerprint: computed.fingerprint,
        inputsLedgerSeq: computed.ledgerSeq,
      };
      await manager.getRepository(DividendRun).update({ id: run.id }, changes);
      await this.runs.deleteLines(manager, run.id);
      await this.runs.insertLines(manager, linesOf(run.id, computed.input, computed.calc));
      await this.audit.record(manager, actor, {
        action: 'dividend-run.recompute',
        target: run.id,
        villageId: run.villageId,
        summary: { before: run.snapshotHash, after: changes.snapshotHash },
      });
      return this.reads.summary(manager, { ...run, ...changes }, actor);
    });
  }

  deleteDraft(actor: Actor, runId: string) {
    return this.tx.run(async (manager) => {
      const run = await this.visibleRun(manager, actor, runId);
      if (run.status !== 'draft') throw conflict('RUN_NOT_DRAFT', '只有草稿可以删除', 'only a draft can be deleted');
      await this.runs.deleteLines(manager, run.id);
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

  /**
   * Recomputes a run from its own stored inputs: the same result as stored, or the run was altered. A plan not
   * yet posted is also checked against the books as they stand: stale, it is not `identical` (and says why).
   */
  async replay(actor: Actor, runId: string) {
    const manager = this.dataSource.manager;
    const run = await this.visibleRun(manager, actor, runId);
    const inputs = await this.runs.inputs(manager, runId);
    const calc = calculateDividend(await calcInputOf(inputs, this.runs.lines(manager, runId)));
    const stored: RunTotals = run.totals;
    const unposted = run.status === 'draft' || run.status === 'published' || run.status === 'approved';
    const changes = unposted ? await this.computer.changesSince(manager, runId) : null;
    const sameResult =
      (await resultHash(totalsOf(calc), calc.payouts)) ===
      (await storedResultHash(stored, this.runs.lines(manager, runId)));
    return {
      id: run.id,
      snapshotHash: run.snapshotHash,
      snapshotIntact: (await snapshotHash(inputs, this.runs.lines(manager, runId))) === run.snapshotHash,
      identical: sameResult && !changes,
      stale: !!changes,
      ...(changes ? { changes } : {}),
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
      await this.assertAdoptable(manager, actor, run, dto.meeting);
      // nothing is written before the check: other requests may have their turns between its pages
      await this.assertFresh(manager, run.id, yieldToLoop);
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
      return this.reads.summary(manager, { ...run, ...changes }, actor);
    });
  }

  /** Four eyes, the plan public for the charter's days, the meeting in the past, objections answered, 2/3 rules. */
  private async assertAdoptable(manager: EntityManager, actor: Actor, run: DividendRun, m: ApproveRunDto['meeting']) {
    if (run.createdBy === actor.userId) {
      throw forbidden(
        'FOUR_EYES',
        '创建人不能审批自己创建的分红方案（须由另一名干部审批）',
        'the creator of a run cannot approve it: another cadre records the approval',
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
        `meeting.date: 会议日期 ${m.date} 晚于今天，请在会议召开后再登记审批`,
        `meeting.date ${m.date} is after today: record the approval once the meeting has been held`,
      );
    }
    const open = await manager.getRepository(PlanObjection).countBy({ runId: run.id, answeredAt: IsNull() });
    if (open > 0) {
      throw ruleViolation(
        'OBJECTIONS_OPEN',
        `还有 ${open} 条异议未答复，请先逐条答复再表决`,
        `${open} objection(s) not answered yet: answer each one before the vote`,
        { openObjections: open },
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
  }

  /**
   * Posts the whole run in ONE transaction: journal entry, payouts with Merkle proofs, status. A long one
   * (TransactionRunner.runLong): other requests are served between chunks of rows and see the run approved,
   * without payouts, until it commits.
   */
  post(actor: Actor, runId: string) {
    return this.tx.runLong(async (manager, pause) => {
      const run = await this.postableRun(manager, actor, runId, pause);
      const village = (await manager.getRepository(Village).findOneBy({ id: run.villageId }))!;
      const payouts = await this.runs.positivePayouts(manager, run.id, pause);
      const entry = await this.bookRun(manager, actor, run, payouts, pause);
      const tree = await buildPayoutTree({ runId: run.id, villageCode: village.code, year: run.year }, payouts, pause);
      invariant(tree.size === payouts.amountsFen.length, 'proofs count ≠ payouts above 0.00');
      await this.runs.insertPayouts(manager, run, payouts, tree, pause);
      const changes = {
        status: 'posted' as const,
        postedBy: actor.userId,
        postedAt: this.clock.nowIso(),
        postedHeadSeq: entry.seq,
        postedHeadHash: entry.hash,
        merkleRoot: tree.root,
        payoutCount: tree.size,
        postedYearKey: postedYearKey(run.villageId, run.year),
        noticeUntil: addDays(this.clock.todayIso(), charterOf(village).publicityDays - 1),
      };
      await manager.getRepository(DividendRun).update({ id: run.id, status: 'approved' }, changes);
      await this.audit.record(manager, actor, {
        action: 'dividend-run.post',
        target: run.id,
        villageId: run.villageId,
        summary: { entryId: entry.id, seq: entry.seq, payouts: tree.size, merkleRoot: tree.root },
      });
      return {
        id: run.id,
        status: 'posted',
        head: entry.hash,
        headSeq: entry.seq,
        merkleRoot: tree.root,
        payouts: tree.size,
      };
    });
  }

  /** An approved run whose year is free and whose inputs still hold (409 otherwise). */
  private async postableRun(manager: EntityManager, actor: Actor, runId: string, pause: Pause): Promise<DividendRun> {
    const run = await this.visibleRun(manager, actor, runId);
    if (run.status === 'posted') throw conflict('RUN_ALREADY_POSTED', '该分红方案已过账', 'run is already posted');
    if (run.status !== 'approved') {
      throw conflict(
        'RUN_NOT_APPROVED',
        `分红方案须先审批（当前：${run.status}）`,
        `run must be approved first (now ${run.status})`,
      );
    }
    if (await manager.getRepository(DividendRun).existsBy({ postedYearKey: postedYearKey(run.villageId, run.year) })) {
      throw conflict(
        'YEAR_ALREADY_DISTRIBUTED',
        `${run.year} 年已有已过账的分红方案`,
        `a run for ${run.year} is already posted`,
      );
    }
    await this.assertFresh(manager, run.id, pause);
    return run;
  }

  /** The run's journal entry, its credits checked against the totals first. */
  private async bookRun(
    manager: EntityManager,
    actor: Actor,
    run: DividendRun,
    payouts: PayoutColumns,
    pause: Pause,
  ): Promise<JournalEntry> {
    const calc = run.totals;
    const { lines, count, creditFen } = this.postingLines(calc, payouts);
    const owedFen =
      calc.poolFen +
      calc.reserveFen +
      calc.deductions.reduce((sum, d) => sum + d.amountFen, 0) +
      calc.guaranteed.reduce((sum, g) => sum + g.amountFen, 0);
    invariant(
      creditFen === owedFen,
      `posting credits ${creditFen} ≠ pool + reserve + deductions + guarantees ${owedFen}`,
    );
    invariant(payouts.amountsFen.reduce((sum, a) => sum + a, 0) === calc.poolFen, 'Σ payouts ≠ pool');
    if (count < 2) {
      throw ruleViolation('NOTHING_TO_POST', '本方案没有可过账的金额', 'the run has no amounts to post');
    }
    const entry = {
      date: `${run.year}-12-31`,
      kind: 'dividend' as const,
      runId: run.id,
      lines,
      memo: `${run.year} 年度收益分配（决议 ${run.resolutionRef}）：分配 ${fenToYuan(calc.poolFen)}，公积公益金 ${fenToYuan(calc.reserveFen)}，未分配收益 ${fenToYuan(calc.retainedFen)}`,
    };
    return this.ledger.append(manager, run.villageId, actor.userId, entry, pause);
  }

  /**
   * Dr 收益分配—各项分配; Cr 公积公益金, deductions, guaranteed dividends, and 应付收益 per household: the
   * household lines made on demand from the columns each time the lines are walked (no 250,000-line array).
   */
  private postingLines(
    calc: RunTotals,
    payouts: PayoutColumns,
  ): { lines: EntryLines; count: number; creditFen: number } {
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
    const { householdIds, householdCodes, amountsFen } = payouts;
    const total = credits.reduce((s, l) => s + l.creditFen, 0) + amountsFen.reduce((s, a) => s + a, 0);
    if (total <= 0) return { lines: [], count: 0, creditFen: 0 };
    const debit: LineInput = { accountCode: ACCOUNT.distributions, debitFen: total, creditFen: 0, memo: '各项分配' };
    const lines = {
      *[Symbol.iterator](): Iterator<LineInput> {
        yield debit;
        yield* credits;
        for (let i = 0; i < amountsFen.length; i++) {
          yield {
            accountCode: ACCOUNT.payableDividend,
            householdId: householdIds[i],
            debitFen: 0,
            creditFen: amountsFen[i],
            memo: householdCodes[i],
          };
        }
      },
    };
    return { lines, count: 1 + credits.length + amountsFen.length, creditFen: total };
  }

  /** A posted run is corrected only as a whole: reversing entries, reason required; the year is free again. */
  reverse(actor: Actor, runId: string, reason: string) {
    return this.tx.run(async (manager) => {
      const run = await this.visibleRun(manager, actor, runId);
      if (run.status !== 'posted' && run.status !== 'paid') {
        throw conflict('RUN_NOT_POSTED', '只有已过账的分红方案可以冲销', 'only a posted run can be reversed');
      }
      if (await this.runs.hasStandingPayments(manager, runId)) {
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
}

/** A draft's lifecycle fields before anyone adopted, posted or reversed it. */
const UNADOPTED = {
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
  publishedOn: null,
  publishedBy: null,
  objectionsUntil: null,
  noticeUntil: null,
};
