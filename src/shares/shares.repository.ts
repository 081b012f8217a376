import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In } from 'typeorm';
import { User } from '../auth/user.entity.js';
import { IN_CHUNK_DEFAULT, inChunks } from '../common/sql-in.js';
import { Household } from '../households/household.entity.js';
import { Village } from '../villages/village.entity.js';
import { Holding, HoldingChange, ShareClass, type ShareKind } from './share.entity.js';

/**
 * Every query of the share tables (classes, holdings, dated changes), and the few reads of households,
 * users and villages that the register of holdings shows. Methods take the caller's EntityManager inside
 * a transaction and default to the data source's outside one.
 */
@Injectable()
export class SharesRepository {
  constructor(private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  // ---- classes -------------------------------------------------------------------------------------

  classCodeTaken(m: EntityManager, villageId: string, code: string): Promise<boolean> {
    return m.getRepository(ShareClass).existsBy({ villageId, code });
  }

  async insertClass(m: EntityManager, shareClass: ShareClass): Promise<void> {
    await m.getRepository(ShareClass).insert(shareClass);
  }

  classByCode(m: EntityManager, villageId: string, code: string): Promise<ShareClass | null> {
    return m.getRepository(ShareClass).findOneBy({ villageId, code });
  }

  classById(m: EntityManager, id: string): Promise<ShareClass | null> {
    return m.getRepository(ShareClass).findOneBy({ id });
  }

  /** The village's classes, by code. */
  classesByCode(villageId: string): Promise<ShareClass[]> {
    return this.manager.getRepository(ShareClass).find({ where: { villageId }, order: { code: 'ASC' } });
  }

  classesOf(villageId: string, m: EntityManager = this.manager, kind?: ShareKind): Promise<ShareClass[]> {
    return m.getRepository(ShareClass).findBy({ villageId, ...(kind ? { kind } : {}) });
  }

  // ---- holdings ------------------------------------------------------------------------------------

  holdingOf(m: EntityManager, villageId: string, id: string): Promise<Holding | null> {
    return m.getRepository(Holding).findOneBy({ id, villageId });
  }

  /** The village's holdings; in the order they were created when `ordered`. */
  holdingsOf(villageId: string, m: EntityManager = this.manager, ordered = false): Promise<Holding[]> {
    return ordered
      ? m.getRepository(Holding).find({ where: { villageId }, order: { createdAt: 'ASC' } })
      : m.getRepository(Holding).findBy({ villageId });
  }

  async holdingsByIds(m: EntityManager, ids: string[]): Promise<Map<string, Holding>> {
    const rows = await inChunks(ids, IN_CHUNK_DEFAULT, (chunk) => m.getRepository(Holding).findBy({ id: In(chunk) }));
    return new Map(rows.map((h) => [h.id, h]));
  }

  async insertHolding(m: EntityManager, holding: Holding): Promise<void> {
    await m.getRepository(Holding).insert(holding);
  }

  async setQuantity(m: EntityManager, id: string, quantity: string): Promise<void> {
    await m.getRepository(Holding).update({ id }, { quantity });
  }

  // ---- changes -------------------------------------------------------------------------------------

  async insertChange(m: EntityManager, change: HoldingChange): Promise<void> {
    await m.getRepository(HoldingChange).insert(change);
  }

  /** Changes of the village, oldest first: recorded on or creating one holding, and/or touching one household. */
  changesOf(q: { villageId: string; holdingId?: string; householdId?: string }): Promise<HoldingChange[]> {
    const qb = this.manager
      .getRepository(HoldingChange)
      .createQueryBuilder('c')
      .where('c.village_id = :villageId', { villageId: q.villageId });
    if (q.holdingId) {
      qb.andWhere('(c.holding_id = :holdingId OR c.to_holding_id = :holdingId)', { holdingId: q.holdingId });
    }
    if (q.householdId) {
      qb.andWhere('(c.from_household_id = :household OR c.to_household_id = :household)', {
        household: q.householdId,
      });
    }
    return qb.orderBy('c.date', 'ASC').addOrderBy('c.at', 'ASC').addOrderBy('c.id', 'ASC').getMany();
  }

  // ---- reads of other modules' tables --------------------------------------------------------------

  householdInVillage(m: EntityManager, villageId: string, id: string): Promise<boolean> {
    return m.getRepository(Household).existsBy({ id, villageId });
  }

  async householdCodes(m: EntityManager, ids: string[]): Promise<Map<string, string>> {
    const rows = await inChunks(ids, IN_CHUNK_DEFAULT, (chunk) =>
      m.getRepository(Household).find({ select: { id: true, code: true }, where: { id: In(chunk) } }),
    );
    return new Map(rows.map((h) => [h.id, h.code]));
  }

  async usernames(m: EntityManager, ids: string[]): Promise<Map<string, string>> {
    const rows = await inChunks(ids, IN_CHUNK_DEFAULT, (chunk) =>
      m.getRepository(User).find({ select: { id: true, username: true }, where: { id: In(chunk) } }),
    );
    return new Map(rows.map((u) => [u.id, u.username]));
  }

  village(m: EntityManager, id: string): Promise<Village | null> {
    return m.getRepository(Village).findOneBy({ id });
  }
}
