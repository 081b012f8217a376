import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { contentDisposition, cutUnits, oneLine, safeCell, safeSheetName, wellFormed } from './export-text.js';

/** Strings from the characters that break files: sheet-name specials, quotes, controls, bidi, astral, combining. */
const HOSTILE_CHARS = [
  '\\',
  '/',
  ':',
  '?',
  '*',
  '[',
  ']',
  "'",
  '"',
  '\n',
  '\r',
  '\t',
  '\u0000',
  '\u0007',
  '\u202E',
  '\u2066',
  '\u200B',
  '\uFEFF',
  '\uD800',
  '\uDFFF',
  '\uFFFE',
  '\uFFFF',
  '𠀀',
  '👨‍👩‍👧',
  'e\u0301',
  '村',
  'a',
  ' ',
  '=',
  '%',
  ';',
];
const hostile = fc
  .array(fc.constantFrom(...HOSTILE_CHARS), { maxLength: 70 })
  .map((parts) => parts.join(''))
  .chain((s) => fc.constantFrom(s, `${'村'.repeat(30)}${s}`, `${'a'.repeat(30)}𠀀${s}`));
const anyText = fc.oneof(hostile, fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ maxLength: 80 }));

const isWellFormed = (s: string) => wellFormed(s) === s;

describe('wellFormed', () => {
  it('replaces lone surrogates only', () => {
    expect(wellFormed('a\uD800b\uDFFF𠀀')).toBe('a\uFFFDb\uFFFD𠀀');
    expect(wellFormed('\uDFFF\uD800')).toBe('\uFFFD\uFFFD');
    expect(wellFormed('👨‍👩‍👧')).toBe('👨‍👩‍👧');
  });
});

describe('cutUnits', () => {
  it('cuts between grapheme clusters, never inside a pair or a combining sequence', () => {
    expect(cutUnits('𠀀'.repeat(16), 31)).toBe('𠀀'.repeat(15));
    expect(cutUnits(`${'a'.repeat(29)}e\u0301`, 30)).toBe('a'.repeat(29));
    expect(cutUnits(`${'a'.repeat(25)}👨‍👩‍👧`, 31)).toBe('a'.repeat(25));
    expect(cutUnits('abc', 31)).toBe('abc');
  });

  it('cuts a single over-long cluster between code points', () => {
    expect(cutUnits(`a${'\u0301'.repeat(40)}`, 31)).toBe(`a${'\u0301'.repeat(30)}`);
    expect(cutUnits('👨‍👩‍👧', 5)).toBe('👨\u200D👩'.slice(0, 5));
  });

  it('always gives a prefix within the limit that is well-formed when the input is', () => {
    fc.assert(
      fc.property(anyText, fc.integer({ min: 1, max: 70 }), (s, max) => {
        const cut = cutUnits(s, max);
        expect(cut.length).toBeLessThanOrEqual(max);
        expect(s.startsWith(cut)).toBe(true);
        if (isWellFormed(s)) expect(isWellFormed(cut)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('oneLine', () => {
  it('turns controls into spaces and drops bidi and zero-width characters', () => {
    expect(oneLine('a\nb\r\tc\u0000d\u2028e')).toBe('a b  c d e');
    expect(oneLine('\u202Eabc\u2066\u200B\uFEFF\uD800')).toBe('abc\uFFFD');
  });
});

describe('safeSheetName', () => {
  it.each([
    ['A/B村', 'A_B村'],
    ['a\\b:c?d*e[f]g', 'a_b_c_d_e_f_g'],
    ["'前后'", '前后'],
    ["'''", 'Sheet1'],
    ['', 'Sheet1'],
    ['   ', 'Sheet1'],
    ['\u202E\u200B', 'Sheet1'],
    ['History', 'History_'],
    ['HISTORY', 'HISTORY_'],
    ['a\nb\tc', 'a b c'],
    ['x'.repeat(40), 'x'.repeat(31)],
    ['𠀀'.repeat(16), '𠀀'.repeat(15)],
    [`${'x'.repeat(30)}'y`, 'x'.repeat(30)],
    ['巴彦霍德嘎查花名册', '巴彦霍德嘎查花名册'],
  ])('%j → %j', (name, expected) => {
    expect(safeSheetName(name)).toBe(expected);
  });

  it('uses the fallback (made safe too) when nothing is left', () => {
    expect(safeSheetName("''", '花名册')).toBe('花名册');
    expect(safeSheetName('', "'")).toBe('Sheet1');
  });

  it('is accepted by exceljs, written and read back unchanged, for any input', async () => {
    await fc.assert(
      fc.asyncProperty(anyText, async (name) => {
        const safe = safeSheetName(name);
        expect(safe.length).toBeGreaterThan(0);
        expect(safe.length).toBeLessThanOrEqual(31);
        expect(isWellFormed(safe)).toBe(true);
        expect(safe).not.toMatch(/[\\/:?*[\]]|^'|'$/);
        const workbook = new ExcelJS.Workbook();
        workbook.addWorksheet(safe);
        const read = new ExcelJS.Workbook();
        await read.xlsx.load(await workbook.xlsx.writeBuffer());
        expect(read.worksheets[0].name).toBe(safe);
      }),
      { numRuns: 100 },
    );
  });
});

describe('safeCell', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['a=1', 'a=1'],
    ['a\u0000b\uFFFEc\uD800', 'abc\uFFFD'],
    ['\u0001=1', "'=1"],
    ['多行\n备注', '多行\n备注'],
  ])('%j → %j', (value, expected) => {
    expect(safeCell(value)).toBe(expected);
  });

  it('writes a file that exceljs reads back with the same text, for any input', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(anyText, { minLength: 1, maxLength: 5 }), async (values) => {
        const workbook = new ExcelJS.Workbook();
        workbook.addWorksheet('s').addRow(values.map(safeCell));
        const read = new ExcelJS.Workbook();
        await read.xlsx.load(await workbook.xlsx.writeBuffer());
        values.forEach((v, i) => {
          const cell = read.worksheets[0].getCell(1, i + 1).value ?? '';
          // XML reads CR and CRLF back as LF.
          expect(cell).toBe(safeCell(v).replace(/\r\n?/g, '\n'));
        });
      }),
      { numRuns: 100 },
    );
  });
});

describe('contentDisposition', () => {
  it('sends the real name in RFC 5987 form and an ASCII fallback', () => {
    expect(contentDisposition('attachment', '巴彦霍德嘎查花名册.xlsx', 'roster.xlsx')).toBe(
      `attachment; filename="roster.xlsx"; filename*=UTF-8''%E5%B7%B4%E5%BD%A6%E9%9C%8D%E5%BE%B7%E5%98%8E%E6%9F%A5%E8%8A%B1%E5%90%8D%E5%86%8C.xlsx`,
    );
    expect(contentDisposition('inline', "it's (1)*.pdf", 'x.pdf')).toBe(
      `inline; filename="x.pdf"; filename*=UTF-8''it%27s%20%281%29_.pdf`,
    );
  });

  it('keeps quotes, newlines, slashes and percent signs out of the name', () => {
    expect(contentDisposition('attachment', 'a"b\nc/d\\e%f;g.xlsx', 'r"x\n.xlsx')).toBe(
      `attachment; filename="r_x_.xlsx"; filename*=UTF-8''a_b%20c_d_e_f_g.xlsx`,
    );
    expect(contentDisposition('attachment', '\u202E\n.xlsx', 'roster.xlsx')).toBe(
      `attachment; filename="roster.xlsx"; filename*=UTF-8''roster.xlsx`,
    );
  });

  it('is printable ASCII whatever the name, and the name decodes back to one line of text', () => {
    fc.assert(
      fc.property(anyText, (name) => {
        const header = contentDisposition('attachment', `${name}.xlsx`, 'export.xlsx');
        expect(header).toMatch(/^attachment; filename="[\x20-\x21\x23-\x7E]+"; filename\*=UTF-8''[A-Za-z0-9%._!~-]+$/);
        const decoded = decodeURIComponent(header.split("''")[1]);
        expect(decoded.endsWith('.xlsx')).toBe(true);
        // eslint-disable-next-line no-control-regex -- no control may reach the name
        expect(decoded).not.toMatch(/[\u0000-\u001F"\\/]/);
        expect(decoded.length).toBeLessThanOrEqual(125);
      }),
      { numRuns: 500 },
    );
  });
});
