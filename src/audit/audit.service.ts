import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { canonicalJson } from '../common/canonical-json.js';
import { Clock } from '../common/clock.js';
import { GENESIS_HASH, chainHash } from '../common/hash.js';
import { insertRows } from '../database/bulk.js';
import { AuditRecord } from './audit.entity.js';
import { truncateText } from '../common/text.js';

export interface AuditEvent {
  action: string;
  target?: string | null;
  villageId?: string | null;
  summary?: unknown;
}

/** Who did what, hash-chained; written inside the caller's transaction so it commits with the change. */
@Injectable()
export class AuditService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async record(
    manager: EntityManager,
    actor: Actor | { username: string; requestId?: string; ip?: string },
    event: AuditEvent,
  ): Promise<void> {
    // One chain for the installation: on PostgreSQL other server processes append too, so appends take one
    // transaction-scoped lock (released at commit) instead of colliding on the next seq.
    if (manager.connection.options.type === 'postgres') await manager.query('SELECT pg_advisory_xact_lock(72610001)');
    const last = await manager
      .getRepository(AuditRecord)
      .createQueryBuilder('a')
      .select(['a.seq', 'a.hash'])
      .orderBy('a.seq', 'DESC')
      .limit(1)
      .getOne();
    const full = 'userId' in actor ? actor : null;
    const record: Omit<AuditRecord, 'hash'> = {
      seq: (last?.seq ?? 0) + 1,
      at: this.clock.nowIso(),
      actorId: full?.userId ?? null,
      actor: truncateText(actor.username, 64),
      role: full?.role ?? null,
      action: event.action,
      target: event.target ?? null,
      villageId: event.villageId ?? null,
      requestId: actor.requestId ?? null,
      ip: actor.ip ?? null,
      summary: canonicalJson(event.summary ?? {}),
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    const { prevHash, ...content } = record;
    await insertRows(
      manager,
      'audit_log',
      [
        'seq',
        'at',
        'actor_id',
        'actor',
        'role',
        'action',
        'target',
        'village_id',
        'request_id',
        'ip',
        'summary',
        'prev_hash',
        'hash',
      ],
      [
        [
          record.seq,
          record.at,
          record.actorId,
          record.actor,
          record.role,
          record.action,
          record.target,
          record.villageId,
          record.requestId,
          record.ip,
          record.summary,
          prevHash,
          chainHash(prevHash, content),
        ],
      ],
    );
  }

  async list(filter: { villageIds: string[] | null; limit: number }): Promise<AuditRecord[]> {
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

  /** Recomputes the whole audit chain; reports the first broken seq. */
  async verify(): Promise<{ ok: boolean; entries: number; firstBadSeq?: number }> {
    let prev = GENESIS_HASH;
    let expectedSeq = 1;
    let count = 0;
    const pageSize = 5000;
    for (;;) {
      const page = await this.dataSource
        .getRepository(AuditRecord)
        .createQueryBuilder('a')
        .where('a.seq >= :from', { from: expectedSeq })
        .orderBy('a.seq', 'ASC')
        .limit(pageSize)
        .getMany();
      for (const row of page) {
        const { hash, prevHash, ...content } = row;
        if (row.seq !== expectedSeq || prevHash !== prev || chainHash(prev, content) !== hash) {
          return { ok: false, entries: count, firstBadSeq: expectedSeq };
        }
        prev = hash;
        expectedSeq++;
        count++;
      }
      if (page.length < pageSize) return { ok: true, entries: count };
    }
  }
}
