import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintNumber, jsonText } from '../common/column-types.js';
import type { VillageCharter } from '../villages/village.entity.js';
import type { CalcParams, CalcResult, CapitalHolding } from './calculator.js';
import type { ResolvedRunRequest } from './run-request.js';
import type { IncomeEntryRef } from './plan-inputs.js';
import type { RunWarning } from './warnings.js';

/** A run's inputs without the households: with run_lines' inputs in order they are the snapshot. */
export interface RunInputs {
  algorithm: string;
  villageId: string;
  villageCode: string;
  year: number;
  distributableFen: number;
  capitalHoldings: CapitalHolding[];
  params: CalcParams;
  /** Since plans are checked for staleness: the year's income entries and the charter they were computed with. */
  incomeEntries?: IncomeEntryRef[];
  charter?: VillageCharter;
}

/** A result without its payouts. */
export type RunTotals = Omit<CalcResult, 'payouts'>;

export type RunStatus = 'draft' | 'published' | 'approved' | 'posted' | 'paid' | 'reversed';

@Entity('dividend_runs')
@Index(['villageId', 'year'])
export class DividendRun {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'village_id', type: 'varchar', length: 36 })
  villageId: string;

  @Column({ type: 'integer' })
  year: number;

  @Column({ type: 'varchar', length: 16 })
  status: RunStatus;

  /** The request with the charter's defaults filled in: what recompute and replay read. */
  @Column({ type: 'text', transformer: jsonText })
  request: ResolvedRunRequest;

  /** What the calculation read besides the households (those are run_lines): D, params, capital, charter. */
  @Column({ type: 'text', transformer: jsonText })
  inputs: RunInputs;

  /** SHA-256 of the snapshot's canonical JSON (README: inputs with the households of run_lines in order). */
  @Column({ name: 'snapshot_hash', type: 'varchar', length: 64 })
  snapshotHash: string;

  /** The result without its payouts (those are run_lines): pool, reserve, deductions, guarantees. */
  @Column({ type: 'text', transformer: jsonText })
  totals: RunTotals;

  @Column({ type: 'text', transformer: jsonText })
  warnings: RunWarning[];

  /** Households in the run: the rows of run_lines. */
  @Column({ name: 'line_count', type: 'integer' })
  lineCount: number;

  @Column({ name: 'created_by', type: 'varchar', length: 36 })
  createdBy: string;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt: string;

  @Column({ name: 'approved_by', type: 'varchar', length: 36, nullable: true })
  approvedBy: string | null;

  @Column({ name: 'approved_at', type: 'varchar', length: 32, nullable: true })
  approvedAt: string | null;

  @Column({ name: 'resolution_ref', type: 'varchar', length: 64, nullable: true })
  resolutionRef: string | null;

  @Column({ type: 'text', nullable: true, transformer: jsonText })
  meeting: object | null;

  @Column({ name: 'posted_by', type: 'varchar', length: 36, nullable: true })
  postedBy: string | null;

  @Column({ name: 'posted_at', type: 'varchar', length: 32, nullable: true })
  postedAt: string | null;

  /** Ledger head right after posting: printed on the notice and every slip. */
  @Column({ name: 'posted_head_seq', type: 'integer', nullable: true })
  postedHeadSeq: number | null;

  @Column({ name: 'posted_head_hash', type: 'varchar', length: 64, nullable: true })
  postedHeadHash: string | null;

  @Column({ name: 'merkle_root', type: 'varchar', length: 64, nullable: true })
  merkleRoot: string | null;

  /** Leaves of the Merkle tree: payouts above 0.00. */
  @Column({ name: 'payout_count', type: 'integer', nullable: true })
  payoutCount: number | null;

  @Column({ name: 'reversed_by', type: 'varchar', length: 36, nullable: true })
  reversedBy: string | null;

  @Column({ name: 'reversed_at', type: 'varchar', length: 32, nullable: true })
  reversedAt: string | null;

  @Column({ name: 'reverse_reason', type: 'text', nullable: true })
  reverseReason: string | null;

  /** Set while posted: (village, year) unique, so one posted run per year, enforced by the database. */
  @Column({ name: 'posted_year_key', type: 'varchar', length: 48, nullable: true, unique: true })
  postedYearKey: string | null;

  /** SHA-256 over what the figures depend on (ledger, register, scores, shares, charter), checked before acting. */
  @Column({ name: 'inputs_fingerprint', type: 'varchar', length: 64, nullable: true })
  inputsFingerprint: string | null;

  /** The journal seq when the figures were computed: entries after it are named when the plan goes stale. */
  @Column({ name: 'inputs_ledger_seq', type: 'integer', nullable: true })
  inputsLedgerSeq: number | null;

  /** 公示: the plan is open to members from this date; the meeting may not come before the law's days. */
  @Column({ name: 'published_on', type: 'varchar', length: 10, nullable: true })
  publishedOn: string | null;

  @Column({ name: 'published_by', type: 'varchar', length: 36, nullable: true })
  publishedBy: string | null;

  @Column({ name: 'objections_until', type: 'varchar', length: 10, nullable: true })
  objectionsUntil: string | null;

  /** Last day of the result notice (公示表) after posting: nothing is paid before the day after it. */
  @Column({ name: 'notice_until', type: 'varchar', length: 10, nullable: true })
  noticeUntil: string | null;
}

/** A member household's written objection to a published plan, and the cadres' answer. */
@Entity('plan_objections')
@Index(['runId'])
export class PlanObjection {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'run_id', type: 'varchar', length: 36 })
  runId: string;

  @Column({ name: 'household_id', type: 'varchar', length: 36 })
  householdId: string;

  @Column({ type: 'text' })
  reason: string;

  @Column({ name: 'created_by', type: 'varchar', length: 36 })
  createdBy: string;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt: string;

  @Column({ type: 'text', nullable: true })
  answer: string | null;

  @Column({ name: 'answered_by', type: 'varchar', length: 36, nullable: true })
  answeredBy: string | null;

  @Column({ name: 'answered_at', type: 'varchar', length: 32, nullable: true })
  answeredAt: string | null;
}

/** A posted payout above 0.00: its Merkle leaf and verification code. */
@Entity('payouts')
@Index(['runId', 'householdId'], { unique: true })
export class Payout {
  @PrimaryColumn({ name: 'verification_code', type: 'varchar', length: 24 })
  verificationCode: string;

  @Column({ name: 'run_id', type: 'varchar', length: 36 })
  runId: string;

  @Column({ name: 'village_id', type: 'varchar', length: 36 })
  villageId: string;

  @Column({ name: 'household_id', type: 'varchar', length: 36 })
  householdId: string;

  @Column({ name: 'household_code', type: 'varchar', length: 32 })
  householdCode: string;

  @Column({ name: 'amount_fen', type: 'bigint', transformer: bigintNumber })
  amountFen: number;

  @Column({ name: 'leaf_index', type: 'integer' })
  leafIndex: number;

  @Column({ name: 'leaf_hash', type: 'varchar', length: 64 })
  leafHash: string;

  /** Audit path, hex hashes joined by commas (leaf to root). */
  @Column({ name: 'audit_path', type: 'text' })
  auditPath: string;
}

/** The unique key a posted run holds for its village and year (cleared when the run is reversed). */
export const postedYearKey = (villageId: string, year: number): string => `${villageId}:${year}`;

/** One household of a run: what the calculation read for it and what it gave. Written once, with the run. */
@Entity('run_lines')
@Index(['runId', 'householdId'], { unique: true })
@Index(['runId', 'householdCode'])
export class RunLine {
  @PrimaryColumn({ name: 'run_id', type: 'varchar', length: 36 })
  runId: string;

  /** Order of the calculation (household code order when computed): the snapshot's and the result's order. */
  @PrimaryColumn({ type: 'integer' })
  position: number;

  @Column({ name: 'household_id', type: 'varchar', length: 36 })
  householdId: string;

  @Column({ name: 'household_code', type: 'varchar', length: 32 })
  householdCode: string;

  /** Null only on runs computed before member units were dated: those read a whole `memberCount`. */
  @Column({ name: 'member_units', type: 'varchar', length: 24, nullable: true })
  memberUnits: string | null;

  @Column({ name: 'member_count', type: 'integer', nullable: true })
  memberCount: number | null;

  @Column({ name: 'share_units', type: 'varchar', length: 24 })
  shareUnits: string;

  @Column({ type: 'integer' })
  score: number;

  @Column({ type: 'varchar', length: 24 })
  units: string;

  @Column({ type: 'varchar', length: 24 })
  factor: string;

  @Column({ type: 'varchar', length: 48 })
  weight: string;

  @Column({ name: 'amount_fen', type: 'bigint', transformer: bigintNumber })
  amountFen: number;

  /** Split scheme only: the share part and the score part of the amount. */
  @Column({ name: 'base_fen', type: 'bigint', nullable: true, transformer: bigintNumber })
  baseFen: number | null;

  @Column({ name: 'score_fen', type: 'bigint', nullable: true, transformer: bigintNumber })
  scoreFen: number | null;
}
