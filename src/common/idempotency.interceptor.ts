import { CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { IdempotencyRecord } from '../ledger/ledger.entity.js';
import { canonicalJson } from './canonical-json.js';
import { Clock } from './clock.js';
import { badInput, conflict } from './errors/domain-error.js';
import { sha256Hex } from './hash.js';

/** Routes that store their Idempotency-Key inside their own transaction (ledger postings) opt out here. */
export const IDEMPOTENT_IN_TRANSACTION = 'idempotentInTransaction';
export const IdempotentInTransaction = () => SetMetadata(IDEMPOTENT_IN_TRANSACTION, true);

/**
 * Idempotency-Key on every other write route: the same key and body return the first answer (status and
 * body) without running the handler again; the same key with another body or route is a 409. Requests
 * with one key are serialized, so a retry racing its original waits for it instead of writing twice.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest();
    const key: unknown = request.headers?.['idempotency-key'];
    const actor: Actor | undefined = request.actor;
    if (key === undefined || !actor || !['POST', 'PATCH', 'DELETE'].includes(request.method)) return next.handle();
    if (this.reflector.get<boolean>(IDEMPOTENT_IN_TRANSACTION, context.getHandler())) return next.handle();
    if (typeof key !== 'string' || !/^[\x21-\x7e]{1,128}$/.test(key)) {
      throw badInput('BAD_IDEMPOTENCY_KEY', 'Idempotency-Key: 须为1–128个可见ASCII字符', 'Idempotency-Key must be 1–128 visible ASCII characters');
    }
    const reply = context.switchToHttp().getResponse();
    const route = `${request.method} ${String(request.url).split('?')[0]}`.slice(0, 300);
    const bodyHash = sha256Hex(canonicalJson(request.body ?? null));
    const slot = `${actor.userId}\u0000${key}`;
    const previous = this.running.get(slot) ?? Promise.resolve();
    const work = previous.catch(() => undefined).then(async () => {
      const stored = await this.dataSource.getRepository(IdempotencyRecord).findOneBy({ userId: actor.userId, key });
      if (stored) {
        if (stored.bodyHash !== bodyHash || stored.route !== route) {
          throw conflict('IDEMPOTENCY_KEY_REUSED', 'Idempotency-Key 已用于另一个请求', 'Idempotency-Key was already used with another request');
        }
        reply.status(stored.statusCode);
        return JSON.parse(stored.response) as unknown;
      }
      const result = await lastValueFrom(next.handle(), { defaultValue: undefined });
      await this.tx.run((manager) =>
        manager.getRepository(IdempotencyRecord).insert({
          userId: actor.userId, key, route, bodyHash, statusCode: reply.statusCode ?? 201, response: JSON.stringify(result ?? null), createdAt: this.clock.nowIso(),
        }),
      );
      return result;
    });
    this.running.set(slot, work);
    void work.finally(() => this.running.get(slot) === work && this.running.delete(slot)).catch(() => undefined);
    return from(work);
  }
}
