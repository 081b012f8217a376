import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintNumber, jsonText } from '../common/column-types.js';

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
