import { Injectable } from '@nestjs/common';
import { DataSource, In, LessThanOrEqual, type EntityManager } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { badInput, conflict, notFound, ruleViolation } from '../common/errors/domain-error.js';
import { IdempotencyService } from '../common/idempotency.service.js';
import { yuanToFen } from '../common/money.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { Household } from '../households/household.entity.js';
import { VillageAccess } from '../common/village-access.js';
import { ACCOUNT } from './accounts.js';
import { subLedger } from './books.js';
import type { GeneralVoucherDto, OpeningBalancesDto, VoucherLineDto } from './dto.js';
import { type LineInput, leafAccounts, voucherProblem } from './journal.js';
import { Account, JournalEntry } from './ledger.entity.js';
import { LedgerRepository } from './ledger.repository.js';
import { LedgerService, entryView } from './ledger.service.js';

/** Lines that may name a household: its receivable (应收款) and the dividend it is owed (应付收益). */
export const HOUSEHOLD_ACCOUNTS = [ACCOUNT.payableDividend, ACCOUNT.receivable];

/** DTO lines → ledger lines; exactly one of debit/credit per line, else 400 naming it. Pure. */
export function linesFromDto(lines: readonly VoucherLineDto[]): LineInput[] {
  return lines.map((l, i) => {
    if ((l.debit === undefined) === (l.credit === undefined)) {
      throw badInput(
        'LINE_SIDE',
        `lines[${i}].debit: 每行须只填借方或贷方之一`,
        `lines[${i}].debit: give exactly one of debit or credit`,
        { field: `lines[${i}].debit` },
      );
    }
    return {
      accountCode: l.accountCode,
      householdId: l.householdId ?? null,
      debitFen: l.debit === undefined ? 0 : yuanToFen(l.debit),
      creditFen: l.credit === undefined ? 0 : yuanToFen(l.credit),
      memo: l.memo ?? null,
    };
  });
}

/** 建账 and 转账凭证 (vouchers typed by hand on any leaf account), and a household's sub-ledger. */
@Injectable()
export class VouchersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly ledger: LedgerService,
    private readonly idempotency: IdempotencyService,
    private readonly audit: AuditService,
    private readonly access: VillageAccess,
    private readonly clock: Clock,
    private readonly repository: LedgerRepository,
  ) {}

  /** Unknown or non-leaf accounts, households of another village: 422 naming the line. */
  private async checkLines(manager: EntityManager, villageId: string, lines: LineInput[]): Promise<void> {
    const codes = (await manager.getRepository(Account).find({ select: { code: true } })).map((a) => a.code);
    const problem = voucherProblem(lines, {
      all: new Set(codes),
      leaves: leafAccounts(codes),
      householdAccounts: new Set(HOUSEHOLD_ACCOUNTS),
    });
    if (problem) {
      const code = problem.field === 'lines' ? 'ENTRY_UNBALANCED' : 'BAD_VOUCHER_LINE';
      throw ruleViolation(code, problem.zh, problem.en, { field: problem.field });
    }
    const named = [...new Set(lines.map((l) => l.householdId).filter((h): h is string => !!h))];
    if (named.length === 0) return;
    const found = new Set(
      (await manager.getRepository(Household).find({ select: { id: true }, where: { villageId, id: In(named) } })).map(
        (h) => h.id,
      ),
    );
    const i = lines.findIndex((l) => l.householdId && !found.has(l.householdId));
    if (i >= 0) {
      throw ruleViolation(
        'UNKNOWN_HOUSEHOLD',
        `lines[${i}].householdId: 本嘎查/村没有这一户`,
        `lines[${i}].householdId: no such household in this village`,
        { field: `lines[${i}].householdId` },
      );
    }
  }

  opening(actor: Actor, villageId: string, dto: OpeningBalancesDto, key?: string) {
    this.clock.assertNotFuture(dto.date);
    const lines = linesFromDto(dto.lines);
    return this.tx.run((manager) =>
      this.idempotency.once(manager, actor, key, `opening:${villageId}`, dto, async () => {
        await this.access.village(actor, villageId, manager);
        const entries = manager.getRepository(JournalEntry);
        if (await entries.existsBy({ villageId, kind: 'opening' })) {
          throw conflict(
            'OPENING_EXISTS',
            '本嘎查/村已建账（期初余额只录一次）',
            'opening balances are already recorded',
          );
        }
        const year = Number(dto.date.slice(0, 4));
        const earlier = await entries.countBy({ villageId, year: LessThanOrEqual(year) });
        if (earlier > 0) {
          throw ruleViolation(
            'OPENING_NOT_FIRST',
            `建账须在 ${year} 年的其他凭证之前：${year} 年及以前已有 ${earlier} 张凭证`,
            `opening balances must come before any other entry of ${year}: ${earlier} entries exist`,
            { entries: earlier },
          );
        }
        await this.checkLines(manager, villageId, lines);
        const entry = await this.ledger.append(manager, villageId, actor.userId, {
          date: dto.date,
          voucherNo: '建账',
          kind: 'opening',
          memo: `建账：${dto.date} 期初余额`,
          lines,
        });
        await this.audit.record(manager, actor, {
          action: 'ledger.opening',
          target: entry.id,
          villageId,
          summary: { date: dto.date, lines: dto.lines.length, seq: entry.seq },
        });
        return { entryId: entry.id, ...entryView(entry, await this.ledger.linesOf(entry.id, manager)) };
      }),
    );
  }

  general(actor: Actor, villageId: string, dto: GeneralVoucherDto, key?: string) {
    this.clock.assertNotFuture(dto.date);
    const lines = linesFromDto(dto.lines);
    return this.tx.run((manager) =>
      this.idempotency.once(manager, actor, key, `journal:${villageId}`, dto, async () => {
        await this.access.village(actor, villageId, manager);
        await this.checkLines(manager, villageId, lines);
        const entry = await this.ledger.append(manager, villageId, actor.userId, {
          date: dto.date,
          voucherNo: dto.voucherNo,
          kind: 'general',
          memo: dto.memo,
          lines,
        });
        await this.audit.record(manager, actor, {
          action: 'journal.general',
          target: entry.id,
          villageId,
          summary: { date: dto.date, voucherNo: dto.voucherNo, lines: dto.lines.length, seq: entry.seq },
        });
        return { entryId: entry.id, ...entryView(entry, await this.ledger.linesOf(entry.id, manager)) };
      }),
    );
  }

  /**
   * 户分户账: 应付收益 and 应收款 lines naming the household, with running balances; the year's or all. Lines of
   * the opening entry (建账) are the opening balance.
   */
  async householdLedger(actor: Actor, villageId: string, householdId: string, year?: number) {
    await this.access.village(actor, villageId);
    this.access.assertHousehold(actor, householdId);
    const household = await this.dataSource.getRepository(Household).findOneBy({ id: householdId, villageId });
    if (!household) throw notFound('household', '户');
    const to = year ? `${year}-12-31` : '9999-12-31';
    const rows = await this.repository.householdLines(
      this.dataSource.manager,
      villageId,
      householdId,
      HOUSEHOLD_ACCOUNTS,
      to,
    );
    const from = year ? `${year}-01-01` : '0000-01-01';
    const accounts = await this.dataSource.getRepository(Account).findBy({ code: In(HOUSEHOLD_ACCOUNTS) });
    return {
      householdId,
      householdCode: household.code,
      year: year ?? null,
      accounts: HOUSEHOLD_ACCOUNTS.map((code) => {
        const account = accounts.find((a) => a.code === code)!;
        const sign = account.normalSide === 'debit' ? 1 : -1;
        const mine = rows.filter((r) => r.account_code === code);
        const openingFen = mine
          .filter((r) => r.date < from || r.kind === 'opening')
          .reduce((s, r) => s + sign * (Number(r.debit_fen) - Number(r.credit_fen)), 0);
        const period = mine
          .filter((r) => r.date >= from && r.kind !== 'opening')
          .map((r) => ({
            date: r.date,
            entryId: r.entry_id,
            seq: Number(r.seq),
            voucherNo: r.voucher_no,
            kind: r.kind,
            memo: r.memo,
            debitFen: Number(r.debit_fen),
            creditFen: Number(r.credit_fen),
          }));
        return {
          accountCode: code,
          accountName: account.name,
          side: account.normalSide,
          ...subLedger(period, account.normalSide, openingFen),
        };
      }),
    };
  }
}
