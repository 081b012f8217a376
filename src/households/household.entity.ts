import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Village } from '../villages/village.entity.js';
import { jsonText } from '../common/column-types.js';

export const MEMBER_STATUSES = ['active', 'moved_out', 'deceased', 'away'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

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

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt: string;
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
