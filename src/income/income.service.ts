import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { conflict, notFound, ruleViolation } from '../common/errors/domain-error.js';
import { yuanToFen } from '../common/money.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { ACCOUNT, EXPENSE_CATEGORIES, INCOME_CATEGORIES } from '../ledger/accounts.js';
import { IdempotencyService } from '../common/idempotency.service.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { VillageAccess } from '../common/village-access.js';
import { IncomeRepository } from './income.repository.js';
import type { ExpenseDto, IncomeDto, IncomeSourceDto, IncomeSourcePatchDto } from './dto.js';

/** Income and expenses from a simple form, booked as balanced double entries. */
@Injectable()
export class IncomeService {
  constructor(
    private readonly sources: IncomeRepository,
    private readonly tx: TransactionRunner,
    private readonly ledger: LedgerService,
    private readonly idempotency: IdempotencyService,
    private readonly audit: AuditService,
    private readonly access: VillageAccess,
    private readonly clock: Clock,
  ) {}

  recordIncome(actor: Actor, villageId: string, dto: IncomeDto, key?: string) {
    this.clock.assertNotFuture(dto.date);
    return this.tx.run((manager) =>
      this.idempotency.once(manager, actor, key, `income:${villageId}`, dto, async () => {
        await this.access.village(actor, villageId, manager);
        if (dto.sourceCode) await this.assertSourceOpen(manager, villageId, dto.sourceCode);
        const amountFen = yuanToFen(dto.amount);
        const distributable = dto.distributable ?? true;
        // Not distributable (compensation, donations, asset sales): straight to 公积公益金, out of every pool.
        const creditAccount = distributable ? INCOME_CATEGORIES[dto.category] : ACCOUNT.reserve;
        const entry = await this.ledger.append(manager, villageId, actor.userId, {
          date: dto.date,
          voucherNo: dto.voucherNo,
          kind: 'income',
          category: dto.category,
          sourceCode: dto.sourceCode ?? null,
          distributable,
          memo: dto.memo ?? `${dto.category}${dto.sourceCode ? `（${dto.sourceCode}）` : ''}`,
          lines: [
            { accountCode: dto.via === 'cash' ? ACCOUNT.cash : ACCOUNT.bank, debitFen: amountFen, creditFen: 0 },
            { accountCode: creditAccount, debitFen: 0, creditFen: amountFen },
          ],
        });
        await this.audit.record(manager, actor, {
          action: 'income.record',
          target: entry.id,
          villageId,
          summary: { ...dto, seq: entry.seq },
        });
        return { id: entry.id, entryId: entry.id, seq: entry.seq, hash: entry.hash };
      }),
    );
  }

  recordExpense(actor: Actor, villageId: string, dto: ExpenseDto, key?: string) {
    this.clock.assertNotFuture(dto.date);
    return this.tx.run((manager) =>
      this.idempotency.once(manager, actor, key, `expense:${villageId}`, dto, async () => {
        await this.access.village(actor, villageId, manager);
        const amountFen = yuanToFen(dto.amount);
        const entry = await this.ledger.append(manager, villageId, actor.userId, {
          date: dto.date,
          voucherNo: dto.voucherNo,
          kind: 'expense',
          category: dto.category,
          memo: dto.memo ?? dto.category,
          lines: [
            { accountCode: EXPENSE_CATEGORIES[dto.category], debitFen: amountFen, creditFen: 0 },
            { accountCode: dto.via === 'cash' ? ACCOUNT.cash : ACCOUNT.bank, debitFen: 0, creditFen: amountFen },
          ],
        });
        await this.audit.record(manager, actor, {
          action: 'expense.record',
          target: entry.id,
          villageId,
          summary: { ...dto, seq: entry.seq },
        });
        return { id: entry.id, entryId: entry.id, seq: entry.seq, hash: entry.hash };
      }),
    );
  }

  /** An income names a registered, active source: a typo must not create a new one. */
  private async assertSourceOpen(manager: EntityManager, villageId: string, code: string): Promise<void> {
    const source = await this.sources.findSource(manager, villageId, code);
    if (!source) {
      throw ruleViolation(
        'UNKNOWN_SOURCE',
        `sourceCode: 收入来源「${code}」不存在，请先在收入来源中登记`,
        `sourceCode: income source ${code} does not exist; register it first`,
        { field: 'sourceCode' },
      );
    }
    if (!source.active) {
      throw ruleViolation(
        'SOURCE_RETIRED',
        `sourceCode: 收入来源「${code}」（${source.name}）已停用，不能再记收入`,
        `sourceCode: income source ${code} is retired and takes no new income`,
        { field: 'sourceCode' },
      );
    }
  }

  createSource(actor: Actor, villageId: string, dto: IncomeSourceDto) {
    return this.tx.run(async (manager) => {
      await this.access.village(actor, villageId, manager);
      if (await this.sources.sourceExists(manager, villageId, dto.code)) {
        throw conflict('SOURCE_TAKEN', `收入来源「${dto.code}」已存在`, `income source ${dto.code} already exists`);
      }
      const source = { id: randomUUID(), villageId, code: dto.code, name: dto.name, active: true };
      await this.sources.insertSource(manager, source);
      await this.audit.record(manager, actor, {
        action: 'income-source.create',
        target: source.id,
        villageId,
        summary: dto,
      });
      return source;
    });
  }

  /** Rename (改名) or retire/reactivate (停用/启用) a source; its past income keeps the code. */
  updateSource(actor: Actor, villageId: string, code: string, dto: IncomeSourcePatchDto) {
    return this.tx.run(async (manager) => {
      await this.access.village(actor, villageId, manager);
      const source = await this.sources.findSource(manager, villageId, code);
      if (!source) throw notFound(`income source ${code}`, `收入来源「${code}」`);
      const before = { name: source.name, active: source.active };
      const changes = { name: dto.name ?? source.name, active: dto.active ?? source.active };
      await this.sources.updateSource(manager, source.id, changes);
      await this.audit.record(manager, actor, {
        action: 'income-source.update',
        target: source.id,
        villageId,
        summary: { code, before, after: changes },
      });
      return { ...source, ...changes };
    });
  }

  async listSources(actor: Actor, villageId: string) {
    await this.access.village(actor, villageId);
    const items = await this.sources.sources(villageId);
    return { items, total: items.length };
  }
}
