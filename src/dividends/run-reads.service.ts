import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { isHouseholdViewer, visibleToHousehold, warningsForViewer } from '../auth/household-scope.js';
import { badInput, notFound } from '../common/errors/domain-error.js';
import { fenToYuan } from '../common/money.js';
import { inChunks } from '../common/sql-in.js';
import { Village } from '../villages/village.entity.js';
import { VillageAccess } from '../common/village-access.js';
import { DividendRun, Payout, type RunLine } from './dividend.entity.js';
import { DividendsRepository, type LinePage } from './dividends.repository.js';
import type { RunWarning } from './warnings.js';

export type RunSummary = Awaited<ReturnType<RunReadsService['summary']>>;
export type PayoutRow = Awaited<ReturnType<RunReadsService['payoutRows']>>[number];

/** A page of payouts; a page in a run's view also says how many there are. */
export type PayoutPaging = Pick<LinePage, 'limit' | 'offset' | 'codePrefix'>;

/** Reading dividend runs: the header, its figures, and its payouts whole or by page (run_lines). */
@Injectable()
export class RunReadsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly runs: DividendsRepository,
    private readonly access: VillageAccess,
  ) {}

  /** The run's header only (no inputs, no lines): what every action on a run reads first. */
  async visibleRun(manager: EntityManager, actor: Actor, runId: string): Promise<DividendRun> {
    const run = await this.runs.header(manager, runId);
    if (!run || !this.access.canSee(actor, run.villageId)) throw notFound('dividend run', '分红方案');
    return run;
  }

  /** The run with every payout, or with one page of them and `payoutsTotal`. */
  async get(actor: Actor, runId: string, paging?: PayoutPaging) {
    const manager = this.dataSource.manager;
    const run = await this.visibleRun(manager, actor, runId);
    return this.withPayouts(actor, await this.summary(manager, run, actor), paging);
  }

  /** A run's summary with its payouts added (all of them unless a page is asked). */
  async withPayouts(actor: Actor, summary: RunSummary, paging?: PayoutPaging) {
    const manager = this.dataSource.manager;
    if (paging) {
      const page = await this.payoutPage(manager, actor, summary.id, paging);
      return { ...summary, payouts: page.items, payoutsTotal: page.total };
    }
    if (isHouseholdViewer(actor)) {
      const own = await this.payoutPage(manager, actor, summary.id, { limit: 1, offset: 0 });
      return { ...summary, payouts: own.items };
    }
    const payouts: PayoutRow[] = [];
    let batch: RunLine[] = [];
    for await (const line of this.runs.lines(manager, summary.id)) {
      batch.push(line);
      if (batch.length === 5_000) {
        payouts.push(...(await this.payoutRows(manager, summary.id, batch)));
        batch = [];
      }
    }
    payouts.push(...(await this.payoutRows(manager, summary.id, batch)));
    return { ...summary, payouts };
  }

  /** GET /dividend-runs/:id/payouts: a page in household code order; a household sees its own only. */
  async payouts(actor: Actor, runId: string, paging: PayoutPaging) {
    const manager = this.dataSource.manager;
    await this.visibleRun(manager, actor, runId);
    return this.payoutPage(manager, actor, runId, paging);
  }

  private async payoutPage(manager: EntityManager, actor: Actor, runId: string, paging: PayoutPaging) {
    const householdId = isHouseholdViewer(actor) ? (actor.householdId ?? '') : undefined;
    const page = await this.runs.page(manager, runId, { ...paging, householdId });
    return { items: await this.payoutRows(manager, runId, page.items), total: page.total };
  }

  /** Lines as the API shows payouts, with their verification codes once posted. */
  async payoutRows(manager: EntityManager, runId: string, lines: RunLine[]) {
    const codes = new Map<string, string>();
    const posted = await inChunks(
      lines.map((l) => l.householdId),
      500,
      (ids) =>
        manager
          .getRepository(Payout)
          .find({ select: { householdId: true, verificationCode: true }, where: { runId, householdId: In(ids) } }),
    );
    for (const p of posted) codes.set(p.householdId, p.verificationCode);
    return lines.map((l) => ({
      householdId: l.householdId,
      householdCode: l.householdCode,
      units: l.units,
      score: l.score,
      factor: l.factor,
      weight: l.weight,
      amount: fenToYuan(l.amountFen),
      ...(l.baseFen !== null ? { baseAmount: fenToYuan(l.baseFen), scoreAmount: fenToYuan(l.scoreFen ?? 0) } : {}),
      ...(codes.has(l.householdId) ? { verificationCode: codes.get(l.householdId) } : {}),
    }));
  }

  async list(actor: Actor, villageId: string) {
    await this.access.village(actor, villageId);
    const manager = this.dataSource.manager;
    const items: RunSummary[] = [];
    for (const run of await this.runs.runsOf(manager, villageId)) items.push(await this.summary(manager, run, actor));
    return { items, total: items.length };
  }

  /** Drafts side by side: per household difference, min/median/max, how many gain or lose against the first. */
  async compare(actor: Actor, runIds: string[]) {
    if (runIds.length < 2 || runIds.length > 6) {
      throw badInput('COMPARE_COUNT', 'ids: 须比较2–6个方案', 'ids must name 2–6 runs');
    }
    const manager = this.dataSource.manager;
    const runs: DividendRun[] = [];
    for (const id of runIds) runs.push(await this.visibleRun(manager, actor, id));
    if (new Set(runs.map((r) => r.villageId)).size > 1) {
      throw badInput('COMPARE_VILLAGES', 'ids: 只能比较同一嘎查/村的方案', 'runs must belong to one village');
    }
    const byHousehold = new Map<string, { householdId: string; householdCode: string; fen: (number | null)[] }>();
    for (const [i, run] of runs.entries()) {
      for await (const line of this.runs.lines(manager, run.id)) {
        let row = byHousehold.get(line.householdId);
        if (!row) {
          row = { householdId: line.householdId, householdCode: line.householdCode, fen: runs.map(() => null) };
          byHousehold.set(line.householdId, row);
        }
        row.fen[i] = line.amountFen;
      }
    }
    const rows = [...byHousehold.values()].sort((a, b) => (a.householdCode < b.householdCode ? -1 : 1));
    return {
      runs: runs.map((run, i) => compareStats(run, i, rows)),
      households: rows.map((r) => ({
        householdId: r.householdId,
        householdCode: r.householdCode,
        amounts: r.fen.map((f) => fenToYuan(f ?? 0)),
        differenceVsFirst: r.fen.map((f) => fenToYuan((f ?? 0) - (r.fen[0] ?? 0))),
      })),
    };
  }

  /** The run's figures without payouts: what the list shows, and every action answers with. */
  async summary(manager: EntityManager, run: DividendRun, actor: Actor, warnings?: RunWarning[]) {
    const village = (await manager.getRepository(Village).findOneBy({ id: run.villageId }))!;
    const totals = run.totals;
    const request = run.request;
    // Guarantees to outside holders are village-level figures; those to households are their own business.
    const holders = await this.runs.linesByCode(
      manager,
      run.id,
      totals.guaranteed.map((g) => g.holder),
    );
    const householdByCode = new Map(holders.map((l) => [l.householdCode, l.householdId]));
    const guaranteed = visibleToHousehold(actor, totals.guaranteed, (g) => householdByCode.get(g.holder) ?? null, {
      villageLevel: true,
    });
    const own = actor.householdId ? await this.runs.line(manager, run.id, actor.householdId) : null;
    return {
      id: run.id,
      villageId: run.villageId,
      villageCode: village.code,
      village: village.name,
      year: run.year,
      status: run.status,
      distributable: fenToYuan(totals.distributableFen),
      lossMakeup: fenToYuan(totals.lossMakeupFen),
      reserve: fenToYuan(totals.reserveFen),
      reservePercent: request.reservePercent ?? '0',
      deductions: totals.deductions.map((d) => ({ name: d.name, amount: fenToYuan(d.amountFen) })),
      guaranteed: guaranteed.map((g) => ({ holder: g.holder, amount: fenToYuan(g.amountFen) })),
      available: fenToYuan(totals.availableFen),
      pool: fenToYuan(totals.poolFen),
      retained: fenToYuan(totals.retainedFen),
      ...(totals.poolBaseFen !== undefined
        ? { poolBase: fenToYuan(totals.poolBaseFen), poolScore: fenToYuan(totals.poolScoreFen!) }
        : {}),
      basis: request.basis,
      scoring: request.scoring,
      distribute: request.distribute,
      totalWeight: totals.totalWeight,
      warnings: warningsForViewer(
        actor,
        warnings ?? run.warnings ?? (await this.runs.warnings(manager, run.id)),
        own?.householdCode ?? null,
      ),
      algorithm: totals.algorithm,
      snapshotHash: run.snapshotHash,
      ...lifecycle(run),
      recordDate: request.recordDate ?? `${run.year}-12-31`,
      proRate: request.proRate ?? 'none',
      inputsFingerprint: run.inputsFingerprint,
      publishedOn: run.publishedOn,
      objectionsUntil: run.objectionsUntil,
      noticeUntil: run.noticeUntil,
    };
  }
}

function lifecycle(run: DividendRun) {
  return {
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
  };
}

/** A run's figures in a comparison; `fen[i]` is null where the household is not in run i. */
function compareStats(run: DividendRun, i: number, rows: { fen: (number | null)[] }[]) {
  const inRun = rows.filter((r) => r.fen[i] !== null) as { fen: number[] }[];
  const amounts = inRun.map((r) => r.fen[i]).sort((a, b) => a - b);
  const median =
    amounts.length === 0
      ? 0
      : amounts.length % 2
        ? amounts[(amounts.length - 1) / 2]
        : Math.floor((amounts[amounts.length / 2 - 1] + amounts[amounts.length / 2]) / 2);
  return {
    id: run.id,
    scheme: run.request.scoring,
    pool: fenToYuan(run.totals.poolFen),
    households: run.lineCount,
    min: fenToYuan(amounts[0] ?? 0),
    median: fenToYuan(median),
    max: fenToYuan(amounts[amounts.length - 1] ?? 0),
    gainVsFirst: i === 0 ? 0 : inRun.filter((r) => r.fen[i] > (r.fen[0] ?? 0)).length,
    loseVsFirst: i === 0 ? 0 : inRun.filter((r) => r.fen[i] < (r.fen[0] ?? 0)).length,
  };
}
