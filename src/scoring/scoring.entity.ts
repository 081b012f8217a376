import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity('score_rulesets')
@Index(['villageId', 'year'], { unique: true })
export class RuleSet {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'village_id', type: 'varchar', length: 36 })
  villageId: string;

  @Column({ type: 'integer' })
  year: number;

  @Column({ name: 'base_score', type: 'integer' })
  baseScore: number;

  @Column({ name: 'created_by', type: 'varchar', length: 36 })
  createdBy: string;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt: string;
}

@Entity('score_rules')
@Index(['ruleSetId', 'code'], { unique: true })
export class Rule {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'ruleset_id', type: 'varchar', length: 36 })
  ruleSetId: string;

  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 32 })
  category: string;

  @Column({ name: 'min_points', type: 'integer' })
  minPoints: number;

  @Column({ name: 'max_points', type: 'integer' })
  maxPoints: number;

  /** Optional cap on the points one household may gain under this rule in a year. */
  @Column({ name: 'cap_per_year', type: 'integer', nullable: true })
  capPerYear: number | null;
}

export type ScoreEventStatus = 'pending' | 'approved' | 'rejected';

@Entity('score_events')
@Index(['villageId', 'year', 'status'])
@Index(['householdId'])
export class ScoreEvent {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'village_id', type: 'varchar', length: 36 })
  villageId: string;

  @Column({ name: 'household_id', type: 'varchar', length: 36 })
  householdId: string;

  @Column({ type: 'integer' })
  year: number;

  @Column({ name: 'rule_code', type: 'varchar', length: 32 })
  ruleCode: string;

  @Column({ type: 'integer' })
  points: number;

  @Column({ type: 'varchar', length: 10 })
  date: string;

  @Column({ type: 'text' })
  evidence: string;

  @Column({ name: 'attachment_ref', type: 'varchar', length: 200, nullable: true })
  attachmentRef: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: ScoreEventStatus;

  @Column({ name: 'recorded_by', type: 'varchar', length: 36 })
  recordedBy: string;

  @Column({ name: 'decided_by', type: 'varchar', length: 36, nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_at', type: 'varchar', length: 32, nullable: true })
  decidedAt: string | null;

  @Column({ name: 'decision_reason', type: 'text', nullable: true })
  decisionReason: string | null;

  /** A counter-event voids an upheld objection's event (never edited). */
  @Column({ name: 'voids_event_id', type: 'varchar', length: 36, nullable: true })
  voidsEventId: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt: string;
}

export type ObjectionStatus = 'open' | 'upheld' | 'dismissed';

@Entity('score_objections')
@Index(['villageId', 'year'])
export class Objection {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'village_id', type: 'varchar', length: 36 })
  villageId: string;

  @Column({ type: 'integer' })
  year: number;

  @Column({ name: 'event_id', type: 'varchar', length: 36 })
  eventId: string;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'varchar', length: 16 })
  status: ObjectionStatus;

  @Column({ name: 'raised_by', type: 'varchar', length: 36 })
  raisedBy: string;

  @Column({ name: 'raised_at', type: 'varchar', length: 32 })
  raisedAt: string;

  @Column({ name: 'decided_by', type: 'varchar', length: 36, nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decision_reason', type: 'text', nullable: true })
  decisionReason: string | null;
}

/**
 * 公示: objections are accepted only between startDate and endDate. A year may have several rounds (a
 * new one only after the previous has closed); the latest round decides whether the scores are final.
 */
@Entity('score_publicity')
@Index(['villageId', 'year', 'round'], { unique: true })
export class PublicityWindow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'village_id', type: 'varchar', length: 36 })
  villageId: string;

  @Column({ type: 'integer' })
  year: number;

  /** 1 for the year's first window, 2 for a second round of publicity, … */
  @Column({ type: 'integer', default: 1 })
  round: number;

  @Column({ name: 'start_date', type: 'varchar', length: 10 })
  startDate: string;

  @Column({ name: 'end_date', type: 'varchar', length: 10 })
  endDate: string;

  @Column({ name: 'created_by', type: 'varchar', length: 36 })
  createdBy: string;

  /** Null for windows opened before rounds were recorded. */
  @Column({ name: 'created_at', type: 'varchar', length: 32, nullable: true })
  createdAt: string | null;
}
