import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EntityManager } from 'typeorm';
import { LOCK_SPACE, TransactionRunner } from '../database/transaction-runner.js';
import type { Actor } from './actor.js';
import { canonicalJson } from './canonical-json.js';
import { Clock } from './clock.js';
import { badInput, conflict } from './errors/domain-error.js';
import { sha256Hex } from './hash.js';
import { IdempotencyRepository, PENDING } from './idempotency.repository.js';

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
  constructor(
    private readonly clock: Clock,
    private readonly tx: TransactionRunner,
    private readonly records: IdempotencyRepository,
  ) {}

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
    const stored = await this.records.find(manager, request.userId, request.key);
    if (!stored) return null;
    if (stored.bodyHash !== request.bodyHash || stored.route !== request.route) throw keyReused();
    if (stored.statusCode === PENDING) return null;
    return { statusCode: stored.statusCode, body: JSON.parse(stored.response) };
  }

  async remember(manager: EntityManager, request: KeyedRequest, statusCode: number, body: unknown): Promise<void> {
    await this.records.insert(manager, {
      ...request,
      statusCode,
      response: JSON.stringify(body ?? null),
      createdAt: this.clock.nowIso(),
    });
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
    // A retry sent to another server process waits here for the first to commit, then replays its answer.
    await this.tx.lock(manager, LOCK_SPACE.idempotency, `${request.userId}:${request.key}`);
    const previous = await this.previous(manager, request);
    if (previous) return previous.body as T;
    const result = await work();
    await this.remember(manager, request, 201, result);
    return result;
  }

  /**
   * For the interceptor's routes, whose handler runs its own transactions: claims the key in a committed
   * row before the handler runs, so a second process with the same key waits for the first's answer
   * instead of writing twice. Returns the claim (run the handler, then `settle`) or the stored answer.
   */
  async claim(request: KeyedRequest): Promise<{ claim: string } | { statusCode: number; body: unknown }> {
    const claim = randomUUID();
    const startedMs = Date.now();
    for (let attempt = 0; ; attempt++) {
      const stored = await this.tx.run(async (manager) => {
        await this.records.claim(manager, request, claim, this.clock.nowIso());
        return this.records.find(manager, request.userId, request.key);
      });
      if (!stored) continue; // released meanwhile by a failed first attempt: claim again
      if (stored.statusCode === PENDING && stored.response === claim) return { claim };
      if (stored.bodyHash !== request.bodyHash || stored.route !== request.route) throw keyReused();
      if (stored.statusCode !== PENDING) return { statusCode: stored.statusCode, body: JSON.parse(stored.response) };
      // The first request is still running (here or in another process): wait for its answer.
      // Waited by the real clock (the product's clock may be set for tests): a claim of a dead process goes.
      if (Date.now() - startedMs > PENDING_WAIT_MS) await this.release(request, stored.response);
      else await sleep(Math.min(250, 10 * 2 ** Math.min(attempt, 5)));
    }
  }

  /** The handler's answer under a claim (or, when it failed, the claim given up so a retry may run it). */
  async settle(request: KeyedRequest, claim: string, answer: { statusCode: number; body: unknown } | null) {
    if (!answer) return this.release(request, claim);
    const row = { userId: request.userId, key: request.key, claim };
    const response = JSON.stringify(answer.body ?? null);
    await this.tx.run((manager) => this.records.settle(manager, row, answer.statusCode, response));
  }

  private async release(request: KeyedRequest, claim: string): Promise<void> {
    await this.tx.run((manager) => this.records.release(manager, { userId: request.userId, key: request.key, claim }));
  }
}

/** A claim still pending after this long a wait is taken to be of a process that died mid-request, and is given up. */
const PENDING_WAIT_MS = 10 * 60_000;

function keyReused() {
  return conflict(
    'IDEMPOTENCY_KEY_REUSED',
    'Idempotency-Key 已用于另一个请求',
    'Idempotency-Key was already used with another request',
  );
}
