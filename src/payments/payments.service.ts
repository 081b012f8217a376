import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { visibleToHousehold } from '../auth/household-scope.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { addDays } from '../common/dates.js';
import { badInput, conflict, notFound, ruleViolation } from '../common/errors/domain-error.js';
import { fenToYuan, yuanToFen } from '../common/money.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { DividendRun, Payout } from '../dividends/dividend.entity.js';
import { Payment, type PaymentGoods, type PaymentMethod } from './payment.entity.js';
import { DividendsService } from '../dividends/dividends.service.js';
import { ACCOUNT } from '../ledger/accounts.js';
import type { LineInput } from '../ledger/journal.js';
import { LedgerService } from '../ledger/ledger.service.js';
import type { PaymentDto } from './dto.js';
import { goodsMemo, goodsValueFen } from './goods.js';
import { activePayments, paidByHousehold, reversedPaymentIds } from './payment-records.js';
import { PaymentsRepository } from './payments.repository.js';
import { openReceivableFen } from './receivable.repository.js';

/** 应收款 (a household's debt to the collective) and 库存物资 (goods handed out in kind), codes of the chart. */
export const RECEIVABLE_ACCOUNT = ACCOUNT.receivable;
export const GOODS_ACCOUNT = '121';

/** One payment as the write path takes it (from the route or a line of the bank's return file). */
export interface PaymentInput {
  householdId: string;
  amountFen: number;
  method: PaymentMethod;
  date: string;
  receiptNo: string;
  receivableEntryId?: string | null;
  goods?: PaymentGoods[] | null;
}

export interface WriteOptions {
  /** The household's payout, when the caller has them all at hand (the bank's return). */
  payout?: Payout;
  /** false: the caller writes one audit record for the whole batch. */
  audit?: boolean;
}

/** 兑付: payments of a posted run by cash, bank, offset against a receivable (抵扣) or in kind; reversals. */
@Injectable()
export class PaymentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly ledger: LedgerService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly dividends: DividendsService,
    private readonly paymentRows: PaymentsRepository,
  ) {}

  record(actor: Actor, runId: string, dto: PaymentDto) {
    this.assertShape(dto);
    return this.tx.run(async (manager) => {
      const run = await this.payableRun(manager, actor, runId, dto.date);
      const paid = new Map([[dto.householdId, await this.paymentRows.paidFen(manager, runId, dto.householdId)]]);
      const input: PaymentInput = { ...dto, amountFen: yuanToFen(dto.amount) };
      await this.assertReceiptsFree(manager, run.villageId, [dto.receiptNo]);
      const result = await this.write(manager, actor, run, input, paid);
      await this.markPaidIfSettled(manager, runId);
      return result;
    });
  }

  /** Which fields go with which method: refused as bad input before anything is read. */
  private assertShape(dto: PaymentDto): void {
    this.clock.assertNotFuture(dto.date);
    if (dto.method === 'offset' && !dto.receivableEntryId) {
      throw badInput(
        'RECEIVABLE_REQUIRED',
        'receivableEntryId: 抵扣须指明应收款凭证',
        'receivableEntryId is required for an offset payment',
      );
    }
    if (dto.method !== 'offset' && dto.receivableEntryId) {
      throw badInput(
        'RECEIVABLE_UNEXPECTED',
        'receivableEntryId: 只有抵扣（offset）可以指明应收款凭证',
        'receivableEntryId is only for offset payments',
      );
    }
    if (dto.method === 'in_kind' && !dto.goods) {
      throw badInput('GOODS_REQUIRED', 'goods: 实物兑付须列出物品', 'goods are required for an in-kind payment');
    }
    if (dto.method !== 'in_kind' && dto.goods) {
      throw badInput('GOODS_UNEXPECTED', 'goods: 只有实物兑付（in_kind）可以列出物品', 'goods are only for in_kind');
    }
  }

  /** The run, visible to the actor, posted and past its result notice (公示期) on `date`. */
  async payableRun(manager: EntityManager, actor: Actor, runId: string, date: string): Promise<DividendRun> {
    const run = await this.dividends.visibleRun(manager, actor, runId);
    if (run.status !== 'posted' && run.status !== 'paid') {
      throw ruleViolation('RUN_NOT_POSTED', '分红方案过账后才能兑付', 'the run must be posted before payments');
    }
    const noticeEnd = run.noticeUntil;
    if (noticeEnd && (this.clock.todayIso() <= noticeEnd || date <= noticeEnd)) {
      throw ruleViolation(
        'NOTICE_PERIOD_OPEN',
        `分红公示期至 ${noticeEnd}，公示期满后（${addDays(noticeEnd, 1)} 起）才能兑付`,
        `the result notice runs until ${noticeEnd}: payments from ${addDays(noticeEnd, 1)}`,
        { noticeUntil: noticeEnd },
      );
    }
    return run;
  }

  /** Receipt numbers are unique per village (also a unique index): 409 RECEIPT_TAKEN naming the first taken. */
  async assertReceiptsFree(manager: EntityManager, villageId: string, receiptNos: string[]): Promise<void> {
    for (let i = 0; i < receiptNos.length; i += 500) {
      const receiptNo = await this.paymentRows.firstTakenReceipt(manager, villageId, receiptNos.slice(i, i + 500));
      if (receiptNo !== undefined) {
        throw conflict('RECEIPT_TAKEN', `收据号「${receiptNo}」已使用`, `receipt ${receiptNo} is already used`, {
          receiptNo,
        });
      }
    }
  }

  /**
   * One payment inside the caller's transaction: never above what the household is still owed; Dr 应付收益
   * (the household) / Cr cash, bank, its receivable or the goods. `paid` is updated for the next call.
   */
  async write(
    manager: EntityManager,
    actor: Actor,
    run: DividendRun,
    input: PaymentInput,
    paid: Map<string, number>,
    options: WriteOptions = {},
  ) {
    const payout =
      options.payout ??
      (await manager.getRepository(Payout).findOneBy({ runId: run.id, householdId: input.householdId }));
    if (!payout) throw notFound('payout', '该户分红');
    const before = paid.get(input.householdId) ?? 0;
    const owed = payout.amountFen - before;
    if (input.amountFen > owed) {
      throw ruleViolation(
        'PAYMENT_ABOVE_OWED',
        `兑付金额超过应付余额 ${fenToYuan(owed)} 元`,
        `payment exceeds the ${fenToYuan(owed)} yuan still owed`,
        { owed: fenToYuan(owed), householdCode: payout.householdCode },
      );
    }
    const entry = await this.bookPayment(manager, actor, run, payout, input);
    const payment: Payment = {
      id: randomUUID(),
      runId: run.id,
      villageId: run.villageId,
      householdId: input.householdId,
      amountFen: input.amountFen,
      method: input.method,
      date: input.date,
      receiptNo: input.receiptNo,
      entryId: entry.id,
      receivableEntryId: input.receivableEntryId ?? null,
      goods: input.goods ?? null,
      paidBy: actor.userId,
      createdAt: this.clock.nowIso(),
    };
    await this.paymentRows.insert(manager, payment);
    paid.set(input.householdId, before + input.amountFen);
    if (options.audit !== false) {
      await this.audit.record(manager, actor, {
        action: 'payment.record',
        target: payment.id,
        villageId: run.villageId,
        summary: { ...input, amount: fenToYuan(input.amountFen), amountFen: undefined, entryId: entry.id },
      });
    }
    return {
      id: payment.id,
      entryId: entry.id,
      householdId: input.householdId,
      method: input.method,
      receiptNo: input.receiptNo,
      amount: fenToYuan(input.amountFen),
      paid: fenToYuan(before + input.amountFen),
      owed: fenToYuan(owed - input.amountFen),
    };
  }

  /** The payment's entry: Dr 应付收益 (the household) / Cr the method's account. */
  private async bookPayment(
    manager: EntityManager,
    actor: Actor,
    run: DividendRun,
    payout: Payout,
    input: PaymentInput,
  ) {
    const credit = await this.creditLine(manager, run.villageId, input);
    return this.ledger.append(manager, run.villageId, actor.userId, {
      date: input.date,
      kind: 'payment',
      runId: run.id,
      memo: `兑付 ${run.year} 年分红：${payout.householdCode}（${METHOD_LABELS[input.method]}，收据 ${input.receiptNo}）`,
      lines: [
        {
          accountCode: ACCOUNT.payableDividend,
          householdId: input.householdId,
          debitFen: input.amountFen,
          creditFen: 0,
          memo: payout.householdCode,
        },
        credit,
      ],
    });
  }

  /** The credit side by method; offset and in-kind are checked against the receivable and the goods' value. */
  private async creditLine(manager: EntityManager, villageId: string, input: PaymentInput): Promise<LineInput> {
    const amount = { debitFen: 0, creditFen: input.amountFen };
    switch (input.method) {
      case 'cash':
        return { accountCode: ACCOUNT.cash, ...amount };
      case 'bank':
        return { accountCode: ACCOUNT.bank, ...amount };
      case 'in_kind': {
        const valueFen = goodsValueFen(input.goods!);
        if (valueFen !== input.amountFen) {
          throw ruleViolation(
            'GOODS_VALUE_MISMATCH',
            `goods: 物品作价合计 ${fenToYuan(valueFen)} 元，与兑付金额 ${fenToYuan(input.amountFen)} 元不符`,
            `goods: the goods are worth ${fenToYuan(valueFen)}, not the amount ${fenToYuan(input.amountFen)}`,
            { goodsValue: fenToYuan(valueFen) },
          );
        }
        return { accountCode: GOODS_ACCOUNT, ...amount, memo: goodsMemo(input.goods!).slice(0, 200) };
      }
      case 'offset': {
        await this.assertReceivableCovers(manager, villageId, input);
        return { accountCode: RECEIVABLE_ACCOUNT, householdId: input.householdId, ...amount, memo: '抵扣应收款' };
      }
    }
  }

  private async assertReceivableCovers(manager: EntityManager, villageId: string, input: PaymentInput) {
    const open = await openReceivableFen(manager, this.tx, {
      villageId,
      householdId: input.householdId,
      entryId: input.receivableEntryId!,
    });
    if (open === null) throw notFound('receivable entry', '应收款凭证');
    if (open.entryFen === 0) {
      throw ruleViolation(
        'RECEIVABLE_NOT_HOUSEHOLD',
        'receivableEntryId: 该凭证没有本户的应收款',
        'receivableEntryId: the entry holds no receivable of this household',
      );
    }
    if (input.amountFen > open.openFen) {
      throw ruleViolation(
        'RECEIVABLE_EXCEEDED',
        `抵扣金额超过该笔应收款余额 ${fenToYuan(open.openFen)} 元`,
        `the offset exceeds the receivable's open balance of ${fenToYuan(open.openFen)} yuan`,
        { open: fenToYuan(open.openFen) },
      );
    }
  }

  /** A posted run becomes `paid` once every payout above 0.00 is paid in full. */
  async markPaidIfSettled(manager: EntityManager, runId: string): Promise<void> {
    if (await this.paymentRows.isSettled(manager, runId)) {
      await manager.getRepository(DividendRun).update({ id: runId, status: 'posted' }, { status: 'paid' });
    }
  }

  /** 冲销兑付: the payment's entry is reversed; the household is owed the amount again. */
  reverse(actor: Actor, runId: string, paymentId: string, reason: string) {
    return this.tx.run(async (manager) => {
      const run = await this.dividends.visibleRun(manager, actor, runId);
      const payment = await manager.getRepository(Payment).findOneBy({ id: paymentId, runId });
      if (!payment) throw notFound('payment', '兑付记录');
      if ((await reversedPaymentIds(manager, [payment])).size > 0) {
        throw conflict('PAYMENT_ALREADY_REVERSED', '该兑付已冲销', 'the payment is already reversed');
      }
      const reversal = await this.ledger.reverseEntry(manager, actor, run.villageId, payment.entryId, reason, {
        runId,
      });
      if (run.status === 'paid') {
        await manager.getRepository(DividendRun).update({ id: run.id, status: 'paid' }, { status: 'posted' });
      }
      await this.audit.record(manager, actor, {
        action: 'payment.reverse',
        target: payment.id,
        villageId: run.villageId,
        summary: { reason, entryId: reversal.id },
      });
      return { id: payment.id, status: 'reversed', reversalEntryId: reversal.id, amount: fenToYuan(payment.amountFen) };
    });
  }

  /** Per household: owed, paid, still unpaid and status; the unpaid list; the payments (household: its own). */
  async list(actor: Actor, runId: string) {
    const manager = this.dataSource.manager;
    const run = await this.dividends.visibleRun(manager, actor, runId);
    const payouts = await manager.getRepository(Payout).find({ where: { runId }, order: { householdCode: 'ASC' } });
    // In the order they were booked (their entries' seq): a bank return books thousands within one instant.
    const payments = await this.paymentRows.ofRunInBookingOrder(manager, runId);
    const reversed = await reversedPaymentIds(manager, payments);
    const paidBy = paidByHousehold(payments.filter((p) => !reversed.has(p.id)));
    let rows = payouts.map((p) => {
      const paid = paidBy.get(p.householdId) ?? 0;
      return {
        householdId: p.householdId,
        householdCode: p.householdCode,
        amount: fenToYuan(p.amountFen),
        paid: fenToYuan(paid),
        owed: fenToYuan(p.amountFen - paid),
        status: paid >= p.amountFen ? 'paid' : paid > 0 ? 'partial' : 'unpaid',
      };
    });
    rows = visibleToHousehold(actor, rows, (r) => r.householdId);
    const unpaidRows = rows.filter((r) => r.status !== 'paid');
    return {
      runId: run.id,
      items: rows,
      unpaid: unpaidRows.map((r) => r.householdCode),
      unpaidTotal: fenToYuan(unpaidRows.reduce((sum, r) => sum + yuanToFen(r.owed), 0)),
      payments: visibleToHousehold(actor, payments, (p) => p.householdId).map((p) => ({
        ...p,
        amount: fenToYuan(p.amountFen),
        amountFen: undefined,
        reversed: reversed.has(p.id),
      })),
    };
  }

  /** Payouts above 0 not yet paid in full, with what is still owed (fen), in household code order. */
  async unpaid(
    manager: EntityManager,
    runId: string,
  ): Promise<{ householdId: string; householdCode: string; owedFen: number }[]> {
    const payouts = await manager.getRepository(Payout).find({ where: { runId }, order: { householdCode: 'ASC' } });
    const paid = paidByHousehold(await activePayments(manager, runId));
    return payouts
      .map((p) => ({
        householdId: p.householdId,
        householdCode: p.householdCode,
        owedFen: p.amountFen - (paid.get(p.householdId) ?? 0),
      }))
      .filter((p) => p.owedFen > 0);
  }
}

export const METHOD_LABELS: Record<PaymentMethod, string> = {
  cash: '现金',
  bank: '银行',
  offset: '抵扣',
  in_kind: '实物',
};
