import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { insertEntities } from '../common/entity-rows.js';
import { AuditRecord } from './audit.entity.js';

/** Every query of the audit log (one hash chain for the installation, append-only). */
@Injectable()
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Serialises appends: on PostgreSQL other server processes append too, so appends take one
   * transaction-scoped lock (released at commit) instead of colliding on the next seq. SQLite has one writer.
   */
  async lockChain(manager: EntityManager): Promise<void> {
    if (manager.connection.options.type === 'postgres') await manager.query('SELECT pg_advisory_xact_lock(72610001)');
  }

  /** The chain's last link (seq and hash), or null while the log is empty. */
  last(manager: EntityManager): Promise<Pick<AuditRecord, 'seq' | 'hash'> | null> {
    return manager
      .getRepository(AuditRecord)
      .createQueryBuilder('a')
      .select(['a.seq', 'a.hash'])
      .orderBy('a.seq', 'DESC')
      .limit(1)
      .getOne();
  }

  append(manager: EntityManager, record: AuditRecord): Promise<void> {
    return insertEntities(manager, AuditRecord, [record]);
  }

  /** Newest first; only these villages' records when `villageIds` is given. */
  newest(filter: { villageIds: string[] | null; limit: number }): Promise<AuditRecord[]> {
    const query = this.dataSource
      .getRepository(AuditRecord)
      .createQueryBuilder('a')
      .orderBy('a.seq', 'DESC')
      .limit(filter.limit);
    if (filter.villageIds) {
      query.where('a.village_id IN (:...ids)', { ids: filter.villageIds.length ? filter.villageIds : [''] });
    }
    return query.getMany();
  }

  /** A page of the chain in order, from `fromSeq`. */
  page(fromSeq: number, size: number): Promise<AuditRecord[]> {
    return this.dataSource
      .getRepository(AuditRecord)
      .createQueryBuilder('a')
      .where('a.seq >= :from', { from: fromSeq })
      .orderBy('a.seq', 'ASC')
      .limit(size)
      .getMany();
  }
}
