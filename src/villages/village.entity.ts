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
  /** Score part of the split scheme when a plan omits `scoring` ("0.3"), or null: then the default is `none`. */
  defaultScoreShare: string | null;
  /** Days a dividend plan is open to members before the assembly may adopt it (law: at least 10). */
  planPublicityDays: number;
}

export const DEFAULT_CHARTER: VillageCharter = {
  minReservePercent: '0',
  holdingCapPercent: null,
  publicityDays: 5,
  defaultScheme: 'split',
  defaultScoreShare: null,
  planPublicityDays: 10,
};

/** The charter with the defaults of settings added after the village was created. */
export function charterOf(village: { charter: Partial<VillageCharter> }): VillageCharter {
  const charter = { ...DEFAULT_CHARTER };
  for (const [key, value] of Object.entries(village.charter)) {
    // A null stored for a setting that has no "none" (an older charter) reads as its default.
    if (value !== null || key === 'holdingCapPercent' || key === 'defaultScoreShare') {
      Object.assign(charter, { [key]: value });
    }
  }
  return charter;
}

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
