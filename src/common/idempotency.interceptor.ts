import { CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { from, lastValueFrom, type Observable } from 'rxjs';
import type { Actor } from './actor.js';
import { IdempotencyService } from './idempotency.service.js';

/** Routes that store their Idempotency-Key inside their own transaction (ledger postings) opt out here. */
export const IDEMPOTENT_IN_TRANSACTION = 'idempotentInTransaction';
export const IdempotentInTransaction = () => SetMetadata(IDEMPOTENT_IN_TRANSACTION, true);

/**
 * Idempotency-Key on every other write route: the same key and body return the first answer (status and
 * body) without running the handler again; the same key with another body or route is a 409. Requests
 * with one key are serialized — in this process by `running`, across processes by the claimed row — so a
 * retry racing its original waits for it instead of writing twice.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly idempotency: IdempotencyService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest();
    const actor: Actor | undefined = request.actor;
    if (!actor || !['POST', 'PATCH', 'DELETE'].includes(request.method)) return next.handle();
    if (this.reflector.get<boolean>(IDEMPOTENT_IN_TRANSACTION, context.getHandler())) return next.handle();
    const keyed = this.idempotency.keyed(
      actor,
      request.headers?.['idempotency-key'],
      `${request.method} ${String(request.url).split('?')[0]}`,
      request.body,
    );
    if (!keyed) return next.handle();
    const reply = context.switchToHttp().getResponse();
    const slot = `${keyed.userId}\u0000${keyed.key}`;
    const work = (this.running.get(slot) ?? Promise.resolve())
      .catch(() => undefined)
      .then(async () => {
        // The claim is a committed row: a second server process with this key waits for this answer.
        const claimed = await this.idempotency.claim(keyed);
        if (!('claim' in claimed)) {
          reply.status(claimed.statusCode);
          return claimed.body;
        }
        let result: unknown;
        try {
          result = await lastValueFrom(next.handle(), { defaultValue: undefined });
        } catch (error) {
          await this.idempotency.settle(keyed, claimed.claim, null);
          throw error;
        }
        await this.idempotency.settle(keyed, claimed.claim, { statusCode: reply.statusCode ?? 201, body: result });
        return result;
      });
    this.running.set(slot, work);
    void work.finally(() => this.running.get(slot) === work && this.running.delete(slot)).catch(() => undefined);
    return from(work);
  }
}
