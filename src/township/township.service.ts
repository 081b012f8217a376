import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { notFound } from '../common/errors/domain-error.js';
import { GENESIS_HASH } from '../common/hash.js';
import { type TownshipSummary, type VillageFigures, summarize } from './summary.js';
import { TownshipRepository } from './township.repository.js';

/** Figures of many villages (a township agency keeps 114 sets of books), read by TownshipRepository. */
@Injectable()
export class TownshipService {
  constructor(
    private readonly township: TownshipRepository,
    private readonly clock: Clock,
  ) {}

  async summary(actor: Actor, township: string, year: number): Promise<TownshipSummary> {
    const villages = await this.villagesOf(actor, township);
    if (villages.length === 0) throw notFound(`township ${township}`, `乡镇/苏木「${township}」`);
    const ids = villages.map((v) => v.id);
    const [books, pools, paid, heads] = await Promise.all([
      this.township.books(ids, year),
      this.township.pools(ids, year),
      this.township.paid(ids, year),
      this.township.heads(ids),
    ]);
    const figures: VillageFigures[] = villages.map((v) => ({
      villageId: v.id,
      code: v.code,
      name: v.name,
      incomeFen: Number(books.get(v.id)?.income ?? 0),
      expensesFen: Number(books.get(v.id)?.expenses ?? 0),
      poolFen: Number(pools.get(v.id)?.pool ?? 0),
      paidFen: Number(paid.get(v.id)?.paid ?? 0),
      head: heads.has(v.id)
        ? { seq: Number(heads.get(v.id)!.seq), hash: String(heads.get(v.id)!.hash) }
        : { seq: 0, hash: GENESIS_HASH },
    }));
    return summarize(township, year, figures);
  }

  printedAt(): string {
    return this.clock.nowIso();
  }

  /** The township's villages the user may read (an admin: all; others: those where a reading role is theirs). */
  private async villagesOf(actor: Actor, township: string): Promise<{ id: string; code: string; name: string }[]> {
    const mine = new Set(actor.villageIds);
    return (await this.township.villagesIn(township)).filter((v) => actor.allVillages || mine.has(v.id));
  }
}
