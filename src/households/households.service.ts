import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { conflict, notFound, ruleViolation } from '../common/errors/domain-error.js';
import { newWorkbook, safeCell, safeSheetName } from '../common/export-text.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { VillageAccess } from '../common/village-access.js';
import type { CreateHouseholdDto } from './dto.js';
import type { Household, HouseholdChange, Member, MemberStatus } from './household.entity.js';
import { HouseholdsRepository } from './households.repository.js';
import { REASON_LABELS, STATUS_LABELS } from './labels.js';
import { countsOn } from './membership.js';

export { REASON_LABELS, STATUS_LABELS } from './labels.js';
import { type RosterHousehold, parseRoster } from './roster.js';
import { readUploadedTable } from './roster-file.js';
import { PersonalDataService, type ShowPersonal } from './personal-data.service.js';

export function memberView(m: Member, show: ShowPersonal) {
  return {
    id: m.id,
    name: m.name,
    relation: m.relation,
    isMember: m.isMember,
    status: m.status,
    statusDate: m.statusDate,
    statusReason: m.statusReason,
    since: m.since,
    sinceReason: m.sinceReason,
    until: m.until,
    previousMemberId: m.previousMemberId,
    idNumber: show(m.idNumberSealed ?? null, 'idNumber', m.householdId),
  };
}

/** The household as the API shows it; `show` masks or reveals personal information for the viewer. */
export function householdView(h: Household, members: Member[], show: ShowPersonal, asOf?: string) {
  const views = members.map((m) =>
    asOf ? { ...memberView(m, show), counts: countsOn(m, asOf) } : memberView(m, show),
  );
  return {
    id: h.id,
    villageId: h.villageId,
    code: h.code,
    headName: h.headName,
    headMemberId: h.headMemberId,
    // The head died or moved out and no new head is recorded yet (POST …/head names one).
    headEnded: members.some((m) => m.id === h.headMemberId && m.until !== null),
    tags: h.tags,
    bankName: h.bankName ?? null,
    bankAccount: show(h.bankAccountSealed ?? null, 'bankAccount', h.id),
    members: views,
    ...(asOf ? { asOf, units: views.filter((m) => 'counts' in m && m.counts).length } : {}),
  };
}

@Injectable()
export class HouseholdsService {
  constructor(
    private readonly households: HouseholdsRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly access: VillageAccess,
    private readonly clock: Clock,
    private readonly personal: PersonalDataService,
  ) {}

  create(actor: Actor, villageId: string, dto: CreateHouseholdDto) {
    return this.tx.run(async (manager) => {
      await this.access.village(actor, villageId, manager);
      if (await this.households.codeTaken(manager, villageId, dto.code)) {
        throw conflict(
          'HOUSEHOLD_CODE_TAKEN',
          `户编号「${dto.code}」已存在`,
          `household code ${dto.code} already exists`,
        );
      }
      const [created] = await this.insertHouseholds(manager, actor, villageId, [
        {
          code: dto.code,
          headName: dto.headName,
          members: dto.members.map((m) => ({
            name: m.name,
            relation: m.relation,
            isMember: m.isMember ?? true,
            since: m.since ?? null,
          })),
          tags: dto.tags ?? [],
        },
      ]);
      await this.audit.record(manager, actor, {
        action: 'household.create',
        target: created.household.id,
        villageId,
        summary: { code: dto.code, members: dto.members.length },
      });
      return householdView(created.household, created.members, this.personal.view(actor).show);
    });
  }

  /** Households with their members, in bulk; the first member heads the household. */
  async insertHouseholds(manager: EntityManager, actor: Actor, villageId: string, roster: RosterHousehold[]) {
    const now = this.clock.nowIso();
    const created = roster.map((r) => {
      const householdId = randomUUID();
      const members: Member[] = r.members.map((m, position) => ({
        id: randomUUID(),
        householdId,
        position,
        name: m.name,
        relation: m.relation,
        isMember: m.isMember,
        status: 'active',
        statusDate: null,
        statusReason: null,
        since: m.since ?? null,
        sinceReason: m.sinceReason ?? null,
        until: null,
        previousMemberId: m.previousMemberId ?? null,
      }));
      const household: Household = {
        id: householdId,
        villageId,
        code: r.code,
        headName: r.headName,
        tags: r.tags,
        headMemberId: members[0]?.id ?? null,
        createdAt: now,
      };
      return { household, members };
    });
    const changes: HouseholdChange[] = created.map((c) => ({
      id: randomUUID(),
      householdId: c.household.id,
      at: now,
      actorId: actor.userId,
      action: 'create',
      change: { code: c.household.code, headName: c.household.headName, members: c.members.length },
    }));
    await this.households.insertHouseholds(manager, {
      households: created.map((c) => c.household),
      members: created.flatMap((c) => c.members),
      changes,
    });
    return created;
  }

  async list(
    actor: Actor,
    villageId: string,
    query: { q?: string; status?: MemberStatus; asOf?: string; limit: number; offset: number },
  ) {
    await this.access.village(actor, villageId);
    const { households, total } = await this.households.search({
      villageId,
      onlyId: actor.role === 'household' ? (actor.householdId ?? '-') : undefined,
      q: query.q,
      status: query.status,
      limit: query.limit,
      offset: query.offset,
    });
    const members = await this.membersOf(households.map((h) => h.id));
    const personal = this.personal.view(actor);
    const items = households.map((h) => householdView(h, members.get(h.id) ?? [], personal.show, query.asOf));
    await this.personal.recordReads(actor, villageId, personal, 'household.list');
    if (!query.asOf) return { items, total };
    // As of a date: the register's count on that day (of the households on this page).
    return { items, total, asOf: query.asOf, units: items.reduce((sum, h) => sum + (h.units ?? 0), 0) };
  }

  /** The household with its history; with `asOf`, which members count on that date and their number. */
  async get(actor: Actor, villageId: string, householdId: string, asOf?: string) {
    const household = await this.find(actor, villageId, householdId);
    const members = await this.membersOf([householdId]);
    const history = await this.households.history(householdId);
    const personal = this.personal.view(actor);
    const view = householdView(household, members.get(householdId) ?? [], personal.show, asOf);
    await this.personal.recordReads(actor, villageId, personal, 'household.get');
    return { ...view, history };
  }

  async find(actor: Actor, villageId: string, householdId: string, manager?: EntityManager): Promise<Household> {
    await this.access.village(actor, villageId, manager);
    this.access.assertHousehold(actor, householdId);
    const household = await this.households.findInVillage(villageId, householdId, manager);
    if (!household) throw notFound('household', '户');
    return household;
  }

  membersOf(householdIds: string[], manager?: EntityManager): Promise<Map<string, Member[]>> {
    return this.households.membersOf(householdIds, manager);
  }

  async import(actor: Actor, villageId: string, file: Buffer) {
    await this.access.village(actor, villageId);
    const table = await readUploadedTable(file);
    const { households, errors } = parseRoster(table.header, table.rows);
    if (errors.length) {
      throw ruleViolation(
        'IMPORT_INVALID',
        `导入失败：${errors.length} 处错误，未导入任何数据`,
        `import refused: ${errors.length} errors, nothing imported`,
        { errors: errors.slice(0, 1000) },
      );
    }
    return this.tx.run(async (manager) => {
      const existing = await this.households.existingCodes(
        manager,
        villageId,
        households.map((h) => h.code),
      );
      if (existing.length) {
        throw ruleViolation(
          'IMPORT_DUPLICATE',
          `导入失败：户编号已存在（${existing.slice(0, 5).join('、')}），未导入任何数据`,
          'import refused: household codes already exist',
          {
            errors: existing.map((code) => ({
              row: rowOf(table.rows, table.header, code),
              field: 'householdCode',
              message: `户编号「${code}」已存在 / household code ${code} already exists`,
            })),
          },
        );
      }
      await this.insertHouseholds(manager, actor, villageId, households);
      const members = households.reduce((n, h) => n + h.members.length, 0);
      await this.audit.record(manager, actor, {
        action: 'household.import',
        target: villageId,
        villageId,
        summary: { households: households.length, members },
      });
      return { households: households.length, members };
    });
  }

  async exportXlsx(actor: Actor, villageId: string): Promise<{ buffer: Buffer; villageName: string }> {
    const village = await this.access.village(actor, villageId);
    const households = await this.households.ofVillage(villageId);
    const members = await this.membersOf(households.map((h) => h.id));
    // No title row: the file imports back as it is. The village is named in the sheet and the properties.
    const workbook = newWorkbook(`${village.name} 花名册`);
    const sheet = workbook.addWorksheet(safeSheetName(`${village.name}花名册`, '花名册'));
    sheet.addRow(['户编号', '户主', '姓名', '与户主关系', '是否成员', '状态', '状态日期', '原因', '入户日期', '标签']);
    for (const h of households) {
      for (const m of members.get(h.id) ?? []) {
        sheet.addRow([
          safeCell(h.code),
          safeCell(h.headName),
          safeCell(m.name),
          safeCell(m.relation),
          m.isMember ? '是' : '否',
          STATUS_LABELS[m.status],
          m.statusDate ?? '',
          m.statusReason ? (REASON_LABELS[m.statusReason] ?? m.statusReason) : '',
          m.since ?? '',
          safeCell(h.tags.join('、')),
        ]);
      }
    }
    sheet.getRow(1).font = { bold: true };
    return { buffer: Buffer.from(await workbook.xlsx.writeBuffer()), villageName: village.name };
  }
}

function rowOf(rows: string[][], header: string[], code: string): number {
  const col = header.findIndex((h) =>
    ['householdcode', '户编号'].includes(
      String(h)
        .trim()
        .replace(/^\uFEFF/, '')
        .toLowerCase(),
    ),
  );
  const index = rows.findIndex((r) => String(r[col] ?? '').trim() === code);
  return index < 0 ? 0 : index + 2;
}
