import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { canonicalJson } from '../common/canonical-json.js';
import { Clock } from '../common/clock.js';
import { GENESIS_HASH, chainHash } from '../common/hash.js';
import type { AuditRecord } from './audit.entity.js';
import { AuditRepository } from './audit.repository.js';
import { truncateText } from '../common/text.js';

export interface AuditEvent {
  action: string;
  target?: string | null;
  villageId?: string | null;
  summary?: unknown;
}

/** The result of recomputing the chain: the first broken seq when it is not intact. */
export interface ChainCheck {
  ok: boolean;
  entries: number;
  firstBadSeq?: number;
}

/** What the hash covers: every field but the hashes themselves. */
function content(record: Omit<AuditRecord, 'hash'>): Omit<AuditRecord, 'hash' | 'prevHash'> {
  const { prevHash: _prevHash, ...rest } = record;
  return rest;
}

/** Who did what, hash-chained; written inside the caller's transaction so it commits with the change. */
@Injectable()
export class AuditService {
  constructor(
    private readonly records: AuditRepository,
    private readonly clock: Clock,
  ) {}

  async record(
    manager: EntityManager,
    actor: Actor | { username: string; requestId?: string; ip?: string },
    event: AuditEvent,
  ): Promise<void> {
    await this.records.lockChain(manager);
    const last = await this.records.last(manager);
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
    await this.records.append(manager, { ...record, hash: chainHash(record.prevHash, content(record)) });
  }

  list(filter: { villageIds: string[] | null; limit: number }): Promise<AuditRecord[]> {
    return this.records.newest(filter);
  }

  /** Recomputes the whole audit chain; reports the first broken seq. */
  async verify(): Promise<ChainCheck> {
    let prev = GENESIS_HASH;
    let expectedSeq = 1;
    let count = 0;
    const pageSize = 5000;
    for (;;) {
      const page = await this.records.page(expectedSeq, pageSize);
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
