import { Column, Entity, type EntityManager, Index, PrimaryColumn } from 'typeorm';
import { bigintNumber, jsonText } from '../common/column-types.js';

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

  /** Everything the calculation read: parameters, households, units, scores, algorithm version. */
  @Column({ type: 'text', transformer: jsonText })
  snapshot: object;

  /** SHA-256 of the snapshot's canonical JSON. */
  @Column({ name: 'snapshot_hash', type: 'varchar', length: 64 })
  snapshotHash: string;

  @Column({ type: 'text', transformer: jsonText })
  result: object;

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

export const PAYMENT_METHODS = ['cash', 'bank', 'offset', 'in_kind'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** One item of an in-kind dividend (米面油): value = quantity × unitPrice, to the fen. */
export interface PaymentGoods {
  name: string;
  quantity: string;
  unit: string;
  unitPrice: string;
}

@Entity('payments')
@Index(['runId', 'householdId'])
@Index(['villageId', 'receiptNo'], { unique: true })
export class Payment {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'run_id', type: 'varchar', length: 36 })
  runId: string;

  /** Receipts are unique per village (the unique index); null only on rows kept from before that rule. */
  @Column({ name: 'village_id', type: 'varchar', length: 36, nullable: true })
  villageId: string | null;

  @Column({ name: 'household_id', type: 'varchar', length: 36 })
  householdId: string;

  @Column({ name: 'amount_fen', type: 'bigint', transformer: bigintNumber })
  amountFen: number;

  @Column({ type: 'varchar', length: 8 })
  method: PaymentMethod;

  @Column({ type: 'varchar', length: 10 })
  date: string;

  @Column({ name: 'receipt_no', type: 'varchar', length: 64 })
  receiptNo: string;

  @Column({ name: 'entry_id', type: 'varchar', length: 36 })
  entryId: string;

  /** 抵扣: the journal entry whose receivable (112 with this household) the payment settles. */
  @Column({ name: 'receivable_entry_id', type: 'varchar', length: 36, nullable: true })
  receivableEntryId: string | null;

  /** 实物: what was handed over, at the stated prices. */
  @Column({ type: 'text', nullable: true, transformer: jsonText })
  goods: PaymentGoods[] | null;

  @Column({ name: 'paid_by', type: 'varchar', length: 36 })
  paidBy: string;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt: string;
}

/** The unique key a posted run holds for its village and year (cleared when the run is reversed). */
export const postedYearKey = (villageId: string, year: number): string => `${villageId}:${year}`;

/** Whether a posted dividend run has used the year (its scores freeze; its corrections go to the open year). */
export function isYearDistributed(manager: EntityManager, villageId: string, year: number): Promise<boolean> {
  return manager.getRepository(DividendRun).existsBy({ postedYearKey: postedYearKey(villageId, year) });
}
