import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { bigintNumber } from '../common/column-types.js';

export type AccountType = 'asset' | 'liability' | 'equity' | 'cost' | 'income' | 'expense';

/** The chart of accounts (会计科目), shared by every village; seeded by migration. */
@Entity('accounts')
export class Account {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  code: string;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  type: AccountType;

  @Column({ name: 'normal_side', type: 'varchar', length: 8 })
  normalSide: 'debit' | 'credit';
}

export type EntryKind =
  'income' | 'expense' | 'reversal' | 'dividend' | 'payment' | 'close' | 'manual' | 'opening' | 'general';

/** A journal entry (凭证). Append-only: database triggers refuse UPDATE and DELETE. */
@Entity('journal_entries')
@Index(['villageId', 'seq'], { unique: true })
@Index(['villageId', 'year', 'voucherNo'], { unique: true })
@Index(['villageId', 'date'])
export class JournalEntry {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'village_id', type: 'varchar', length: 36 })
  villageId: string;

  @Column({ type: 'integer' })
  seq: number;

  @Column({ type: 'varchar', length: 10 })
  date: string;

  @Column({ type: 'integer' })
  year: number;

  @Column({ name: 'voucher_no', type: 'varchar', length: 64 })
  voucherNo: string;

  @Column({ type: 'varchar', length: 16 })
  kind: EntryKind;

  /** Income/expense category (经营收入 …) for income and expense entries. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  category: string | null;

  @Column({ name: 'source_code', type: 'varchar', length: 32, nullable: true })
  sourceCode: string | null;

  @Column({ type: 'boolean', default: true })
  distributable: boolean;

  @Column({ type: 'text', nullable: true })
  memo: string | null;

  /** The entry this one reverses (红字冲销); unique, so an entry is reversed at most once. */
  @Column({ name: 'reverses_entry_id', type: 'varchar', length: 36, nullable: true, unique: true })
  reversesEntryId: string | null;

  @Column({ name: 'run_id', type: 'varchar', length: 36, nullable: true })
  runId: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 36 })
  createdBy: string;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt: string;

  @Column({ name: 'prev_hash', type: 'varchar', length: 64 })
  prevHash: string;

  @Column({ type: 'varchar', length: 64 })
  hash: string;
}

@Entity('journal_lines')
@Index(['accountCode'])
export class JournalLine {
  @PrimaryColumn({ name: 'entry_id', type: 'varchar', length: 36 })
  entryId: string;

  @ManyToOne(() => JournalEntry, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'entry_id' })
  entry?: Relation<JournalEntry>;

  @PrimaryColumn({ name: 'line_no', type: 'integer' })
  lineNo: number;

  @Column({ name: 'account_code', type: 'varchar', length: 16 })
  accountCode: string;

  /** Sub-account of 应付款—应付收益: the household owed. */
  @Column({ name: 'household_id', type: 'varchar', length: 36, nullable: true })
  householdId: string | null;

  @Column({ name: 'debit_fen', type: 'bigint', transformer: bigintNumber })
  debitFen: number;

  @Column({ name: 'credit_fen', type: 'bigint', transformer: bigintNumber })
  creditFen: number;

  @Column({ type: 'varchar', length: 200, nullable: true })
  memo: string | null;
}

/** 收入来源: the project that earned an income (绿化养护, 土地流转 …), per village. */
@Entity('income_sources')
@Index(['villageId', 'code'], { unique: true })
export class IncomeSource {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'village_id', type: 'varchar', length: 36 })
  villageId: string;

  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  /** A retired source (停用) keeps its history but takes no new income. */
  @Column({ type: 'boolean', default: true })
  active: boolean;
}

/** 结账: a closed year takes no more entries. */
@Entity('year_closes')
export class YearClose {
  @PrimaryColumn({ name: 'village_id', type: 'varchar', length: 36 })
  villageId: string;

  @PrimaryColumn({ type: 'integer' })
  year: number;

  @Column({ name: 'entry_id', type: 'varchar', length: 36, nullable: true })
  entryId: string | null;

  @Column({ name: 'closed_by', type: 'varchar', length: 36 })
  closedBy: string;

  @Column({ name: 'closed_at', type: 'varchar', length: 32 })
  closedAt: string;
}
