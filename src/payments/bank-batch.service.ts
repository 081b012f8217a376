import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In, Not, IsNull } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { ruleViolation } from '../common/errors/domain-error.js';
import { newWorkbook, safeCell, safeSheetName } from '../common/export-text.js';
import { fenToYuan } from '../common/money.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { DividendRun, Payout } from '../dividends/dividend.entity.js';
import { DividendsService } from '../dividends/dividends.service.js';
import { Household } from '../households/household.entity.js';
import { maskValue } from '../households/personal-data.js';
import { PersonalDataService } from '../households/personal-data.service.js';
import { readUploadedTable } from '../households/roster-file.js';
import {
  BATCH_COLUMNS,
  type BatchItem,
  type ResultLine,
  type ResultRowError,
  batchRows,
  parseBankResult,
  toCsv,
} from './bank-batch.js';
import { activePayments, paidByHousehold } from './payment-records.js';
import { PaymentsService } from './payments.service.js';

export type BatchFormat = 'xlsx' | 'csv';

/** 代发: the batch file for the bank and the import of the bank's return (successes paid, failures listed). */
@Injectable()
export class BankBatchService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly dividends: DividendsService,
    private readonly payments: PaymentsService,
    private readonly personal: PersonalDataService,
  ) {}

  /** Every unpaid payout above 0 of a household with a bank account, in household code order; an audited read. */
  async exportBatch(actor: Actor, runId: string, format: BatchFormat) {
    const manager = this.dataSource.manager;
    const run = await this.postedRun(manager, actor, runId);
    const unpaid = await this.payments.unpaid(manager, runId);
    const households = await this.householdsById(
      manager,
      unpaid.map((u) => u.householdId),
    );
    const view = this.personal.view(actor);
    const items: BatchItem[] = [];
    let withoutAccount = 0;
    for (const u of unpaid) {
      const h = households.get(u.householdId);
      if (!h?.bankAccountSealed) {
        withoutAccount++;
        continue;
      }
      const account = view.show(h.bankAccountSealed, 'bankAccount', h.id)!;
      items.push({
        householdCode: h.code,
        headName: h.headName,
        bankName: h.bankName ?? '',
        account,
        owedFen: u.owedFen,
      });
    }
    await this.personal.recordReads(actor, run.villageId, view, 'payments.batch');
    const rows = [[...BATCH_COLUMNS], ...batchRows(run.year, items)];
    const name = `${run.year}年度分红代发`;
    const body =
      format === 'csv' ? Buffer.from(toCsv(rows.map((r) => r.map(safeCell))), 'utf8') : await this.xlsx(name, rows);
    return { body, name, households: items.length, withoutAccount };
  }

  private async xlsx(name: string, rows: string[][]): Promise<Buffer> {
    const workbook = newWorkbook(name);
    const sheet = workbook.addWorksheet(safeSheetName(name, '代发'));
    // Strings, not numbers: account numbers keep every digit and amounts their two decimals.
    for (const r of rows) sheet.addRow(r.map(safeCell));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(rows.length).font = { bold: true };
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }

  /**
   * The bank's return: every success becomes one bank payment (receipt = 流水号) in ONE transaction, failures are
   * listed (account masked). Any row that cannot be recorded refuses the whole file: 422 with the rows.
   */
  async importResult(actor: Actor, runId: string, upload: () => Promise<Buffer>) {
    await this.dividends.visibleRun(this.dataSource.manager, actor, runId); // an unknown run: 404 before the file
    const table = await readUploadedTable(await upload());
    const parsed = parseBankResult(table.header, table.rows);
    if (parsed.errors.length) throw refused(parsed.errors);
    return this.tx.run(async (manager) => {
      const date = this.clock.todayIso();
      const run = await this.payments.payableRun(manager, actor, runId, date);
      const paid = paidByHousehold(await activePayments(manager, runId));
      const successes = parsed.lines.filter((l) => l.success);
      const matched = await this.match(manager, run, successes);
      if (matched.errors.length) throw refused(matched.errors);
      await this.payments.assertReceiptsFree(
        manager,
        run.villageId,
        successes.map((l) => l.serialNo),
      );
      for (const m of matched.payments) {
        const input = { ...m, method: 'bank' as const, date, receiptNo: m.serialNo };
        await this.payments.write(manager, actor, run, input, paid, {
          payout: matched.payouts.get(m.householdId),
          audit: false,
        });
      }
      await this.payments.markPaidIfSettled(manager, runId);
      const failures = parsed.lines.filter((l) => !l.success);
      const paidFen = matched.payments.reduce((sum, p) => sum + p.amountFen, 0);
      await this.audit.record(manager, actor, {
        action: 'payment.batch-result',
        target: run.id,
        villageId: run.villageId,
        summary: {
          paid: matched.payments.length,
          paidAmount: fenToYuan(paidFen),
          failed: failures.length,
          receipts: matched.payments.map((p) => p.serialNo),
        },
      });
      return {
        paid: matched.payments.length,
        paidAmount: fenToYuan(paidFen),
        failed: failures.length,
        errors: failures.map((l) => ({
          row: l.row,
          account: maskValue(l.account),
          amount: fenToYuan(l.amountFen),
          reason: l.reason || '银行返回失败',
        })),
      };
    });
  }

  /** Each success to its household (by account, or 户编号 where accounts are shared), within what is owed. */
  private async match(manager: EntityManager, run: DividendRun, lines: ResultLine[]) {
    const payouts = new Map(
      (await manager.getRepository(Payout).findBy({ runId: run.id })).map((p) => [p.householdId, p]),
    );
    const owed = new Map((await this.payments.unpaid(manager, run.id)).map((u) => [u.householdId, u.owedFen]));
    const byAccount = new Map<string, { id: string; code: string }[]>();
    const households = await manager.getRepository(Household).find({
      select: { id: true, code: true, bankAccountSealed: true },
      where: { villageId: run.villageId, bankAccountSealed: Not(IsNull()) },
    });
    for (const h of households) {
      const account = this.personal.open(h.bankAccountSealed!, 'bankAccount');
      byAccount.set(account, [...(byAccount.get(account) ?? []), { id: h.id, code: h.code }]);
    }
    const errors: ResultRowError[] = [];
    const payments: { householdId: string; amountFen: number; serialNo: string }[] = [];
    const planned = new Map<string, number>();
    for (const line of lines) {
      const candidates = (byAccount.get(line.account) ?? []).filter(
        (h) => line.householdCode === null || h.code === line.householdCode,
      );
      if (candidates.length !== 1) {
        errors.push({
          row: line.row,
          field: 'account',
          message:
            candidates.length === 0
              ? `账号 ${maskValue(line.account)} 不属于本村任何一户 / the account belongs to no household`
              : `账号 ${maskValue(line.account)} 属于多户，请加「户编号」列 / shared account: add a 户编号 column`,
        });
        continue;
      }
      const household = candidates[0];
      const owedFen = owed.get(household.id) ?? 0;
      const after = (planned.get(household.id) ?? 0) + line.amountFen;
      if (after > owedFen) {
        errors.push({
          row: line.row,
          field: 'amount',
          message: `${household.code} 尚欠 ${fenToYuan(owedFen)} 元，不能兑付 ${fenToYuan(after)} 元 / above what is owed`,
        });
        continue;
      }
      planned.set(household.id, after);
      payments.push({ householdId: household.id, amountFen: line.amountFen, serialNo: line.serialNo });
    }
    return { errors, payments, payouts };
  }

  private async postedRun(manager: EntityManager, actor: Actor, runId: string): Promise<DividendRun> {
    const run = await this.dividends.visibleRun(manager, actor, runId);
    if (run.status !== 'posted' && run.status !== 'paid') {
      throw ruleViolation('RUN_NOT_POSTED', '分红方案过账后才有代发文件', 'the run must be posted for a batch file');
    }
    return run;
  }

  private async householdsById(manager: EntityManager, ids: string[]): Promise<Map<string, Household>> {
    const found = new Map<string, Household>();
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = await manager.getRepository(Household).findBy({ id: In(ids.slice(i, i + 500)) });
      for (const h of chunk) found.set(h.id, h);
    }
    return found;
  }
}

function refused(errors: ResultRowError[]) {
  return ruleViolation(
    'IMPORT_INVALID',
    `银行回盘文件有 ${errors.length} 处错误，未记录任何兑付`,
    `the bank's return has ${errors.length} errors: nothing was recorded`,
    { errors: errors.slice(0, 1000) },
  );
}
