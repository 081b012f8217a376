import { Column, Entity, PrimaryColumn } from 'typeorm';
import { jsonText } from '../common/column-types.js';

/** Charter settings (章程) that later rules read. */
export interface VillageCharter {
  /** 公积公益金 minimum, percent as a decimal string ("15"). */
  minReservePercent: string;
  /** Cap on one holder's share of all shares, percent ("3"), or null for none. */
  holdingCapPercent: string | null;
  /** Days a score publicity window stays open by default. */
  publicityDays: number;
  defaultScheme: 'none' | 'proportional' | 'tiered' | 'split';
}

export const DEFAULT_CHARTER: VillageCharter = {
  minReservePercent: '0',
  holdingCapPercent: null,
  publicityDays: 5,
  defaultScheme: 'split',
};

@Entity('villages')
export class Village {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 32, unique: true })
  code: string;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  township: string | null;

  @Column({ type: 'text', transformer: jsonText })
  charter: VillageCharter;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt: string;
}
