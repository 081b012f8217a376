import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { decimal4ToScaled, fenToYuan, scaledToDecimal4 } from '../common/money.js';
import { Household, HouseholdChange } from '../households/household.entity.js';
import { HouseholdsService } from '../households/households.service.js';
import { countsOn } from '../households/membership.js';
import { Holding, ShareClass } from '../shares/share.entity.js';
import { SharesService } from '../shares/shares.service.js';
import { Village } from '../villages/village.entity.js';
import { type CertificateContent, type CertificateModel, certificateModel, registerLines } from './certificate.js';

/** The 股权证 of one household, for staff and for that household (another household: 404). */
@Injectable()
export class CertificateService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly households: HouseholdsService,
    private readonly shares: SharesService,
    private readonly clock: Clock,
  ) {}

  async model(actor: Actor, villageId: string, householdId: string): Promise<CertificateModel> {
    const household = await this.households.find(actor, villageId, householdId);
    const manager = this.dataSource.manager;
    const village = (await manager.getRepository(Village).findOneBy({ id: villageId }))!;
    const today = this.clock.todayIso();
    const members = (await this.households.membersOf([householdId])).get(householdId) ?? [];
    const classes = new Map((await manager.getRepository(ShareClass).findBy({ villageId })).map((c) => [c.id, c]));
    const holdings = (await manager.getRepository(Holding).findBy({ villageId, householdId }))
      .filter((h) => decimal4ToScaled(h.quantity) > 0n || h.capitalAmountFen > 0)
      .map((h) => ({ h, shareClass: classes.get(h.shareClassId)! }))
      .sort(
        (a, b) =>
          cmp(a.shareClass.code, b.shareClass.code) ||
          cmp(a.h.date ?? '', b.h.date ?? '') ||
          cmp(a.h.createdAt, b.h.createdAt),
      );
    const changes = (await this.shares.changes(actor, villageId, { householdId })).items;
    const history = await manager
      .getRepository(HouseholdChange)
      .find({ where: { householdId }, order: { at: 'ASC', id: 'ASC' } });
    const codes = await this.codesOf(
      history.flatMap((c) => {
        const from = (c.change as { fromHouseholdId?: unknown }).fromHouseholdId;
        return typeof from === 'string' ? [from] : [];
      }),
    );
    const content: CertificateContent = {
      villageCode: village.code,
      villageName: village.name,
      householdCode: household.code,
      headName: household.headName,
      members: members
        .filter((m) => countsOn(m, today))
        .map((m) => ({ name: m.name, relation: m.relation, since: m.since, status: m.status })),
      holdings: holdings.map(({ h, shareClass }) => ({
        shareClassCode: shareClass.code,
        shareClassName: shareClass.name,
        kind: shareClass.kind,
        quantity: scaledToDecimal4(decimal4ToScaled(h.quantity)),
        capitalAmount: fenToYuan(h.capitalAmountFen),
        since: h.date,
      })),
      changes: changes.map((c) => ({
        date: c.date,
        kind: c.kind,
        shareClassCode: c.shareClassCode,
        quantity: c.quantity,
        from: c.fromHouseholdCode,
        to: c.toHouseholdCode ?? c.externalHolder,
      })),
      register: registerLines(history, (id) => codes.get(id) ?? null),
    };
    return certificateModel(content, today);
  }

  private async codesOf(ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await this.dataSource
      .getRepository(Household)
      .find({ select: { id: true, code: true }, where: { id: In(unique) } });
    return new Map(rows.map((h) => [h.id, h.code]));
  }
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
