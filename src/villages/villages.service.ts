import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../common/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { conflict } from '../common/errors/domain-error.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { VillagesRepository } from './villages.repository.js';
import type { CharterDto, CreateVillageDto } from './dto.js';
import { VillageAccess } from '../common/village-access.js';
import { DEFAULT_CHARTER, type Village, type VillageCharter } from './village.entity.js';

export interface VillageView {
  id: string;
  code: string;
  name: string;
  township: string | null;
  charter: VillageCharter;
  createdAt: string;
}

export interface VillageList {
  items: VillageView[];
  total: number;
}

export function villageView(v: Village): VillageView {
  return { id: v.id, code: v.code, name: v.name, township: v.township, charter: v.charter, createdAt: v.createdAt };
}

@Injectable()
export class VillagesService {
  constructor(
    private readonly villages: VillagesRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly access: VillageAccess,
    private readonly clock: Clock,
  ) {}

  create(actor: Actor, dto: CreateVillageDto): Promise<VillageView> {
    return this.tx.run(async (manager) => {
      if (await this.villages.codeTaken(manager, dto.code)) {
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
      await this.villages.insert(manager, village);
      await this.audit.record(manager, actor, {
        action: 'village.create',
        target: village.id,
        villageId: village.id,
        summary: { code: village.code, name: village.name },
      });
      return villageView(village);
    });
  }

  async list(actor: Actor): Promise<VillageList> {
    const villages = await this.villages.list(actor.allVillages ? null : actor.villageIds);
    return { items: villages.map(villageView), total: villages.length };
  }

  async get(actor: Actor, villageId: string): Promise<VillageView> {
    return villageView(await this.access.village(actor, villageId));
  }

  updateCharter(actor: Actor, villageId: string, dto: CharterDto): Promise<VillageView> {
    return this.tx.run(async (manager) => {
      const village = await this.access.village(actor, villageId, manager);
      const charter = { ...village.charter, ...stripUndefined(dto) };
      await this.villages.updateCharter(manager, villageId, charter);
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
