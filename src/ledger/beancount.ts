/**
 * The journal as a beancount file (pure), so an outside auditor can check the balances with bean-check.
 * Every user text goes through one of three functions: no village name or memo can add a line, end a
 * string early or make an account name the parser refuses.
 */
import { oneLine } from '../common/export-text.js';

export interface BeancountModel {
  village: { name: string; code: string };
  accounts: { code: string; name: string; type: string }[];
  entries: {
    seq: number;
    date: string;
    voucherNo: string;
    kind: string;
    memo: string | null;
    hash: string;
    lines: { accountCode: string; debit: string; credit: string }[];
  }[];
}

/** A string literal: one line, backslash and double quote escaped (beancount reads `\\` and `\"`). */
export function beancountString(text: string): string {
  return `"${oneLine(text).replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** A comment to the end of the line: nothing in it can start a new line. */
export function beancountComment(text: string): string {
  return `; ${oneLine(text)}`;
}

const ROOTS: Record<string, string> = {
  asset: 'Assets',
  liability: 'Liabilities',
  equity: 'Equity',
  cost: 'Expenses',
  expense: 'Expenses',
  income: 'Income',
};

/**
 * `Root:A<code>`: a component must start with a capital or digit and hold only letters, digits and `-`.
 * Any other character of a code becomes `-<hex>-` (and `-` itself is encoded), so distinct codes stay distinct.
 */
export function beancountAccount(type: string, code: string): string {
  const component = [...code]
    .map((c) => (/^[A-Za-z0-9]$/.test(c) ? c : `-${c.codePointAt(0)!.toString(16)}-`))
    .join('');
  return `${ROOTS[type] ?? 'Equity'}:A${component}`;
}

export function beancountFile(m: BeancountModel): string {
  const names = new Map(m.accounts.map((a) => [a.code, beancountAccount(a.type, a.code)]));
  // An account must be open before its first posting, however far back the books go.
  const openOn = m.entries.reduce((min, e) => (e.date < min ? e.date : min), '2000-01-01');
  const out = [
    beancountComment(`${m.village.name} (${m.village.code}) — 集体经济分红账本导出`),
    `option "title" ${beancountString(m.village.name)}`,
    'option "operating_currency" "CNY"',
    '',
  ];
  for (const a of m.accounts) out.push(`${openOn} open ${names.get(a.code)} CNY ${beancountComment(a.name)}`);
  for (const code of new Set(m.entries.flatMap((e) => e.lines.map((l) => l.accountCode)))) {
    if (names.has(code)) continue;
    names.set(code, beancountAccount('equity', code));
    out.push(`${openOn} open ${names.get(code)} CNY`);
  }
  out.push('');
  for (const e of m.entries) {
    out.push(`${e.date} * ${beancountString(e.memo ?? e.kind)}`);
    out.push(`  voucher: ${beancountString(e.voucherNo)}`, `  seq: ${e.seq}`, `  hash: ${beancountString(e.hash)}`);
    for (const l of e.lines) {
      const amount = l.debit !== '0.00' ? l.debit : `-${l.credit}`;
      out.push(`  ${names.get(l.accountCode)}  ${amount} CNY`);
    }
    out.push('');
  }
  return out.join('\n');
}
