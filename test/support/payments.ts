/** Builders for payment tests: cash in the till, a household's receivable, bank accounts, the bank's return. */
import ExcelJS from 'exceljs';
import { TransactionRunner } from '../../src/database/transaction-runner.js';
import { PersonalDataService } from '../../src/households/personal-data.service.js';
import { LedgerService } from '../../src/ledger/ledger.service.js';
import { yuanToFen } from '../../src/common/money.js';
import type { Factory } from './factories.js';
import type { TestApp } from './test-app.js';

/** Cash income (Dr 101 库存现金), dated in the open year, so cash payments have something to pay from. */
export function cashInTill(f: Factory, villageId: string, accountantToken: string, amount: string) {
  return f.income(villageId, accountantToken, amount, { via: 'cash', date: '2026-06-01' });
}

/**
 * A household's receivable (应收款): an advance paid from the bank, Dr 112 (the household) / Cr 102, appended
 * straight to the ledger (the general voucher route belongs to the books). Returns the entry id.
 */
export async function receivable(t: TestApp, villageId: string, householdId: string, amount: string): Promise<string> {
  const fen = yuanToFen(amount);
  const entry = await t.app.get(TransactionRunner).run((manager) =>
    t.app.get(LedgerService).append(manager, villageId, 'test-builder', {
      date: '2026-03-01',
      kind: 'manual',
      memo: '预支款（测试）',
      lines: [
        { accountCode: '112', householdId, debitFen: fen, creditFen: 0 },
        { accountCode: '102', debitFen: 0, creditFen: fen },
      ],
    }),
  );
  return entry.id;
}

/** A deterministic 19-digit card number for household number `n`. */
export const cardNumber = (n: number): string => `622848${String(n).padStart(13, '0')}`;

/** Bank accounts for many households at once, sealed as the PATCH route seals them (the route is tested on its own). */
export async function giveBankAccounts(
  t: TestApp,
  accounts: { householdId: string; bankName: string; account: string }[],
) {
  const personal = t.app.get(PersonalDataService);
  const tx = t.app.get(TransactionRunner);
  await tx.run(async (manager) => {
    for (const a of accounts) {
      await manager.query(
        ...tx.bind('UPDATE households SET bank_name = :name, bank_account_sealed = :sealed WHERE id = :id', {
          name: a.bankName,
          sealed: personal.seal(a.account, 'bankAccount'),
          id: a.householdId,
        }),
      );
    }
  });
}

/** Rows of the first sheet of an XLSX as strings. */
export async function xlsxRows(buffer: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const rows: string[][] = [];
  workbook.worksheets[0].eachRow((row) => {
    const cells: string[] = [];
    for (let i = 1; i <= row.cellCount; i++) cells.push(String(row.getCell(i).value ?? ''));
    rows.push(cells);
  });
  return rows;
}

export interface ReturnLine {
  account: string;
  amount: string;
  status: string;
  serialNo: string;
  reason?: string;
}

/** The bank's return file as CSV (账号, 金额, 状态, 流水号, 失败原因). */
export function bankReturnCsv(lines: ReturnLine[]): Buffer {
  const rows = [
    ['账号', '金额', '状态', '流水号', '失败原因'],
    ...lines.map((l) => [l.account, l.amount, l.status, l.serialNo, l.reason ?? '']),
  ];
  return Buffer.from(`\uFEFF${rows.map((r) => r.join(',')).join('\r\n')}\r\n`, 'utf8');
}

/** The bank's return file as XLSX. */
export async function bankReturnXlsx(lines: ReturnLine[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('回盘');
  sheet.addRow(['账号', '金额', '状态', '流水号', '失败原因']);
  for (const l of lines) sheet.addRow([l.account, l.amount, l.status, l.serialNo, l.reason ?? '']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
