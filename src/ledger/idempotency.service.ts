import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { canonicalJson } from '../common/canonical-json.js';
import { Clock } from '../common/clock.js';
import { badInput, conflict } from '../common/errors/domain-error.js';
import { sha256Hex } from '../common/hash.js';
import { IdempotencyRecord } from './ledger.entity.js';

/** Idempotency-Key: the same key and body return the first result; another body under the key is a 409. */
@Injectable()
export class IdempotencyService {
  constructor(private readonly clock: Clock) {}

  async once<T>(manager: EntityManager, actor: Actor, key: unknown, route: string, body: unknown, work: () => Promise<T>): Promise<T> {
    if (key === undefined) return work();
    if (typeof key !== 'string' || !/^[\x21-\x7e]{1,128}$/.test(key)) {
      throw badInput('BAD_IDEMPOTENCY_KEY', 'Idempotency-Key: 须为1–128个可见ASCII字符', 'Idempotency-Key must be 1–128 visible ASCII characters');
    }
    const bodyHash = sha256Hex(canonicalJson(body ?? null));
    const repo = manager.getRepository(IdempotencyRecord);
    const previous = await repo.findOneBy({ userId: actor.userId, key });
    if (previous) {
      if (previous.bodyHash !== bodyHash || previous.route !== route) {
        throw conflict('IDEMPOTENCY_KEY_REUSED', 'Idempotency-Key 已用于另一个请求', 'Idempotency-Key was already used with another request');
      }
      return JSON.parse(previous.response) as T;
    }
    const result = await work();
    await repo.insert({ userId: actor.userId, key, route, bodyHash, statusCode: 201, response: JSON.stringify(result), createdAt: this.clock.nowIso() });
    return result;
  }
}
