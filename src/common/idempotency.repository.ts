import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TransactionRunner } from '../database/transaction-runner.js';
import { IdempotencyRecord } from './idempotency.entity.js';

/** status_code of a claimed key whose first request is still running; its response holds the claim id. */
export const PENDING = 0;

/** Every query of idempotency_keys: one row per (user, key) holding the first answer or a pending claim. */
@Injectable()
export class IdempotencyRepository {
  constructor(private readonly tx: TransactionRunner) {}

  find(manager: EntityManager, userId: string, key: string): Promise<IdempotencyRecord | null> {
    return manager.getRepository(IdempotencyRecord).findOneBy({ userId, key });
  }

  async insert(manager: EntityManager, record: IdempotencyRecord): Promise<void> {
    await manager.getRepository(IdempotencyRecord).insert(record);
  }

  /** A pending row holding `claim`, unless the key has a row already. */
  async claim(
    manager: EntityManager,
    request: Pick<IdempotencyRecord, 'userId' | 'key' | 'route' | 'bodyHash'>,
    claim: string,
    now: string,
  ): Promise<void> {
    const [sql, values] = this.tx.bind(
      `INSERT INTO idempotency_keys (user_id, "key", route, body_hash, status_code, response, created_at)
       VALUES (:userId, :key, :route, :bodyHash, ${PENDING}, :claim, :now) ON CONFLICT (user_id, "key") DO NOTHING`,
      { userId: request.userId, key: request.key, route: request.route, bodyHash: request.bodyHash, claim, now },
    );
    await manager.query(sql, values);
  }

  /** The answer in place of the claim (only while the row still holds this claim). */
  async settle(
    manager: EntityManager,
    row: { userId: string; key: string; claim: string },
    statusCode: number,
    response: string,
  ): Promise<void> {
    const [sql, values] = this.tx.bind(
      `UPDATE idempotency_keys SET status_code = :statusCode, response = :response
        WHERE user_id = :userId AND "key" = :key AND response = :claim`,
      { statusCode, response, ...row },
    );
    await manager.query(sql, values);
  }

  /** Gives a pending claim up. */
  async release(manager: EntityManager, row: { userId: string; key: string; claim: string }): Promise<void> {
    const [sql, values] = this.tx.bind(
      `DELETE FROM idempotency_keys
        WHERE user_id = :userId AND "key" = :key AND status_code = ${PENDING} AND response = :claim`,
      row,
    );
    await manager.query(sql, values);
  }
}
