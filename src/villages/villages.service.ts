import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { conflict } from '../common/errors/domain-error.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import type { CharterDto, CreateVillageDto } from './dto.js';
import { VillageAccess } from './village-access.service.js';
import { DEFAULT_CHARTER, Village } from './village.entity.js';

export function villageView(v: Village) {
  return { id: v.id, code: v.code, name: v.name, township: v.township, charter: v.charter, createdAt: v.createdAt };
}

@Injectable()
export class VillagesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly access: VillageAccess,
    private readonly clock: Clock,
  ) {}

  create(actor: Actor, dto: CreateVillageDto) {
    return this.tx.run(async (manager) => {
      if (await manager.getRepository(Village).existsBy({ code: dto.code })) {
        throw conflict(
          'VILLAGE_CODE_TAKEN',
          `嘎查/村编号「${dto.code}」已存在`,
          `village code ${dto.code} already exists`,
        );
      }
      const village: Village = {
        id: randomUUID(),
        code: dto.code,
        name: dto.name,
        township: dto.township ?? null,
        charter: { ...DEFAULT_CHARTER, ...stripUndefined(dto.charter ?? {}) },
        createdAt: this.clock.nowIso(),
      };
      await manager.getRepository(Village).insert(village);
      await this.audit.record(manager, actor, {
        action: 'village.create',
        target: village.id,
        villageId: village.id,
        summary: { code: village.code, name: village.name },
      });
      return villageView(village);
    });
  }

  async list(actor: Actor) {
    const repo = this.dataSource.getRepository(Village);
    const villages = actor.allVillages
      ? await repo.find({ order: { code: 'ASC' } })
      : await repo.find({
          where: { id: In(actor.villageIds.length ? actor.villageIds : ['-']) },
          order: { code: 'ASC' },
        });
    return { items: villages.map(villageView), total: villages.length };
  }

  async get(actor: Actor, villageId: string) {
    return villageView(await this.access.village(actor, villageId));
  }

  updateCharter(actor: Actor, villageId: string, dto: CharterDto) {
    return this.tx.run(async (manager) => {
      const village = await this.access.village(actor, villageId, manager);
      const charter = { ...village.charter, ...stripUndefined(dto) };
      await manager.getRepository(Village).update({ id: villageId }, { charter });
      await this.audit.record(manager, actor, {
        action: 'village.charter',
        target: villageId,
        villageId,
        summary: { before: village.charter, after: charter },
      });
      return villageView({ ...village, charter });
    });
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
