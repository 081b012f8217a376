import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type BeancountModel,
  beancountAccount,
  beancountComment,
  beancountFile,
  beancountString,
} from './beancount.js';

const ACCOUNTS = [
  { code: '102', name: '银行存款', type: 'asset' },
  { code: '501', name: '经营收入', type: 'income' },
];

function model(villageName: string, memos: (string | null)[], voucherNos: string[] = []): BeancountModel {
  return {
    village: { name: villageName, code: 'V1' },
    accounts: ACCOUNTS,
    entries: memos.map((memo, i) => ({
      seq: i + 1,
      date: '2021-06-30',
      voucherNo: voucherNos[i] ?? `IN-${i}`,
      kind: 'income',
      memo,
      hash: 'a'.repeat(64),
      lines: [
        { accountCode: '102', debit: '10.00', credit: '0.00' },
        { accountCode: '501', debit: '0.00', credit: '10.00' },
      ],
    })),
  };
}

const code = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc
    .array(fc.constantFrom('1', 'a', 'Z', '-', ':', ' ', '收', '\n', '𠀀', '_', '-2d-'), { maxLength: 8 })
    .map((a) => a.join('')),
);

describe('beancount strings, comments and accounts', () => {
  it.each([
    ['plain', '"plain"'],
    ['ends in \\', '"ends in \\\\"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['two\nlines\r\n2026-01-01 open Assets:X', '"two lines  2026-01-01 open Assets:X"'],
    ['tab\tnul\u0000bell\u0007', '"tab nul bell "'],
    ['\u202Ebidi\u200Bzero\uFEFF', '"bidizero"'],
    ['lone\uD800', '"lone\uFFFD"'],
  ])('string %j → %s', (text, expected) => {
    expect(beancountString(text)).toBe(expected);
  });

  it('keeps a comment on one line', () => {
    expect(beancountComment('村\n2026-01-01 open Assets:Evil CNY\r; x')).toBe(
      '; 村 2026-01-01 open Assets:Evil CNY ; x',
    );
  });

  it.each([
    ['asset', '101', 'Assets:A101'],
    ['cost', '502', 'Expenses:A502'],
    ['liability', '20201', 'Liabilities:A20201'],
    ['weird', '1-2', 'Equity:A1-2d-2'],
    ['income', '收入 A:b', 'Income:A-6536--5165--20-A-3a-b'],
  ])('account %s %s → %s', (type, code, expected) => {
    expect(beancountAccount(type, code)).toBe(expected);
  });

  it('gives valid, distinct account names for any code', () => {
    fc.assert(
      fc.property(fc.uniqueArray(code, { maxLength: 10 }), (codes) => {
        const names = codes.map((c) => beancountAccount('asset', c));
        for (const n of names) expect(n).toMatch(/^Assets:A[A-Za-z0-9-]*$/);
        expect(new Set(names).size).toBe(codes.length);
      }),
    );
  });
});

describe('beancountFile', () => {
  it('writes the header, the accounts and one transaction per entry', () => {
    const file = beancountFile(model('新\n2026-01-01 open Assets:Evil CNY', ['收款 "A" \\']));
    expect(file.split('\n')).toEqual([
      '; 新 2026-01-01 open Assets:Evil CNY (V1) — 集体经济分红账本导出',
      'option "title" "新 2026-01-01 open Assets:Evil CNY"',
      'option "operating_currency" "CNY"',
      '',
      '2000-01-01 open Assets:A102 CNY ; 银行存款',
      '2000-01-01 open Income:A501 CNY ; 经营收入',
      '',
      '2021-06-30 * "收款 \\"A\\" \\\\"',
      '  voucher: "IN-0"',
      '  seq: 1',
      `  hash: "${'a'.repeat(64)}"`,
      '  Assets:A102  10.00 CNY',
      '  Income:A501  -10.00 CNY',
      '',
    ]);
  });

  it('opens the accounts on the earliest entry date and opens accounts missing from the chart', () => {
    const m = model('村', ['x']);
    m.entries[0].date = '1998-03-01';
    m.entries[0].lines[1].accountCode = '999';
    const file = beancountFile(m);
    expect(file).toContain('1998-03-01 open Assets:A102 CNY');
    expect(file).toContain('1998-03-01 open Equity:A999 CNY\n');
    expect(file).toContain('  Equity:A999  -10.00 CNY');
  });

  it('passes bean-check and reads back the same narration for hostile texts', () => {
    if (!existsSync('/usr/bin/bean-check')) {
      console.warn('bean-check not installed (Debian package beancount): beancount files not checked');
      return;
    }
    const texts = fc.sample(
      fc.oneof(
        fc.string({ unit: 'binary', maxLength: 40 }),
        fc
          .array(fc.constantFrom('\\', '"', '\n', '\r', '\t', ';', '\u0000', '\u202E', '\uFEFF', '𠀀', '村', 'a'))
          .map((a) => a.join('')),
      ),
      { numRuns: 200, seed: 12 },
    );
    const dir = mkdtempSync(join(tmpdir(), 'beancount-'));
    try {
      const path = join(dir, 'ledger.beancount');
      writeFileSync(path, beancountFile(model(texts[0] || '村', texts, texts.slice(1))));
      execFileSync('/usr/bin/bean-check', [path], { stdio: 'pipe' });
      const narrations = execFileSync(
        '/usr/bin/python3',
        [
          '-c',
          'import sys, json\nfrom beancount import loader\nentries, errors, _ = loader.load_file(sys.argv[1])\n' +
            'print(json.dumps([e.narration for e in entries if hasattr(e, "narration")]))',
          path,
        ],
        { encoding: 'utf8' },
      );
      expect(JSON.parse(narrations)).toEqual(texts.map((t) => JSON.parse(beancountString(t)) as string));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
