import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { isHouseholdViewer, visibleToHousehold } from '../auth/household-scope.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { badInput, conflict, notFound, ruleViolation } from '../common/errors/domain-error.js';
import { decimal4ToScaled, fenToYuan, scaledToDecimal4, yuanToFen } from '../common/money.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { VillageAccess } from '../common/village-access.js';
import type { CreateHoldingDto, CreateShareClassDto, TransferHoldingDto } from './dto.js';
import { holdersAboveCap } from './holding-cap.js';
import type { Holding, HoldingChange, ShareClass } from './share.entity.js';
import { SharesRepository } from './shares.repository.js';

export function holdingView(h: Holding, shareClass: ShareClass, aboveCap = false): HoldingView {
  return {
    id: h.id,
    shareClassCode: shareClass.code,
    kind: shareClass.kind,
    householdId: h.householdId,
    externalHolder: h.externalHolder,
    quantity: scaledToDecimal4(decimal4ToScaled(h.quantity)),
    capitalAmount: fenToYuan(h.capitalAmountFen),
    date: h.date,
    aboveCap,
  };
}

/** Member-share units per household. */
function memberUnits(holdings: Holding[], memberClassIds: Set<string>): Map<string, bigint> {
  const units = new Map<string, bigint>();
  for (const h of holdings) {
    if (!memberClassIds.has(h.shareClassId) || !h.householdId) continue;
    units.set(h.householdId, (units.get(h.householdId) ?? 0n) + decimal4ToScaled(h.quantity));
  }
  return units;
}

@Injectable()
export class SharesService {
  constructor(
    private readonly shares: SharesRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly access: VillageAccess,
    private readonly clock: Clock,
  ) {}

  createClass(actor: Actor, villageId: string, dto: CreateShareClassDto): Promise<ShareClass> {
    if (dto.kind === 'member' && dto.guaranteedRate !== undefined) {
      throw badInput(
        'RATE_ON_MEMBER',
        'guaranteedRate: 只有资金股（capital）可以设保底收益率',
        'guaranteedRate: only capital classes have a guaranteed rate',
      );
    }
    return this.tx.run(async (manager) => {
      await this.access.village(actor, villageId, manager);
      if (await this.shares.classCodeTaken(manager, villageId, dto.code)) {
        throw conflict('SHARE_CLASS_TAKEN', `股种编号「${dto.code}」已存在`, `share class ${dto.code} already exists`);
      }
      const shareClass: ShareClass = {
        id: randomUUID(),
        villageId,
        code: dto.code,
        name: dto.name,
        kind: dto.kind,
        guaranteedRate: dto.guaranteedRate ?? null,
      };
      await this.shares.insertClass(manager, shareClass);
      await this.audit.record(manager, actor, {
        action: 'share-class.create',
        target: shareClass.id,
        villageId,
        summary: dto,
      });
      return shareClass;
    });
  }

  async listClasses(actor: Actor, villageId: string): Promise<{ items: ShareClass[]; total: number }> {
    await this.access.village(actor, villageId);
    const items = await this.shares.classesByCode(villageId);
    return { items, total: items.length };
  }

  createHolding(actor: Actor, villageId: string, dto: CreateHoldingDto): Promise<HoldingView> {
    if (!dto.householdId === !dto.externalHolder) {
      throw badInput(
        'HOLDER_REQUIRED',
        'householdId/externalHolder: 须且只能填写其中一个',
        'householdId/externalHolder: give exactly one of them',
      );
    }
    return this.tx.run(async (manager) => {
      await this.access.village(actor, villageId, manager);
      const shareClass = await this.shares.classByCode(manager, villageId, dto.shareClassCode);
      if (!shareClass) throw notFound(`share class ${dto.shareClassCode}`, `股种「${dto.shareClassCode}」`);
      if (dto.householdId && !(await this.shares.householdInVillage(manager, villageId, dto.householdId))) {
        throw notFound('household', '户');
      }
      if (shareClass.kind === 'capital' && dto.capitalAmount === undefined) {
        throw badInput(
          'CAPITAL_REQUIRED',
          'capitalAmount: 资金股须填写出资金额',
          'capitalAmount is required for a capital class',
        );
      }
      const holding: Holding = {
        id: randomUUID(),
        villageId,
        shareClassId: shareClass.id,
        householdId: dto.householdId ?? null,
        externalHolder: dto.externalHolder ?? null,
        quantity: scaledToDecimal4(decimal4ToScaled(dto.quantity)),
        capitalAmountFen: dto.capitalAmount ? yuanToFen(dto.capitalAmount) : 0,
        date: dto.date ?? null,
        createdAt: this.clock.nowIso(),
      };
      await this.shares.insertHolding(manager, holding);
      await this.shares.insertChange(manager, {
        id: randomUUID(),
        villageId,
        holdingId: holding.id,
        kind: 'issue',
        toHoldingId: null,
        date: dto.date ?? this.clock.todayIso(),
        fromHouseholdId: null,
        toHouseholdId: holding.householdId,
        quantity: holding.quantity,
        actorId: actor.userId,
        at: this.clock.nowIso(),
      });
      await this.audit.record(manager, actor, {
        action: 'holding.create',
        target: holding.id,
        villageId,
        summary: dto,
      });
      return holdingView(holding, shareClass);
    });
  }

  /**
   * The charter's cap on one holder's part of all member shares (Zhejiang: 3%), checked after a transfer
   * or inheritance (initial issue to every household is the register itself, not a concentration).
   */
  private async assertWithinCap(manager: EntityManager, villageId: string, householdId: string): Promise<void> {
    const village = await this.shares.village(manager, villageId);
    const cap = village?.charter.holdingCapPercent;
    if (!cap) return;
    const memberClasses = new Set((await this.shares.classesOf(villageId, manager, 'member')).map((c) => c.id));
    const holdings = await this.shares.holdingsOf(villageId, manager);
    if (holdersAboveCap(memberUnits(holdings, memberClasses), cap).has(householdId)) {
      throw ruleViolation(
        'HOLDING_CAP',
        `超过章程规定的单户持股上限 ${cap}%`,
        `exceeds the charter's cap of ${cap}% of all member shares per holder`,
      );
    }
  }

  /** The register of holdings; holders above the charter's cap are flagged (`aboveCap`). */
  async listHoldings(actor: Actor, villageId: string): Promise<{ items: HoldingView[]; total: number }> {
    const village = await this.access.village(actor, villageId);
    const classes = new Map((await this.shares.classesOf(villageId)).map((c) => [c.id, c]));
    const holdings = await this.shares.holdingsOf(villageId, this.shares.manager, true);
    const memberClassIds = new Set([...classes.values()].filter((c) => c.kind === 'member').map((c) => c.id));
    const aboveCap = holdersAboveCap(memberUnits(holdings, memberClassIds), village.charter.holdingCapPercent);
    const items = visibleToHousehold(actor, holdings, (h) => h.householdId)
      .filter((h) => decimal4ToScaled(h.quantity) > 0n || h.capitalAmountFen > 0)
      .map((h) => {
        const shareClass = classes.get(h.shareClassId)!;
        return holdingView(h, shareClass, shareClass.kind === 'member' && aboveCap.has(h.householdId ?? ''));
      });
    return { items, total: items.length };
  }

  /**
   * Dated changes of holdings (issue, transfer, inherit), oldest first: of one holding (recorded on it or
   * creating it) and/or touching one household. A household reads only changes touching itself.
   */
  async changes(
    actor: Actor,
    villageId: string,
    filter: { holdingId?: string; householdId?: string },
  ): Promise<{ items: HoldingChangeView[]; total: number }> {
    await this.access.village(actor, villageId);
    if (filter.householdId) this.access.assertHousehold(actor, filter.householdId);
    const manager = this.shares.manager;
    if (filter.holdingId) {
      const holding = await this.shares.holdingOf(manager, villageId, filter.holdingId);
      if (!holding || (isHouseholdViewer(actor) && holding.householdId !== actor.householdId)) {
        throw notFound('holding', '持股');
      }
    }
    if (filter.householdId && !(await this.shares.householdInVillage(manager, villageId, filter.householdId))) {
      throw notFound('household', '户');
    }
    const household = filter.householdId ?? (isHouseholdViewer(actor) ? (actor.householdId ?? '-') : undefined);
    const rows = await this.shares.changesOf({ villageId, holdingId: filter.holdingId, householdId: household });
    const visible = isHouseholdViewer(actor)
      ? rows.filter((c) => c.fromHouseholdId === actor.householdId || c.toHouseholdId === actor.householdId)
      : rows;
    const items = await this.changeViews(manager, villageId, visible);
    return { items, total: items.length };
  }

  /** Changes with class, household codes, outside holder and the recorder's name. */
  async changeViews(manager: EntityManager, villageId: string, rows: HoldingChange[]): Promise<HoldingChangeView[]> {
    const classes = new Map((await this.shares.classesOf(villageId, manager)).map((c) => [c.id, c]));
    const holdingIds = [...new Set(rows.map((c) => c.holdingId))];
    const householdIds = [...new Set(rows.flatMap((c) => [c.fromHouseholdId, c.toHouseholdId]))].filter(
      (id): id is string => id !== null,
    );
    const userIds = [...new Set(rows.map((c) => c.actorId))];
    const holdings = await this.shares.holdingsByIds(manager, holdingIds);
    const codes = await this.shares.householdCodes(manager, householdIds);
    const users = await this.shares.usernames(manager, userIds);
    return rows.map((c) => {
      const holding = holdings.get(c.holdingId)!;
      const shareClass = classes.get(holding.shareClassId)!;
      return {
        id: c.id,
        holdingId: c.holdingId,
        toHoldingId: c.toHoldingId,
        shareClassCode: shareClass.code,
        shareClassName: shareClass.name,
        kind: c.kind,
        date: c.date,
        fromHouseholdId: c.fromHouseholdId,
        fromHouseholdCode: c.fromHouseholdId ? (codes.get(c.fromHouseholdId) ?? null) : null,
        toHouseholdId: c.toHouseholdId,
        toHouseholdCode: c.toHouseholdId ? (codes.get(c.toHouseholdId) ?? null) : null,
        externalHolder: c.kind === 'issue' && !c.toHouseholdId ? holding.externalHolder : null,
        quantity: scaledToDecimal4(decimal4ToScaled(c.quantity)),
        by: users.get(c.actorId) ?? null,
        at: c.at,
      };
    });
  }

  /** Transfer or inheritance inside the village: the source holding is reduced by a recorded change. */
  transfer(actor: Actor, villageId: string, holdingId: string, dto: TransferHoldingDto): Promise<HoldingView> {
    return this.tx.run(async (manager) => {
      await this.access.village(actor, villageId, manager);
      const source = await this.shares.holdingOf(manager, villageId, holdingId);
      if (!source || !source.householdId) throw notFound('holding', '持股');
      if (!(await this.shares.householdInVillage(manager, villageId, dto.toHouseholdId))) {
        throw notFound('household', '户');
      }
      const moved = decimal4ToScaled(dto.quantity);
      const have = decimal4ToScaled(source.quantity);
      if (moved > have) {
        throw ruleViolation(
          'TRANSFER_TOO_LARGE',
          `转让数量超过持有数量（${source.quantity}）`,
          `cannot transfer more than held (${source.quantity})`,
        );
      }
      const shareClass = (await this.shares.classById(manager, source.shareClassId))!;
      await this.shares.setQuantity(manager, source.id, scaledToDecimal4(have - moved));
      const target: Holding = {
        id: randomUUID(),
        villageId,
        shareClassId: source.shareClassId,
        householdId: dto.toHouseholdId,
        externalHolder: null,
        quantity: scaledToDecimal4(moved),
        capitalAmountFen: 0,
        date: dto.date,
        createdAt: this.clock.nowIso(),
      };
      await this.shares.insertHolding(manager, target);
      if (shareClass.kind === 'member') await this.assertWithinCap(manager, villageId, dto.toHouseholdId);
      await this.shares.insertChange(manager, {
        id: randomUUID(),
        villageId,
        holdingId: source.id,
        kind: dto.kind,
        toHoldingId: target.id,
        date: dto.date,
        fromHouseholdId: source.householdId,
        toHouseholdId: dto.toHouseholdId,
        quantity: target.quantity,
        actorId: actor.userId,
        at: this.clock.nowIso(),
      });
      await this.audit.record(manager, actor, {
        action: `holding.${dto.kind}`,
        target: source.id,
        villageId,
        summary: dto,
      });
      return holdingView(target, shareClass);
    });
  }
}

export interface HoldingView {
  id: string;
  shareClassCode: string;
  kind: ShareClass['kind'];
  householdId: string | null;
  externalHolder: string | null;
  /** Units with four decimals ("12.5000"). */
  quantity: string;
  /** Yuan ("1000.00"). */
  capitalAmount: string;
  date: string | null;
  /** A member-share holder above the charter's cap. */
  aboveCap: boolean;
}

export interface HoldingChangeView {
  id: string;
  holdingId: string;
  toHoldingId: string | null;
  shareClassCode: string;
  shareClassName: string;
  kind: HoldingChange['kind'];
  date: string;
  fromHouseholdId: string | null;
  fromHouseholdCode: string | null;
  toHouseholdId: string | null;
  toHouseholdCode: string | null;
  /** An issue to a holder outside the register (a fund): its name. */
  externalHolder: string | null;
  quantity: string;
  /** Who recorded it (username) and when (instant). */
  by: string | null;
  at: string;
}
