import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { DomainError, badInput, conflict, notFound, ruleViolation } from '../common/errors/domain-error.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { VillageAccess } from '../common/village-access.js';
import type { AddMemberDto, SetHeadDto, SplitHouseholdDto, UpdateHouseholdDto, UpdateMemberDto } from './dto.js';
import { AWAY_REASONS, type Household, MOVED_OUT_REASONS, type Member } from './household.entity.js';
import { HouseholdsRepository } from './households.repository.js';
import { HouseholdsService, householdView, memberView } from './households.service.js';
import { type MemberChangeRow, isJoin, parseMemberChanges } from './member-changes.js';
import type { RowError } from './roster.js';
import { readUploadedTable } from './roster-file.js';
import { PersonalDataService } from './personal-data.service.js';
import { normalizeBankAccount, normalizeIdNumber } from './personal-data.js';

/** The register's fields (`details.field` of its refusals) as the import sheet names them. */
const SHEET_FIELDS: Record<string, string> = {
  status: 'change',
  date: 'date',
  reason: 'reason',
  name: 'memberName',
  relation: 'relation',
  isMember: 'isMember',
};

/**
 * The register over time (CONTRACT "Register over time"): births and marriages in, deaths and moves out,
 * corrections, head changes and splits — each a dated change kept in the household's history.
 */
@Injectable()
export class RegisterService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly households: HouseholdsService,
    private readonly register: HouseholdsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly access: VillageAccess,
    private readonly personal: PersonalDataService,
  ) {}

  updateHousehold(actor: Actor, villageId: string, householdId: string, dto: UpdateHouseholdDto) {
    return this.tx.run(async (manager) => {
      const household = await this.households.find(actor, villageId, householdId, manager);
      const after: Partial<Household> = {
        headName: dto.headName ?? household.headName,
        tags: dto.tags ?? household.tags,
      };
      // Personal information: sealed at rest; history and audit keep only the masked form.
      if (dto.bankName !== undefined) after.bankName = dto.bankName;
      if (dto.bankAccount !== undefined) {
        after.bankAccountSealed =
          dto.bankAccount === null ? null : this.personal.seal(normalizeBankAccount(dto.bankAccount), 'bankAccount');
      }
      await this.register.updateHousehold(manager, householdId, after);
      const shown = (h: Partial<Household>) => ({
        headName: h.headName,
        tags: h.tags,
        ...(dto.bankName !== undefined ? { bankName: h.bankName ?? null } : {}),
        ...(dto.bankAccount !== undefined
          ? { bankAccount: this.personal.masked(h.bankAccountSealed ?? null, 'bankAccount') }
          : {}),
      });
      await this.record(manager, actor, villageId, householdId, 'household-update', {
        before: shown(household),
        after: shown({ ...household, ...after }),
      });
      return this.view(manager, actor, villageId, { ...household, ...after });
    });
  }

  addMember(actor: Actor, villageId: string, householdId: string, dto: AddMemberDto) {
    return this.tx.run(async (manager) => {
      const household = await this.households.find(actor, villageId, householdId, manager);
      const member = await this.join(manager, actor, villageId, household, dto);
      return this.memberShown(manager, actor, villageId, member);
    });
  }

  updateMember(actor: Actor, villageId: string, householdId: string, memberId: string, dto: UpdateMemberDto) {
    return this.tx.run(async (manager) => {
      const household = await this.households.find(actor, villageId, householdId, manager);
      const member = await this.register.findMember(manager, householdId, memberId);
      if (!member) throw notFound('member', '成员');
      const changed = await this.change(manager, actor, villageId, household, member, dto);
      return this.memberShown(manager, actor, villageId, changed);
    });
  }

  /**
   * A member joins (birth, marriage, adoption, return) and counts from `date`: the rules of
   * `POST …/members`, shared with the import of member changes. Runs inside the caller's transaction;
   * every refusal is thrown before anything is written and names its field (`details.field`).
   */
  async join(
    manager: EntityManager,
    actor: Actor,
    villageId: string,
    household: Household,
    dto: AddMemberDto,
  ): Promise<Member> {
    this.clock.assertNotFuture(dto.date, 'DATE_IN_FUTURE');
    const last = await this.register.lastMember(manager, household.id);
    const member: Member = {
      id: randomUUID(),
      householdId: household.id,
      position: (last?.position ?? -1) + 1,
      name: dto.name,
      relation: dto.relation,
      isMember: dto.isMember ?? true,
      status: 'active',
      statusDate: null,
      statusReason: null,
      since: dto.date,
      sinceReason: dto.reason,
      until: null,
      previousMemberId: null,
      idNumberSealed: dto.idNumber ? this.personal.seal(normalizeIdNumber(dto.idNumber), 'idNumber') : null,
    };
    await this.register.insertMember(manager, member);
    await this.record(manager, actor, villageId, household.id, 'member-add', {
      memberId: member.id,
      name: member.name,
      relation: member.relation,
      date: dto.date,
      reason: dto.reason,
      ...(member.idNumberSealed ? { idNumber: this.personal.masked(member.idNumberSealed, 'idNumber') } : {}),
    });
    if (!household.headMemberId) {
      await this.register.updateHousehold(manager, household.id, { headMemberId: member.id });
      household.headMemberId = member.id;
    }
    return member;
  }

  /**
   * A member's status (with its date and reason) or a correction of name, relation or membership: the rules
   * of `PATCH …/members/:mid`, shared with the import. Inside the caller's transaction, refusals before writes.
   */
  async change(
    manager: EntityManager,
    actor: Actor,
    villageId: string,
    household: Household,
    member: Member,
    dto: UpdateMemberDto,
  ): Promise<Member> {
    const after: Partial<Member> = {};
    if (dto.name !== undefined) after.name = dto.name;
    if (dto.relation !== undefined) after.relation = dto.relation;
    if (dto.isMember !== undefined) after.isMember = dto.isMember;
    if (dto.idNumber !== undefined) {
      after.idNumberSealed =
        dto.idNumber === null ? null : this.personal.seal(normalizeIdNumber(dto.idNumber), 'idNumber');
    }
    if (dto.status !== undefined) Object.assign(after, this.statusChange(member, dto));
    else if (dto.date !== undefined || dto.reason !== undefined) {
      throw badInput(
        'STATUS_REQUIRED',
        'status: 填写日期或原因时须同时填写状态',
        'status: a date or reason needs a status',
        { field: 'status' },
      );
    }
    if (Object.keys(after).length === 0) {
      throw badInput(
        'NOTHING_TO_CHANGE',
        '没有要修改的内容',
        'nothing to change: give status, name, relation or isMember',
        { field: 'status' },
      );
    }
    await this.register.updateMember(manager, member.id, after);
    const before = this.maskedChange(member, Object.keys(after));
    const afterShown = this.maskedChange({ ...member, ...after }, Object.keys(after));
    const action = dto.status !== undefined ? 'member-status' : 'member-correct';
    await this.record(manager, actor, villageId, household.id, action, {
      memberId: member.id,
      name: member.name,
      before,
      after: afterShown,
    });
    if (after.name && household.headMemberId === member.id) {
      await this.register.updateHousehold(manager, household.id, { headName: after.name });
      household.headName = after.name;
    }
    return { ...member, ...after };
  }

  /**
   * A sheet of member changes, all or nothing: the rows are applied in order through `join` and `change`
   * (the same rules as the single routes, so a later row sees the earlier ones: a birth then a death of the
   * same child is fine, a second death is not). Any refused row → 422 with every row error, nothing kept.
   */
  async importChanges(actor: Actor, villageId: string, file: Buffer): Promise<{ applied: number }> {
    await this.access.village(actor, villageId);
    const table = await readUploadedTable(file);
    const parsed = parseMemberChanges(table.header, table.rows);
    if (parsed.errors.length) throw importRefused(parsed.errors);
    return this.tx.run(async (manager) => {
      await this.access.village(actor, villageId, manager);
      const codes = [...new Set(parsed.changes.map((c) => c.householdCode))];
      const households = await this.register.byCodes(manager, villageId, codes);
      const errors: RowError[] = [];
      for (const row of parsed.changes) {
        const household = households.get(row.householdCode);
        if (!household) {
          errors.push({
            row: row.row,
            field: 'householdCode',
            message: `户编号「${row.householdCode}」不存在 / household ${row.householdCode} not found`,
          });
          continue;
        }
        try {
          await this.applyRow(manager, actor, villageId, household, row);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          const field = SHEET_FIELDS[String(error.details.field)] ?? 'change';
          errors.push({ row: row.row, field, message: error.message });
        }
      }
      if (errors.length) throw importRefused(errors);
      await this.audit.record(manager, actor, {
        action: 'household.member-changes-import',
        target: villageId,
        villageId,
        summary: { applied: parsed.changes.length },
      });
      return { applied: parsed.changes.length };
    });
  }

  private async applyRow(
    manager: EntityManager,
    actor: Actor,
    villageId: string,
    household: Household,
    row: MemberChangeRow,
  ): Promise<void> {
    if (isJoin(row.change)) {
      await this.join(manager, actor, villageId, household, {
        name: row.memberName,
        relation: row.relation!,
        isMember: row.isMember ?? undefined,
        date: row.date,
        reason: row.change,
      });
      return;
    }
    const member = await this.memberByName(manager, household, row.memberName, row.relation);
    await this.change(manager, actor, villageId, household, member, {
      status: row.change,
      date: row.date,
      reason: row.reason ?? undefined,
    });
  }

  /** The member a sheet names: by name (and relation when given); of several, the one still counting. */
  private async memberByName(
    manager: EntityManager,
    household: Household,
    name: string,
    relation: string | null,
  ): Promise<Member> {
    const named = await this.register.membersNamed(manager, household.id, name, relation);
    const current = named.length > 1 ? named.filter((m) => m.until === null) : named;
    if (named.length === 0) {
      throw ruleViolation(
        'MEMBER_NOT_FOUND',
        `户「${household.code}」没有名为「${name}」${relation ? `、与户主关系为「${relation}」` : ''}的成员`,
        `household ${household.code} has no member named ${name}${relation ? ` (${relation})` : ''}`,
        { field: 'name' },
      );
    }
    if (current.length !== 1) {
      throw ruleViolation(
        'MEMBER_AMBIGUOUS',
        `户「${household.code}」有 ${named.length} 名成员名为「${name}」，请填写与户主关系以区分`,
        `household ${household.code} has ${named.length} members named ${name}: give relation to tell them apart`,
        { field: 'name' },
      );
    }
    return current[0];
  }

  /**
   * Status with its date and reason; deceased and moved_out end membership on the date (2024 law Art. 18:
   * away does not).
   */
  private statusChange(member: Member, dto: UpdateMemberDto): Partial<Member> {
    const status = dto.status!;
    if (status === 'active' && member.statusReason === 'split') {
      // The member counts in the new household from the split: back here they would count twice.
      throw ruleViolation(
        'MEMBER_SPLIT_OFF',
        `该成员已于 ${member.until} 分户迁出，请在新户登记其变动`,
        `the member moved to a new household in a split on ${member.until}: record changes there`,
        { field: 'status' },
      );
    }
    if (status === 'active') {
      return { status, statusDate: dto.date ?? null, statusReason: null, until: null };
    }
    // Away keeps membership, so it cannot be set on one that has ended either (its end would be hidden).
    if (member.until !== null) {
      throw ruleViolation(
        'MEMBERSHIP_ALREADY_ENDED',
        `该成员已于 ${member.until} 登记${member.status === 'deceased' ? '死亡' : '迁出'}，不能再次登记；如登记有误，请先改回 active`,
        `the member's membership already ended on ${member.until}; set status active first to correct it`,
        { field: 'status' },
      );
    }
    if (!dto.date) {
      throw ruleViolation('DATE_REQUIRED', `登记「${status}」状态须填写日期（date）`, `status ${status} needs a date`, {
        field: 'date',
      });
    }
    this.clock.assertNotFuture(dto.date, 'DATE_IN_FUTURE');
    if (member.since && dto.date < member.since) {
      throw ruleViolation(
        'DATE_BEFORE_SINCE',
        `date: 日期早于该成员入户日期 ${member.since}`,
        `date is before the member's start date ${member.since}`,
        { field: 'date' },
      );
    }
    const reasons: readonly string[] =
      status === 'away' ? AWAY_REASONS : status === 'moved_out' ? MOVED_OUT_REASONS : [];
    if (dto.reason !== undefined && !reasons.includes(dto.reason)) {
      throw badInput(
        'BAD_REASON',
        `reason: 状态「${status}」的原因须为 ${reasons.join('/') || '空'}`,
        `reason for ${status} must be one of ${reasons.join(', ') || '(none)'}`,
        { field: 'reason' },
      );
    }
    const statusReason = status === 'deceased' ? null : (dto.reason ?? 'other');
    return { status, statusDate: dto.date, statusReason, until: status === 'away' ? member.until : dto.date };
  }

  setHead(actor: Actor, villageId: string, householdId: string, dto: SetHeadDto) {
    return this.tx.run(async (manager) => {
      const household = await this.households.find(actor, villageId, householdId, manager);
      this.clock.assertNotFuture(dto.date, 'DATE_IN_FUTURE');
      const member = await this.register.findMember(manager, householdId, dto.memberId);
      if (!member) throw notFound('member', '成员');
      if ((member.until !== null && member.until <= dto.date) || (member.since !== null && member.since > dto.date)) {
        throw ruleViolation('HEAD_NOT_COUNTING', '户主须为该日仍在册的成员', 'the head must be a member on that date');
      }
      const after = { headMemberId: member.id, headName: member.name };
      await this.register.updateHousehold(manager, householdId, after);
      await this.record(manager, actor, villageId, householdId, 'head', {
        date: dto.date,
        before: { headMemberId: household.headMemberId, headName: household.headName },
        after,
      });
      return this.view(manager, actor, villageId, { ...household, ...after });
    });
  }

  /** 分户: the members leave this household on `date` and count in the new one from it, their history linked. */
  split(actor: Actor, villageId: string, householdId: string, dto: SplitHouseholdDto) {
    return this.tx.run(async (manager) => {
      const source = await this.households.find(actor, villageId, householdId, manager);
      this.clock.assertNotFuture(dto.date, 'DATE_IN_FUTURE');
      const moving = await this.membersToSplit(manager, villageId, source, dto);
      const target = await this.splitHousehold(manager, actor, villageId, source, moving, dto);
      for (const m of moving) {
        const moved = { status: 'moved_out', statusDate: dto.date, statusReason: 'split', until: dto.date } as const;
        await this.register.updateMember(manager, m.id, moved);
      }
      const summary = { date: dto.date, code: dto.code, members: moving.map((m) => ({ id: m.id, name: m.name })) };
      await this.record(manager, actor, villageId, householdId, 'split-out', {
        ...summary,
        toHouseholdId: target.household.id,
      });
      await this.record(manager, actor, villageId, target.household.id, 'split-in', {
        ...summary,
        fromHouseholdId: householdId,
      });
      const sealed = moving.filter((m) => m.idNumberSealed);
      for (const m of target.members.filter((t) => sealed.some((s) => s.id === t.previousMemberId))) {
        // The ID number moves with the member (still sealed: never opened for the copy).
        m.idNumberSealed = sealed.find((s) => s.id === m.previousMemberId)!.idNumberSealed;
        await this.register.updateMember(manager, m.id, { idNumberSealed: m.idNumberSealed });
      }
      return this.view(manager, actor, villageId, target.household);
    });
  }

  /** The members a split moves: members of the household on the date, its head staying; the new code free. */
  private async membersToSplit(
    manager: EntityManager,
    villageId: string,
    source: Household,
    dto: SplitHouseholdDto,
  ): Promise<Member[]> {
    const ids = [...new Set(dto.memberIds)];
    if (!ids.includes(dto.headMemberId)) {
      throw badInput(
        'HEAD_NOT_MOVING',
        'headMemberId: 新户户主须在 memberIds 中',
        'headMemberId must be one of memberIds',
      );
    }
    const moving = await this.register.membersIn(manager, source.id, ids);
    if (moving.length !== ids.length) {
      const missing = ids.filter((id) => !moving.some((m) => m.id === id));
      throw ruleViolation(
        'MEMBER_NOT_IN_HOUSEHOLD',
        `memberIds: 成员不属于本户（${missing.join('、')}）`,
        `memberIds: not members of this household (${missing.join(', ')})`,
      );
    }
    if (moving.some((m) => m.until !== null || (m.since !== null && m.since > dto.date))) {
      throw ruleViolation(
        'MEMBER_NOT_COUNTING',
        '只能分出该日在册的成员',
        'only members who count on the date can move',
      );
    }
    if (source.headMemberId && ids.includes(source.headMemberId)) {
      throw ruleViolation(
        'HEAD_MOVES',
        '原户主不能分出，请先变更原户户主',
        'the head cannot leave: change the head first',
      );
    }
    if (await this.register.codeTaken(manager, villageId, dto.code)) {
      throw conflict(
        'HOUSEHOLD_CODE_TAKEN',
        `户编号「${dto.code}」已存在`,
        `household code ${dto.code} already exists`,
      );
    }
    return moving;
  }

  /** The new household of a split, its members counting from the date and linked to their old records. */
  private async splitHousehold(
    manager: EntityManager,
    actor: Actor,
    villageId: string,
    source: Household,
    moving: Member[],
    dto: SplitHouseholdDto,
  ) {
    const byId = new Map(moving.map((m) => [m.id, m]));
    const members = [...new Set(dto.memberIds)].map((id) => {
      const m = byId.get(id)!;
      const linked = { since: dto.date, sinceReason: 'split', previousMemberId: m.id } as const;
      return { name: m.name, relation: m.relation, isMember: m.isMember, ...linked };
    });
    const household = { code: dto.code, headName: byId.get(dto.headMemberId)!.name, tags: source.tags, members };
    const [created] = await this.households.insertHouseholds(manager, actor, villageId, [household]);
    return created;
  }

  private async record(
    manager: EntityManager,
    actor: Actor,
    villageId: string,
    householdId: string,
    action: string,
    change: Record<string, unknown>,
  ): Promise<void> {
    await this.register.insertChange(manager, {
      id: randomUUID(),
      householdId,
      at: this.clock.nowIso(),
      actorId: actor.userId,
      action,
      change,
    });
    await this.audit.record(manager, actor, {
      action: `household.${action}`,
      target: householdId,
      villageId,
      summary: change,
    });
  }

  private async view(manager: EntityManager, actor: Actor, villageId: string, household: Household) {
    const members = await this.households.membersOf([household.id], manager);
    const personal = this.personal.view(actor);
    const view = householdView(household, members.get(household.id) ?? [], personal.show);
    await this.personal.recordReads(actor, villageId, personal, 'household.write', manager);
    return view;
  }

  private async memberShown(manager: EntityManager, actor: Actor, villageId: string, member: Member) {
    const personal = this.personal.view(actor);
    const view = memberView(member, personal.show);
    await this.personal.recordReads(actor, villageId, personal, 'member.write', manager);
    return view;
  }

  /** The changed fields of a member for history and audit: an ID number only masked. */
  private maskedChange(member: Member, keys: string[]): Record<string, unknown> {
    return Object.fromEntries(
      keys.map((k) =>
        k === 'idNumberSealed'
          ? ['idNumber', this.personal.masked(member.idNumberSealed ?? null, 'idNumber')]
          : [k, member[k as keyof Member]],
      ),
    );
  }
}

function importRefused(errors: RowError[]): DomainError {
  return ruleViolation(
    'IMPORT_INVALID',
    `导入失败：${errors.length} 处错误，未导入任何变动`,
    `import refused: ${errors.length} errors, no change was applied`,
    { errors: errors.slice(0, 1000) },
  );
}
