/** Models for printouts of any size, and poppler read-backs of PDFs (pages, text per page, word boxes). */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VoucherModel } from '../../src/printouts/books.js';
import type { CertificateModel } from '../../src/printouts/certificate.js';
import type { NoticeModel } from '../../src/printouts/slip.js';

const HASH = 'a3f1c9e07b5d4e2f8a6c1b0d9e7f5a3c2b1d0e9f8a7c6b5d4e3f2a1b0c9d8e7f';

/**
 * A voucher of `lines` lines: a dividend-like entry (one debit of the total, payables per household) or, for
 * one line, a single debit. `amountFen` is each payable line's amount.
 */
export function voucherOf(lines: number, amountFen = 50_000, memo = '2021 年度分红'): VoucherModel {
  const payables = Array.from({ length: Math.max(0, lines - 1) }, (_, i) => ({
    accountCode: '2211',
    accountName: '应付收益',
    memo: `分红 BYHD${String(i + 1).padStart(3, '0')} 户主${i + 1}`,
    debitFen: 0,
    creditFen: amountFen,
  }));
  const total = payables.reduce((s, l) => s + l.creditFen, 0) || amountFen;
  return {
    villageName: '巴彦霍德嘎查',
    date: '2021-12-31',
    voucherNo: '分-6',
    seq: 6,
    memo,
    kind: 'dividend',
    lines: [{ accountCode: '3220', accountName: '利润分配', memo: '', debitFen: total, creditFen: 0 }, ...payables],
    attachments: 0,
    hash: HASH,
  };
}

/** A notice of `households` rows of 2 members and `amountFen` each (1,000.00), in the given run status. */
export function noticeOf(households: number, status: string, amountFen = 100_000): NoticeModel {
  const amount = (BigInt(amountFen) / 100n).toString() + '.' + String(amountFen % 100).padStart(2, '0');
  const pool =
    (BigInt(households * amountFen) / 100n).toString() + '.' + String((households * amountFen) % 100).padStart(2, '0');
  return {
    villageName: '巴彦霍德嘎查',
    year: 2021,
    runId: '54b5d9f2-0000-4000-8000-000000000000',
    status,
    scheme: '按成员人数平均分配',
    basis: 'member',
    distributable: pool,
    lossMakeup: '0.00',
    reserve: '0.00',
    reservePercent: '0',
    deductions: [],
    guaranteed: [],
    pool,
    retained: '0.00',
    rows: Array.from({ length: households }, (_, i) => ({
      householdCode: `BYHD${String(i + 1).padStart(3, '0')}`,
      headName: `户主${i + 1}`,
      units: '2',
      score: 0,
      amount,
    })),
    warnings: [],
    head: status === 'posted' ? HASH : null,
    headSeq: status === 'posted' ? 7 : null,
    merkleRoot: status === 'posted' ? HASH : null,
    publicity: null,
    resolutionRef: null,
    printedOn: '2026-12-02',
  };
}

/** A 股权证 whose register history has `entries` lines (a household with a long past). */
export function certificateOf(entries: number): CertificateModel {
  return {
    content: {
      villageCode: '150221001001',
      villageName: '巴彦霍德嘎查',
      householdCode: 'BYHD001',
      headName: '户主1',
      members: [{ name: '户主1', relation: '户主', since: null, status: 'active' }],
      holdings: [],
      changes: [],
      register: Array.from({ length: entries }, (_, i) => ({
        date: `2020-01-${String((i % 28) + 1).padStart(2, '0')}`,
        text: `成员变动第 ${i + 1} 条：迁入`,
      })),
    },
    sha256: HASH,
    printedOn: '2026-12-02',
  };
}

export interface Word {
  page: number;
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

export interface PdfReadBack {
  pages: number;
  /** `pdftotext -layout` of each page. */
  text: string[];
  /** `pdftotext -bbox`: every word with its box, pages from 1. */
  words: Word[];
}

/** Reads a PDF back with poppler: page count (pdfinfo), text per page, word boxes. */
export function readPdf(pdf: Buffer): PdfReadBack {
  const dir = mkdtempSync(join(tmpdir(), 'paged-'));
  const file = join(dir, 'x.pdf');
  writeFileSync(file, pdf);
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file]).toString())![1]);
  const all = execFileSync('pdftotext', ['-layout', file, '-'], { maxBuffer: 1 << 28 }).toString();
  const text = all.split('\f').slice(0, pages);
  const html = execFileSync('pdftotext', ['-bbox', file, '-'], { maxBuffer: 1 << 28 }).toString();
  const words: Word[] = [];
  html.split('<page ').forEach((chunk, i) => {
    for (const w of chunk.matchAll(
      /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
    )) {
      words.push({ page: i, text: w[5], xMin: +w[1], yMin: +w[2], xMax: +w[3], yMax: +w[4] });
    }
  });
  return { pages, text, words };
}

/** Do two word boxes overlap (share any area)? */
export function overlaps(a: Word, b: Word): boolean {
  return a.page === b.page && a.xMin < b.xMax && b.xMin < a.xMax && a.yMin < b.yMax && b.yMin < a.yMax;
}
