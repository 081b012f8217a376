import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintNumber } from '../common/column-types.js';

export type ShareKind = 'member' | 'capital';

@Entity('share_classes')
@Index(['villageId', 'code'], { unique: true })
export class ShareClass {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'village_id', type: 'varchar', length: 36 })
  villageId: string;

  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 8 })
  kind: ShareKind;

  /** Fraction as a decimal string ("0.08" = 8%), capital classes only. */
  @Column({ name: 'guaranteed_rate', type: 'varchar', length: 16, nullable: true })
  guaranteedRate: string | null;
}

@Entity('holdings')
@Index(['villageId'])
export class Holding {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'village_id', type: 'varchar', length: 36 })
  villageId: string;

  @Column({ name: 'share_class_id', type: 'varchar', length: 36 })
  shareClassId: string;

  @Column({ name: 'household_id', type: 'varchar', length: 36, nullable: true })
  householdId: string | null;

  @Column({ name: 'external_holder', type: 'varchar', length: 64, nullable: true })
  externalHolder: string | null;

  /** Decimal string, up to 4 decimals. */
  @Column({ type: 'varchar', length: 24 })
  quantity: string;

  @Column({ name: 'capital_amount_fen', type: 'bigint', transformer: bigintNumber, default: 0 })
  capitalAmountFen: number;

  /** Issued or paid in on this date (capital earns from it); null: counts from the beginning. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  date: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt: string;
}

/** Transfers and inheritance are recorded changes with dates, not edits. */
@Entity('holding_changes')
@Index(['villageId'])
export class HoldingChange {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'village_id', type: 'varchar', length: 36 })
  villageId: string;

  /** The holding the change was recorded on: the one issued, or the one given from. */
  @Column({ name: 'holding_id', type: 'varchar', length: 36 })
  holdingId: string;

  /** The holding a transfer or inheritance created (null for an issue, and for changes recorded before it existed). */
  @Column({ name: 'to_holding_id', type: 'varchar', length: 36, nullable: true })
  toHoldingId: string | null;

  @Column({ type: 'varchar', length: 16 })
  kind: 'issue' | 'transfer' | 'inherit';

  @Column({ type: 'varchar', length: 10 })
  date: string;

  @Column({ name: 'from_household_id', type: 'varchar', length: 36, nullable: true })
  fromHouseholdId: string | null;

  @Column({ name: 'to_household_id', type: 'varchar', length: 36, nullable: true })
  toHouseholdId: string | null;

  @Column({ type: 'varchar', length: 24 })
  quantity: string;

  @Column({ name: 'actor_id', type: 'varchar', length: 36 })
  actorId: string;

  @Column({ type: 'varchar', length: 32 })
  at: string;
}
