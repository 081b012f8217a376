import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { canonicalJson } from './canonical-json.js';
import { jsonTextProblems, textProblem, truncateText } from './text.js';

describe('text at the edge', () => {
  it.each([
    ['plain 巴彦霍德嘎查', false, null],
    ['astral 𠀀 and 👨‍👩‍👧', false, null],
    ['bidi \u202e and zero-width \u200b\ufeff', false, null],
    ['lone high \ud800', false, 'lone-surrogate'],
    ['lone low \udfff', false, 'lone-surrogate'],
    ['reversed pair \udc00\ud800', false, 'lone-surrogate'],
    ['nul \u0000', true, 'nul'],
    ['bell \u0007', true, 'control'],
    ['escape \u001b[31m', true, 'control'],
    ['delete \u007f', true, 'control'],
    ['line\nbreak', false, 'control'],
    ['tab\there', false, 'control'],
    ['line\r\nbreak', true, null],
    ['tab\there', true, null],
  ])('%j (multiline %s) → %s', (value, multiline, expected) => {
    expect(textProblem(value, multiline)).toBe(expected);
  });

  it('names every bad field by its path; prose fields may span lines', () => {
    const body = {
      memo: 'two\nlines',
      voucherNo: 'A\n1',
      members: [{ name: 'ok' }, { name: 'x\ud800', relation: '子' }],
      '\udfffkey': 1,
    };
    expect(jsonTextProblems(body)).toEqual([
      'voucherNo: 不能含有控制字符（包括换行和制表符） / voucherNo must not contain control characters (line breaks and tabs included)',
      'members[1].name: 含有不完整的 Unicode 字符（孤立的代理项） / members[1].name is not well-formed Unicode (a lone surrogate)',
      '"\\udfffkey": 含有不完整的 Unicode 字符（孤立的代理项） / "\\udfffkey" is not well-formed Unicode (a lone surrogate)',
    ]);
  });

  it('truncation never cuts inside a character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), fc.integer({ min: 1, max: 70 }), (s, max) => {
        const cut = truncateText(s, max);
        expect(cut.length).toBeLessThanOrEqual(max);
        expect(cut.isWellFormed()).toBe(true);
        expect(s.startsWith(cut)).toBe(true);
      }),
    );
    expect(truncateText('x'.repeat(63) + '😀', 64)).toBe('x'.repeat(63));
    expect(truncateText('x'.repeat(62) + '😀', 64)).toBe('x'.repeat(62) + '😀');
  });

  it('any text hashes as UTF-8 storage gives it back (lone surrogates as U+FFFD), so chains verify', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        const stored = Buffer.from(s, 'utf8').toString('utf8');
        expect(canonicalJson({ memo: s, [s]: 1 })).toBe(canonicalJson({ memo: stored, [stored]: 1 }));
      }),
      { numRuns: 2000 },
    );
    expect(canonicalJson('a\udfffb')).toBe('"a\ufffdb"');
  });
});
