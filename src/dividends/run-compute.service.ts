import { Injectable } from '@nestjs/common';
import { Decimal } from 'decimal.js';
import type { EntityManager } from 'typeorm';
import { conflict, ruleViolation } from '../common/errors/domain-error.js';
import { decimal4ToScaled, scaledToDecimal4 } from '../common/money.js';
import { Household } from '../households/household.entity.js';
import { countsOn, daysInYear, daysWithin, memberUnitsScaled, type MemberPeriod } from '../households/membership.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { ScoringService } from '../scoring/scoring.service.js';
import { holdersAboveCap } from '../shares/holding-cap.js';
import { Holding, HoldingChange, ShareClass } from '../shares/share.entity.js';
import { Village, charterOf } from '../villages/village.entity.js';
import type { RunInputs } from './dividend.entity.js';
import {
  ALGORITHM_VERSION,
  CalcError,
  type CalcHousehold,
  type CalcInput,
  type CalcParams,
  type CapitalHolding,
  type CalcColumns,
  calculateColumns,
} from './calculator.js';
import type { CreateRunDto } from './dto.js';
import { DividendsRepository } from './dividends.repository.js';
import { type PlanChange, type PlanInputs, inputsFingerprintListed, planChanges } from './plan-inputs.js';
import { type ResolvedRunRequest, toCalcParams, withCharterDefaults } from './run-request.js';
import { householdOf, paced, planInputsOf, runInputsOf, storedPlanInputs } from './run-lines.js';
import { runWarnings } from './warnings.js';

/** Computing a plan: its inputs read from the ledger, the register, the holdings and the scores as they stand. */
@Injectable()
export class RunComputeService {
  constructor(
    private readonly ledger: LedgerService,
    private readonly scoring: ScoringService,
    private readonly runs: DividendsRepository,
  ) {}

  /**
   * Reads the ledger, the registers and the approved scores as they stand: what a plan's figures depend on.
   * `pause` runs between pages of the register (the event loop's turn while nothing is written yet).
   */
  private async gather(
    manager: EntityManager,
    village: Village,
    year: number,
    params: CalcParams,
    dto: CreateRunDto,
    pause: Pause = noPause,
  ) {
    // Columns and aggregates in SQL, not objects per household: a 250,000-household village fits in 300 MB.
    const register = await this.registerAsOf(manager, village.id, year, dto, pause);
    const holdings = await this.holdingsAsOf(manager, village, year, dto, () =>
      Promise.resolve(new Map(register.ids.map((id, i) => [id, register.codes[i]]))),
    );
    const aboveCap = register.codes.filter((_, i) => holdings.aboveCap.has(register.ids[i]));
    const { ruleSet, scoreOf } = await this.scoring.yearScores(manager, village.id, year);
    const shareText = interned((units: bigint) => scaledToDecimal4(units));
    const calcHouseholds: CalcHousehold[] = register.ids.map((id, i) => ({
      householdId: id,
      householdCode: register.codes[i],
      memberUnits: register.memberUnits[i],
      shareUnits: shareText(holdings.shareUnits.get(id) ?? 0n),
      score: scoreOf(id),
    }));
    const input: CalcInput = {
      distributableFen: await this.ledger.distributableFen(manager, village.id, year),
      capitalHoldings: holdings.capital,
      households: calcHouseholds,
      params,
    };
    const incomeEntries = await this.ledger.distributableEntries(manager, village.id, year);
    const flagged = {
      nonMemberHouseholds: register.nonMembers,
      awayHouseholds: register.away,
      aboveCapHouseholds: params.basis === 'share' ? aboveCap : [],
    };
    return { ruleSet, input, incomeEntries, charter: charterOf(village), flagged };
  }

  /** Computes a plan from the inputs as they stand; the charter's minimum reserve binds (财务制度). */
  async compute(manager: EntityManager, village: Village, year: number, dto: ResolvedRunRequest) {
    const params = toCalcParams(dto);
    const charter = charterOf(village);
    if (new Decimal(params.reservePercent).lt(charter.minReservePercent)) {
      throw ruleViolation(
        'RESERVE_BELOW_CHARTER',
        `reservePercent: 公积公益金提取比例 ${params.reservePercent}% 低于章程规定的最低 ${charter.minReservePercent}%`,
        `reservePercent ${params.reservePercent}% is below the charter's minimum of ${charter.minReservePercent}%`,
        { minReservePercent: charter.minReservePercent },
      );
    }
    if (dto.recordDate !== undefined && dto.recordDate < `${year}-01-01`) {
      throw ruleViolation(
        'RECORD_DATE_BEFORE_YEAR',
        `recordDate: 基准日 ${dto.recordDate} 早于 ${year} 年，请选 ${year}-01-01 或以后的日期（通常为 ${year}-12-31）`,
        `recordDate ${dto.recordDate} is before ${year}: choose ${year}-01-01 or later (usually ${year}-12-31)`,
        { field: 'recordDate' },
      );
    }
    const gathered = await this.gather(manager, village, year, params, dto, yieldToEventLoop);
    const { ruleSet, input } = gathered;
    if (!ruleSet && params.scoring.mode !== 'none') {
      throw ruleViolation(
        'RULESET_MISSING',
        `${year} 年没有积分规则，不能按积分分配`,
        `no rule set for ${year}: cannot weight by score`,
      );
    }
    const calc = this.calculate(input);
    const status = await this.scoring.scoreStatus(manager, village.id, year);
    const warnings = runWarnings({
      params,
      result: calc,
      scoresFinal: status,
      ...gathered.flagged,
    });
    const inputs = runInputsOf(input, {
      algorithm: ALGORITHM_VERSION,
      villageId: village.id,
      villageCode: village.code,
      year,
      incomeEntries: gathered.incomeEntries.map(({ reverses: _named, ...entry }) => entry),
      charter: gathered.charter,
    });
    const fingerprint = await inputsFingerprintListed(planInputsOf(inputs), paced(input.households));
    const ledgerSeq = gathered.incomeEntries.reduce((max, e) => Math.max(max, e.seq), 0);
    return { input, inputs, calc, warnings, fingerprint, ledgerSeq };
  }

  /**
   * The village's households in code order and their member units for year Y: the members who count on the
   * record date, or with `proRate: days` each member's days in Y over the days of Y (DOMAIN "Membership and
   * shares over time").
   */
  private async registerAsOf(
    manager: EntityManager,
    villageId: string,
    year: number,
    dto: CreateRunDto,
    pause: Pause,
  ): Promise<Register> {
    const recordDate = dto.recordDate ?? `${year}-12-31`;
    const register = await this.registerOnDate(manager, villageId, recordDate, pause);
    if ((dto.proRate ?? 'none') === 'none') return register;
    const last = recordDate > `${year}-12-31` ? recordDate : `${year}-12-31`;
    const rows = await this.runs.memberPeriods(manager, villageId, `${year}-01-01`, last);
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
    const unitsText = interned((units: bigint) => scaledToDecimal4(units));
    const { ids, codes } = register;
    return {
      ids,
      codes,
      memberUnits: ids.map((id) => unitsText(memberUnitsScaled(byHousehold.get(id) ?? [], options))),
      nonMembers: codes.filter((_, i) => nonMembers.has(ids[i])),
      away: codes.filter((_, i) => away.has(ids[i])),
    };
  }

  /** Members counted on one date in SQL, page by page: the register of 250,000 households never becomes objects. */
  private async registerOnDate(manager: EntityManager, villageId: string, date: string, pause: Pause) {
    const register: Register = { ids: [], codes: [], memberUnits: [], nonMembers: [], away: [] };
    for await (const r of this.registerRows(manager, villageId, date, pause)) {
      register.ids.push(r.id);
      register.codes.push(r.code);
      register.memberUnits.push(r.units);
      if (Number(r.non_members) > 0) register.nonMembers.push(r.code);
      if (Number(r.away) > 0) register.away.push(r.code);
    }
    return register;
  }

  /** The register's rows in code order, page by page, their member units as text (one string per value). */
  private async *registerRows(
    manager: EntityManager,
    villageId: string,
    date: string,
    pause: Pause,
    size = REGISTER_PAGE,
  ) {
    const unitsText = interned((count: number) => scaledToDecimal4(BigInt(count) * 10_000n));
    for (let after = ''; ;) {
      const page = await this.runs.registerPage(manager, villageId, date, after, size);
      for (const r of page) {
        // Fields named, not spread: an object spread per row is garbage V8 promotes (cf. payout-proof.ts).
        yield { id: r.id, code: r.code, units: unitsText(Number(r.units)), non_members: r.non_members, away: r.away };
      }
      if (page.length < size) return;
      after = page[page.length - 1].code;
      await pause();
    }
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
    codesById: () => Promise<Map<string, string>>,
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
    let codeOf: Map<string, string> | undefined; // only when a household holds capital shares
    for (const h of holdings) {
      const shareClass = classes.get(h.shareClassId)!;
      if (shareClass.kind === 'member' && h.householdId && (h.date === null || h.date <= recordDate)) {
        const held = decimal4ToScaled(h.quantity) + (laterOutflows.get(h.id) ?? 0n);
        shareUnits.set(h.householdId, (shareUnits.get(h.householdId) ?? 0n) + held);
      }
      if (shareClass.kind === 'capital' && shareClass.guaranteedRate && h.capitalAmountFen > 0) {
        codeOf ??= await codesById();
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
    const aboveCap = holdersAboveCap(shareUnits, village.charter.holdingCapPercent);
    return { shareUnits, capital, aboveCap };
  }

  /**
   * A plan acts on the figures it was computed from only while they still hold: the inputs are gathered again
   * and compared (DOMAIN "The plan's lawful course", rule 5). Stale → 409 PLAN_STALE naming what changed.
   */
  async assertFresh(manager: EntityManager, runId: string, pause: Pause = noPause): Promise<void> {
    const changes = await this.changesSince(manager, runId, pause);
    if (!changes) return;
    const [zh, en] = [0, 1].map((i) => changes.map((c) => c.message.split(' / ')[i]));
    throw conflict(
      'PLAN_STALE',
      `方案所依据的数据已变动，不能继续；请重新计算（草稿）或新建方案：${zh.join('；')}`,
      `the plan is stale, recompute the draft or create a new plan: ${en.join('; ')}`,
      { changes },
    );
  }

  /**
   * What changed since the plan was computed, or null when its inputs still hold (fingerprints equal). `pause`
   * between pages of the register, where the caller allows other requests a turn (a long posting).
   */
  async changesSince(manager: EntityManager, runId: string, pause: Pause = noPause): Promise<PlanChange[] | null> {
    const run = (await this.runs.header(manager, runId))!;
    const village = (await manager.getRepository(Village).findOneBy({ id: run.villageId }))!;
    const inputs = await this.runs.inputs(manager, runId);
    const request = withCharterDefaults(run.request, charterOf(village));
    const expected =
      run.inputsFingerprint ??
      (await inputsFingerprintListed(planInputsOf(inputs), storedHouseholds(this.runs, manager, runId)));
    const streamed = (request.proRate ?? 'none') === 'none';
    if (streamed && (await this.fingerprintNow(manager, village, run.year, request, inputs, pause)) === expected) {
      return null;
    }
    const fresh = await this.gather(manager, village, run.year, toCalcParams(request), request, pause);
    const after: PlanInputs = {
      distributableFen: fresh.input.distributableFen,
      incomeEntries: inputs.incomeEntries ? fresh.incomeEntries : undefined,
      households: fresh.input.households,
      capitalHoldings: fresh.input.capitalHoldings,
      charter: inputs.charter ? (fresh.charter as unknown as Record<string, unknown>) : undefined,
    };
    if (!streamed && (await inputsFingerprintListed(after, paced(after.households, 20_000, pause))) === expected) {
      return null;
    }
    // Only a stale plan reads its households back, to name what changed.
    return planChanges(await storedPlanInputs(inputs, this.runs.lines(manager, runId)), after);
  }

  /**
   * The fingerprint of the plan's inputs as they stand (members counted on the record date), the register
   * hashed page by page as it is read: no household of a 250,000-household village is kept (`gather` keeps
   * them all, for the calculation or for naming what changed).
   */
  private async fingerprintNow(
    manager: EntityManager,
    village: Village,
    year: number,
    request: ResolvedRunRequest,
    stored: RunInputs,
    pause: Pause,
  ): Promise<string> {
    const codesById = async () => {
      const households = await manager
        .getRepository(Household)
        .find({ select: { id: true, code: true }, where: { villageId: village.id } });
      return new Map(households.map((h) => [h.id, h.code]));
    };
    const holdings = await this.holdingsAsOf(manager, village, year, request, codesById);
    const { scoreOf } = await this.scoring.yearScores(manager, village.id, year);
    const outer = {
      distributableFen: await this.ledger.distributableFen(manager, village.id, year),
      incomeEntries: stored.incomeEntries
        ? await this.ledger.distributableEntries(manager, village.id, year)
        : undefined,
      capitalHoldings: holdings.capital,
      charter: stored.charter ? (charterOf(village) as unknown as Record<string, unknown>) : undefined,
    };
    const shareText = interned((units: bigint) => scaledToDecimal4(units));
    const rows = this.registerRows(manager, village.id, request.recordDate ?? `${year}-12-31`, pause, FINGERPRINT_PAGE);
    async function* households() {
      for await (const r of rows) {
        const shareUnits = shareText(holdings.shareUnits.get(r.id) ?? 0n);
        yield { householdCode: r.code, memberUnits: r.units, shareUnits, score: scoreOf(r.id) };
      }
    }
    return inputsFingerprintListed(outer, households());
  }

  calculate(input: CalcInput): CalcColumns {
    try {
      return calculateColumns(input);
    } catch (error) {
      if (error instanceof CalcError) throw ruleViolation(error.code, error.zh, error.en, error.details);
      throw error;
    }
  }
}

/** Households read per query of the register. */
const REGISTER_PAGE = 10_000;

/**
 * Households per query when the register is only hashed: a page small enough to be done with before the next
 * scavenge (10,000 rows outlived two and were promoted: 45 MB of old-space garbage per freshness check).
 */
const FINGERPRINT_PAGE = 1_000;

/** The village's households in code order, as columns, and the codes of those flagged for the warnings. */
interface Register {
  ids: string[];
  codes: string[];
  memberUnits: string[];
  nonMembers: string[];
  away: string[];
}

type Pause = () => Promise<void>;

const noPause: Pause = () => Promise.resolve();

/** The event loop's turn (other requests' reads) between pages of work done before anything is written. */
const yieldToEventLoop: Pause = () => new Promise((resolve) => setImmediate(resolve));

/** One string per distinct value: 250,000 households share a handful of unit texts ("1", "2.5"). */
function interned<K>(text: (value: K) => string): (value: K) => string {
  const known = new Map<K, string>();
  return (value) => {
    let t = known.get(value);
    if (t === undefined) known.set(value, (t = text(value)));
    return t;
  };
}

/** A stored run's households, read page by page. */
async function* storedHouseholds(runs: DividendsRepository, manager: EntityManager, runId: string) {
  for await (const line of runs.lines(manager, runId)) yield householdOf(line);
}
