import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Village } from '../villages/village.entity.js';
import { jsonText } from '../common/column-types.js';

export const MEMBER_STATUSES = ['active', 'moved_out', 'deceased', 'away'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];
/** Why a member starts counting (CONTRACT "Register over time"); `split` when a 分户 moved the member. */
export const JOIN_REASONS = ['birth', 'marriage_in', 'adoption', 'return', 'other'] as const;
export type JoinReason = (typeof JOIN_REASONS)[number] | 'split';
/** Why membership ends on a date (deceased, or moved out for one of these reasons). */
export const MOVED_OUT_REASONS = ['marriage_out', 'settled_elsewhere', 'withdrew', 'other'] as const;
/** Away keeps membership (2024 law Art. 18). */
export const AWAY_REASONS = ['study', 'army', 'work', 'prison', 'other'] as const;

@Entity('households')
@Index(['villageId', 'code'], { unique: true })
export class Household {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'village_id', type: 'varchar', length: 36 })
  villageId: string;

  @ManyToOne(() => Village, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'village_id' })
  village?: Relation<Village>;

  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ name: 'head_name', type: 'varchar', length: 64 })
  headName: string;

  @Column({ type: 'text', transformer: jsonText })
  tags: string[];

  /** The member who heads the household (null for a register brought in without one named). */
  @Column({ name: 'head_member_id', type: 'varchar', length: 36, nullable: true })
  headMemberId: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt: string;

  /** 开户行 of the account dividends are paid to (代发). */
  @Column({ name: 'bank_name', type: 'varchar', length: 64, nullable: true })
  bankName?: string | null;

  /** The account number, sealed (personal-data.ts): never stored or logged in plain text. */
  @Column({ name: 'bank_account_sealed', type: 'text', nullable: true })
  bankAccountSealed?: string | null;
}

@Entity('members')
@Index(['householdId', 'position'])
export class Member {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'household_id', type: 'varchar', length: 36 })
  householdId: string;

  @ManyToOne(() => Household, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'household_id' })
  household?: Relation<Household>;

  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 64 })
  relation: string;

  @Column({ name: 'is_member', type: 'boolean' })
  isMember: boolean;

  @Column({ type: 'varchar', length: 16 })
  status: MemberStatus;

  @Column({ name: 'status_date', type: 'varchar', length: 10, nullable: true })
  statusDate: string | null;

  /** Reason of the current status (away: study/army/work/prison/other; moved_out: marriage_out/…). */
  @Column({ name: 'status_reason', type: 'varchar', length: 32, nullable: true })
  statusReason: string | null;

  /** First day the member counts (null: from the beginning, the register a village brings along). */
  @Column({ type: 'varchar', length: 10, nullable: true })
  since: string | null;

  @Column({ name: 'since_reason', type: 'varchar', length: 16, nullable: true })
  sinceReason: JoinReason | null;

  /** First day the member no longer counts (death, moving out, a split to another household); null: still counts. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  until: string | null;

  /** The member's row in the household it came from (分户), so its history follows it. */
  @Column({ name: 'previous_member_id', type: 'varchar', length: 36, nullable: true })
  previousMemberId: string | null;

  /** 居民身份证号, sealed (personal-data.ts). */
  @Column({ name: 'id_number_sealed', type: 'text', nullable: true })
  idNumberSealed?: string | null;
}

/** Who changed what and when: a household's history is kept, never overwritten silently. */
@Entity('household_changes')
@Index(['householdId'])
export class HouseholdChange {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'household_id', type: 'varchar', length: 36 })
  householdId: string;

  @Column({ type: 'varchar', length: 32 })
  at: string;

  @Column({ name: 'actor_id', type: 'varchar', length: 36 })
  actorId: string;

  @Column({ type: 'varchar', length: 32 })
  action: string;

  @Column({ type: 'text', transformer: jsonText })
  change: unknown;
}
