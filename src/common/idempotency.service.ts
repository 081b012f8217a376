import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { canonicalJson } from './canonical-json.js';
import { Clock } from './clock.js';
import { badInput, conflict } from './errors/domain-error.js';
import { sha256Hex } from './hash.js';
import { IdempotencyRecord } from './idempotency.entity.js';

/** A write under an Idempotency-Key: who sent it, to which route, with which body. */
export interface KeyedRequest {
  userId: string;
  key: string;
  route: string;
  bodyHash: string;
}

/**
 * Idempotency-Key: the same key and body return the first answer; the same key with another body or
 * route is a 409. Used inside a posting's own transaction (`once`) and by the interceptor for the rest.
 */
@Injectable()
export class IdempotencyService {
  constructor(private readonly clock: Clock) {}

  /** null when no key was sent; a 400 when the key is malformed. */
  keyed(actor: Actor, key: unknown, route: string, body: unknown): KeyedRequest | null {
    if (key === undefined) return null;
    if (typeof key !== 'string' || !/^[\x21-\x7e]{1,128}$/.test(key)) {
      throw badInput(
        'BAD_IDEMPOTENCY_KEY',
        'Idempotency-Key: 须为1–128个可见ASCII字符',
        'Idempotency-Key must be 1–128 visible ASCII characters',
      );
    }
    return { userId: actor.userId, key, route: route.slice(0, 300), bodyHash: sha256Hex(canonicalJson(body ?? null)) };
  }

  /** The first answer given under this key, or null; a 409 when the key was used for another request. */
  async previous(manager: EntityManager, request: KeyedRequest): Promise<{ statusCode: number; body: unknown } | null> {
    const stored = await manager
      .getRepository(IdempotencyRecord)
      .findOneBy({ userId: request.userId, key: request.key });
    if (!stored) return null;
    if (stored.bodyHash !== request.bodyHash || stored.route !== request.route) {
      throw conflict(
        'IDEMPOTENCY_KEY_REUSED',
        'Idempotency-Key 已用于另一个请求',
        'Idempotency-Key was already used with another request',
      );
    }
    return { statusCode: stored.statusCode, body: JSON.parse(stored.response) };
  }

  async remember(manager: EntityManager, request: KeyedRequest, statusCode: number, body: unknown): Promise<void> {
    await manager
      .getRepository(IdempotencyRecord)
      .insert({ ...request, statusCode, response: JSON.stringify(body ?? null), createdAt: this.clock.nowIso() });
  }

  /** For postings: the check, the work and the record in the caller's one transaction. */
  async once<T>(
    manager: EntityManager,
    actor: Actor,
    key: unknown,
    route: string,
    body: unknown,
    work: () => Promise<T>,
  ): Promise<T> {
    const request = this.keyed(actor, key, route, body);
    if (!request) return work();
    const previous = await this.previous(manager, request);
    if (previous) return previous.body as T;
    const result = await work();
    await this.remember(manager, request, 201, result);
    return result;
  }
}
