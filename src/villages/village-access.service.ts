import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { notFound } from '../common/errors/domain-error.js';
import type { Village } from './village.entity.js';
import { VillagesRepository } from './villages.repository.js';

/** Reads and writes are limited to the user's villages: anything else is a plain 404. */
@Injectable()
export class VillageAccess {
  constructor(private readonly villages: VillagesRepository) {}

  canSee(actor: Actor, villageId: string): boolean {
    return actor.allVillages || actor.villageIds.includes(villageId);
  }

  async village(actor: Actor, villageId: string, manager?: EntityManager): Promise<Village> {
    if (!this.canSee(actor, villageId)) throw notFound('village', '嘎查/村');
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
