import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from './actor.js';
import { roleIn } from './village-roles.js';
import { notFound } from './errors/domain-error.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import type { Village } from '../villages/village.entity.js';
import { VillagesRepository } from '../villages/villages.repository.js';

/** Reads and writes are limited to the user's villages: anything else is a plain 404. */
@Injectable()
export class VillageAccess {
  constructor(
    private readonly villages: VillagesRepository,
    private readonly tx: TransactionRunner,
  ) {}

  /**
   * Whether the village is the user's (for this route: the guard kept only villages where the user's role
   * there may call it). From here on the request acts with the user's role in THAT village.
   */
  canSee(actor: Actor, villageId: string): boolean {
    const role = roleIn(actor, villageId);
    if (role === null) return false;
    actor.role = role;
    return true;
  }

  /** The village, checked; inside a write transaction also its lock (one writer per village across processes). */
  async village(actor: Actor, villageId: string, manager?: EntityManager): Promise<Village> {
    if (!this.canSee(actor, villageId)) throw notFound('village', '嘎查/村');
    if (manager) await this.tx.lockVillage(manager, villageId);
    const village = await this.villages.findById(villageId, manager);
    if (!village) throw notFound('village', '嘎查/村');
    return village;
  }

  async villageByCode(code: string): Promise<Village> {
    const village = await this.villages.findByCode(code);
    if (!village) throw notFound(`village ${code}`, `嘎查/村「${code}」`);
    return village;
  }

  /** Household users see only their own household. */
  assertHousehold(actor: Actor, householdId: string): void {
    if (actor.role === 'household' && actor.householdId !== householdId) throw notFound('household', '户');
  }
}
