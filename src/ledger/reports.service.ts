import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { isHouseholdViewer, visibleToHousehold } from '../auth/household-scope.js';
import { fenToYuan } from '../common/money.js';
import { newWorkbook, safeCell, safeSheetName } from '../common/export-text.js';
import { VillageAccess } from '../common/village-access.js';
import { beancountFile } from './beancount.js';
import { trialBalance } from './books.js';
import { Account, type JournalLine } from './ledger.entity.js';
import { type JournalFilter, LedgerRepository } from './ledger.repository.js';
import { entryView } from './ledger.service.js';

export type { JournalFilter } from './ledger.repository.js';

/** What an accountant reads: the journal, the trial balance (科目余额表), income by source and category. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: VillageAccess,
    private readonly repository: LedgerRepository,
  ) {}

  async journal(actor: Actor, villageId: string, filter: JournalFilter) {
    await this.access.village(actor, villageId);
    const manager = this.dataSource.manager;
    // A household reads its sub-ledger: the entries with a line of its own household (its dividend, its payments).
    const ownHousehold = isHouseholdViewer(actor) ? (actor.householdId ?? '-') : undefined;
    const { total, entries } = await this.repository.journalPage(manager, villageId, filter, ownHousehold);
    const lines = await this.repository.linesOfEntries(
      manager,
      entries.map((e) => e.id),
    );
    const linesOf = new Map<string, JournalLine[]>();
    for (const l of lines) {
      const list = linesOf.get(l.entryId);
      if (list) list.push(l);
      else linesOf.set(l.entryId, [l]);
    }
    // …and of those entries only its own lines: village-level lines can name other holders (保底分红：code).
    const items = entries.map((e) =>
      entryView(
        e,
        visibleToHousehold(actor, linesOf.get(e.id) ?? [], (l) => l.householdId),
      ),
    );
    return { items, total };
  }

  /** 科目余额表 for [from, to]: opening is everything before `from` and 建账 (books.ts `accountTotals`, in SQL). */
  async trialBalance(actor: Actor, villageId: string, from: string, to: string) {
    await this.access.village(actor, villageId);
    const totals = await this.repository.accountTotals(this.dataSource.manager, villageId, from, to);
    const names = new Map((await this.dataSource.getRepository(Account).find()).map((a) => [a.code, a.name]));
    return { from, to, ...trialBalance(totals, (code) => names.get(code) ?? code) };
  }

  async incomeByYear(actor: Actor, villageId: string, year: number) {
    await this.access.village(actor, villageId);
    const rows = await this.repository.incomeRows(this.dataSource.manager, villageId, year);
    const bySource = new Map<string, number>();
    const byCategory = new Map<string, number>();
    for (const r of rows) {
      const net = Number(r.net);
      const category = r.category ?? '';
      byCategory.set(category, (byCategory.get(category) ?? 0) + net);
      if (net !== 0 && r.source_code) bySource.set(r.source_code, (bySource.get(r.source_code) ?? 0) + net);
    }
    const list = (m: Map<string, number>, key: string) =>
      [...m.entries()]
        .filter(([, v]) => v !== 0)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => ({ [key]: k, amount: fenToYuan(v) }));
    return { year, byCategory: list(byCategory, 'category'), bySource: list(bySource, 'sourceCode') };
  }

  /** Any report's rows as a sheet: numbers where amounts are, with a number format. */
  async tableXlsx(
    names: { villageName: string; title: string },
    headers: string[],
    rows: (string | number)[][],
  ): Promise<Buffer> {
    const workbook = newWorkbook(`${names.villageName} ${names.title}`);
    const sheet = workbook.addWorksheet(safeSheetName(names.title));
    sheet.addRow(headers).font = { bold: true };
    for (const row of rows) sheet.addRow(row.map((v) => (typeof v === 'string' ? safeCell(v) : v)));
    headers.forEach((_, i) => {
      if (rows.some((r) => typeof r[i] === 'number')) sheet.getColumn(i + 1).numFmt = '#,##0.00';
    });
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }

  async journalXlsx(actor: Actor, villageId: string, filter: JournalFilter): Promise<Buffer> {
    const village = await this.access.village(actor, villageId);
    const { items } = await this.journal(actor, villageId, filter);
    const accounts = new Map((await this.dataSource.getRepository(Account).find()).map((a) => [a.code, a.name]));
    const workbook = newWorkbook(`${village.name} 序时账`);
    const sheet = workbook.addWorksheet(safeSheetName('序时账'));
    sheet.addRow(['序号', '日期', '凭证号', '摘要', '科目编码', '科目名称', '借方金额', '贷方金额', '哈希']);
    for (const e of items) {
      for (const l of e.lines) {
        sheet.addRow([
          e.seq,
          e.date,
          safeCell(e.voucherNo),
          safeCell(e.memo ?? ''),
          l.accountCode,
          accounts.get(l.accountCode) ?? '',
          Number(l.debit),
          Number(l.credit),
          e.hash,
        ]);
      }
    }
    sheet.getColumn(7).numFmt = '#,##0.00';
    sheet.getColumn(8).numFmt = '#,##0.00';
    sheet.getRow(1).font = { bold: true };
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }

  /** Plain-text double entry (beancount syntax) so an outside auditor can check balances with their own tools. */
  async beancount(actor: Actor, villageId: string): Promise<string> {
    const village = await this.access.village(actor, villageId);
    const { items } = await this.journal(actor, villageId, { limit: 10_000_000, offset: 0 });
    const accounts = await this.dataSource.getRepository(Account).find({ order: { code: 'ASC' } });
    return beancountFile({ village, accounts, entries: items });
  }
}
